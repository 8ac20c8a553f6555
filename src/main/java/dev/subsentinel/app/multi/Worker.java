package dev.subsentinel.app.multi;

import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.CollectionException;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.publish.TargetMetrics;
import dev.subsentinel.track.SplitStore;
import dev.subsentinel.track.TrackingConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The worker of a multi-account deployment: scans the target of one SQS message with the same engine as the scan
 * function ({@link dev.subsentinel.app.ScanService} over the target's clients), tracked in the same table (its keys
 * carry the account and region) and alerted on the same topic (every alert names its account and region).
 *
 * <ul>
 *   <li>A whole target: its member role is assumed (a failure ends the target at once: {@link Status#FAILED}, not
 *       retried, an ERROR line and {@code TargetScanFailed} 1); if the fleet is too large for one invocation it is
 *       split ({@link SplitScans}); otherwise it is scanned as the scheduled scan is ({@code ScanCompleted} with
 *       {@code Scope} Member is its heartbeat).</li>
 *   <li>A shard of a split scan: its instances are scanned (a narrowed scan: tracked and alerted, never inferring
 *       that an instance it did not see is gone), its totals recorded; the shard that completes the set reports the
 *       fleet's metrics and heartbeat, with the Scope of the fleet it belongs to (Fleet for the function's own
 *       account and region, Member otherwise).</li>
 * </ul>
 * A failure a retry may fix (the fleet could not be listed, tracking kept conflicting, an unexpected error) is
 * answered with {@code retry}: the message is delivered again and ends in the dead-letter queue if it keeps failing.
 * Every target's outcome is one log line, and {@code TargetScanFailed} (0 or 1) counts it; per-target dimensions are
 * added when the run's targets are within SENTINEL_ACCOUNT_METRICS_LIMIT ({@link TargetMetrics}).
 */
public final class Worker {

    private static final Logger LOG = LogManager.getLogger(Worker.class);

    /** Builds the engine of a target on its clients, with the given metrics (null: none). */
    @FunctionalInterface
    public interface Engines {
        TargetEngine engine(TargetEngine.Access access, FleetMetrics metrics);
    }

    private final MemberAccess access;
    private final Engines engines;
    private final Function<FleetMetrics.Kind, FleetMetrics> fleetMetrics;
    private final SplitScans splits;
    private final TargetMetrics metrics;
    private final int accountMetricsLimit;
    private final Clock clock;

    /**
     * A worker.
     *
     * @param access              how targets are reached
     * @param engines             builds a target's engine
     * @param fleetMetrics        the fleet metrics of a kind of fleet (null values: no metrics)
     * @param splits              how large fleets are split, or null when they are not (no queue or no table)
     * @param metrics             per-target metrics, or null
     * @param accountMetricsLimit runs with more targets than this get no per-target dimensions
     * @param clock               the clock
     */
    public Worker(MemberAccess access, Engines engines, Function<FleetMetrics.Kind, FleetMetrics> fleetMetrics,
            SplitScans splits, TargetMetrics metrics, int accountMetricsLimit, Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.fleetMetrics = Objects.requireNonNull(fleetMetrics, "fleetMetrics");
        this.splits = splits;
        this.metrics = metrics;
        this.accountMetricsLimit = accountMetricsLimit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Scans the message's target or shard (see the class comment). Never throws for a target's failure. */
    public WorkerOutcome handle(TargetMessage message, Deadline deadline) {
        Target target = message.target();
        boolean perTarget = message.targets() <= accountMetricsLimit;
        Clients clients;
        try {
            clients = access.clients(target);
        } catch (MemberAccessException e) {
            return failed(message, e.getMessage(), false, perTarget);
        }
        boolean shard = message.shard() != null;
        try (TargetEngine engine = engines.engine(new TargetEngine.Access(target, clients),
                shard ? null : fleetMetrics.apply(FleetMetrics.Kind.MEMBER))) {
            return shard ? shard(message, engine, deadline, perTarget) : whole(message, engine, deadline, perTarget);
        } catch (CollectionException e) {
            return failed(message, "the fleet could not be read: " + e.getMessage(), true, perTarget);
        } catch (TrackingConflictException e) {
            return failed(message, e.getMessage(), true, perTarget);
        } catch (RuntimeException e) {
            LOG.error("target {} ({}) failed unexpectedly", target, message.runId(), e);
            return failed(message, e.getClass().getSimpleName() + ": " + e.getMessage(), true, perTarget);
        }
    }

    private WorkerOutcome whole(TargetMessage message, TargetEngine engine, Deadline deadline, boolean perTarget) {
        Target target = message.target();
        if (splits != null) {
            SplitScans.Split split = splits.trySplit(target, message.runId(), message.targets(), engine.scans(),
                    engine.collector());
            if (split != null) {
                if (!split.notSent().isEmpty()) {
                    return failed(message, split.notSent().size() + " of " + split.shards() + " shards not sent: "
                            + split.notSent().values().iterator().next(), true, perTarget);
                }
                LOG.info("target {} ({}): {} instances split into {} shards of at most {}", target, message.runId(),
                        split.size(), split.shards(), splits.maxInstances());
                return new WorkerOutcome(target, WorkerOutcome.Status.SPLIT, split.size() + " instances split into "
                        + split.shards() + " shards", null, false, false);
            }
        }
        ScanOutcome outcome = engine.scans().scan(ScanRequest.scheduled("target " + target + " (coordinator run "
                + message.runId() + ")").withDeadline(deadline));
        Summary summary = outcome.report().summary();
        if (metrics != null) {
            metrics.scanned(target.accountId(), target.region(), false, summary.unhealthy(), perTarget);
        }
        return new WorkerOutcome(target, WorkerOutcome.Status.COMPLETED, summary.evaluated() + " instances, "
                + summary.unhealthy() + " unhealthy", summary, outcome.report().partial(), false);
    }

    private WorkerOutcome shard(TargetMessage message, TargetEngine engine, Deadline deadline, boolean perTarget) {
        Target target = message.target();
        TargetMessage.Shard shard = message.shard();
        if (splits == null) {
            return failed(message, "a shard arrived but split scans are not configured (SENTINEL_TARGET_QUEUE_URL,"
                    + " SENTINEL_STATE_TABLE)", false, perTarget);
        }
        ScanOutcome outcome = engine.scans().scan(new ScanRequest("shard " + (shard.index() + 1) + " of "
                + shard.count() + " of " + target + " (run " + message.runId() + ")",
                Scope.instances(shard.instanceIds()), false, false, Prefetched.NONE, ScanRequest.Kind.ON_DEMAND,
                deadline));
        SplitStore.Assembled assembled = splits.shardDone(message, outcome);
        if (assembled == null) {
            Summary summary = outcome.report().summary();
            return new WorkerOutcome(target, WorkerOutcome.Status.SHARD_DONE, "shard " + (shard.index() + 1) + " of "
                    + shard.count() + ": " + summary.evaluated() + " instances", summary, outcome.report().partial(),
                    false);
        }
        report(target, message, assembled, perTarget);
        return new WorkerOutcome(target, WorkerOutcome.Status.ASSEMBLED, "split scan of " + assembled.shards()
                + " shards complete: " + assembled.totals().summary().evaluated() + " instances",
                assembled.totals().summary(), assembled.partial(), false);
    }

    /** The fleet's metrics and heartbeat of an assembled split scan, with the Scope of the fleet it covers. */
    private void report(Target target, TargetMessage message, SplitStore.Assembled assembled, boolean perTarget) {
        boolean own = access.own(target) && target.region().equals(access.ownRegion());
        FleetMetrics fleet = fleetMetrics.apply(own ? FleetMetrics.Kind.OWN : FleetMetrics.Kind.MEMBER);
        SplitStore.Totals totals = assembled.totals();
        if (fleet != null) {
            fleet.recordTotals(totals.summary(), totals.checkFailures(), Map.of(FleetMetrics.ALL_ACTIONS,
                    totals.unknownFacts()), totals.oldestUnhealthyMinutes(), true, totals.alertsSent(),
                    Duration.between(assembled.plannedAt(), clock.instant()).toMillis(), totals.apiCalls());
            fleet.heartbeat(true);
        }
        if (metrics != null && !own) {
            metrics.scanned(target.accountId(), target.region(), false, totals.summary().unhealthy(), perTarget);
        }
        LOG.info("split scan {} of {} complete: {} shards, {} evaluated, {} healthy, {} at risk, {} unhealthy, {}"
                + " unknown{}", message.runId(), target, assembled.shards(), totals.summary().evaluated(),
                totals.summary().healthy(), totals.summary().atRisk(), totals.summary().unhealthy(),
                totals.summary().unknown(), assembled.partial() ? " (partial)" : "");
    }

    private WorkerOutcome failed(TargetMessage message, String reason, boolean retry, boolean perTarget) {
        Target target = message.target();
        LOG.error("target {} failed (run {}{}): {}", target, message.runId(), retry ? ", to be retried" : "", reason);
        if (metrics != null) {
            metrics.scanned(target.accountId(), target.region(), true, 0, perTarget);
        }
        return new WorkerOutcome(target, WorkerOutcome.Status.FAILED, reason, null, false, retry);
    }
}
