package dev.subsentinel.track;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A {@link SplitStore} in memory, with the DynamoDB adapter's semantics (tests, local runs). */
public final class InMemorySplitStore implements SplitStore {

    private static final class Run {
        private final int shards;
        private final boolean listingPartial;
        private final Instant plannedAt;
        private final Set<Integer> done = new TreeSet<>();
        private Totals totals = Totals.none();
        private boolean assembled;

        Run(int shards, boolean listingPartial, Instant plannedAt) {
            this.shards = shards;
            this.listingPartial = listingPartial;
            this.plannedAt = plannedAt;
        }
    }

    private final Map<String, Run> runs = new HashMap<>();

    @Override
    public synchronized void planned(String accountId, String region, String runId, int shards,
            boolean listingPartial, Instant now) {
        runs.putIfAbsent(key(accountId, region, runId), new Run(shards, listingPartial, now));
    }

    @Override
    public synchronized Assembled shardDone(String accountId, String region, String runId, int index, Totals totals,
            Instant now) {
        Run run = runs.get(key(accountId, region, runId));
        if (run == null) {
            throw new IllegalStateException("no split scan " + runId + " of " + accountId + "/" + region);
        }
        if (run.done.add(index)) {
            run.totals = run.totals.plus(totals);
        }
        if (run.done.size() < run.shards || run.assembled) {
            return null;
        }
        run.assembled = true;
        return new Assembled(run.shards, run.totals, run.listingPartial, run.plannedAt);
    }

    private static String key(String accountId, String region, String runId) {
        return SplitStore.partition(accountId, region) + "|" + runId;
    }
}
