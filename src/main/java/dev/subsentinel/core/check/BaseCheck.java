package dev.subsentinel.core.check;

import dev.subsentinel.core.report.CheckResult;
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

    /** A SKIPPED naming why. */
    protected CheckResult skipped(String why) {
        return result(Status.SKIPPED, why, List.of());
    }
}
