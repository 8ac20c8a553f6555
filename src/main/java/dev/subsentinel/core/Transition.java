package dev.subsentinel.core;

/**
 * What changed for one instance since the last run (DESIGN section 4). Every transition except {@link #UNCHANGED}
 * calls for an alert.
 */
public enum Transition {
    /** Not failing before, failing now (failing = UNHEALTHY or AT_RISK). */
    NEW,
    /** Still failing, and the verdict is worse or a check fails that did not fail before. */
    WORSENED,
    /** Still failing the same way, and the last alert is older than the repeat interval. */
    REMINDER,
    /** Was failing, now HEALTHY with every check evaluated (no UNKNOWN, every previously failing check re-run). */
    RESOLVED,
    /** A tracked instance is terminated or has disappeared from the fleet. */
    TERMINATED,
    /** Anything else: no alert. */
    UNCHANGED;

    /** Whether this transition calls for an alert. */
    public boolean alerts() {
        return this != UNCHANGED;
    }
}
