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
 */
public record AwsCallSettings(Duration attemptTimeout, Duration callTimeout, int maxAttempts, Duration baseDelay,
        Duration throttledBaseDelay, Duration deadlineMargin) {

    /** The defaults. */
    public static final AwsCallSettings DEFAULTS = new AwsCallSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The longest wait between two attempts (the SDK's). */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    public AwsCallSettings {
        positive(attemptTimeout, "attemptTimeout");
        positive(callTimeout, "callTimeout");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(throttledBaseDelay, "throttledBaseDelay");
        Objects.requireNonNull(deadlineMargin, "deadlineMargin");
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
        return new AwsCallSettings(attempt, call, maxAttempts, baseDelay, throttledBaseDelay, deadlineMargin);
    }

    /** A copy with other retries. */
    public AwsCallSettings withRetries(int attempts, Duration base, Duration throttledBase) {
        return new AwsCallSettings(attemptTimeout, callTimeout, attempts, base, throttledBase, deadlineMargin);
    }

    /** A copy with another deadline margin. */
    public AwsCallSettings withDeadlineMargin(Duration margin) {
        return new AwsCallSettings(attemptTimeout, callTimeout, maxAttempts, baseDelay, throttledBaseDelay, margin);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
