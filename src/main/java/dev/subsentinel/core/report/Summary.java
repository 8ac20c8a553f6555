package dev.subsentinel.core.report;

import java.util.List;

/**
 * Counts of instances by verdict, and by the states that change what a verdict means (DESIGN section 7; field names
 * are stable, fields are only added).
 *
 * <p>One vocabulary for every output: an instance that is gone (EC2 describes it as terminated or shutting down, or
 * no longer describes it) has no health to judge, so it is counted under {@code terminated} and in no verdict count;
 * {@code evaluated = healthy + atRisk + unhealthy + unknown + terminated}. A stopped (or stopping) instance keeps its
 * verdict (its users stay associated; the checks that need it running are skipped) and is also counted under
 * {@code stopped}.
 *
 * @param evaluated  how many instances were evaluated
 * @param healthy    HEALTHY (stopped ones included)
 * @param atRisk     AT_RISK
 * @param unhealthy  UNHEALTHY
 * @param unknown    UNKNOWN (gone ones excluded)
 * @param stopped    stopped or stopping, whatever their verdict
 * @param terminated gone: terminated, shutting down, or no longer described by EC2; in no verdict count
 */
public record Summary(int evaluated, int healthy, int atRisk, int unhealthy, int unknown, int stopped,
        int terminated) {

    /** Counts the verdicts and states of the reports. */
    public static Summary of(List<InstanceReport> reports) {
        int[] counts = new int[Verdict.values().length];
        int stopped = 0;
        int terminated = 0;
        for (InstanceReport report : reports) {
            if (report.gone()) {
                terminated++;
                continue;
            }
            counts[report.verdict().ordinal()]++;
            if (report.stopped()) {
                stopped++;
            }
        }
        return new Summary(reports.size(), counts[Verdict.HEALTHY.ordinal()], counts[Verdict.AT_RISK.ordinal()],
                counts[Verdict.UNHEALTHY.ordinal()], counts[Verdict.UNKNOWN.ordinal()], stopped, terminated);
    }
}
