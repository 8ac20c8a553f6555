package dev.subsentinel.app.multi;

import java.util.List;
import java.util.Map;

/**
 * What a coordinator's run did.
 *
 * @param runId           the run (every message carries it)
 * @param queued          the targets sent to the worker
 * @param notQueued       the targets SQS did not accept, each with the reason (reported loudly; the next run sends
 *                        them again)
 * @param covered         the target the scan function covers itself (the monitor's own account and region), if
 *                        listed
 * @param skippedAccounts accounts left out, each with why (not ACTIVE in the organization)
 */
public record CoordinatorOutcome(String runId, List<Target> queued, Map<Target, String> notQueued,
        List<Target> covered, Map<String, String> skippedAccounts) {

    public CoordinatorOutcome {
        queued = List.copyOf(queued);
        notQueued = Map.copyOf(notQueued);
        covered = List.copyOf(covered);
        skippedAccounts = Map.copyOf(skippedAccounts);
    }
}
