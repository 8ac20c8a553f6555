package dev.subsentinel.core.model;

import java.util.List;

/**
 * A subnet.
 *
 * @param subnetId         {@code subnet-...}
 * @param vpcId            its VPC
 * @param cidrBlock        its IPv4 CIDR (may be null for an IPv6-only subnet)
 * @param ipv6CidrBlocks   its IPv6 CIDRs
 * @param availabilityZone its zone (may be null)
 */
public record Subnet(String subnetId, String vpcId, String cidrBlock, List<String> ipv6CidrBlocks,
        String availabilityZone) {

    public Subnet {
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.cidr(cidrBlock, "cidrBlock");
        ipv6CidrBlocks = Fields.cidrs(ipv6CidrBlocks, "ipv6CidrBlocks");
    }
}
