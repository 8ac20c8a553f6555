package dev.subsentinel.app;

import java.time.Duration;

/** Waits. Injected so that tests of the waiting logic advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Waits for the duration (or until interrupted). */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
