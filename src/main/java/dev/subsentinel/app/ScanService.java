package dev.subsentinel.app;

import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.collect.SnapshotSource;
import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Channel;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.track.DeliveryResult;
import dev.subsentinel.track.Tracker;
import dev.subsentinel.track.TrackingResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The engine every trigger shares: scope, collect, evaluate, track, publish (DESIGN section 1). Triggers differ only
 * in the {@link ScanRequest}: the scheduled scan covers the fleet, change events and manual runs name instances.
 *
 * <p>Without tracking (no state table) the run evaluates and emits metrics only. A dry run previews the tracking and
 * prints the alerts it would send. Metrics are emitted on every run, also when it fails; the heartbeat
 * (ScanCompleted, 1 or 0) only by the scheduled scan ({@link ScanRequest.Kind#SCHEDULED}), so that a direct or dry
 * full-fleet run cannot stand in for a schedule that stopped. One INFO line per run summarises it (DEBUG for
 * SnapStart priming, which is not a scan).
 */
public final class ScanService {

    private static final Logger LOG = LogManager.getLogger(ScanService.class);

    /**
     * The optional parts of a run.
     *
     * @param tracker     tracking and alert delivery, or null without a state table
     * @param liveSinks   where alerts go in a live run, per channel (the alert topic, the chat topic, Security Hub);
     *                    empty without any
     * @param dryRunSinks where alerts go in a dry run (printed), per channel; the alert topic's is required
     * @param metrics     the run's metrics, or null for none (the CLI's scan)
     */
    public record Outputs(Tracker tracker, Map<Channel, AlertSink> liveSinks, Map<Channel, AlertSink> dryRunSinks,
            FleetMetrics metrics) {

        public Outputs {
            liveSinks = liveSinks == null ? Map.of() : Map.copyOf(liveSinks);
            dryRunSinks = Map.copyOf(Objects.requireNonNull(dryRunSinks, "dryRunSinks"));
            Objects.requireNonNull(dryRunSinks.get(Channel.ALERTS), "the alert topic's dry-run sink");
        }

        /** Outputs with the alert topic as the only channel. */
        public Outputs(Tracker tracker, AlertSink liveSink, AlertSink dryRunSink, FleetMetrics metrics) {
            this(tracker, liveSink == null ? Map.of() : Map.of(Channel.ALERTS, liveSink),
                    Map.of(Channel.ALERTS, Objects.requireNonNull(dryRunSink, "dryRunSink")), metrics);
        }
    }

    private final SnapshotSource collector;
    private final Evaluator evaluator;
    private final Outputs outputs;
    private final ApiCallCounter counter;
    private final Supplier<String> accountId;
    private final String region;
    private final Clock clock;
    private final Supplier<String> scanIds;

    /**
     * A service over its collaborators.
     *
     * @param collector where snapshots come from (the collector)
     * @param evaluator the evaluator
     * @param outputs   tracking, sinks and metrics
     * @param counter   the API call counter of every client the run uses
     * @param accountId the account (resolved once, before the first collection: tracking needs it first)
     * @param region    the region
     * @param clock     the clock
     * @param scanIds   a source of unique run ids
     */
    public ScanService(SnapshotSource collector, Evaluator evaluator, Outputs outputs, ApiCallCounter counter,
            Supplier<String> accountId, String region, Clock clock, Supplier<String> scanIds) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scanIds = Objects.requireNonNull(scanIds, "scanIds");
    }

    /** Whether runs track state and can alert. */
    public boolean tracking() {
        return outputs.tracker() != null;
    }

    /** The instances tracking remembers in this account and region (empty without tracking). */
    public Set<String> trackedInstanceIds() {
        Tracker tracker = outputs.tracker();
        return tracker == null ? Set.of() : tracker.trackedInstanceIds(accountId.get(), region);
    }

    /**
     * Runs the engine once.
     *
     * @throws dev.subsentinel.collect.CollectionException when the scope could not be established: the run fails
     *         loudly (its metrics say ScanCompleted 0)
     * @throws dev.subsentinel.track.TrackingConflictException when the state kept changing under the run
     */
    public ScanOutcome scan(ScanRequest request) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long callsBefore = counter.total();
        String scanId = scanIds.get();
        try {
            Scope scope = request.scope();
            if (request.completeScope() && tracking()) {
                scope = Scope.fleet(trackedInstanceIds());
            }
            Prefetched prefetched = request.prefetched();
            if (prefetched.instances() != null && prefetched.accountId() == null) {
                prefetched = prefetched.withAccountId(accountId.get());
            }
            FleetSnapshot snapshot = collector.collect(scope, prefetched, request.deadline());
            Instant now = clock.instant();
            Evaluator.Evaluation evaluation = evaluator.evaluate(snapshot, scope.idsToEvaluate(snapshot), now);
            ScanReport report = ScanReport.of(scanId, snapshot.accountId(), snapshot.region(), started,
                    elapsedMs(t0), calls(callsBefore), evaluation.partial(snapshot), evaluation.missingFacts(snapshot),
                    evaluation.reports());
            List<Alert> alerts = List.of();
            List<TrackingResult.InstanceTransition> transitions = List.of();
            DeliveryResult delivery = DeliveryResult.NONE;
            Tracker tracker = outputs.tracker();
            if (tracker != null) {
                TrackingResult tracking = request.dryRun() ? tracker.preview(report, request.completeScope(), now)
                        : tracker.track(report, request.completeScope(), now);
                // Without any live channel (no topic) the alerts are shown as a dry run would, as before channels.
                Map<Channel, AlertSink> sinks = request.dryRun() || outputs.liveSinks().isEmpty()
                        ? outputs.dryRunSinks() : outputs.liveSinks();
                delivery = tracker.deliver(tracking, sinks, now);
                report = tracking.report();
                alerts = tracking.alerts();
                transitions = tracking.transitions();
            }
            report = report.withCost(elapsedMs(t0), calls(callsBefore));
            if (outputs.metrics() != null) {
                outputs.metrics().record(report, request.completeScope(), request.dryRun() ? 0 : delivery.sent(),
                        report.durationMs(), report.awsApiCalls(), clock.instant());
                if (tracker != null && !request.dryRun()) {
                    outputs.metrics().deliveries(request.completeScope(), outputs.liveSinks().keySet(), delivery);
                }
                if (request.kind() == ScanRequest.Kind.SCHEDULED) {
                    outputs.metrics().heartbeat(true);
                }
            }
            log(request, report, evaluation.checkErrors(), delivery);
            return new ScanOutcome(snapshot, report, alerts, delivery, transitions);
        } catch (RuntimeException e) {
            if (outputs.metrics() != null) {
                outputs.metrics().recordFailure(request.completeScope(), elapsedMs(t0), calls(callsBefore));
                if (request.kind() == ScanRequest.Kind.SCHEDULED) {
                    outputs.metrics().heartbeat(false);
                }
            }
            throw e;
        }
    }

    private void log(ScanRequest request, ScanReport report, int checkErrors, DeliveryResult delivery) {
        Summary s = report.summary();
        // Priming is not a scan: its summary would read like one (unhealthy instances, alerts sent) at every snapshot.
        LOG.log(request.kind() == ScanRequest.Kind.PRIMING ? Level.DEBUG : Level.INFO,
                "scan {} ({}{}): {} evaluated, {} healthy, {} at risk, {} unhealthy, {} unknown{}; alerts {} sent,"
                        + " {} failed{}; {} ms, {} AWS API calls{}",
                report.scanId(), request.trigger(), request.dryRun() ? ", dry run" : "", s.evaluated(), s.healthy(),
                s.atRisk(), s.unhealthy(), s.unknown(), partial(report), delivery.sent(),
                delivery.failed(), otherChannels(delivery), report.durationMs(), report.awsApiCalls(),
                checkErrors > 0 ? "; " + checkErrors + " check error(s)" : "");
    }

    /** "; ChatTopic 2 sent, 0 failed; SecurityHub 1 sent, 1 failed": the channels besides the alert topic. */
    private static String otherChannels(DeliveryResult delivery) {
        StringBuilder out = new StringBuilder();
        delivery.channels().forEach((channel, result) -> {
            if (channel != Channel.ALERTS) {
                out.append("; ").append(channel.metricName()).append(' ').append(result.sent()).append(" sent, ")
                        .append(result.failed()).append(" failed");
            }
        });
        return out.toString();
    }

    /** " (partial: ec2:DescribeVpcAttribute AccessDenied, ...)": which calls the unknown facts come from. */
    private static String partial(ScanReport report) {
        if (!report.partial()) {
            return "";
        }
        Set<String> causes = new LinkedHashSet<>();
        report.unknownFacts().forEach(f -> causes.add(f.action() + " " + f.errorCode()));
        return " (partial: " + String.join(", ", causes) + ")";
    }

    private int calls(long before) {
        return (int) (counter.total() - before);
    }

    private static long elapsedMs(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }
}
