package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert decided but not yet accepted by SNS, kept in the instance's row until a run confirms it (see
 * {@link Tracker} for the protocol).
 *
 * @param alertId      the alert
 * @param transition   its transition
 * @param createdAt    when it was decided
 * @param document     the alert document (JSON, schema {@code subscription-sentinel/alert/v3}; v1 and v2
 *                     documents stored before it are sent as they are)
 * @param claimToken   the token of the run that claimed it for sending; null when unclaimed
 * @param claimedUntil when that claim lapses (a crashed run's claim is taken over after it); null when unclaimed
 * @param attempts     how many times a run claimed it
 * @param lastError    why the last attempt failed; null when none did
 */
public record OutboxEntry(String alertId, Transition transition, Instant createdAt, String document,
        String claimToken, Instant claimedUntil, int attempts, String lastError) {

    public OutboxEntry {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(document, "document");
    }

    /** A new, unclaimed entry. */
    public static OutboxEntry of(String alertId, Transition transition, Instant createdAt, String document) {
        return new OutboxEntry(alertId, transition, createdAt, document, null, null, 0, null);
    }

    /** Whether a run may claim it at {@code now}: unclaimed, or its claim lapsed before {@code now}. */
    public boolean claimable(Instant now) {
        return claimedUntil == null || claimedUntil.isBefore(now);
    }

    /** A copy claimed by {@code token} until {@code until}. */
    public OutboxEntry claimed(String token, Instant until) {
        return new OutboxEntry(alertId, transition, createdAt, document, token, until, attempts + 1, lastError);
    }

    /** A copy released after a failed attempt. */
    public OutboxEntry released(String error) {
        return new OutboxEntry(alertId, transition, createdAt, document, null, null, attempts, error);
    }

    /** The approximate stored size in bytes (the document in UTF-8 plus room for the other attributes). */
    public int sizeBytes() {
        return document.getBytes(StandardCharsets.UTF_8).length + 200;
    }
}
