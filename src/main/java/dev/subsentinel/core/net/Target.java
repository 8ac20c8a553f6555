package dev.subsentinel.core.net;

import java.util.List;
import java.util.Objects;

/**
 * Where an instance wants to connect: one address of an interface in a VPC, a range standing in for addresses we
 * cannot know (a subnet's CIDR), or the internet.
 *
 * @param label    how evidence names it, e.g. "10.0.3.17 (vpce-0b2)"
 * @param address  its address or range
 * @param groupIds the security groups on the target's interface (empty for the internet)
 * @param vpcId    its VPC, or null for the internet
 * @param subnetId its subnet, or null for the internet
 */
public record Target(String label, Cidr address, List<String> groupIds, String vpcId, String subnetId) {

    public Target {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(address, "address");
        groupIds = List.copyOf(groupIds);
    }

    /**
     * A public service on the internet: any public IPv4 address (we cannot know which). Routing looks it up as
     * 0.0.0.0/0, rules must admit the public address space.
     */
    public static Target internet(String label) {
        return new Target(label, Cidr.ANY_IPV4, List.of(), null, null);
    }

    /**
     * A public service reached over IPv6: any global unicast address. Routing looks it up as ::/0, rules must admit
     * 2000::/3.
     */
    public static Target internetIpv6(String label) {
        return new Target(label, Cidr.ANY_IPV6, List.of(), null, null);
    }

    /** Whether the target is addressed over IPv6. */
    public boolean ipv6() {
        return address.ipv6();
    }

    /** Whether the target is on the internet rather than in a VPC. */
    public boolean onInternet() {
        return vpcId == null;
    }

    /**
     * The addresses the target may have: its address or range, or the public space of its family for a public
     * service (a regional AWS endpoint never has a private address).
     */
    public List<Cidr> blocks() {
        if (!onInternet()) {
            return List.of(address);
        }
        return address.ipv6() ? Cidr.PUBLIC_IPV6 : Cidr.PUBLIC_IPV4;
    }

    /** How a security group rule sees it. */
    public Peer asPeer() {
        return new Peer(label, blocks(), groupIds, vpcId);
    }
}
