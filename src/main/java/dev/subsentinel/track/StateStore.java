package dev.subsentinel.track;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tracking table (a port; {@link DynamoDbStateStore} is the adapter, {@link InMemoryStateStore} keeps rows in
 * memory for the CLI and tests). Reads are strongly consistent. Every write is conditional and increments the row's
 * version, so a writer that read an older version fails instead of overwriting (no lost updates).
 *
 * <p>The batch operations ({@link #getAll}, {@link #putAll}, {@link #confirmAll}) have exactly the outcome of their
 * single-row counterparts applied row by row; they exist so that a run costs a few calls instead of a few per
 * instance. The defaults here do call the single-row operations (for decorators); the adapters override them.
 */
public interface StateStore {

    /** Every row of one account and region. */
    List<StoredState> list(String accountId, String region);

    /** One row, or null when the instance is not tracked. */
    StoredState get(InstanceKey key);

    /**
     * The rows of several instances (strongly consistent), by key; a key without a row is absent from the map.
     * Duplicate keys are read once. The DynamoDB adapter reads up to 100 keys per call.
     */
    default Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
        Map<InstanceKey, StoredState> rows = new LinkedHashMap<>();
        for (InstanceKey key : new LinkedHashSet<>(keys)) {
            StoredState row = get(key);
            if (row != null) {
                rows.put(key, row);
            }
        }
        return rows;
    }

    /**
     * Writes a whole row if it is still at {@code expectedVersion} (0: the row must not exist). The stored version
     * becomes {@code expectedVersion + 1} whatever {@code row.version()} says.
     *
     * @return false when another writer got there first (re-read and decide again)
     */
    boolean put(StoredState row, long expectedVersion);

    /**
     * Writes several rows, each as {@link #put} would: a row is written if and only if it is still at its expected
     * version. The outcome is per row, not all or nothing: the rows whose version had moved on are reported, all the
     * others are written. The DynamoDB adapter writes up to 100 rows per call.
     *
     * @param writes at most one per key
     * @return the keys whose row had changed (nothing was written for them: re-read and decide again)
     * @throws IllegalArgumentException when two writes have the same key
     */
    default Set<InstanceKey> putAll(List<Write> writes) {
        Write.requireDistinctKeys(writes);
        Set<InstanceKey> conflicts = new LinkedHashSet<>();
        for (Write write : writes) {
            if (!put(write.row(), write.expectedVersion())) {
                conflicts.add(write.row().key());
            }
        }
        return conflicts;
    }

    /**
     * Claims an outbox entry for sending: succeeds only if the entry exists and is unclaimed or its claim lapsed before
     * {@code now}. Sets the token and {@code until}, counts the attempt, increments the version.
     */
    boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until);

    /**
     * Records a claimed alert as sent: removes the entry and, when {@code messageId} is given, sets
     * {@code lastAlertAt} and the message id, if the entry is still claimed with {@code token}. Increments the
     * version. A null {@code messageId} records a delivery on a channel that does not pace reminders (chat or
     * Security Hub next to the alert topic): the entry goes, {@code lastAlertAt} stays.
     *
     * @return false when the claim was lost (it lapsed and another run took it over)
     */
    boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId);

    /**
     * Records several claimed alerts as sent, each as {@link #confirm} would: an alert is recorded if and only if its
     * entry is still claimed with {@code token}; a row's message id becomes the last one given for it. The adapters
     * record the alerts of one row in one write (the version goes up once) when all of them are still claimed, and
     * confirm them one by one otherwise; the DynamoDB adapter writes up to 100 rows per call.
     *
     * @return the alert ids whose claim was lost (nothing was recorded for them)
     */
    default Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
        Set<String> lost = new LinkedHashSet<>();
        for (Confirmation confirmation : confirmations) {
            if (!confirm(confirmation.key(), confirmation.alertId(), token, sentAt, confirmation.messageId())) {
                lost.add(confirmation.alertId());
            }
        }
        return lost;
    }

    /** Gives a claimed entry back after a failed publish, recording why; false when the claim was lost. */
    boolean release(InstanceKey key, String alertId, String token, String error);

    /**
     * One conditional row write of {@link #putAll}.
     *
     * @param row             the whole row
     * @param expectedVersion the version the row must still have (0: it must not exist)
     */
    record Write(StoredState row, long expectedVersion) {

        public Write {
            Objects.requireNonNull(row, "row");
        }

        /** Fails when two writes have the same key (a row is decided once per write). */
        static void requireDistinctKeys(List<Write> writes) {
            Set<InstanceKey> keys = new HashSet<>();
            for (Write write : writes) {
                if (!keys.add(write.row().key())) {
                    throw new IllegalArgumentException("two writes for " + write.row().key());
                }
            }
        }
    }

    /**
     * An alert SNS accepted, to be recorded as sent by {@link #confirmAll}.
     *
     * @param key       its row
     * @param alertId   the alert
     * @param messageId the SNS MessageId of the message that carried it on the channel that paces reminders; null
     *                  for a delivery on another channel (the entry is removed, {@code lastAlertAt} stays)
     */
    record Confirmation(InstanceKey key, String alertId, String messageId) {

        public Confirmation {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(alertId, "alertId");
        }
    }
}
