package dev.subsentinel.core.model;

import dev.subsentinel.core.net.Cidr;
import java.util.List;

/**
 * The network interface behind a licence server address (EC2 DescribeNetworkInterfaces by address): License Manager
 * puts the RD licence servers on interfaces in the identity provider's subnets, with a security group it creates for
 * them (LM-US user guide). The paths to and from the licence servers start and end here.
 *
 * @param networkInterfaceId {@code eni-...}
 * @param subnetId           its subnet
 * @param vpcId              its VPC
 * @param privateIp          its primary private IPv4 address
 * @param ipv6Addresses      its IPv6 addresses
 * @param groupIds           the security groups on it
 * @param status             {@code Status}: available, associated, attaching, in-use, detaching (may be null)
 */
public record LicenseServerInterface(String networkInterfaceId, String subnetId, String vpcId, String privateIp,
        List<String> ipv6Addresses, List<String> groupIds, String status) {

    public LicenseServerInterface {
        Fields.requiredText(networkInterfaceId, "networkInterfaceId");
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(privateIp, "privateIp");
        Fields.cidr(privateIp, "privateIp");
        ipv6Addresses = Fields.cidrs(ipv6Addresses, "ipv6Addresses");
        groupIds = Fields.list(groupIds, "groupIds");
    }

    /** Whether the interface holds this address (IPv4 or IPv6, however it is written). */
    public boolean holds(Cidr address) {
        if (address.equals(Cidr.parse(privateIp))) {
            return true;
        }
        return ipv6Addresses.stream().anyMatch(a -> address.equals(Cidr.parse(a)));
    }

    /** The interface as a source of traffic, for the path analyzer. */
    public NetworkInterface asSource() {
        return new NetworkInterface(networkInterfaceId, 0, subnetId, vpcId, privateIp, ipv6Addresses, null,
                groupIds);
    }
}
