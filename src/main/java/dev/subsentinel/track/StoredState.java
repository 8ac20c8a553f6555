package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the tracking table: the transition state of an instance, its outbox of unsent alerts and the version
 * that every write checks and increments.
 *
 * @param key                the instance
 * @param state              what tracking remembers
 * @param outbox             alerts waiting for SNS, oldest first
 * @param version            incremented by every write; a write succeeds only if the version is still the one read
 * @param lastTransition     the last transition that called for an alert (null when none yet)
 * @param lastScanId         the run that last wrote the state
 * @param lastAlertMessageId the SNS MessageId of the last accepted alert (null when none yet)
 * @param expiresAt          when DynamoDB may delete the row (TTL; set once the instance is gone, else null)
 */
public record StoredState(InstanceKey key, TransitionState state, List<OutboxEntry> outbox, long version,
        Transition lastTransition, String lastScanId, String lastAlertMessageId, Instant expiresAt) {

    public StoredState {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** The outbox entry with this id, or null. */
    public OutboxEntry entry(String alertId) {
        for (OutboxEntry entry : outbox) {
            if (entry.alertId().equals(alertId)) {
                return entry;
            }
        }
        return null;
    }

    /** A copy with another outbox and version. */
    public StoredState with(List<OutboxEntry> newOutbox, long newVersion) {
        return new StoredState(key, state, newOutbox, newVersion, lastTransition, lastScanId, lastAlertMessageId,
                expiresAt);
    }
}
