package dev.subsentinel.core.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one piece of configuration (a set of security groups, an ACL, a route table) or a whole path decided, with
 * the evidence that decided it.
 *
 * @param reach    the outcome
 * @param evidence the resources and rules that decided it, one sentence each
 */
public record Decision(Reach reach, List<String> evidence) {

    public Decision {
        Objects.requireNonNull(reach, "reach");
        evidence = List.copyOf(evidence);
    }

    /** An outcome with one piece of evidence. */
    public static Decision of(Reach reach, String evidence) {
        return new Decision(reach, List.of(evidence));
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
        return new Decision(reach, evidence);
    }

    /** Whether the traffic gets through. */
    public boolean open() {
        return reach == Reach.OPEN;
    }
}
