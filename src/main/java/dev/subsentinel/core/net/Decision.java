package dev.subsentinel.core.net;

import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one piece of configuration (a set of security groups, an ACL, a route table) or a whole path decided, with
 * the evidence that decided it.
 *
 * @param reach    the outcome
 * @param evidence the resources and rules that decided it, one sentence each
 * @param hops     the same as drawn hops, in the order the packets pass them (a part of a path being walked)
 * @param paths    the whole paths this decision covers, drawn (one per source and target once a walk is done)
 * @param causes   why the parts that do not admit the flow do not, in the terms a change needs
 */
public record Decision(Reach reach, List<String> evidence, List<PathHop> hops, List<PathTrace> paths,
        List<Cause> causes) {

    public Decision {
        Objects.requireNonNull(reach, "reach");
        evidence = List.copyOf(evidence);
        hops = hops == null ? List.of() : List.copyOf(hops);
        paths = paths == null ? List.of() : List.copyOf(paths);
        causes = causes == null ? List.of() : List.copyOf(causes);
    }

    /** A decision with evidence only. */
    public Decision(Reach reach, List<String> evidence) {
        this(reach, evidence, List.of(), List.of(), List.of());
    }

    /** An outcome with one piece of evidence. */
    public static Decision of(Reach reach, String evidence) {
        return new Decision(reach, List.of(evidence));
    }

    /** An outcome with one piece of evidence, drawn as one hop of the given kind on {@code resourceId}. */
    public static Decision hop(Reach reach, String evidence, PathHop.Kind kind, String resourceId) {
        return new Decision(reach, List.of(evidence), List.of(new PathHop(kind, resourceId, outcome(reach),
                evidence)), List.of(), List.of());
    }

    /** The combination of the parts of a path: the worst outcome, and the evidence of the parts that decided it. */
    public static Decision all(List<Decision> parts) {
        Reach reach = Reach.OPEN;
        for (Decision part : parts) {
            reach = reach.and(part.reach());
        }
        List<String> evidence = new ArrayList<>();
        for (Decision part : parts) {
            if (reach == Reach.OPEN || part.reach() == reach) {
                evidence.addAll(part.evidence());
            }
        }
        return new Decision(reach, evidence).joining(parts);
    }

    /**
     * This decision's outcome and evidence with the hops, paths and causes of {@code parts} (a decision re-worded
     * from the parts it combines keeps what they drew and found).
     */
    public Decision joining(List<Decision> parts) {
        List<PathHop> allHops = new ArrayList<>(hops);
        List<PathTrace> allPaths = new ArrayList<>(paths);
        List<Cause> allCauses = new ArrayList<>(causes);
        for (Decision part : parts) {
            allHops.addAll(part.hops());
            allPaths.addAll(part.paths());
            allCauses.addAll(part.causes());
        }
        return new Decision(reach, evidence, allHops, allPaths, allCauses.stream().distinct().toList());
    }

    /** The same outcome, hops, paths and causes with other evidence. */
    public Decision withEvidence(Reach newReach, List<String> newEvidence) {
        return new Decision(newReach, newEvidence, hops, paths, causes);
    }

    /** This decision with a cause (what a change must fix) added, when it is not open. */
    public Decision because(Cause cause) {
        if (reach == Reach.OPEN) {
            return this;
        }
        List<Cause> all = new ArrayList<>(causes);
        all.add(cause);
        return new Decision(reach, evidence, hops, paths, all);
    }

    /** This decision's hops drawn as one path, kept in {@link #paths} (the hops are then consumed). */
    public Decision traced(String flow, String source, String target) {
        List<PathHop> drawn = new ArrayList<>(hops);
        drawn.add(new PathHop(PathHop.Kind.TARGET, target, reach == Reach.OPEN ? PathHop.Outcome.PASSES
                : PathHop.Outcome.UNVERIFIED, reach == Reach.OPEN ? "reached" : "not reached: " + reach.name()
                        .toLowerCase(java.util.Locale.ROOT)));
        List<PathTrace> all = new ArrayList<>(paths);
        all.add(new PathTrace(flow, source, target, outcome(reach), drawn));
        return new Decision(reach, evidence, List.of(), all, causes);
    }

    /** How a hop draws a reach. */
    public static PathHop.Outcome outcome(Reach reach) {
        return switch (reach) {
            case OPEN -> PathHop.Outcome.PASSES;
            case UNVERIFIED -> PathHop.Outcome.UNVERIFIED;
            case UNKNOWN -> PathHop.Outcome.UNKNOWN;
            case BLOCKED -> PathHop.Outcome.BLOCKS;
        };
    }

    /** Whether the traffic gets through. */
    public boolean open() {
        return reach == Reach.OPEN;
    }
}
