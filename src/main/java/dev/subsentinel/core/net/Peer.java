package dev.subsentinel.core.net;

import java.util.List;
import java.util.Objects;

/**
 * The other side of a flow, as a security group rule sees it: its addresses, the groups attached to it and its VPC.
 *
 * @param label    how evidence names it, e.g. "10.0.3.17 (vpce-0b2)"
 * @param address  its address, or a range standing in for addresses we cannot know
 * @param groupIds the security groups attached to it (empty for the internet)
 * @param vpcId    its VPC (null for the internet)
 */
public record Peer(String label, Cidr address, List<String> groupIds, String vpcId) {

    public Peer {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(address, "address");
        groupIds = List.copyOf(groupIds);
    }
}
