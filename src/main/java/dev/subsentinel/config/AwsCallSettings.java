package dev.subsentinel.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How every AWS call is bounded (STYLE rule 5): how long one attempt may take, how long a call may take with all its
 * retries, how many attempts adaptive retrying makes, the backoff between them, and how long before a Lambda deadline
 * collection stops. The worst a hung endpoint can cost is {@link #callTimeout()} per call (93 s before these settings
 * existed: three attempts of a 30 s socket timeout).
 *
 * @param attemptTimeout     SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS: one HTTP attempt, from sending to the last byte of
 *                           the answer (default 10 s)
 * @param callTimeout        SENTINEL_AWS_CALL_TIMEOUT_SECONDS: one call with all its attempts and backoff (default
 *                           30 s)
 * @param maxAttempts        SENTINEL_AWS_MAX_ATTEMPTS: attempts per call, the first included (default 5: a call is
 *                           still read when four answers in a row were throttled)
 * @param baseDelay          backoff before retrying a failed attempt: exponential from this, with jitter (100 ms, the
 *                           SDK's)
 * @param throttledBaseDelay backoff before retrying a throttled attempt (1 s, the SDK's); adaptive retrying also slows
 *                           the client's request rate while it is throttled
 * @param deadlineMargin     SENTINEL_DEADLINE_MARGIN_SECONDS: collection stops this long before the Lambda deadline,
 *                           keeping the rest for evaluating, tracking and publishing (default 30 s)
 * @param rate               how many calls of one API may be in flight and how fast requests to it may be sent
 */
public record AwsCallSettings(Duration attemptTimeout, Duration callTimeout, int maxAttempts, Duration baseDelay,
        Duration throttledBaseDelay, Duration deadlineMargin, Rate rate) {

    /** The defaults. */
    public static final AwsCallSettings DEFAULTS = new AwsCallSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    /**
     * The pace of the read-only calls of a collection, per API action of one account and region (EC2, SSM, LM-US,
     * Directory Service, Route 53 Resolver and IAM throttle each action of an account and region on its own: EC2's
     * non-mutating actions with a bucket of 100 requests refilled at 20 per second, docs/aws-facts.md).
     *
     * @param maxConcurrentCalls SENTINEL_AWS_MAX_CONCURRENT_CALLS: calls of one API in flight at once (default 8); a
     *                           call waiting for its API's turn never holds up another API
     * @param requestsPerSecond  SENTINEL_AWS_REQUESTS_PER_SECOND: the sustained requests per second sent to one API
     *                           (default 20, EC2's refill rate; 0: no limit): a token bucket per API, before the SDK
     *                           sends a request (each page is a request; retries are paced by the SDK's adaptive
     *                           retries instead)
     * @param burst              SENTINEL_AWS_REQUEST_BURST: requests one API may receive at once before that rate
     *                           applies (default 50: half of EC2's bucket, the rest left to other callers in the
     *                           account)
     */
    public record Rate(int maxConcurrentCalls, double requestsPerSecond, int burst) {

        /** 8 calls in flight, 20 requests per second after a burst of 50, per API. */
        public static final Rate DEFAULTS = new Rate(8, 20, 50);

        public Rate {
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, was " + maxConcurrentCalls);
            }
            if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("requestsPerSecond must be 0 or more, was " + requestsPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + burst);
            }
        }

        /** Whether requests are paced at all. */
        public boolean limited() {
            return requestsPerSecond > 0;
        }
    }

    /** Settings with the default {@link Rate}. */
    public AwsCallSettings(Duration attemptTimeout, Duration callTimeout, int maxAttempts, Duration baseDelay,
            Duration throttledBaseDelay, Duration deadlineMargin) {
        this(attemptTimeout, callTimeout, maxAttempts, baseDelay, throttledBaseDelay, deadlineMargin, Rate.DEFAULTS);
    }

    /** The longest wait between two attempts (the SDK's). */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    public AwsCallSettings {
        positive(attemptTimeout, "attemptTimeout");
        positive(callTimeout, "callTimeout");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(throttledBaseDelay, "throttledBaseDelay");
        Objects.requireNonNull(deadlineMargin, "deadlineMargin");
        Objects.requireNonNull(rate, "rate");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (callTimeout.compareTo(attemptTimeout) < 0) {
            throw new IllegalArgumentException("the call timeout (" + callTimeout.toMillis()
                    + " ms) must not be shorter than the attempt timeout (" + attemptTimeout.toMillis() + " ms)");
        }
    }

    /** A copy with other timeouts. */
    public AwsCallSettings withTimeouts(Duration attempt, Duration call) {
        return new AwsCallSettings(attempt, call, maxAttempts, baseDelay, throttledBaseDelay, deadlineMargin, rate);
    }

    /** A copy with other retries. */
    public AwsCallSettings withRetries(int attempts, Duration base, Duration throttledBase) {
        return new AwsCallSettings(attemptTimeout, callTimeout, attempts, base, throttledBase, deadlineMargin, rate);
    }

    /** A copy with another deadline margin. */
    public AwsCallSettings withDeadlineMargin(Duration margin) {
        return new AwsCallSettings(attemptTimeout, callTimeout, maxAttempts, baseDelay, throttledBaseDelay, margin,
                rate);
    }

    /** A copy with another pace. */
    public AwsCallSettings withRate(Rate value) {
        return new AwsCallSettings(attemptTimeout, callTimeout, maxAttempts, baseDelay, throttledBaseDelay,
                deadlineMargin, value);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
