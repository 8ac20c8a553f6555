package dev.subsentinel.collect;

import java.util.Objects;

/**
 * The outcome of one logical AWS call (all its pages): a value, or the reason it failed.
 *
 * @param <T> the value's type
 */
sealed interface Fetched<T> {

    /** A successful call. */
    record Ok<T>(T value) implements Fetched<T> {

        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A failed call.
     *
     * @param action    the IAM action of the call, e.g. {@code ec2:DescribeVpcAttribute}
     * @param code      the error in one word (see {@link Failures#code})
     * @param reason    why, naming the IAM action, e.g. "AccessDenied: ec2:DescribeVpcAttribute is not allowed"
     * @param retryable whether a later attempt could succeed (throttling, a service error, a network failure)
     */
    record Failed<T>(String action, String code, String reason, boolean retryable) implements Fetched<T> {

        public Failed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The value, or {@code fallback} when the call failed. */
    default T orElse(T fallback) {
        return this instanceof Ok<T> ok ? ok.value() : fallback;
    }

    /** Whether the call succeeded. */
    default boolean ok() {
        return this instanceof Ok;
    }

    /** The failure reason, or null when the call succeeded. */
    default String failure() {
        return this instanceof Failed<T> failed ? failed.reason() : null;
    }

    /** The failure, or null when the call succeeded. */
    default Failed<T> failed() {
        return this instanceof Failed<T> failed ? failed : null;
    }
}
