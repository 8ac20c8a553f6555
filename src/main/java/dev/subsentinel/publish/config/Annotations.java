package dev.subsentinel.publish.config;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Status;
import java.util.List;

/** Annotations of at most 256 characters that name the failing checks and, space permitting, say why. */
final class Annotations {

    private static final String ELLIPSIS = "…";

    private Annotations() {
    }

    /** "UNHEALTHY: failing SSM_PING, ACTIVATION_PATH. SSM_PING: &lt;summary&gt;" within the limit. */
    static String failing(InstanceReport report) {
        return listing(report.verdict() + ": failing ", report.failingChecks(), ". ");
    }

    /** "UNKNOWN: could not evaluate SSM_PING. SSM_PING: &lt;summary&gt;" within the limit. */
    static String unknown(InstanceReport report) {
        List<CheckResult> unknown = report.checks().stream().filter(c -> c.status() == Status.UNKNOWN).toList();
        return listing("UNKNOWN: could not evaluate ", unknown, ". ");
    }

    /** "HEALTHY: 9 checks pass" and, for a stopped instance, its state. */
    static String healthy(InstanceReport report) {
        long passed = report.checks().stream().filter(c -> c.status() == Status.PASS).count();
        String text = "HEALTHY: " + passed + " check" + (passed == 1 ? "" : "s") + " pass";
        CheckResult state = report.check(CheckId.INSTANCE_STATE);
        if (state != null && state.status() != Status.PASS) {
            text += "; " + state.summary() + ", checks that need it running were skipped";
        }
        return fit(text, ConfigEvaluation.MAX_ANNOTATION);
    }

    /** A reason as an annotation. */
    static String reason(String text) {
        return fit(text, ConfigEvaluation.MAX_ANNOTATION);
    }

    private static String listing(String prefix, List<CheckResult> checks, String separator) {
        int max = ConfigEvaluation.MAX_ANNOTATION;
        StringBuilder text = new StringBuilder(prefix);
        for (int i = 0; i < checks.size(); i++) {
            String id = checks.get(i).id().name();
            String more = " (+" + (checks.size() - i) + " more)";
            String next = (i == 0 ? "" : ", ") + id;
            boolean last = i == checks.size() - 1;
            int reserve = last ? 0 : (" (+" + (checks.size() - i - 1) + " more)").length();
            if (text.length() + next.length() + reserve > max) {
                text.append(more);
                return fit(text.toString(), max);
            }
            text.append(next);
        }
        if (!checks.isEmpty()) {
            CheckResult first = checks.get(0);
            String detail = separator + first.id().name() + ": " + first.summary();
            int room = max - text.length();
            if (room > separator.length() + first.id().name().length() + 12) {
                text.append(fit(detail, room));
            }
        }
        return fit(text.toString(), max);
    }

    /**
     * The text cut to at most {@code max} characters: at the last word boundary when one is near, ending with an
     * ellipsis, never splitting a surrogate pair.
     */
    static String fit(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        int space = text.lastIndexOf(' ', end);
        if (space > max * 2 / 3) {
            end = space;
        }
        String cut = text.substring(0, end).stripTrailing();
        while (!cut.isEmpty() && ",;:.-(".indexOf(cut.charAt(cut.length() - 1)) >= 0) {
            cut = cut.substring(0, cut.length() - 1).stripTrailing();
        }
        return cut + ELLIPSIS;
    }
}
