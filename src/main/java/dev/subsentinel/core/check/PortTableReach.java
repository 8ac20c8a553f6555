package dev.subsentinel.core.check;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.net.AddressFamilies;
import dev.subsentinel.core.net.Cause;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.ServicePort;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.PathTrace;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whether a source (an instance, an interface License Manager created, a licence server, a domain controller)
 * reaches every address of a service on every entry of a port table ({@link dev.subsentinel.core.net
 * .ActiveDirectoryPorts}, {@link dev.subsentinel.core.net.RdsLicensingPorts}), replies included, in each address family
 * the source and the service share ({@link AddressFamilies}).
 */
public final class PortTableReach {

    /** A flow's protocol and ports as evidence writes them ("tcp/445", "udp/53-464", "ports 49152-65535"). */
    private static final Pattern PORTS = Pattern.compile(
            "\\b(tcp|udp|all)/[0-9]+(-[0-9]+)?|\\b(tcp|udp)/all ports|ports [0-9]+(-[0-9]+)?");

    /** A source of traffic: how its flows are evaluated and which address families it has. */
    public interface Source {

        /** Whether the source reaches the target on every port of the range, replies included. */
        Decision reach(Target target, int protocol, PortRange ports);

        /** Why the source has no address of the target's family (it never uses that family), or null. */
        String noSourceAddress(Target target);
    }

    /**
     * The result for one entry of the table.
     *
     * @param port          the entry
     * @param decision      the combination over every address of the service
     * @param blockedFamily "IPv4" or "IPv6" when only that family is blocked (the entry is then UNVERIFIED), else null
     */
    public record PortResult(ServicePort port, Decision decision, String blockedFamily) {

        public PortResult {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(decision, "decision");
        }
    }

    private PortTableReach() {
    }

    /** An instance as the source: the interface towards each target ({@link PathAnalyzer#reach}). */
    public static Source of(PathAnalyzer paths, Ec2Instance instance) {
        return new Source() {
            @Override
            public Decision reach(Target target, int protocol, PortRange ports) {
                return paths.reach(instance, target, protocol, ports);
            }

            @Override
            public String noSourceAddress(Target target) {
                return paths.noSourceAddress(instance, target);
            }
        };
    }

    /** A network interface as the source ({@link PathAnalyzer#reachFrom}). */
    public static Source of(PathAnalyzer paths, NetworkInterface eni, String label) {
        return new Source() {
            @Override
            public Decision reach(Target target, int protocol, PortRange ports) {
                return paths.reachFrom(eni, label, target, protocol, ports);
            }

            @Override
            public String noSourceAddress(Target target) {
                return PathAnalyzer.noSourceAddress(eni, label, target);
            }
        };
    }

    /**
     * Whether the source reaches every target on each entry of the table. Each entry's range is evaluated as a whole
     * (49152-65535 is one evaluation, not 16,384). First, per protocol, the span of every entry: when it reaches every
     * target, so does each entry, and that one decision stands for all of them; otherwise every entry is evaluated on
     * its own, so that a FAIL or WARN names exactly the entries that are blocked, and the family that is.
     */
    public static List<PortResult> evaluate(Source source, List<Target> targets, List<ServicePort> table,
            Map<Integer, PortRange> spans) {
        AddressFamilies.Split split = AddressFamilies.split(targets, source::noSourceAddress);
        Decision open = split.used().isEmpty() ? null : spans(source, split.used(), spans);
        if (open != null) {
            Decision all = open;
            if (!split.unused().isEmpty()) {
                List<String> evidence = new ArrayList<>(open.evidence());
                evidence.addAll(split.unused());
                all = new Decision(Reach.OPEN, evidence).joining(List.of(open));
            }
            Decision decided = all;
            return table.stream().map(port -> new PortResult(port, decided, null)).toList();
        }
        List<PortResult> results = new ArrayList<>(table.size());
        for (ServicePort port : table) {
            AddressFamilies.Outcome outcome = AddressFamilies.reach(split,
                    target -> source.reach(target, port.protocol(), port.ports()));
            results.add(new PortResult(port, outcome.decision(), outcome.blockedFamily()));
        }
        return results;
    }

    /** Why the source never uses some of the targets' addresses (a family it has no address of), one line each. */
    public static List<String> unused(Source source, List<Target> targets) {
        return AddressFamilies.split(targets, source::noSourceAddress).unused();
    }

    /** The decision over every protocol's span to every target when all are open, else null. */
    private static Decision spans(Source source, List<Target> targets, Map<Integer, PortRange> spans) {
        List<Decision> open = new ArrayList<>();
        for (var span : spans.entrySet()) {
            for (Target target : targets) {
                Decision decision = source.reach(target, span.getKey(), span.getValue());
                if (!decision.open()) {
                    return null;
                }
                open.add(decision);
            }
        }
        return Decision.all(open);
    }

    /**
     * The paths to draw, each once: those of the entries that are not open when there are any (where it blocks is
     * what a reader needs; the open entries of a 20-port table would repeat the same hops), else those that decided
     * the whole table (entries decided by one span share its paths).
     */
    public static List<PathTrace> paths(List<PortResult> results) {
        List<PortResult> shown = problems(results).isEmpty() ? results : problems(results);
        return shown.stream().flatMap(r -> r.decision().paths().stream()).distinct().toList();
    }

    /** The causes of the entries that are not open, each once. */
    public static List<Cause> causes(List<PortResult> results) {
        return results.stream().filter(r -> !r.decision().open()).flatMap(r -> r.decision().causes().stream())
                .distinct().toList();
    }

    /** The entries whose decision is not OPEN, in table order. */
    public static List<PortResult> problems(List<PortResult> results) {
        return results.stream().filter(r -> !r.decision().open()).toList();
    }

    /** The essential entries that are blocked. */
    public static List<PortResult> blockedEssential(List<PortResult> results) {
        return results.stream()
                .filter(r -> r.port().essential() && r.decision().reach() == Reach.BLOCKED)
                .toList();
    }

    /**
     * FAIL when an essential entry is blocked; else UNKNOWN when an entry could not be evaluated; else WARN when an
     * entry is blocked, blocked in one family, or not proven; else PASS.
     */
    public static Status status(List<PortResult> results) {
        if (!blockedEssential(results).isEmpty()) {
            return Status.FAIL;
        }
        if (results.stream().anyMatch(r -> r.decision().reach() == Reach.UNKNOWN)) {
            return Status.UNKNOWN;
        }
        return results.stream().allMatch(r -> r.decision().open()) ? Status.PASS : Status.WARN;
    }

    /**
     * The evidence of the entries that are not open, each cause once: an entry whose evidence reads the same as an
     * earlier one's but for its protocol and ports (the same rule, entry or route decided it) is named on one line
     * after that earlier entry's evidence instead of being repeated.
     */
    public static List<String> evidence(List<PortResult> problems) {
        Map<String, List<String>> sameAs = new LinkedHashMap<>();
        Map<String, List<String>> first = new LinkedHashMap<>();
        for (PortResult problem : problems) {
            String signature = PORTS.matcher(String.join("\n", problem.decision().evidence())).replaceAll("*");
            if (first.containsKey(signature)) {
                sameAs.get(signature).add(problem.port().label());
            } else {
                first.put(signature, problem.decision().evidence());
                sameAs.put(signature, new ArrayList<>());
            }
        }
        List<String> evidence = new ArrayList<>();
        first.forEach((signature, lines) -> {
            lines.stream().filter(line -> !evidence.contains(line)).forEach(evidence::add);
            if (!sameAs.get(signature).isEmpty()) {
                evidence.add("the same decides " + String.join(", ", sameAs.get(signature)));
            }
        });
        return evidence;
    }

    /** "every Active Directory port" when the results name every entry of the table, else {@link #labels}. */
    public static String labels(List<PortResult> results, List<ServicePort> table, String tableName) {
        boolean every = table.stream().allMatch(port -> results.stream().anyMatch(r -> r.port().equals(port)));
        return every ? "every " + tableName : labels(results);
    }

    /** "SMB tcp/445, LDAP udp/389" (each entry once, in order). */
    public static String labels(List<PortResult> results) {
        return String.join(", ", results.stream().map(r -> r.port().label()).distinct().toList());
    }

    /**
     * " over IPv6" when every entry of the list is blocked in that family alone (the WARN of a dual-stack service
     * reachable on one family only), else "".
     */
    public static String blockedFamily(List<PortResult> results) {
        String family = results.isEmpty() ? null : results.get(0).blockedFamily();
        if (family == null || results.stream().anyMatch(r -> !family.equals(r.blockedFamily()))) {
            return "";
        }
        return " over " + family;
    }
}
