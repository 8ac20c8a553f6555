package dev.subsentinel.config;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Paces the requests of the clients it is installed on, per API action: a token bucket of {@code burst} requests
 * refilled at {@code requestsPerSecond} for each {@code Service:Operation}, as AWS throttles each API action of an
 * account and region on its own (EC2: a bucket per action, docs/aws-facts.md). A request that finds its bucket empty
 * waits for its turn on the calling thread (a virtual thread in the collector) before the SDK sends it, so one API
 * at its limit slows only itself, and a scan spends its time waiting rather than being throttled and backing off.
 * Each page of a paginated call is a request; the SDK's retries of a throttled attempt are not paced here (adaptive
 * retrying slows them). One pacer per {@link Clients}, that is per account and region. Thread-safe.
 *
 * <p>The wait happens in {@code beforeExecution}, before the SDK starts the call's timeouts, so waiting for the pace
 * never times a call out. Interrupted while waiting (a collection cut by its deadline), the call is aborted.
 */
public final class RequestPacer implements ExecutionInterceptor {

    private final AwsCallSettings.Rate rate;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();

    /** A pacer at this rate. */
    public RequestPacer(AwsCallSettings.Rate rate) {
        this.rate = rate;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!rate.limited()) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        long wait = buckets.computeIfAbsent(operation, k -> new Bucket(rate.burst(), rate.requestsPerSecond()))
                .reserve(System.nanoTime());
        if (wait <= 0) {
            return;
        }
        waits.increment();
        waitedNanos.add(wait);
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("interrupted while waiting to send " + operation).build();
        }
    }

    /** Requests that had to wait for their API's pace so far. */
    public long waits() {
        return waits.sum();
    }

    /** The time those requests waited in all, in milliseconds (summed over requests, not wall time). */
    public long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.sum());
    }

    /**
     * A token bucket with reservations: a request takes a token now, or the next one due, and waits until it is due.
     * Requests are served in the order they reserved, at most {@code rate} per second after the first {@code capacity}.
     */
    static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(int capacity, double perSecond) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        /** Takes a token; answers how many nanoseconds after {@code now} it is due (0 or less: at once). */
        synchronized long reserve(long now) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
            }
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
    }
}
