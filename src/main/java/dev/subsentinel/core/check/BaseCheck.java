package dev.subsentinel.core.check;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.fix.NetworkFixes;
import dev.subsentinel.core.net.Cause;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Status;
import java.util.List;

/** Builds results that carry the check's id, severity and remediation. */
abstract class BaseCheck implements Check {

    /** A result with evidence. */
    protected CheckResult result(Status status, String summary, List<String> evidence) {
        return new CheckResult(id(), status, severity(), summary, evidence, remediation());
    }

    /** A result with one piece of evidence. */
    protected CheckResult result(Status status, String summary, String evidence) {
        return result(status, summary, List.of(evidence));
    }

    /** A PASS. */
    protected CheckResult pass(String summary, List<String> evidence) {
        return result(Status.PASS, summary, evidence);
    }

    /** A FAIL. */
    protected CheckResult fail(String summary, List<String> evidence) {
        return result(Status.FAIL, summary, evidence);
    }

    /** An UNKNOWN naming why. */
    protected CheckResult unknown(String summary, String reason) {
        return result(Status.UNKNOWN, summary, List.of(reason));
    }

    /**
     * The result with the fix plan when it is a FAIL or WARN and the plan names something (null or empty: as it is).
     */
    protected static CheckResult planned(CheckResult result, FixPlan plan) {
        boolean failing = result.status() == Status.FAIL || result.status() == Status.WARN;
        return failing && plan != null ? result.withFix(plan) : result;
    }

    /** The plan of the network changes that remove the causes a path walk recorded, or null when it names none. */
    protected static FixPlan networkPlan(FleetIndex index, List<Cause> causes) {
        List<FixAction> actions = NetworkFixes.plan(index, causes);
        return actions.isEmpty() ? null : new FixPlan(actions, List.of());
    }

    /** A SKIPPED naming why. */
    protected CheckResult skipped(String why) {
        return result(Status.SKIPPED, why, List.of());
    }
}
