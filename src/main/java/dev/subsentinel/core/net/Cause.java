package dev.subsentinel.core.net;

import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.RouteTable;
import java.util.List;
import java.util.Objects;

/**
 * Why a part of a path does not admit a flow, in the terms a change needs (which group and direction, which ACL
 * entry denied, which route table lacks which destination). Evaluators record it next to their evidence so a fix plan
 * ({@code core.fix}) names the exact change without evaluating again.
 */
public sealed interface Cause {

    /**
     * The rules of the groups do not admit all of the flow.
     *
     * @param groupIds  the groups whose rules were evaluated (those of the interface)
     * @param direction EGRESS on the side that opens the connection, INGRESS on the side that accepts it
     * @param protocol  the flow's protocol number
     * @param ports     the flow's destination ports
     * @param peer      the other side: its addresses, groups and VPC
     */
    record GroupGap(List<String> groupIds, Direction direction, int protocol, PortRange ports, Peer peer)
            implements Cause {

        public GroupGap {
            groupIds = List.copyOf(groupIds);
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(ports, "ports");
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * An ACL denies (part of) the flow.
     *
     * @param acl       the ACL, with every entry (to find a free rule number)
     * @param subnetId  the subnet it was evaluated for
     * @param direction INGRESS for packets entering the subnet, EGRESS for packets leaving it
     * @param protocol  the packets' protocol number
     * @param ports     the packets' destination ports
     * @param remote    the far side's blocks
     * @param deniedBy  the entry that denied first, or null when no entry matched (the final deny)
     */
    record AclDeny(NetworkAcl acl, String subnetId, Direction direction, int protocol, PortRange ports,
            List<Cidr> remote, NaclEntry deniedBy) implements Cause {

        public AclDeny {
            Objects.requireNonNull(acl, "acl");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(ports, "ports");
            remote = List.copyOf(remote);
        }
    }

    /**
     * A route table sends a private destination nowhere, into a blackhole or elsewhere, while an active peering
     * connection joins the two VPCs.
     *
     * @param table       the route table
     * @param subnetId    the subnet it serves
     * @param destination the block to route (the far subnet)
     * @param existing    the destination of the route that now matches it with the same block, or null (a new route is
     *                    created; an existing one with the same destination is replaced)
     * @param peeringId   the active peering connection that joins the VPCs
     */
    record MissingRoute(RouteTable table, String subnetId, Cidr destination, String existing, String peeringId)
            implements Cause {

        public MissingRoute {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(peeringId, "peeringId");
        }
    }
}
