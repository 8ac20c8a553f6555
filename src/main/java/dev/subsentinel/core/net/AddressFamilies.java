package dev.subsentinel.core.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reachability of a service whose addresses may be of both families (a dual-stack endpoint, licence server or domain
 * controller), as a Windows client uses them.
 *
 * <p>A family is evaluated when the service has addresses of it and the client has a source address of it: a client
 * without an IPv6 address never opens an IPv6 connection (RFC 6724 rule 1 skips destinations without a usable source),
 * so the service's IPv6 addresses are then listed as not used, never judged. Each family is judged on its own rules,
 * routes and ACL entries ({@link PathAnalyzer}); within a family, reaching only some addresses is UNVERIFIED
 * ({@link ReachEvery}).
 *
 * <p>When both families are used and exactly one is blocked while the other is open, the client still connects by
 * falling back to the other family, late or not at all: a WARN (UNVERIFIED) that names the blocked family and the order
 * Windows tries them in. Windows sorts destinations by RFC 6724's default policy table (KB 929852 "Windows favors IPv6
 * global unicast addresses over IPv4"): a global IPv6 address (precedence 40) before IPv4 (35) before a unique local
 * IPv6 address fc00::/7 (3). An instance whose DisabledComponents registry value prefers IPv4 reverses that order; the
 * monitor cannot see it, and the verdict (a WARN either way) does not depend on it.
 */
public final class AddressFamilies {

    /**
     * The addresses of a service split by family, keeping only those the client can use.
     *
     * @param ipv4   the IPv4 addresses
     * @param ipv6   the IPv6 addresses the client has a source address for
     * @param unused why the other IPv6 addresses are not used, one line per reason
     */
    public record Split(List<Target> ipv4, List<Target> ipv6, List<String> unused) {

        public Split {
            ipv4 = List.copyOf(ipv4);
            ipv6 = List.copyOf(ipv6);
            unused = List.copyOf(unused);
        }

        /** Every address the client uses, IPv4 first. */
        public List<Target> used() {
            if (ipv6.isEmpty()) {
                return ipv4;
            }
            List<Target> all = new ArrayList<>(ipv4);
            all.addAll(ipv6);
            return all;
        }

        /** Whether both families are in play (used, or IPv6 listed as not used). */
        boolean dualStack() {
            return !ipv6.isEmpty() || !unused.isEmpty();
        }
    }

    /**
     * The combination over the families.
     *
     * @param decision      the outcome with its evidence
     * @param blockedFamily "IPv4" or "IPv6" when that family alone is blocked while the other is open (a WARN), else
     *                      null
     */
    public record Outcome(Decision decision, String blockedFamily) {
    }

    private AddressFamilies() {
    }

    /**
     * Splits the service's addresses by family. Every interface has an IPv4 address (EC2 and the snapshot model
     * require one), so only IPv6 addresses can be unusable.
     *
     * @param noSource why the client cannot use an IPv6 address (it has no IPv6 address towards it), or null
     */
    public static Split split(List<Target> targets, Function<Target, String> noSource) {
        if (targets.stream().noneMatch(Target::ipv6)) {
            return new Split(targets, List.of(), List.of());
        }
        List<Target> ipv4 = new ArrayList<>(targets.size());
        List<Target> ipv6 = new ArrayList<>();
        Map<String, List<String>> unused = new LinkedHashMap<>();
        for (Target target : targets) {
            if (!target.ipv6()) {
                ipv4.add(target);
                continue;
            }
            String why = noSource.apply(target);
            if (why == null) {
                ipv6.add(target);
            } else {
                unused.computeIfAbsent(why, k -> new ArrayList<>()).add(target.address().toString());
            }
        }
        List<String> notes = new ArrayList<>();
        unused.forEach((why, addresses) -> notes.add("IPv6 address" + (addresses.size() == 1 ? " " : "es ")
                + String.join(", ", addresses) + " not used: " + why + ", so the client never connects over IPv6"));
        return new Split(ipv4, ipv6, notes);
    }

    /** Whether the client reaches the service: each family with {@link ReachEvery}, then {@link #combine}. */
    public static Outcome reach(Split split, Function<Target, Decision> reach) {
        Decision ipv4 = split.ipv4().isEmpty() ? null : every(split.ipv4(), reach);
        Decision ipv6 = split.ipv6().isEmpty() ? null : every(split.ipv6(), reach);
        return combine(split, ipv4, ipv6);
    }

    /** {@link #split} then {@link #reach(Split, Function)}. */
    public static Outcome reach(List<Target> targets, Function<Target, String> noSource,
            Function<Target, Decision> reach) {
        return reach(split(targets, noSource), reach);
    }

    private static Decision every(List<Target> targets, Function<Target, Decision> reach) {
        List<Decision> decisions = new ArrayList<>(targets.size());
        for (Target target : targets) {
            decisions.add(reach.apply(target));
        }
        return ReachEvery.of(decisions);
    }

    /**
     * The outcome of the two families' decisions (either may be null: that family is not used). With IPv4 only and
     * no IPv6 address in play, the IPv4 decision as it is.
     */
    public static Outcome combine(Split split, Decision ipv4, Decision ipv6) {
        if (!split.dualStack()) {
            return new Outcome(ipv4 != null ? ipv4 : Decision.of(Reach.BLOCKED, "the service has no address"), null);
        }
        if (ipv4 == null && ipv6 == null) {
            List<String> evidence = new ArrayList<>();
            evidence.add("no address of a family the client can use:");
            evidence.addAll(split.unused());
            return new Outcome(new Decision(Reach.BLOCKED, evidence), null);
        }
        if (ipv4 == null || ipv6 == null) {
            Decision only = ipv4 != null ? ipv4 : ipv6;
            List<String> evidence = new ArrayList<>(only.evidence());
            evidence.addAll(split.unused());
            return new Outcome(new Decision(only.reach(), evidence).joining(List.of(only)), null);
        }
        boolean ipv6First = split.ipv6().stream().anyMatch(t -> !Cidr.UNIQUE_LOCAL_IPV6.contains(t.address()));
        if (ipv6.reach() == Reach.BLOCKED && fallsBackTo(ipv4)) {
            return oneBlocked("IPv6", ipv6, ipv4, ipv6First ? "Windows tries a global IPv6 address first (RFC 6724"
                    + " default policy, KB 929852) and falls back to IPv4 only after the IPv6 attempt times out"
                    : "Windows prefers IPv4 to a unique local IPv6 address (RFC 6724), so IPv6 is the fallback when"
                            + " IPv4 fails, and that fallback is broken");
        }
        if (ipv4.reach() == Reach.BLOCKED && fallsBackTo(ipv6)) {
            return oneBlocked("IPv4", ipv4, ipv6, ipv6First ? "Windows tries a global IPv6 address first (RFC 6724"
                    + " default policy, KB 929852), so IPv4 is the fallback when IPv6 fails, and that fallback is"
                    + " broken"
                    : "Windows prefers IPv4 to a unique local IPv6 address (RFC 6724) and uses IPv6 only after the"
                            + " IPv4 attempt times out");
        }
        Reach reach = ipv4.reach().and(ipv6.reach());
        List<String> evidence = new ArrayList<>();
        if (reach == Reach.OPEN || ipv4.reach() == reach) {
            evidence.add("over IPv4:");
            evidence.addAll(ipv4.evidence());
        }
        if (reach == Reach.OPEN || ipv6.reach() == reach) {
            evidence.add("over IPv6:");
            evidence.addAll(ipv6.evidence());
        }
        return new Outcome(new Decision(reach, evidence).joining(List.of(ipv4, ipv6)), null);
    }

    private static boolean fallsBackTo(Decision other) {
        return other.reach() == Reach.OPEN || other.reach() == Reach.UNVERIFIED;
    }

    private static Outcome oneBlocked(String family, Decision blocked, Decision other, String order) {
        String otherFamily = "IPv6".equals(family) ? "IPv4" : "IPv6";
        List<String> evidence = new ArrayList<>();
        evidence.add(family + " path blocked, " + otherFamily + " " + (other.open() ? "open" : "not proven") + ": "
                + order + " (a DisabledComponents prefix policy on the instance would change the order; the monitor"
                + " cannot see it)");
        evidence.add("over " + family + ":");
        evidence.addAll(blocked.evidence());
        if (!other.open()) {
            evidence.add("over " + otherFamily + ":");
            evidence.addAll(other.evidence());
        }
        return new Outcome(new Decision(Reach.UNVERIFIED, evidence).joining(List.of(blocked, other)), family);
    }
}
