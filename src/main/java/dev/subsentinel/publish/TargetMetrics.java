package dev.subsentinel.publish;

import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The metrics of a multi-account deployment's coordinator and worker (EMF through Powertools, like
 * {@link FleetMetrics}), every run, zeros included, with {@code Scope} {@value FleetMetrics#MEMBER}:
 * <ul>
 *   <li>{@code TargetsQueued}, {@code TargetsNotQueued}, {@code AccountsSkipped}: what the coordinator's run sent to
 *       the worker, what SQS refused, and the organization's accounts it left out (not ACTIVE);</li>
 *   <li>{@code TargetScanFailed}: 1 for each target whose scan failed (its member role could not be assumed, its
 *       fleet could not be listed, its scan threw), 0 for each that completed; the alarm {@code TargetScanFailedAlarm}
 *       watches it;</li>
 *   <li>{@code TargetScanCompleted} and {@code TargetUnhealthyInstances} with the dimensions {@code Account} and
 *       {@code Region} as well: only when the run has at most SENTINEL_ACCOUNT_METRICS_LIMIT targets (default 50).
 *       That bounds the custom metrics a deployment creates to 2 per target (at most 100 by default), instead of one
 *       series per account and region of an organization of any size; above the bound the per-target outcome is in
 *       the log line of each target and in the worker's answer, not in CloudWatch dimensions.</li>
 * </ul>
 */
public final class TargetMetrics {

    /** The dimension of a target's account. */
    public static final String ACCOUNT = "Account";
    /** The dimension of a target's region. */
    public static final String REGION = "Region";
    /** The failed targets (dimension {@code Scope} only); template.yaml's TargetScanFailedAlarm watches it. */
    public static final String TARGET_SCAN_FAILED = "TargetScanFailed";

    private final Metrics metrics;

    /** Emits through this instance ({@link FleetMetrics#stdoutMetrics}). */
    public TargetMetrics(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The coordinator's run: targets sent, refused by SQS, accounts left out. */
    public void coordinated(int queued, int notQueued, int accountsSkipped) {
        try {
            metrics.setDefaultDimensions(DimensionSet.of(FleetMetrics.SCOPE, FleetMetrics.MEMBER));
            metrics.addMetric("TargetsQueued", queued, MetricUnit.COUNT);
            metrics.addMetric("TargetsNotQueued", notQueued, MetricUnit.COUNT);
            metrics.addMetric("AccountsSkipped", accountsSkipped, MetricUnit.COUNT);
        } finally {
            metrics.flush();
        }
    }

    /**
     * One target's scan.
     *
     * @param accountId the target's account
     * @param region    its region
     * @param failed    whether it failed
     * @param unhealthy its UNHEALTHY instances (0 when it failed)
     * @param perTarget whether to add the Account and Region dimensions (the run's targets are within the bound)
     */
    public void scanned(String accountId, String region, boolean failed, int unhealthy, boolean perTarget) {
        try {
            metrics.setDefaultDimensions(DimensionSet.of(FleetMetrics.SCOPE, FleetMetrics.MEMBER));
            metrics.addMetric(TARGET_SCAN_FAILED, failed ? 1 : 0, MetricUnit.COUNT);
            if (perTarget) {
                metrics.flushMetrics(single -> {
                    single.setDefaultDimensions(DimensionSet.of(FleetMetrics.SCOPE, FleetMetrics.MEMBER, ACCOUNT,
                            accountId, REGION, region));
                    single.addMetric("TargetScanCompleted", failed ? 0 : 1, MetricUnit.COUNT);
                    if (!failed) {
                        single.addMetric("TargetUnhealthyInstances", unhealthy, MetricUnit.COUNT);
                    }
                });
            }
        } finally {
            metrics.flush();
        }
    }
}
