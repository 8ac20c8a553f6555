package dev.subsentinel.track;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Summary;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The record of a split scan (issue 11): a fleet too large for one invocation is scanned in shards, one SQS message
 * each, and the fleet's verdict is assembled from what each shard reports. The store counts the shards that reported
 * (each once, however often SQS delivers it) and sums their totals; the shard that completes the set gets the totals
 * back, exactly once, to report the fleet (metrics and heartbeat). Rows of this store live in the tracking table under
 * a partition of their own ({@code split#<account>#<region>}), so tracking never sees them, and expire after
 * {@link #RETENTION_DAYS} days.
 */
public interface SplitStore {

    /** How long the record of a split scan is kept (DynamoDB TTL). */
    int RETENTION_DAYS = 2;

    /**
     * What one shard, or a whole split scan, found.
     *
     * @param summary                the verdict counts
     * @param checkFailures          instances failing or warning per check
     * @param oldestUnhealthyMinutes the oldest open incident among its instances
     * @param unknownFacts           facts that could not be read
     * @param partialShards          shards whose report was partial (0 or 1 for a shard)
     * @param apiCalls               AWS calls made
     * @param alertsSent             alerts SNS accepted
     */
    record Totals(Summary summary, Map<CheckId, Integer> checkFailures, long oldestUnhealthyMinutes,
            int unknownFacts, int partialShards, long apiCalls, int alertsSent) {

        public Totals {
            Objects.requireNonNull(summary, "summary");
            Map<CheckId, Integer> counts = new EnumMap<>(CheckId.class);
            for (CheckId id : CheckId.values()) {
                counts.put(id, checkFailures.getOrDefault(id, 0));
            }
            checkFailures = Map.copyOf(counts);
        }

        /** Nothing yet. */
        public static Totals none() {
            return new Totals(new Summary(0, 0, 0, 0, 0, 0, 0), Map.of(), 0, 0, 0, 0, 0);
        }

        /** The sum of two (the oldest incident is the older one). */
        public Totals plus(Totals other) {
            Summary a = summary;
            Summary b = other.summary;
            Map<CheckId, Integer> counts = new EnumMap<>(CheckId.class);
            for (CheckId id : CheckId.values()) {
                counts.put(id, checkFailures.get(id) + other.checkFailures.get(id));
            }
            return new Totals(new Summary(a.evaluated() + b.evaluated(), a.healthy() + b.healthy(),
                    a.atRisk() + b.atRisk(), a.unhealthy() + b.unhealthy(), a.unknown() + b.unknown(),
                    a.stopped() + b.stopped(), a.terminated() + b.terminated()), counts,
                    Math.max(oldestUnhealthyMinutes, other.oldestUnhealthyMinutes), unknownFacts + other.unknownFacts,
                    partialShards + other.partialShards, apiCalls + other.apiCalls, alertsSent + other.alertsSent);
        }
    }

    /**
     * The assembled split scan, handed to the one shard that completed it.
     *
     * @param shards         how many shards it had
     * @param totals         the sum of their totals
     * @param listingPartial whether the listing the scan was split by was partial
     * @param plannedAt      when it was split
     */
    record Assembled(int shards, Totals totals, boolean listingPartial, Instant plannedAt) {

        /** Whether the fleet's verdict is partial: the listing or a shard was. */
        public boolean partial() {
            return listingPartial || totals.partialShards() > 0;
        }
    }

    /** Records that a run was split into {@code shards} shards (before their messages are sent). */
    void planned(String accountId, String region, String runId, int shards, boolean listingPartial, Instant now);

    /**
     * Records one shard's totals (once per shard, whatever the deliveries) and answers the assembled scan when this
     * shard made the set complete and no delivery assembled it before; null otherwise.
     */
    Assembled shardDone(String accountId, String region, String runId, int index, Totals totals, Instant now);

    /** The partition of a split scan's record. */
    static String partition(String accountId, String region) {
        return "split#" + accountId + "#" + region;
    }
}
