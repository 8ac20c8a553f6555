package dev.subsentinel.publish;

import dev.subsentinel.core.report.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What every channel shows as the fix of a failing check, and the one place where it is decided: the fix plan's AWS
 * CLI commands and manual steps when the check carries a plan (issue 13), else the check's remediation text. The chat
 * notification's {@code nextSteps} and the Security Hub finding's {@code Remediation.Recommendation} are drawn from it.
 */
public final class FixText {

    private FixText() {
    }

    /** The steps, in order; empty when the check has neither a plan nor a remediation. */
    public static List<String> steps(CheckResult check) {
        List<String> steps = new ArrayList<>();
        if (check.fix() != null) {
            steps.addAll(check.fix().commands());
            steps.addAll(check.fix().manualSteps());
        } else if (check.remediation() != null && !check.remediation().isBlank()) {
            steps.add(check.remediation());
        }
        return steps;
    }
}
