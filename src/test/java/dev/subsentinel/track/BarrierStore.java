package dev.subsentinel.track;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link StateStore} decorator that makes two runs read before either writes: the first read (single or batch) of
 * each thread waits at a barrier for the other thread's first read. This forces the race the version condition must
 * win.
 *
 * <p>With {@code oneWriteAtATime}, writes reach the delegate one at a time. moto needs that: its conditional writes
 * are not atomic when requests arrive at the same instant (moto_server serves requests on threads without a lock; a
 * stress test of 8 simultaneous conditional updates saw two winners in 3 of 100 trials). DynamoDB guarantees that
 * atomicity; what the test checks is the protocol on top of it: stale reads, failed conditions, re-reads, claims.
 */
final class BarrierStore implements StateStore {

    private final StateStore delegate;
    private final CyclicBarrier barrier = new CyclicBarrier(2);
    private final ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);
    private final boolean oneWriteAtATime;

    BarrierStore(StateStore delegate, boolean oneWriteAtATime) {
        this.delegate = delegate;
        this.oneWriteAtATime = oneWriteAtATime;
    }

    @Override
    public List<StoredState> list(String accountId, String region) {
        List<StoredState> rows = delegate.list(accountId, region);
        await();
        return rows;
    }

    @Override
    public StoredState get(InstanceKey key) {
        StoredState row = delegate.get(key);
        await();
        return row;
    }

    @Override
    public Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
        Map<InstanceKey, StoredState> rows = delegate.getAll(keys);
        await();
        return rows;
    }

    @Override
    public boolean put(StoredState row, long expectedVersion) {
        return write(() -> delegate.put(row, expectedVersion));
    }

    @Override
    public Set<InstanceKey> putAll(List<Write> writes) {
        return write(() -> delegate.putAll(writes));
    }

    @Override
    public boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
        return write(() -> delegate.claim(key, alertId, token, now, until));
    }

    @Override
    public boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId) {
        return write(() -> delegate.confirm(key, alertId, token, sentAt, messageId));
    }

    @Override
    public Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
        return write(() -> delegate.confirmAll(confirmations, token, sentAt));
    }

    @Override
    public boolean release(InstanceKey key, String alertId, String token, String error) {
        return write(() -> delegate.release(key, alertId, token, error));
    }

    private <T> T write(Supplier<T> write) {
        if (!oneWriteAtATime) {
            return write.get();
        }
        synchronized (this) {
            return write.get();
        }
    }

    private void await() {
        if (waited.get()) {
            return;
        }
        waited.set(true);
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other run never read", e);
        }
    }
}
