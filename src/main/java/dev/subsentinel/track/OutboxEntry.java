package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import dev.subsentinel.publish.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert decided but not yet accepted by one of its channels, kept in the instance's row until a run confirms it
 * (see {@link Tracker} for the protocol). An alert has one entry per enabled channel.
 *
 * @param alertId      the entry's id: the alert id for the alert topic, {@code <alertId>/<channel>} for another
 *                     channel ({@link Channel#entryId})
 * @param transition   its transition
 * @param createdAt    when it was decided
 * @param document     the alert document (JSON, schema {@code subscription-sentinel/alert/v3}; v1 and v2
 *                     documents stored before it are sent as they are)
 * @param claimToken   the token of the run that claimed it for sending; null when unclaimed
 * @param claimedUntil when that claim lapses (a crashed run's claim is taken over after it); null when unclaimed
 * @param attempts     how many times a run claimed it
 * @param lastError    why the last attempt failed; null when none did
 * @param channel      where it goes (null, as in entries written before channels existed: the alert topic)
 */
public record OutboxEntry(String alertId, Transition transition, Instant createdAt, String document,
        String claimToken, Instant claimedUntil, int attempts, String lastError, Channel channel) {

    public OutboxEntry {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(document, "document");
        channel = channel == null ? Channel.ALERTS : channel;
    }

    /** An entry for the alert topic. */
    public OutboxEntry(String alertId, Transition transition, Instant createdAt, String document, String claimToken,
            Instant claimedUntil, int attempts, String lastError) {
        this(alertId, transition, createdAt, document, claimToken, claimedUntil, attempts, lastError, Channel.ALERTS);
    }

    /** A new, unclaimed entry for the alert topic. */
    public static OutboxEntry of(String alertId, Transition transition, Instant createdAt, String document) {
        return of(Channel.ALERTS, alertId, transition, createdAt, document);
    }

    /** A new, unclaimed entry of a channel for an alert ({@code alertId} is the alert's; the entry's id is derived). */
    public static OutboxEntry of(Channel channel, String alertId, Transition transition, Instant createdAt,
            String document) {
        return new OutboxEntry(channel.entryId(alertId), transition, createdAt, document, null, null, 0, null,
                channel);
    }

    /** Whether a run may claim it at {@code now}: unclaimed, or its claim lapsed before {@code now}. */
    public boolean claimable(Instant now) {
        return claimedUntil == null || claimedUntil.isBefore(now);
    }

    /** A copy claimed by {@code token} until {@code until}. */
    public OutboxEntry claimed(String token, Instant until) {
        return new OutboxEntry(alertId, transition, createdAt, document, token, until, attempts + 1, lastError,
                channel);
    }

    /** A copy released after a failed attempt. */
    public OutboxEntry released(String error) {
        return new OutboxEntry(alertId, transition, createdAt, document, null, null, attempts, error, channel);
    }

    /** The approximate stored size in bytes (the document in UTF-8 plus room for the other attributes). */
    public int sizeBytes() {
        return document.getBytes(StandardCharsets.UTF_8).length + 200;
    }
}
