package dev.subsentinel.core.net;

import java.util.List;
import java.util.Objects;

/**
 * The other side of a flow, as a security group rule sees it: its addresses, the groups attached to it and its VPC.
 *
 * @param label    how evidence names it, e.g. "10.0.3.17 (vpce-0b2)"
 * @param blocks   its address, or the blocks standing in for addresses we cannot know (a subnet, public space)
 * @param groupIds the security groups attached to it (empty for the internet)
 * @param vpcId    its VPC (null for the internet)
 */
public record Peer(String label, List<Cidr> blocks, List<String> groupIds, String vpcId) {

    public Peer {
        Objects.requireNonNull(label, "label");
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a peer needs at least one address block");
        }
        groupIds = List.copyOf(groupIds);
    }

    /** A peer with one address or block. */
    public Peer(String label, Cidr address, List<String> groupIds, String vpcId) {
        this(label, List.of(address), groupIds, vpcId);
    }

    /** Whether the peer is exactly one address. */
    public boolean host() {
        return blocks.size() == 1 && blocks.get(0).isHost();
    }

    /** The address space as evidence names it: the block, or "the public IPv4 space" for the internet. */
    public String space() {
        if (blocks.equals(Cidr.PUBLIC_IPV4)) {
            return "the public IPv4 space";
        }
        if (blocks.equals(Cidr.PUBLIC_IPV6)) {
            return "the public IPv6 space (2000::/3)";
        }
        return blocks.size() == 1 ? blocks.get(0).toString() : blocks.size() + " address blocks";
    }
}
