package dev.subsentinel.core.net;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.GroupRef;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.report.PathHop;
import java.util.ArrayList;
import java.util.List;

/**
 * Security-group semantics: a flow is allowed when the union of the rules of every attached group admits it.
 * Groups are stateful, so only the direction that opens the connection is evaluated.
 *
 * <p>Exact on: protocol {@code -1} and numbers, port ranges ({@code -1} and null mean all; only TCP and UDP rules
 * carry ports), IPv4 and IPv6 CIDR containment (a rule must contain every address of the peer), managed prefix
 * lists, and referenced groups (which match when the peer carries the group and sits in the same VPC or one joined
 * by an active peering connection).
 */
public final class SecurityGroupEvaluator {

    private final FleetIndex index;

    /** An evaluator over one snapshot. */
    public SecurityGroupEvaluator(FleetIndex index) {
        this.index = index;
    }

    /**
     * Whether the groups admit the flow.
     *
     * @param groupIds  the groups attached to the interface whose rules apply
     * @param direction EGRESS for the side that opens the connection, INGRESS for the side that accepts it
     * @param protocol  the flow's protocol number
     * @param port      the flow's destination port
     * @param peer      the other side
     */
    public Decision evaluate(List<String> groupIds, Direction direction, int protocol, int port, Peer peer) {
        return evaluate(groupIds, direction, protocol, PortRange.of(port), peer);
    }

    /**
     * Whether the groups admit the flow to every port of a range. The flow is a set of (address, port) pairs: each
     * rule admits the part of it that its peer and its ports cover, so a rule that covers only part of the range
     * is handled exactly, and the whole range is evaluated at once, not port by port.
     *
     * @param ports the flow's destination ports
     */
    public Decision evaluate(List<String> groupIds, Direction direction, int protocol, PortRange ports, Peer peer) {
        Decision decided = evaluateRules(groupIds, direction, protocol, ports, peer);
        String drawnGroups = groupIds.isEmpty() ? "none" : String.join(", ", groupIds);
        PathHop hop = new PathHop(PathHop.Kind.SECURITY_GROUP, drawnGroups,
                Decision.outcome(decided.reach()), String.join("; ", decided.evidence()), direction.sgWord(), null,
                peer.blocks().stream().map(Cidr::toString).collect(java.util.stream.Collectors.joining(", ")));
        Decision drawn = new Decision(decided.reach(), decided.evidence(), List.of(hop), List.of(), List.of());
        return decided.reach() == Reach.UNKNOWN ? drawn
                : drawn.because(new Cause.GroupGap(groupIds, direction, protocol, ports, peer));
    }

    private Decision evaluateRules(List<String> groupIds, Direction direction, int protocol, PortRange ports,
            Peer peer) {
        String flow = Protocol.name(protocol) + "/" + ports;
        if (groupIds.isEmpty()) {
            return Decision.of(Reach.BLOCKED, "no security group is attached, so nothing allows " + flow);
        }
        List<Box> remaining = new ArrayList<>();
        peer.blocks().forEach(block -> remaining.add(new Box(block, ports)));
        List<String> allowing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String groupId : groupIds) {
            SecurityGroup group = index.securityGroup(groupId);
            if (group == null) {
                String reason = index.unknown(FactKind.SECURITY_GROUPS, groupId);
                unknown.add(groupId + " could not be read: "
                        + (reason != null ? reason : "it is not in the snapshot"));
                continue;
            }
            List<SgRule> rules = direction == Direction.EGRESS ? group.egress() : group.ingress();
            for (SgRule rule : rules) {
                if (remaining.isEmpty()) {
                    break;
                }
                PortRange admitted = admittedPorts(rule, protocol, ports);
                if (admitted == null) {
                    continue;
                }
                boolean removed = applyRule(group, rule, admitted, peer, remaining, unknown, notes);
                if (removed) {
                    allowing.add(describe(group, rule, direction));
                }
            }
        }
        String groupList = String.join(", ", groupIds);
        if (remaining.isEmpty()) {
            return new Decision(Reach.OPEN, allowing.stream()
                    .map(rule -> rule + " allows " + flow + " " + direction.preposition() + " " + peer.label())
                    .toList());
        }
        List<String> evidence = new ArrayList<>();
        Reach reach;
        if (!unknown.isEmpty()) {
            reach = Reach.UNKNOWN;
            evidence.addAll(unknown);
        } else if (allowing.isEmpty()) {
            reach = Reach.BLOCKED;
            evidence.add(groupList + " " + direction.sgWord() + ": no rule allows " + flow + " "
                    + direction.preposition() + " " + peer.label());
        } else {
            reach = Reach.UNVERIFIED;
            String part = ports.from() == ports.to() ? "only part of " + peer.space()
                    : "only part of " + peer.space() + " ports " + ports;
            evidence.add(groupList + " " + direction.sgWord() + " allows " + flow + " " + direction.preposition()
                    + " " + part + " (" + String.join("; ", allowing) + "); not allowed: "
                    + summarise(remaining, ports.from() != ports.to()) + ", so " + peer.label()
                    + " may be unreachable");
        }
        evidence.addAll(notes);
        return new Decision(reach, evidence);
    }

    /** Whether a rule's protocol and ports admit the flow (whatever its peer). */
    public static boolean admitsFlow(SgRule rule, int protocol, int port) {
        return admittedPorts(rule, protocol, PortRange.of(port)) != null;
    }

    /** The ports of {@code ports} that a rule's protocol and ports admit (whatever its peer), or null. */
    public static PortRange admittedPorts(SgRule rule, int protocol, PortRange ports) {
        int ruleProtocol = Protocol.parse(rule.protocol());
        if (!Protocol.matches(ruleProtocol, protocol)) {
            return null;
        }
        return Protocol.hasPorts(ruleProtocol) ? PortRange.fromRule(rule.fromPort(), rule.toPort()).intersection(ports)
                : ports;
    }

    /** Removes what the rule admits from {@code remaining}; returns whether it admitted anything. */
    private boolean applyRule(SecurityGroup group, SgRule rule, PortRange admitted, Peer peer, List<Box> remaining,
            List<String> unknown, List<String> notes) {
        if (rule.cidr() != null) {
            return subtract(remaining, index.cidr(rule.cidr()), admitted);
        }
        if (rule.prefixListId() != null) {
            PrefixList list = index.prefixList(rule.prefixListId());
            if (list == null) {
                String reason = index.unknown(FactKind.PREFIX_LISTS, rule.prefixListId());
                unknown.add("prefix list " + rule.prefixListId() + " used by " + group.groupId()
                        + " could not be read: " + (reason != null ? reason : "it is not in the snapshot"));
                return false;
            }
            boolean removed = false;
            for (String cidr : list.cidrs()) {
                removed |= subtract(remaining, index.cidr(cidr), admitted);
            }
            return removed;
        }
        GroupRef ref = rule.group();
        if (!peer.groupIds().contains(ref.groupId())) {
            return false;
        }
        if (!groupReferenceReaches(group, ref, peer)) {
            notes.add(describe(group, rule, null) + " references " + ref.groupId() + " in " + peer.vpcId()
                    + ", but no active peering connection joins " + group.vpcId() + " and " + peer.vpcId()
                    + " (the rule is stale)");
            return false;
        }
        boolean removed = false;
        for (Cidr block : peer.blocks()) {
            removed |= subtract(remaining, block, admitted);
        }
        return removed;
    }

    private boolean groupReferenceReaches(SecurityGroup group, GroupRef ref, Peer peer) {
        if (peer.vpcId() == null || group.vpcId() == null || group.vpcId().equals(peer.vpcId())) {
            return true;
        }
        if (ref.peeringConnectionId() != null) {
            var peering = index.peering(ref.peeringConnectionId());
            if (peering != null) {
                return peering.active() && peer.vpcId().equals(peering.otherSide(group.vpcId()));
            }
        }
        return index.activelyPeered(group.vpcId(), peer.vpcId());
    }

    /** Part of a flow: addresses times ports. */
    private record Box(Cidr cidr, PortRange ports) {
    }

    private static boolean subtract(List<Box> remaining, Cidr allowed, PortRange ports) {
        boolean removed = false;
        List<Box> next = new ArrayList<>(remaining.size());
        for (Box box : remaining) {
            PortRange common = box.ports().intersection(ports);
            if (common == null || !box.cidr().overlaps(allowed)) {
                next.add(box);
                continue;
            }
            removed = true;
            for (Cidr rest : box.cidr().minus(allowed)) {
                next.add(new Box(rest, box.ports()));
            }
            Cidr inside = box.cidr().intersection(allowed);
            for (PortRange rest : box.ports().minus(common)) {
                next.add(new Box(inside, rest));
            }
        }
        remaining.clear();
        remaining.addAll(next);
        return removed;
    }

    private static String summarise(List<Box> boxes, boolean withPorts) {
        List<String> shown = boxes.stream().limit(4)
                .map(b -> withPorts ? b.cidr() + " ports " + b.ports() : b.cidr().toString())
                .distinct()
                .toList();
        return String.join(", ", shown) + (boxes.size() > 4 ? " and " + (boxes.size() - 4) + " more" : "");
    }

    /** "sg-1 egress rule tcp/443 to 10.0.0.0/16" (without direction when it is null). */
    public static String describe(SecurityGroup group, SgRule rule, Direction direction) {
        int protocol = Protocol.parse(rule.protocol());
        String what;
        if (protocol == Protocol.ALL) {
            what = "all traffic";
        } else if (Protocol.hasPorts(protocol)) {
            what = Protocol.name(protocol) + "/" + PortRange.fromRule(rule.fromPort(), rule.toPort());
        } else {
            what = Protocol.name(protocol);
        }
        String side = direction == null ? "" : " " + direction.sgWord();
        String preposition = direction == null ? "with" : direction.preposition();
        return group.groupId() + side + " rule " + what + " " + preposition + " " + rule.peer();
    }
}
