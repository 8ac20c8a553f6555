package dev.subsentinel.track;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link StateStore} that forwards every call; tests override a method to interleave another run. */
class ForwardingStore implements StateStore {

    private final StateStore delegate;

    ForwardingStore(StateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<StoredState> list(String accountId, String region) {
        return delegate.list(accountId, region);
    }

    @Override
    public StoredState get(InstanceKey key) {
        return delegate.get(key);
    }

    @Override
    public Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public boolean put(StoredState row, long expectedVersion) {
        return delegate.put(row, expectedVersion);
    }

    @Override
    public Set<InstanceKey> putAll(List<Write> writes) {
        return delegate.putAll(writes);
    }

    @Override
    public boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
        return delegate.claim(key, alertId, token, now, until);
    }

    @Override
    public boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId) {
        return delegate.confirm(key, alertId, token, sentAt, messageId);
    }

    @Override
    public Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
        return delegate.confirmAll(confirmations, token, sentAt);
    }

    @Override
    public boolean release(InstanceKey key, String alertId, String token, String error) {
        return delegate.release(key, alertId, token, error);
    }
}
