package dev.subsentinel.collect;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How long a run may still take: in Lambda, what {@code Context.getRemainingTimeInMillis()} says at each moment. The
 * collector stops calling AWS a safety margin before it runs out (the rest is for evaluating, tracking and
 * publishing), and reports what it did not read as unknown facts of error {@code DeadlineExceeded}.
 */
@FunctionalInterface
public interface Deadline {

    /** No deadline (the CLI, tests). */
    Deadline NONE = () -> Long.MAX_VALUE;

    /** Milliseconds left before the run is stopped from outside. */
    long remainingMillis();

    /** A deadline that asks a source each time, e.g. {@code context::getRemainingTimeInMillis}. */
    static Deadline of(LongSupplier remainingMillis) {
        Objects.requireNonNull(remainingMillis, "remainingMillis");
        return remainingMillis::getAsLong;
    }
}
