package dev.subsentinel.core.model;

import java.util.List;

/**
 * A VPC with its CIDR blocks and DNS attributes.
 *
 * @param vpcId              {@code vpc-...}
 * @param cidrBlocks         its associated IPv4 CIDR blocks
 * @param ipv6CidrBlocks     its associated IPv6 CIDR blocks
 * @param enableDnsSupport   the attribute, or null when it could not be read (see the snapshot's unknown facts)
 * @param enableDnsHostnames the attribute, or null when it could not be read
 * @param dhcpOptionsId      its DHCP options set (may be null)
 */
public record Vpc(String vpcId, List<String> cidrBlocks, List<String> ipv6CidrBlocks, Boolean enableDnsSupport,
        Boolean enableDnsHostnames, String dhcpOptionsId) {

    public Vpc {
        Fields.requiredText(vpcId, "vpcId");
        cidrBlocks = Fields.cidrs(cidrBlocks, "cidrBlocks");
        ipv6CidrBlocks = Fields.cidrs(ipv6CidrBlocks, "ipv6CidrBlocks");
    }
}
