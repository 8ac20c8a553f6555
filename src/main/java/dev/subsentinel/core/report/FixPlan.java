package dev.subsentinel.core.report;

import java.util.List;

/**
 * How to make a failing check pass: the changes the Sentinel can name exactly (from the configuration it read), or,
 * for a cause it cannot change from outside (an agent stopped on the instance, a License Manager status), the
 * documented manual steps. Never both empty.
 *
 * @param actions     the changes, in the order to make them
 * @param manualSteps steps an operator takes by hand, each with where it is documented
 */
public record FixPlan(List<FixAction> actions, List<String> manualSteps) {

    public FixPlan {
        actions = actions == null ? List.of() : List.copyOf(actions);
        manualSteps = manualSteps == null ? List.of() : manualSteps.stream().map(CheckResult::printable).toList();
        if (actions.isEmpty() && manualSteps.isEmpty()) {
            throw new IllegalArgumentException("a fix plan names at least one action or manual step");
        }
    }

    /** The plan's AWS CLI commands, in order. */
    public List<String> commands() {
        return actions.stream().map(FixAction::command).toList();
    }
}
