package dev.subsentinel.core.report;

import java.util.List;

/**
 * Counts of instances by verdict.
 *
 * @param evaluated how many instances were evaluated
 * @param healthy   HEALTHY
 * @param atRisk    AT_RISK
 * @param unhealthy UNHEALTHY
 * @param unknown   UNKNOWN
 */
public record Summary(int evaluated, int healthy, int atRisk, int unhealthy, int unknown) {

    /** Counts the verdicts of the reports. */
    public static Summary of(List<InstanceReport> reports) {
        int[] counts = new int[Verdict.values().length];
        for (InstanceReport report : reports) {
            counts[report.verdict().ordinal()]++;
        }
        return new Summary(reports.size(), counts[Verdict.HEALTHY.ordinal()], counts[Verdict.AT_RISK.ordinal()],
                counts[Verdict.UNHEALTHY.ordinal()], counts[Verdict.UNKNOWN.ordinal()]);
    }
}
