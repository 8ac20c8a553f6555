package dev.subsentinel.core.model;

import java.util.List;

/**
 * A network interface of an interface VPC endpoint.
 *
 * @param networkInterfaceId {@code eni-...}
 * @param subnetId           its subnet
 * @param privateIp          its private IPv4 address
 * @param ipv6Addresses      its IPv6 addresses (an endpoint of IpAddressType dualstack or ipv6 has them)
 */
public record EndpointInterface(String networkInterfaceId, String subnetId, String privateIp,
        List<String> ipv6Addresses) {

    public EndpointInterface {
        Fields.requiredText(networkInterfaceId, "networkInterfaceId");
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(privateIp, "privateIp");
        Fields.cidr(privateIp, "privateIp");
        ipv6Addresses = Fields.cidrs(ipv6Addresses, "ipv6Addresses");
    }

    /** An interface with an IPv4 address only (as snapshots before IPv6 was collected record it). */
    public EndpointInterface(String networkInterfaceId, String subnetId, String privateIp) {
        this(networkInterfaceId, subnetId, privateIp, List.of());
    }
}
