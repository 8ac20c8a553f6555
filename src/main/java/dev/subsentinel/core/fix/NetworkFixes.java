package dev.subsentinel.core.fix;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.net.Cause;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.Peer;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.report.FixAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the causes a path walk recorded ({@link Cause}) into the least permissive changes that remove them:
 * <ul>
 *   <li>a security group that does not admit the flow gets one rule for exactly its protocol and ports, to or from
 *       the other side's group when both are in one VPC (or peered VPCs), else its addresses; {@code 0.0.0.0/0} only
 *       for a public service, whose addresses nobody can list;</li>
 *   <li>an ACL that denies gets an allow entry for exactly the flow's protocol, ports and far address, at the highest
 *       free rule number below the entry that denied (entries are evaluated in ascending order and the first match
 *       decides, so the new entry takes effect and nothing the ACL decided before changes);</li>
 *   <li>a route table that does not carry the traffic to a peered VPC gets a route for the far subnet through the
 *       active peering connection.</li>
 * </ul>
 */
public final class NetworkFixes {

    /** The highest rule number an ACL entry may have (32767 and up are reserved: EC2 API reference). */
    static final int MAX_RULE_NUMBER = 32766;

    private NetworkFixes() {
    }

    /** The actions for the causes, in order, each once. */
    public static List<FixAction> plan(FleetIndex index, List<Cause> causes) {
        Set<FixAction> actions = new LinkedHashSet<>();
        Map<String, Set<Integer>> taken = new HashMap<>();
        Set<Cause> seen = new HashSet<>();
        Map<List<Object>, GroupRule> rules = new java.util.LinkedHashMap<>();
        for (Cause cause : causes) {
            if (!seen.add(cause)) {
                continue;
            }
            switch (cause) {
                case Cause.GroupGap gap -> {
                    GroupRule rule = group(index, gap);
                    if (rule != null) {
                        rules.computeIfAbsent(List.of(rule.direction(), rule.groupId(), rule.peer()), k -> rule)
                                .flows().add(new FixActions.Flow(gap.protocol(), gap.ports()));
                    }
                }
                case Cause.AclDeny deny -> actions.addAll(acl(deny, taken, actions));
                case Cause.MissingRoute route -> actions.add(FixActions.peeringRoute(route.table().routeTableId(),
                        route.destination(), route.peeringId(), route.existing() != null,
                        route.table().routeTableId() + " (" + route.subnetId() + ") gets a route for "
                                + FixActions.block(route.destination()) + " through " + route.peeringId()
                                + ", the active peering connection to that subnet's VPC; no other destination"
                                + " changes"));
            }
        }
        List<FixAction> groupActions = new ArrayList<>();
        for (GroupRule rule : rules.values()) {
            List<FixActions.Flow> flows = merged(rule.flows());
            String what = String.join(", ", flows.stream().map(f -> Protocol.name(f.protocol())
                    + (Protocol.hasPorts(f.protocol()) ? "/" + f.ports() : "")).toList());
            groupActions.add(FixActions.authorizeGroup(rule.direction(), rule.groupId(), flows, rule.peer(),
                    rule.groupId() + " " + rule.direction().sgWord() + " admits only " + what + " "
                            + rule.direction().preposition() + " " + rule.whom()));
        }
        groupActions.addAll(actions);
        Map<List<Object>, FixAction> once = new java.util.LinkedHashMap<>();
        for (FixAction action : groupActions) {
            once.putIfAbsent(List.of(action.operation(), action.parameters()), action);
        }
        return List.copyOf(once.values());
    }

    /** The rule a group needs: where, to whom, and the flows (filled by the caller). */
    private record GroupRule(Direction direction, String groupId, FixActions.RulePeer peer, String whom,
            List<FixActions.Flow> flows) {
    }

    private static GroupRule group(FleetIndex index, Cause.GroupGap gap) {
        if (gap.groupIds().isEmpty()) {
            return null;
        }
        String groupId = gap.groupIds().get(0);
        SecurityGroup group = index.securityGroup(groupId);
        Peer peer = gap.peer();
        FixActions.RulePeer rulePeer;
        String whom;
        if (!peer.groupIds().isEmpty() && group != null && peer.vpcId() != null
                && (peer.vpcId().equals(group.vpcId()) || index.activelyPeered(group.vpcId(), peer.vpcId()))) {
            rulePeer = new FixActions.RulePeer(peer.groupIds().get(0), null);
            whom = "group " + peer.groupIds().get(0) + ", the other side's group (no address range)";
        } else if (peer.vpcId() == null) {
            Cidr any = peer.blocks().get(0).ipv6() ? Cidr.ANY_IPV6 : Cidr.ANY_IPV4;
            rulePeer = new FixActions.RulePeer(null, List.of(any));
            whom = any + ": " + peer.label() + " is a public service whose addresses are not fixed";
        } else {
            rulePeer = new FixActions.RulePeer(null, peer.blocks());
            whom = String.join(", ", peer.blocks().stream().map(FixActions::block).toList()) + " (" + peer.label()
                    + ")";
        }
        return new GroupRule(gap.direction(), groupId, rulePeer, whom, new ArrayList<>());
    }

    /** The flows by protocol, each protocol's port ranges merged where they overlap or touch, in order. */
    static List<FixActions.Flow> merged(List<FixActions.Flow> flows) {
        Map<Integer, List<PortRange>> byProtocol = new java.util.TreeMap<>();
        for (FixActions.Flow flow : flows) {
            byProtocol.computeIfAbsent(flow.protocol(), k -> new ArrayList<>()).add(flow.ports());
        }
        List<FixActions.Flow> out = new ArrayList<>();
        byProtocol.forEach((protocol, ranges) -> {
            if (!Protocol.hasPorts(protocol)) {
                out.add(new FixActions.Flow(protocol, PortRange.ALL));
                return;
            }
            List<PortRange> sorted = ranges.stream().sorted(java.util.Comparator.comparingInt(PortRange::from))
                    .toList();
            PortRange current = sorted.get(0);
            for (PortRange next : sorted.subList(1, sorted.size())) {
                if (next.from() <= current.to() + 1) {
                    current = new PortRange(current.from(), Math.max(current.to(), next.to()));
                } else {
                    out.add(new FixActions.Flow(protocol, current));
                    current = next;
                }
            }
            out.add(new FixActions.Flow(protocol, current));
        });
        return out;
    }

    private static List<FixAction> acl(Cause.AclDeny deny, Map<String, Set<Integer>> taken, Set<FixAction> planned) {
        boolean egress = deny.direction() == Direction.EGRESS;
        Set<Integer> used = taken.computeIfAbsent(deny.acl().networkAclId() + (egress ? "/egress" : "/ingress"),
                key -> {
                    Set<Integer> numbers = new HashSet<>();
                    for (NaclEntry entry : deny.acl().entries()) {
                        if (entry.egress() == egress) {
                            numbers.add(entry.ruleNumber());
                        }
                    }
                    return numbers;
                });
        List<Cidr> blocks = deny.remote().equals(Cidr.PUBLIC_IPV4) ? List.of(Cidr.ANY_IPV4)
                : deny.remote().equals(Cidr.PUBLIC_IPV6) ? List.of(Cidr.ANY_IPV6) : deny.remote();
        int below = deny.deniedBy() == null ? MAX_RULE_NUMBER + 1 : deny.deniedBy().ruleNumber();
        String matched = deny.deniedBy() == null || "*".equals(deny.deniedBy().label())
                ? "the final * deny (no entry matched)" : "entry " + deny.deniedBy().label() + " ("
                        + deny.deniedBy().action() + " " + deny.deniedBy().cidr() + ") that denied it";
        String flow = Protocol.name(deny.protocol()) + (Protocol.hasPorts(deny.protocol()) ? "/" + deny.ports() : "");
        List<FixAction> actions = new ArrayList<>();
        for (Cidr block : blocks) {
            if (planned.stream().anyMatch(a -> sameEntry(a, deny, block))) {
                continue;
            }
            int number = Math.min(below - 1, MAX_RULE_NUMBER);
            while (number >= 1 && used.contains(number)) {
                number--;
            }
            if (number < 1) {
                continue;
            }
            used.add(number);
            String why = deny.acl().networkAclId() + " (" + deny.subnetId() + ") " + deny.direction().aclWord()
                    + " allows only " + flow + " " + deny.direction().preposition() + " " + FixActions.block(block)
                    + ", as rule " + number + ", just before " + matched;
            actions.add(FixActions.createAclEntry(deny.acl().networkAclId(), number, deny.protocol(),
                    deny.direction(), block, deny.ports(), why));
        }
        return actions;
    }

    /** Whether an action already planned adds the same entry (another path crosses the same ACL the same way). */
    private static boolean sameEntry(FixAction action, Cause.AclDeny deny, Cidr block) {
        Map<String, Object> p = action.parameters();
        return "ec2:CreateNetworkAclEntry".equals(action.operation())
                && deny.acl().networkAclId().equals(p.get("NetworkAclId"))
                && Boolean.valueOf(deny.direction() == Direction.EGRESS).equals(p.get("Egress"))
                && Integer.toString(deny.protocol()).equals(p.get("Protocol"))
                && FixActions.block(block).equals(p.getOrDefault("CidrBlock", p.get("Ipv6CidrBlock")))
                && (!Protocol.hasPorts(deny.protocol()) || Map.of("From", deny.ports().from(), "To",
                        deny.ports().to()).equals(p.get("PortRange")));
    }
}
