package dev.subsentinel.track;

import java.time.Instant;
import java.util.List;

/**
 * The tracking table (a port; {@link DynamoDbStateStore} is the adapter, {@link InMemoryStateStore} keeps rows in
 * memory for the CLI and tests). Reads are strongly consistent. Every write is conditional and increments the row's
 * version, so a writer that read an older version fails instead of overwriting (no lost updates).
 */
public interface StateStore {

    /** Every row of one account and region. */
    List<StoredState> list(String accountId, String region);

    /** One row, or null when the instance is not tracked. */
    StoredState get(InstanceKey key);

    /**
     * Writes a whole row if it is still at {@code expectedVersion} (0: the row must not exist). The stored version
     * becomes {@code expectedVersion + 1} whatever {@code row.version()} says.
     *
     * @return false when another writer got there first (re-read and decide again)
     */
    boolean put(StoredState row, long expectedVersion);

    /**
     * Claims an outbox entry for sending: succeeds only if the entry exists and is unclaimed or its claim lapsed before
     * {@code now}. Sets the token and {@code until}, counts the attempt, increments the version.
     */
    boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until);

    /**
     * Records a claimed alert as sent: removes the entry and sets {@code lastAlertAt} and the message id, if the
     * entry is still claimed with {@code token}. Increments the version.
     *
     * @return false when the claim was lost (it lapsed and another run took it over)
     */
    boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId);

    /** Gives a claimed entry back after a failed publish, recording why; false when the claim was lost. */
    boolean release(InstanceKey key, String alertId, String token, String error);
}
