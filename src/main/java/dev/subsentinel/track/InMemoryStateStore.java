package dev.subsentinel.track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link StateStore} in memory with the same conditional semantics as the DynamoDB adapter (versions, claims, the
 * per-row outcome of the batch writes, one version step per row for the alerts of a row confirmed together). For the
 * CLI's offline commands, which track within one process, and for fast tests. Thread-safe; each call is atomic.
 */
public final class InMemoryStateStore implements StateStore {

    private final Map<InstanceKey, StoredState> rows = new HashMap<>();

    @Override
    public synchronized List<StoredState> list(String accountId, String region) {
        List<StoredState> out = new ArrayList<>();
        for (StoredState row : rows.values()) {
            if (row.key().accountId().equals(accountId) && row.key().region().equals(region)) {
                out.add(row);
            }
        }
        out.sort(Comparator.comparing(row -> row.key().instanceId()));
        return out;
    }

    @Override
    public synchronized StoredState get(InstanceKey key) {
        return rows.get(key);
    }

    @Override
    public synchronized Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
        Map<InstanceKey, StoredState> out = new LinkedHashMap<>();
        for (InstanceKey key : keys) {
            StoredState row = rows.get(key);
            if (row != null) {
                out.put(key, row);
            }
        }
        return out;
    }

    @Override
    public synchronized Set<InstanceKey> putAll(List<Write> writes) {
        Write.requireDistinctKeys(writes);
        Set<InstanceKey> conflicts = new LinkedHashSet<>();
        for (Write write : writes) {
            if (!put(write.row(), write.expectedVersion())) {
                conflicts.add(write.row().key());
            }
        }
        return conflicts;
    }

    @Override
    public synchronized boolean put(StoredState row, long expectedVersion) {
        StoredState current = rows.get(row.key());
        long currentVersion = current == null ? 0 : current.version();
        if (currentVersion != expectedVersion) {
            return false;
        }
        rows.put(row.key(), row.with(row.outbox(), expectedVersion + 1));
        return true;
    }

    @Override
    public synchronized boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
        StoredState row = rows.get(key);
        OutboxEntry entry = row == null ? null : row.entry(alertId);
        if (entry == null || !entry.claimable(now)) {
            return false;
        }
        rows.put(key, row.with(replace(row.outbox(), entry.claimed(token, until)), row.version() + 1));
        return true;
    }

    @Override
    public synchronized boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt,
            String messageId) {
        StoredState row = rows.get(key);
        OutboxEntry entry = row == null ? null : row.entry(alertId);
        if (entry == null || !token.equals(entry.claimToken())) {
            return false;
        }
        List<OutboxEntry> outbox = new ArrayList<>(row.outbox());
        outbox.remove(entry);
        rows.put(key, new StoredState(key, messageId == null ? row.state() : row.state().withLastAlertAt(sentAt),
                outbox, row.version() + 1, row.lastTransition(), row.lastScanId(),
                messageId == null ? row.lastAlertMessageId() : messageId, row.expiresAt()));
        return true;
    }

    @Override
    public synchronized Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
        Map<InstanceKey, List<Confirmation>> byRow = new LinkedHashMap<>();
        for (Confirmation confirmation : confirmations) {
            byRow.computeIfAbsent(confirmation.key(), k -> new ArrayList<>()).add(confirmation);
        }
        Set<String> lost = new LinkedHashSet<>();
        for (Map.Entry<InstanceKey, List<Confirmation>> group : byRow.entrySet()) {
            StoredState row = rows.get(group.getKey());
            List<Confirmation> alerts = group.getValue();
            boolean allClaimed = row != null && alerts.stream().allMatch(c -> row.entry(c.alertId()) != null
                    && token.equals(row.entry(c.alertId()).claimToken()));
            if (allClaimed) {
                List<OutboxEntry> outbox = new ArrayList<>(row.outbox());
                alerts.forEach(c -> outbox.remove(row.entry(c.alertId())));
                String messageId = null;
                for (Confirmation c : alerts) {
                    messageId = c.messageId() != null ? c.messageId() : messageId;
                }
                rows.put(row.key(), new StoredState(row.key(), messageId == null ? row.state()
                        : row.state().withLastAlertAt(sentAt), outbox, row.version() + 1, row.lastTransition(),
                        row.lastScanId(), messageId == null ? row.lastAlertMessageId() : messageId,
                        row.expiresAt()));
                continue;
            }
            for (Confirmation c : alerts) {
                if (!confirm(c.key(), c.alertId(), token, sentAt, c.messageId())) {
                    lost.add(c.alertId());
                }
            }
        }
        return lost;
    }

    @Override
    public synchronized boolean release(InstanceKey key, String alertId, String token, String error) {
        StoredState row = rows.get(key);
        OutboxEntry entry = row == null ? null : row.entry(alertId);
        if (entry == null || !token.equals(entry.claimToken())) {
            return false;
        }
        rows.put(key, row.with(replace(row.outbox(), entry.released(error)), row.version() + 1));
        return true;
    }

    private static List<OutboxEntry> replace(List<OutboxEntry> outbox, OutboxEntry updated) {
        List<OutboxEntry> out = new ArrayList<>(outbox.size());
        for (OutboxEntry entry : outbox) {
            out.add(entry.alertId().equals(updated.alertId()) ? updated : entry);
        }
        return out;
    }
}
