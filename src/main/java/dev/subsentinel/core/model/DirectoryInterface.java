package dev.subsentinel.core.model;

import java.util.List;

/**
 * A network interface License Manager created for a registered directory (EC2 DescribeNetworkInterfaces), found by
 * its description ({@code AWS created network interface for LicenseManager <directory id>}, docs/aws-facts.md).
 *
 * @param networkInterfaceId {@code eni-...}
 * @param directoryId        the directory its description names
 * @param description        its description as EC2 returns it
 * @param status             {@code Status}: available, associated, attaching, in-use, detaching
 * @param interfaceType      {@code InterfaceType} (may be null)
 * @param requesterId        {@code RequesterId} (may be null)
 * @param subnetId           its subnet
 * @param vpcId              its VPC
 * @param privateIp          its primary private IPv4 address
 * @param groupIds           the security groups on it (the VPC's default group, as License Manager creates it)
 * @param ipv6Addresses      its IPv6 addresses (in a subnet with an IPv6 CIDR)
 */
public record DirectoryInterface(String networkInterfaceId, String directoryId, String description, String status,
        String interfaceType, String requesterId, String subnetId, String vpcId, String privateIp,
        List<String> groupIds, List<String> ipv6Addresses) {

    public DirectoryInterface {
        Fields.requiredText(networkInterfaceId, "networkInterfaceId");
        Fields.requiredText(directoryId, "directoryId");
        Fields.requiredText(status, "status");
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(privateIp, "privateIp");
        Fields.cidr(privateIp, "privateIp");
        groupIds = Fields.list(groupIds, "groupIds");
        ipv6Addresses = Fields.cidrs(ipv6Addresses, "ipv6Addresses");
    }

    /** An interface without IPv6 addresses (as snapshots before IPv6 was collected record it). */
    public DirectoryInterface(String networkInterfaceId, String directoryId, String description, String status,
            String interfaceType, String requesterId, String subnetId, String vpcId, String privateIp,
            List<String> groupIds) {
        this(networkInterfaceId, directoryId, description, status, interfaceType, requesterId, subnetId, vpcId,
                privateIp, groupIds, List.of());
    }

    /** Whether the interface is in a state License Manager leaves it in: {@code in-use} or {@code available}. */
    public boolean asCreated() {
        return "in-use".equalsIgnoreCase(status) || "available".equalsIgnoreCase(status);
    }

    /** The interface as a source of traffic, for the path analyzer. */
    public NetworkInterface asSource() {
        return new NetworkInterface(networkInterfaceId, 0, subnetId, vpcId, privateIp, ipv6Addresses, null, groupIds);
    }
}
