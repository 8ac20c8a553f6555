package dev.subsentinel.publish;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The run's CloudWatch metrics, as Embedded Metric Format on standard output through Powertools Metrics (no
 * PutMetricData). Every run emits every metric, zeros included, so dashboards and alarms see a continuous series.
 *
 * <p>Dimensions are bounded: every metric has {@code Scope} = {@value #FLEET} (a run over the whole fleet of the
 * account and region, the scheduled scan), {@value #MEMBER} (the same over a member account or another region of a
 * multi-account deployment: the worker's scans, see {@link Kind#MEMBER}) or {@value #PARTIAL} (an event-driven run
 * over a few instances), so that a partial run's counts never look like the fleet's, and the member scans never feed
 * the own scan's heartbeat; {@code CheckFailures} also has {@code CheckId} (one of the
 * catalogue's eleven), {@code UnknownFacts} has {@code Action} (an IAM action the function is granted, or
 * {@value #ALL_ACTIONS} for the total). No per-instance dimension. The {@code Service} dimension Powertools would add
 * from {@code POWERTOOLS_SERVICE_NAME} is replaced, so the metric identity does not depend on that variable.
 *
 * <p>One {@link Metrics} instance (the Powertools singleton, {@link #stdoutMetrics}) serves every run; each
 * {@code record} flushes it in {@code finally}.
 */
public final class FleetMetrics {

    /** The dimension that separates fleet-wide runs from partial ones. */
    public static final String SCOPE = "Scope";
    /** {@link #SCOPE} of a run over the whole fleet of an account and region. */
    public static final String FLEET = "Fleet";
    /** {@link #SCOPE} of a run over some instances. */
    public static final String PARTIAL = "Partial";
    /** {@link #SCOPE} of a run over the whole fleet of a member account or of another region (the worker's). */
    public static final String MEMBER = "Member";

    /** Whose fleet the runs cover, which decides the {@link #SCOPE} of a complete run. */
    public enum Kind {
        /** The function's own account and region: complete runs are {@value #FLEET}. */
        OWN(FLEET),
        /** A target of the worker (a member account, or another region): complete runs are {@value #MEMBER}. */
        MEMBER(FleetMetrics.MEMBER);

        private final String completeScope;

        Kind(String completeScope) {
            this.completeScope = completeScope;
        }

        /** The scope of a run over the whole fleet. */
        public String completeScope() {
            return completeScope;
        }
    }
    /** The dimension of {@code CheckFailures}. */
    public static final String CHECK_ID = "CheckId";
    /** The dimension of {@code UnknownFacts}: the IAM action of the call that failed. */
    public static final String ACTION = "Action";
    /** The dimension of {@code AlertsDelivered} and {@code DeliveryFailures}: a {@link Channel#metricName()}. */
    public static final String CHANNEL = "Channel";
    /** The {@link #ACTION} of the total of {@code UnknownFacts}, emitted on every run. */
    public static final String ALL_ACTIONS = "ALL";

    /** The metrics this class emits: name, unit, dimensions, meaning. */
    public enum Metric {
        INSTANCES_EVALUATED("InstancesEvaluated", MetricUnit.COUNT, "instances evaluated by the run"),
        HEALTHY_INSTANCES("HealthyInstances", MetricUnit.COUNT, "instances with verdict HEALTHY"),
        AT_RISK_INSTANCES("AtRiskInstances", MetricUnit.COUNT, "instances with verdict AT_RISK"),
        UNHEALTHY_INSTANCES("UnhealthyInstances", MetricUnit.COUNT, "instances with verdict UNHEALTHY"),
        UNKNOWN_INSTANCES("UnknownInstances", MetricUnit.COUNT, "instances with verdict UNKNOWN"),
        CHECK_FAILURES("CheckFailures", MetricUnit.COUNT,
                "instances whose check FAILs or WARNs (INSTANCE_STATE: instances not running), per check"),
        OLDEST_UNHEALTHY_MINUTES("OldestUnhealthyMinutes", MetricUnit.NONE,
                "minutes since the oldest open incident began (UNHEALTHY or AT_RISK; 0 when none or not tracked)"),
        SCAN_DURATION_MS("ScanDurationMs", MetricUnit.MILLISECONDS, "duration of the run"),
        AWS_API_CALLS("AwsApiCalls", MetricUnit.COUNT, "AWS API calls the run made, every attempt counted"),
        ALERTS_PUBLISHED("AlertsPublished", MetricUnit.COUNT,
                "alerts SNS accepted in the run (each alert of a digest counts)"),
        SCAN_COMPLETED("ScanCompleted", MetricUnit.COUNT,
                "the heartbeat: 1 when the scheduled scan completed, 0 when it failed (only the scheduled scan"
                        + " emits it, with Scope Fleet)"),
        UNKNOWN_FACTS("UnknownFacts", MetricUnit.COUNT, "facts the run could not read, per IAM action of the failed"
                + " call (Action=" + FleetMetrics.ALL_ACTIONS + ": all of them, zeros included)"),
        ALERTS_DELIVERED("AlertsDelivered", MetricUnit.COUNT, "alerts a channel's service accepted in the run, per"
                + " channel (AlertTopic, ChatTopic, SecurityHub; every enabled one, zeros included)"),
        DELIVERY_FAILURES("DeliveryFailures", MetricUnit.COUNT, "alerts a channel's service did not accept in the"
                + " run (kept for the next run), per channel (every enabled one, zeros included)");

        private final String metricName;
        private final MetricUnit unit;
        private final String meaning;

        Metric(String metricName, MetricUnit unit, String meaning) {
            this.metricName = metricName;
            this.unit = unit;
            this.meaning = meaning;
        }

        /** The CloudWatch metric name. */
        public String metricName() {
            return metricName;
        }

        /** The unit. */
        public MetricUnit unit() {
            return unit;
        }

        /** What it counts. */
        public String meaning() {
            return meaning;
        }

        /** Its dimension names. */
        public List<String> dimensions() {
            return switch (this) {
                case CHECK_FAILURES -> List.of(SCOPE, CHECK_ID);
                case UNKNOWN_FACTS -> List.of(SCOPE, ACTION);
                case ALERTS_DELIVERED, DELIVERY_FAILURES -> List.of(SCOPE, CHANNEL);
                default -> List.of(SCOPE);
            };
        }
    }

    private final Metrics metrics;
    private final Kind kind;

    /** Emits the own account's metrics through this instance (see {@link #stdoutMetrics}). */
    public FleetMetrics(Metrics metrics) {
        this(metrics, Kind.OWN);
    }

    /** Emits the metrics of runs of this kind through this instance. */
    public FleetMetrics(Metrics metrics, Kind kind) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * The Powertools Metrics singleton, configured once: EMF to standard output (see {@link StdoutEmfEnvironment}),
     * the namespace (the MetricsNamespace parameter, {@code POWERTOOLS_METRICS_NAMESPACE}).
     */
    public static Metrics stdoutMetrics(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return MetricsBuilder.builder()
                .withMetricsProvider(() -> new EmfMetricsLogger(new StdoutEmfEnvironment(), new MetricsContext()))
                .withNamespace(namespace)
                .withRaiseOnEmptyMetrics(false)
                .build();
    }

    /**
     * Emits the metrics of a completed run and flushes.
     *
     * @param report          the tracked report (its {@code unhealthySince} values give OldestUnhealthyMinutes)
     * @param completeScope   whether the run covered the whole fleet (Scope Fleet) or some instances (Partial)
     * @param alertsPublished alerts SNS accepted in the run
     * @param now             the time the incident ages are measured at
     */
    public void record(ScanReport report, boolean completeScope, int alertsPublished, Instant now) {
        record(report, completeScope, alertsPublished, report.durationMs(), report.awsApiCalls(), now);
    }

    /**
     * Like {@link #record(ScanReport, boolean, int, Instant)}, with the duration and the API calls of the whole run
     * (collection, tracking and publishing) instead of the report's, which end with the evaluation.
     */
    public void record(ScanReport report, boolean completeScope, int alertsPublished, long durationMs,
            int awsApiCalls, Instant now) {
        recordTotals(report.summary(), checkFailures(report), unknownFacts(report),
                oldestUnhealthyMinutes(report, now), completeScope, alertsPublished, durationMs, awsApiCalls);
    }

    /**
     * Emits the metrics of a completed run from its totals and flushes: what {@link #record} emits for a report, for a
     * run whose reports are not at hand (a split scan assembled from its shards' totals).
     *
     * @param summary         the verdict counts
     * @param checkFailures   instances failing or warning per check
     * @param unknownFacts    unknown facts, {@value #ALL_ACTIONS} first, then per IAM action
     * @param oldestMinutes   the oldest open incident, in minutes
     * @param completeScope   whether the run covered the whole fleet
     * @param alertsPublished alerts SNS accepted
     * @param durationMs      the run's duration
     * @param awsApiCalls     its AWS calls
     */
    public void recordTotals(Summary summary, Map<CheckId, Integer> checkFailures, Map<String, Integer> unknownFacts,
            long oldestMinutes, boolean completeScope, int alertsPublished, long durationMs, long awsApiCalls) {
        String scope = completeScope ? kind.completeScope() : PARTIAL;
        try {
            metrics.setDefaultDimensions(DimensionSet.of(SCOPE, scope));
            add(Metric.INSTANCES_EVALUATED, summary.evaluated());
            add(Metric.HEALTHY_INSTANCES, summary.healthy());
            add(Metric.AT_RISK_INSTANCES, summary.atRisk());
            add(Metric.UNHEALTHY_INSTANCES, summary.unhealthy());
            add(Metric.UNKNOWN_INSTANCES, summary.unknown());
            add(Metric.OLDEST_UNHEALTHY_MINUTES, oldestMinutes);
            add(Metric.SCAN_DURATION_MS, durationMs);
            add(Metric.AWS_API_CALLS, awsApiCalls);
            add(Metric.ALERTS_PUBLISHED, alertsPublished);
            checkFailures.forEach((id, count) -> metrics.flushMetrics(single -> {
                single.setDefaultDimensions(DimensionSet.of(SCOPE, scope, CHECK_ID, id.name()));
                single.addMetric(Metric.CHECK_FAILURES.metricName(), count, Metric.CHECK_FAILURES.unit());
            }));
            unknownFacts.forEach((action, count) -> metrics.flushMetrics(single -> {
                single.setDefaultDimensions(DimensionSet.of(SCOPE, scope, ACTION, action));
                single.addMetric(Metric.UNKNOWN_FACTS.metricName(), count, Metric.UNKNOWN_FACTS.unit());
            }));
        } finally {
            metrics.flush();
        }
    }

    /**
     * Emits the metrics of a failed run and flushes: the duration, the API calls, no alerts. The fleet counts are
     * left out (unknown), so a failed run cannot clear the UnhealthyInstances alarm.
     */
    public void recordFailure(boolean completeScope, long durationMs, int awsApiCalls) {
        try {
            metrics.setDefaultDimensions(DimensionSet.of(SCOPE, completeScope ? kind.completeScope() : PARTIAL));
            add(Metric.SCAN_DURATION_MS, durationMs);
            add(Metric.AWS_API_CALLS, awsApiCalls);
            add(Metric.ALERTS_PUBLISHED, 0);
        } finally {
            metrics.flush();
        }
    }

    /**
     * Emits, per enabled channel, the alerts its service accepted ({@code AlertsDelivered}) and those it did not
     * ({@code DeliveryFailures}: they stay in the outbox for the next run), zeros included, and flushes. A channel
     * that keeps failing (Security Hub not enabled in the account, a chat topic deleted) shows up here and in the log
     * line of every run, and the DeliveryFailuresAlarm of template.yaml fires.
     */
    public void deliveries(boolean completeScope, Collection<Channel> channels, DeliveryCounts delivery) {
        String scope = completeScope ? FLEET : PARTIAL;
        try {
            for (Channel channel : channels) {
                metrics.flushMetrics(single -> {
                    single.setDefaultDimensions(DimensionSet.of(SCOPE, scope, CHANNEL, channel.metricName()));
                    single.addMetric(Metric.ALERTS_DELIVERED.metricName(), delivery.delivered(channel),
                            Metric.ALERTS_DELIVERED.unit());
                    single.addMetric(Metric.DELIVERY_FAILURES.metricName(), delivery.failures(channel),
                            Metric.DELIVERY_FAILURES.unit());
                });
            }
        } finally {
            metrics.flush();
        }
    }

    /** What a run delivered per channel (track.DeliveryResult; publish may not import track). */
    public interface DeliveryCounts {

        /** Alerts the channel's service accepted. */
        int delivered(Channel channel);

        /** Alerts it did not accept. */
        int failures(Channel channel);
    }

    /**
     * Emits the heartbeat of the scheduled scan and flushes: ScanCompleted 1 when it completed, 0 when it failed,
     * with Scope {@value #FLEET} ({@value #MEMBER} for the worker's scans of member targets). Only the scheduled scans
     * call this: the heartbeat alarm must not be fed by a direct or dry-run full-fleet invocation while the schedule
     * itself has stopped.
     */
    public void heartbeat(boolean completed) {
        try {
            metrics.setDefaultDimensions(DimensionSet.of(SCOPE, kind.completeScope()));
            add(Metric.SCAN_COMPLETED, completed ? 1 : 0);
        } finally {
            metrics.flush();
        }
    }

    /** Per check of the catalogue, how many instances of the report FAIL or WARN it (zeros included). */
    public static Map<CheckId, Integer> checkFailures(ScanReport report) {
        Map<CheckId, Integer> counts = new EnumMap<>(CheckId.class);
        for (CheckId id : CheckId.values()) {
            counts.put(id, 0);
        }
        for (InstanceReport instance : report.instances()) {
            for (CheckResult check : instance.checks()) {
                if (check.status() == Status.FAIL || check.status() == Status.WARN) {
                    counts.merge(check.id(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * How many facts the run could not read: {@value #ALL_ACTIONS} first (the total, also when 0), then per IAM action
     * of the calls that failed (only those), sorted. Bounded: the actions are those the functions are granted.
     */
    public static Map<String, Integer> unknownFacts(ScanReport report) {
        Map<String, Integer> byAction = new TreeMap<>();
        int total = 0;
        for (MissingFact fact : report.unknownFacts()) {
            int count = fact.resources().size();
            total += count;
            if (fact.action() != null) {
                byAction.merge(fact.action(), count, Integer::sum);
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(ALL_ACTIONS, total);
        out.putAll(byAction);
        return out;
    }

    /** Minutes since the oldest open incident among the report's failing instances began; 0 when none. */
    public static long oldestUnhealthyMinutes(ScanReport report, Instant now) {
        long oldest = 0;
        for (InstanceReport instance : report.instances()) {
            if (instance.verdict().failing() && instance.unhealthySince() != null) {
                oldest = Math.max(oldest, Duration.between(instance.unhealthySince(), now).toMinutes());
            }
        }
        return oldest;
    }

    private void add(Metric metric, double value) {
        metrics.addMetric(metric.metricName(), value, metric.unit());
    }
}
