package dev.subsentinel.core.model;

/**
 * One security-group rule with exactly one peer: an IPv4 or IPv6 CIDR, a managed prefix list or a group.
 * DescribeSecurityGroups returns permissions with several peers each; the collector flattens them.
 *
 * @param protocol      {@code -1} (all), {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a protocol number
 * @param fromPort      first port (or ICMP type); null or -1 means all
 * @param toPort        last port (or ICMP code); null or -1 means all
 * @param cidr          an IPv4 or IPv6 CIDR, or null
 * @param prefixListId  a managed prefix list ({@code pl-...}), or null
 * @param group         a referenced security group, or null
 * @param description   the rule's description (may be null)
 */
public record SgRule(String protocol, Integer fromPort, Integer toPort, String cidr, String prefixListId,
        GroupRef group, String description) {

    public SgRule {
        Fields.protocol(protocol, "protocol");
        Fields.range(fromPort, "fromPort", -1, 65535);
        Fields.range(toPort, "toPort", -1, 65535);
        Fields.cidr(cidr, "cidr");
        int peers = (cidr != null ? 1 : 0) + (prefixListId != null ? 1 : 0) + (group != null ? 1 : 0);
        if (peers != 1) {
            throw new IllegalArgumentException("exactly one of cidr, prefixListId, group must be set");
        }
    }

    /** A rule to or from a CIDR. */
    public static SgRule cidr(String protocol, Integer fromPort, Integer toPort, String cidr) {
        return new SgRule(protocol, fromPort, toPort, cidr, null, null, null);
    }

    /** A rule to or from a managed prefix list. */
    public static SgRule prefixList(String protocol, Integer fromPort, Integer toPort, String prefixListId) {
        return new SgRule(protocol, fromPort, toPort, null, prefixListId, null, null);
    }

    /** A rule to or from a security group of the same VPC. */
    public static SgRule group(String protocol, Integer fromPort, Integer toPort, String groupId) {
        return new SgRule(protocol, fromPort, toPort, null, null, new GroupRef(groupId, null, null, null, null),
                null);
    }

    /** The peer as people write it: a CIDR, a prefix-list id or a group id. */
    public String peer() {
        if (cidr != null) {
            return cidr;
        }
        return prefixListId != null ? prefixListId : group.groupId();
    }
}
