package dev.subsentinel.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The evaluation of one instance.
 *
 * @param instanceId     the instance
 * @param accountId      its account
 * @param region         its region
 * @param state          its EC2 state (running, stopped, terminated, ...), {@value #NOT_FOUND} when DescribeInstances
 *                       does not return it, or null when its description could not be read
 * @param products       the LM-US products it provides
 * @param verdict        the verdict (DESIGN section 3)
 * @param unhealthySince since when it has been failing (from tracking; null when healthy or not tracked)
 * @param checks         every check's result, in catalogue order
 */
public record InstanceReport(String instanceId, String accountId, String region, String state,
        List<String> products, Verdict verdict, Instant unhealthySince, List<CheckResult> checks) {

    /** The state of an instance DescribeInstances does not return (terminated long ago, or never existed). */
    public static final String NOT_FOUND = "not-found";

    private static final Set<String> GONE_STATES = Set.of("terminated", "shutting-down", NOT_FOUND);
    private static final Set<String> STOPPED_STATES = Set.of("stopped", "stopping");

    public InstanceReport {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(verdict, "verdict");
        products = products == null ? List.of() : products.stream().map(CheckResult::printable).toList();
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The result of one check, or null when it was not run. */
    public CheckResult check(CheckId id) {
        for (CheckResult result : checks) {
            if (result.id() == id) {
                return result;
            }
        }
        return null;
    }

    /** The checks that failed or warned, worst severity first. */
    public List<CheckResult> failingChecks() {
        return checks.stream()
                .filter(CheckResult::failing)
                .sorted((a, b) -> {
                    int byStatus = Integer.compare(a.status() == Status.FAIL ? 0 : 1,
                            b.status() == Status.FAIL ? 0 : 1);
                    return byStatus != 0 ? byStatus : a.severity().compareTo(b.severity());
                })
                .toList();
    }

    /**
     * Whether the instance is gone: EC2 describes it as terminated or shutting down, or no longer describes it. A
     * gone instance has no health to judge (see {@link Summary}).
     */
    public boolean gone() {
        return state != null && GONE_STATES.contains(state);
    }

    /** Whether the instance is stopped or stopping (it keeps its verdict; see {@link Summary}). */
    public boolean stopped() {
        return state != null && STOPPED_STATES.contains(state);
    }

    /**
     * The verdict with the state that qualifies it, as the table and the HTML report show it: {@code TERMINATED} for a
     * gone instance, {@code HEALTHY (STOPPED)} for a stopped one, else the verdict.
     */
    public String condition() {
        if (gone()) {
            return "TERMINATED";
        }
        return stopped() ? verdict + " (STOPPED)" : verdict.name();
    }

    /** The verdict's rank for sorting: higher is worse; a gone instance lowest. */
    public int rank() {
        return gone() ? -1 : verdict.rank();
    }

    /** Whether any check could not be evaluated. */
    public boolean hasUnknown() {
        return checks.stream().anyMatch(c -> c.status() == Status.UNKNOWN);
    }

    /** A copy with another unhealthy-since time. */
    public InstanceReport withUnhealthySince(Instant since) {
        return new InstanceReport(instanceId, accountId, region, state, products, verdict, since, checks);
    }
}
