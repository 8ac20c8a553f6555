package dev.subsentinel.app.multi;

import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.collect.ScopeListing;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.track.SplitStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Split scans (issue 11): a fleet of more than {@code maxInstances} instances is not scanned in one invocation (the
 * benchmark's 50,000-instance scan needs most of the heap that 1024 MB gives, docs/performance.md) but in shards of at
 * most that many, one message each to the worker, and its verdict is assembled from the shards.
 *
 * <h2>How a fleet is split</h2>
 * The scan that finds its fleet may be too large (tracking remembers more than 80 % of the bound, or nothing yet)
 * lists the scope first ({@link FleetCollector#listScope}: the tagged instances, LM-US's, the tracked ones, the same
 * calls as the start of a scan). Instances are grouped by VPC, whole VPCs packed into shards (a VPC larger than the
 * bound is cut), so that a shard reads the network of few VPCs. The tracked instances the listing did not return go
 * into the last shard: the shard asks EC2 for them by id.
 *
 * <h2>Why a split scan is as strict as a whole one</h2>
 * Each shard is a scan of the instances it names (a narrowed scope, {@code completeScope} false): it tracks and alerts
 * about its instances as any scan does, but never infers that an instance it did not see is gone. Nothing is lost by
 * that: every tracked instance the listing did not return is in a shard, asked for by id, so one that is gone is
 * TERMINATED on EC2's own evidence (terminated, or no longer described), exactly as a complete scan would find it;
 * an instance EC2 could not describe stays UNCHANGED. A shard cut short by its deadline resolves nothing, like any
 * run. The fleet's verdict, its metrics and the heartbeat ({@code ScanCompleted}) are emitted once, by the shard that
 * completes the set ({@link SplitStore}): a split scan whose shards did not all report never emits its heartbeat, so
 * the heartbeat alarm fires as for a scan that failed; a shard that keeps failing lands in the dead-letter queue,
 * whose alarm fires too. The assembled verdict is partial when the listing or any shard was.
 */
public final class SplitScans {

    private final SplitStore store;
    private final TargetQueue queue;
    private final int maxInstances;
    private final Clock clock;

    /**
     * Splitting over a store and the worker's queue.
     *
     * @param store        where shards report
     * @param queue        where shards are sent
     * @param maxInstances the most instances one invocation scans (SENTINEL_SHARD_MAX_INSTANCES)
     * @param clock        the clock
     */
    public SplitScans(SplitStore store, TargetQueue queue, int maxInstances, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1");
        }
        this.maxInstances = maxInstances;
    }

    /**
     * A split that was sent.
     *
     * @param runId   the run its shards share
     * @param shards  how many shards
     * @param size    the instances of the listing (tracked ones it did not return included)
     * @param notSent the shard messages SQS did not accept, with the reason
     */
    public record Split(String runId, int shards, int size, Map<TargetMessage, String> notSent) {

        public Split {
            notSent = Map.copyOf(notSent);
        }
    }

    /** The most instances one invocation scans. */
    public int maxInstances() {
        return maxInstances;
    }

    /**
     * Splits the target's fleet when it is too large for one invocation: lists it (only when tracking says it may be
     * too large), then records the plan and sends the shards. Null when the fleet is to be scanned whole.
     *
     * @throws dev.subsentinel.collect.CollectionException when the fleet cannot be listed
     */
    public Split trySplit(Target target, String runId, int targets, ScanService scans, FleetCollector collector) {
        Set<String> tracked = scans.trackedInstanceIds();
        if (!mayExceed(tracked.size())) {
            return null;
        }
        ScopeListing listing = collector.listScope(tracked);
        List<List<String>> shards = shards(listing);
        if (shards.size() < 2) {
            return null;
        }
        store.planned(target.accountId(), target.region(), runId, shards.size(), !listing.unknown().isEmpty(),
                clock.instant());
        List<TargetMessage> messages = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            messages.add(new TargetMessage(runId, target, targets, new TargetMessage.Shard(i, shards.size(),
                    shards.get(i))));
        }
        return new Split(runId, shards.size(), listing.size(), queue.send(messages));
    }

    /** Whether a fleet with this many tracked instances may exceed the bound (nothing tracked yet: it may). */
    boolean mayExceed(int tracked) {
        return tracked == 0 || tracked * 5L > maxInstances * 4L;
    }

    /** The instance ids of each shard: whole VPCs packed up to the bound, the not-listed tracked ones last. */
    List<List<String>> shards(ScopeListing listing) {
        Map<String, List<String>> byVpc = new TreeMap<>();
        listing.vpcByInstance().forEach((id, vpc) -> byVpc.computeIfAbsent(vpc, k -> new ArrayList<>()).add(id));
        List<List<String>> shards = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (List<String> ids : byVpc.values()) {
            ids.sort(null);
            if (current.size() + ids.size() > maxInstances && !current.isEmpty()) {
                shards.add(current);
                current = new ArrayList<>();
            }
            for (String id : ids) {
                if (current.size() == maxInstances) {
                    shards.add(current);
                    current = new ArrayList<>();
                }
                current.add(id);
            }
        }
        for (String id : listing.notListed()) {
            if (current.size() == maxInstances) {
                shards.add(current);
                current = new ArrayList<>();
            }
            current.add(id);
        }
        if (!current.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    /**
     * Records a shard's outcome; answers the assembled scan when this shard completed it (exactly once per split
     * scan), null otherwise.
     */
    public SplitStore.Assembled shardDone(TargetMessage message, ScanOutcome outcome) {
        ScanReport report = outcome.report();
        SplitStore.Totals totals = new SplitStore.Totals(report.summary(), FleetMetrics.checkFailures(report),
                FleetMetrics.oldestUnhealthyMinutes(report, clock.instant()),
                FleetMetrics.unknownFacts(report).get(FleetMetrics.ALL_ACTIONS), report.partial() ? 1 : 0,
                report.awsApiCalls(), outcome.delivery().sent());
        return store.shardDone(message.target().accountId(), message.target().region(), message.runId(),
                message.shard().index(), totals, clock.instant());
    }
}
