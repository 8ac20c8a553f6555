package dev.subsentinel.core.report;

import java.util.List;
import java.util.Objects;

/**
 * The result of one check for one instance.
 *
 * @param id          the check
 * @param status      its outcome
 * @param severity    the check's severity (what a FAIL costs)
 * @param summary     one line saying what was found
 * @param evidence    the concrete resources and rules that decided it
 * @param remediation how to fix it (the check's remediation; shown for FAIL and WARN)
 */
public record CheckResult(CheckId id, Status status, Severity severity, String summary, List<String> evidence,
        String remediation) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** Whether the result counts against the instance: a FAIL or WARN of a check that is not INFO. */
    public boolean failing() {
        return (status == Status.FAIL || status == Status.WARN) && severity != Severity.INFO;
    }
}
