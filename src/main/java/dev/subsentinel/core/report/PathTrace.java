package dev.subsentinel.core.report;

import java.util.List;
import java.util.Objects;

/**
 * One network path a check evaluated, drawn as hops from the instance's interface to the target, in the order the
 * packets pass them.
 *
 * @param flow    the protocol and ports, e.g. {@code tcp/1688}
 * @param source  where the traffic leaves from (interface and address)
 * @param target  what it is for (the target's label)
 * @param outcome the path's outcome: the worst of its hops
 * @param hops    the hops in order; the one that blocks carries {@link PathHop.Outcome#BLOCKS}
 */
public record PathTrace(String flow, String source, String target, PathHop.Outcome outcome, List<PathHop> hops) {

    public PathTrace {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        hops = hops == null ? List.of() : List.copyOf(hops);
    }
}
