package dev.subsentinel.core;

import dev.subsentinel.core.report.CheckId;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link TransitionRules}: what happened and what to remember.
 *
 * @param transition       what happened
 * @param previous         the state before (null when the instance was not tracked)
 * @param next             the state to store; null when there is nothing to store (an untracked instance that is
 *                         already gone, or a terminated row seen gone again)
 * @param reason           a short explanation: for TERMINATED why the instance counts as gone, otherwise what decided
 * @param newFailingChecks the checks failing now that were not failing before (NEW, WORSENED)
 * @param resolvedChecks   the checks that were failing and no longer are (RESOLVED, WORSENED, UNCHANGED)
 */
public record TransitionDecision(
        Transition transition,
        TransitionState previous,
        TransitionState next,
        String reason,
        List<CheckId> newFailingChecks,
        List<CheckId> resolvedChecks) {

    public TransitionDecision {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(reason, "reason");
        newFailingChecks = newFailingChecks == null ? List.of() : List.copyOf(newFailingChecks);
        resolvedChecks = resolvedChecks == null ? List.of() : List.copyOf(resolvedChecks);
    }

    /** Whether the decision calls for an alert. */
    public boolean alerts() {
        return transition.alerts();
    }
}
