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
 * @param remediation how to fix it in general (the check's remediation; shown for FAIL and WARN)
 * @param paths       the network paths the check evaluated, drawn as hops (empty for checks that walk no path)
 * @param fix         the exact changes (or documented manual steps) that make this result pass; null when it passes
 *                    or no plan can be named
 */
public record CheckResult(CheckId id, Status status, Severity severity, String summary, List<String> evidence,
        String remediation, List<PathTrace> paths, FixPlan fix) {

    /** A result without path drawings or fix plan. */
    public CheckResult(CheckId id, Status status, Severity severity, String summary, List<String> evidence,
            String remediation) {
        this(id, status, severity, summary, evidence, remediation, List.of(), null);
    }

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        summary = printable(summary);
        evidence = evidence == null ? List.of() : evidence.stream().map(CheckResult::printable).toList();
        remediation = remediation == null ? null : printable(remediation);
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    /** This result with the paths it evaluated. */
    public CheckResult withPaths(List<PathTrace> traces) {
        return new CheckResult(id, status, severity, summary, evidence, remediation, traces, fix);
    }

    /** This result with a fix plan. */
    public CheckResult withFix(FixPlan plan) {
        return new CheckResult(id, status, severity, summary, evidence, remediation, paths, plan);
    }

    /**
     * The text with control and format characters (line breaks, terminal escapes, bidi overrides, zero-width
     * characters) replaced by spaces. Evidence quotes what AWS returned (status messages, names, descriptions), and
     * every report goes to a terminal, a log or an alert: none may carry a character that acts instead of showing.
     */
    static String printable(String text) {
        boolean clean = true;
        for (int i = 0; i < text.length() && clean; i++) {
            clean = !hidden(text.charAt(i));
        }
        if (clean) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(hidden(c) ? ' ' : c);
        }
        return out.toString();
    }

    private static boolean hidden(char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }

    /** Whether the result counts against the instance: a FAIL or WARN of a check that is not INFO. */
    public boolean failing() {
        return (status == Status.FAIL || status == Status.WARN) && severity != Severity.INFO;
    }
}
