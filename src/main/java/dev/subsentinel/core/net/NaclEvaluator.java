package dev.subsentinel.core.net;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.report.PathHop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Network ACL semantics: entries in rule-number order, the first entry that matches a packet decides, anything no
 * entry matches is denied. ACLs are stateless, so callers evaluate the reply direction too.
 *
 * <p>The flow is a set of packets: every address of the remote block times every port of the range. Each entry
 * decides the part of that set it matches and leaves the rest to later entries, so an entry that covers only part of
 * a range is handled exactly.
 */
public final class NaclEvaluator {

    private record Box(Cidr cidr, PortRange ports) {
    }

    private record Part(Box box, NaclEntry entry) {
    }

    /** An entry with its protocol, ports and block parsed once. */
    private record Prepared(NaclEntry entry, int protocol, PortRange ports, Cidr cidr) {
    }

    /** One direction of an ACL (ACL ids are unique in a snapshot). */
    private record Key(String aclId, boolean egress) {
    }

    private final FleetIndex index;
    /** Every path through a subnet evaluates its ACL again: its entries are sorted and parsed once per snapshot. */
    private final Map<Key, List<Prepared>> prepared = new ConcurrentHashMap<>();

    /** An evaluator over one snapshot (for its parsed CIDRs). */
    public NaclEvaluator(FleetIndex index) {
        this.index = index;
    }

    /**
     * Whether the ACL admits the packets.
     *
     * @param acl       the ACL
     * @param subnetId  the subnet it is evaluated for (for evidence)
     * @param direction INGRESS for packets entering the subnet, EGRESS for packets leaving it
     * @param protocol  the packets' protocol
     * @param remote    the address on the far side (destination when leaving, source when entering)
     * @param ports     the destination ports of the packets
     * @param what      what the packets are, e.g. "tcp/1688 to 10.0.3.17 (vpce-0b2)"
     */
    public Decision evaluate(NetworkAcl acl, String subnetId, Direction direction, int protocol, Cidr remote,
            PortRange ports, String what) {
        return evaluate(acl, subnetId, direction, protocol, List.of(remote), ports, what);
    }

    /**
     * Whether the ACL admits the packets to or from every block of {@code remote} (the public IPv4 space for a
     * public service). A part of a range that is denied makes the answer UNVERIFIED, unless every block loses some of
     * its ports, which blocks every address.
     */
    public Decision evaluate(NetworkAcl acl, String subnetId, Direction direction, int protocol, List<Cidr> remote,
            PortRange ports, String what) {
        Verdict verdict = decide(acl, subnetId, direction, protocol, remote, ports, what);
        Decision decided = verdict.decision();
        PathHop hop = new PathHop(PathHop.Kind.NETWORK_ACL, acl.networkAclId(), Decision.outcome(decided.reach()),
                String.join("; ", decided.evidence()), direction.sgWord(),
                decided.open() || verdict.deniedBy() == null ? null : verdict.deniedBy().ruleNumber(),
                remote.stream().map(Cidr::toString).collect(java.util.stream.Collectors.joining(", ")));
        return new Decision(decided.reach(), decided.evidence(), List.of(hop), List.of(), List.of())
                .because(new Cause.AclDeny(acl, subnetId, direction, protocol, ports, remote, verdict.deniedBy()));
    }

    /** What an ACL decided, and the entry that denied first (null: none matched, or nothing was denied). */
    private record Verdict(Decision decision, NaclEntry deniedBy) {
    }

    private Verdict decide(NetworkAcl acl, String subnetId, Direction direction, int protocol, List<Cidr> remote,
            PortRange ports, String what) {
        String name = acl.networkAclId() + " (" + subnetId + ") " + direction.aclWord();
        boolean egress = direction == Direction.EGRESS;
        List<Prepared> entries = prepared.computeIfAbsent(new Key(acl.networkAclId(), egress),
                key -> prepare(acl, egress));
        List<Box> undecided = new ArrayList<>(remote.size());
        for (Cidr block : remote) {
            undecided.add(new Box(block, ports));
        }
        List<Part> allowed = new ArrayList<>();
        List<Part> denied = new ArrayList<>();
        for (Prepared candidate : entries) {
            if (undecided.isEmpty()) {
                break;
            }
            if (!Protocol.matches(candidate.protocol(), protocol)) {
                continue;
            }
            NaclEntry entry = candidate.entry();
            PortRange entryPorts = candidate.ports();
            Cidr entryCidr = candidate.cidr();
            List<Box> next = new ArrayList<>();
            for (Box box : undecided) {
                Cidr commonCidr = box.cidr().intersection(entryCidr);
                PortRange commonPorts = box.ports().intersection(entryPorts);
                if (commonCidr == null || commonPorts == null) {
                    next.add(box);
                    continue;
                }
                Part part = new Part(new Box(commonCidr, commonPorts), entry);
                (entry.allows() ? allowed : denied).add(part);
                for (Cidr rest : box.cidr().minus(commonCidr)) {
                    next.add(new Box(rest, box.ports()));
                }
                for (PortRange rest : box.ports().minus(commonPorts)) {
                    next.add(new Box(commonCidr, rest));
                }
            }
            undecided = next;
        }
        if (!undecided.isEmpty()) {
            for (Box box : undecided) {
                denied.add(new Part(box, null));
            }
        }
        if (denied.isEmpty()) {
            List<String> evidence = allowed.stream()
                    .map(Part::entry)
                    .distinct()
                    .map(e -> name + " rule " + e.label() + " allows " + what)
                    .toList();
            return new Verdict(new Decision(Reach.OPEN, evidence), null);
        }
        Part first = denied.stream()
                .min(Comparator.comparingInt(p -> p.entry() == null ? Integer.MAX_VALUE : p.entry().ruleNumber()))
                .orElseThrow();
        String rule = first.entry() == null ? "no rule matches, so it is denied" : "rule " + first.entry().label()
                + " (" + first.entry().action() + " " + first.entry().cidr() + " "
                + portsOf(first.entry()) + ") denies";
        if (allowed.isEmpty()) {
            return new Verdict(Decision.of(Reach.BLOCKED, name + " " + rule + " " + what), first.entry());
        }
        boolean wholeRemote = remote.stream()
                .allMatch(block -> denied.stream().anyMatch(p -> p.box().cidr().contains(block)));
        String detail = name + " " + rule + " part of " + what + ": " + describeParts(denied);
        return new Verdict(Decision.of(wholeRemote ? Reach.BLOCKED : Reach.UNVERIFIED, detail), first.entry());
    }

    private List<Prepared> prepare(NetworkAcl acl, boolean egress) {
        return acl.entries().stream()
                .filter(e -> e.egress() == egress)
                .sorted(Comparator.comparingInt(NaclEntry::ruleNumber))
                .map(e -> {
                    int entryProtocol = Protocol.parse(e.protocol());
                    return new Prepared(e, entryProtocol, Protocol.hasPorts(entryProtocol)
                            ? PortRange.fromRule(e.portFrom(), e.portTo()) : PortRange.ALL, index.cidr(e.cidr()));
                })
                .toList();
    }

    private static String portsOf(NaclEntry entry) {
        int protocol = Protocol.parse(entry.protocol());
        if (!Protocol.hasPorts(protocol)) {
            return Protocol.name(protocol);
        }
        return Protocol.name(protocol) + "/" + PortRange.fromRule(entry.portFrom(), entry.portTo());
    }

    private static String describeParts(List<Part> parts) {
        List<String> shown = parts.stream().limit(3)
                .map(p -> p.box().cidr() + " ports " + p.box().ports())
                .toList();
        return String.join(", ", shown) + (parts.size() > 3 ? " and " + (parts.size() - 3) + " more" : "");
    }
}
