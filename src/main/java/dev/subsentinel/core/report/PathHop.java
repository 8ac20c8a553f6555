package dev.subsentinel.core.report;

import java.util.Objects;

/**
 * One thing on a network path that the packets pass (an interface, a security group, a network ACL, a route table, a
 * peering connection or gateway, the target), what it decided for the flow, and the sentence that says why.
 *
 * @param kind       what it is
 * @param resourceId its AWS id (e.g. {@code sg-0123}, {@code acl-0123}, {@code rtb-0123}), or the target's label
 * @param outcome    what it decided
 * @param detail     the evidence: the rule, entry or route that decided, one sentence
 * @param direction  for a security group or ACL hop: {@code egress} or {@code ingress} (as the API's {@code Egress}
 *                   flag says), else null
 * @param ruleNumber for an ACL hop that blocks: the number of the entry that denied (null: no entry matched, the
 *                   final {@code *} deny), else null
 * @param destination for a route-table hop: the destination block looked up; for a security group or ACL hop: the
 *                   far side's addresses (comma separated); else null
 */
public record PathHop(Kind kind, String resourceId, Outcome outcome, String detail, String direction,
        Integer ruleNumber, String destination) {

    public PathHop {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : CheckResult.printable(detail);
    }

    /** A hop without direction, rule number or destination. */
    public PathHop(Kind kind, String resourceId, Outcome outcome, String detail) {
        this(kind, resourceId, outcome, detail, null, null, null);
    }

    /** What a hop is. */
    public enum Kind {
        /** The network interface the traffic leaves from. */
        INTERFACE,
        /** The security groups of the source (egress) or of the target (ingress). */
        SECURITY_GROUP,
        /** A subnet's network ACL at a boundary the packets cross. */
        NETWORK_ACL,
        /** The route table of the source's subnet (or the route back). */
        ROUTE_TABLE,
        /** A VPC peering connection. */
        PEERING,
        /** An internet, egress-only, NAT or transit gateway. */
        GATEWAY,
        /** What the traffic is for: an endpoint, a domain controller, a licence server, a public service. */
        TARGET
    }

    /** What a hop decided. */
    public enum Outcome {
        /** It lets the flow through. */
        PASSES,
        /** It cannot be proved either way (a part of a range, a path beyond what the snapshot shows). */
        UNVERIFIED,
        /** A fact it depends on is missing. */
        UNKNOWN,
        /** It drops the flow. */
        BLOCKS
    }
}
