package dev.subsentinel.app.multi;

import dev.subsentinel.publish.TargetMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The scheduled coordinator of a multi-account deployment (DESIGN section 8): lists the targets (every configured or
 * ACTIVE organization account, in every configured region) and sends one SQS message per (account, region) to the
 * worker, which scans it. Lambda and SQS are the distributed engine: the queue holds the work, the event source
 * mapping bounds the concurrency, failed messages are retried and end in the dead-letter queue.
 *
 * <p>The monitor's own account in its own region is left out: the scan function scans it on the same schedule. A
 * listing that fails (Organizations denied, throttled beyond the SDK's retries) fails the run: the invocation errors
 * and nothing is sent. A message SQS refuses is reported in the outcome, logged at ERROR and counted in
 * {@code TargetsNotQueued}; the others are sent.
 */
public final class Coordinator {

    private static final Logger LOG = LogManager.getLogger(Coordinator.class);

    private final AccountSource accounts;
    private final List<String> regions;
    private final TargetQueue queue;
    private final Supplier<String> ownAccount;
    private final String ownRegion;
    private final Supplier<String> runIds;
    private final TargetMetrics metrics;

    /**
     * A coordinator.
     *
     * @param accounts   the accounts to scan
     * @param regions    the regions to scan in each
     * @param queue      the worker's queue
     * @param ownAccount the monitor's account
     * @param ownRegion  the monitor's region
     * @param runIds     a source of run ids
     * @param metrics    where the run is counted, or null
     */
    public Coordinator(AccountSource accounts, List<String> regions, TargetQueue queue, Supplier<String> ownAccount,
            String ownRegion, Supplier<String> runIds, TargetMetrics metrics) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.regions = List.copyOf(regions);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.ownAccount = Objects.requireNonNull(ownAccount, "ownAccount");
        this.ownRegion = Objects.requireNonNull(ownRegion, "ownRegion");
        this.runIds = Objects.requireNonNull(runIds, "runIds");
        this.metrics = metrics;
        if (this.regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region");
        }
    }

    /** Lists the targets and sends them. */
    public CoordinatorOutcome run() {
        AccountSource.Accounts listed = accounts.accounts();
        String runId = runIds.get();
        List<Target> targets = new ArrayList<>();
        List<Target> covered = new ArrayList<>();
        for (String account : listed.active()) {
            for (String region : regions) {
                Target target = new Target(account, region);
                if (account.equals(ownAccount.get()) && region.equals(ownRegion)) {
                    covered.add(target);
                } else {
                    targets.add(target);
                }
            }
        }
        List<TargetMessage> messages = targets.stream()
                .map(t -> TargetMessage.whole(runId, t, Math.max(1, targets.size()))).toList();
        Map<Target, String> notQueued = new LinkedHashMap<>();
        queue.send(messages).forEach((message, reason) -> notQueued.put(message.target(), reason));
        List<Target> queued = targets.stream().filter(t -> !notQueued.containsKey(t)).toList();
        notQueued.forEach((target, reason) -> LOG.error("target {} not queued (run {}): {}", target, runId, reason));
        listed.skipped().forEach((account, state) -> LOG.info("account {} skipped: {}", account, state));
        if (metrics != null) {
            metrics.coordinated(queued.size(), notQueued.size(), listed.skipped().size());
        }
        LOG.info("coordinator run {}: {} target(s) queued ({} account(s) x {} region(s)), {} not queued, {} covered by"
                + " the scan function, {} account(s) skipped", runId, queued.size(), listed.active().size(),
                regions.size(), notQueued.size(), covered.size(), listed.skipped().size());
        return new CoordinatorOutcome(runId, queued, notQueued, covered, listed.skipped());
    }
}
