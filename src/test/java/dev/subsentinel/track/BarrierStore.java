package dev.subsentinel.track;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A {@link StateStore} decorator that makes two runs read before either writes: the first read of each thread waits
 * at a barrier for the other thread's first read. This forces the race the version condition must win.
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
    public boolean put(StoredState row, long expectedVersion) {
        return write(() -> delegate.put(row, expectedVersion));
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
    public boolean release(InstanceKey key, String alertId, String token, String error) {
        return write(() -> delegate.release(key, alertId, token, error));
    }

    private boolean write(BooleanSupplier write) {
        if (!oneWriteAtATime) {
            return write.getAsBoolean();
        }
        synchronized (this) {
            return write.getAsBoolean();
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
