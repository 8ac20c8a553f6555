package dev.subsentinel.core.model;

import java.util.List;

/**
 * An elastic network interface attached to an instance.
 *
 * @param networkInterfaceId {@code eni-...}
 * @param deviceIndex        0 for the primary interface
 * @param subnetId           its subnet
 * @param vpcId              its VPC
 * @param privateIp          its primary private IPv4 address
 * @param ipv6Addresses      its IPv6 addresses
 * @param publicIp           its public IPv4 address (or Elastic IP), null when it has none
 * @param groupIds           the security groups attached to it
 */
public record NetworkInterface(
        String networkInterfaceId,
        Integer deviceIndex,
        String subnetId,
        String vpcId,
        String privateIp,
        List<String> ipv6Addresses,
        String publicIp,
        List<String> groupIds) {

    public NetworkInterface {
        Fields.requiredText(networkInterfaceId, "networkInterfaceId");
        Fields.required(deviceIndex, "deviceIndex");
        Fields.range(deviceIndex, "deviceIndex", 0, 1024);
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(privateIp, "privateIp");
        Fields.cidr(privateIp, "privateIp");
        ipv6Addresses = Fields.cidrs(ipv6Addresses, "ipv6Addresses");
        Fields.cidr(publicIp, "publicIp");
        groupIds = Fields.list(groupIds, "groupIds");
    }
}
