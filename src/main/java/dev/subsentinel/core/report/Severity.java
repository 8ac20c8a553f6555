package dev.subsentinel.core.report;

/** How bad a failed check is. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /** Whether a failure of this severity makes an instance UNHEALTHY (otherwise AT_RISK, or nothing for INFO). */
    public boolean makesUnhealthy() {
        return this == CRITICAL || this == HIGH;
    }
}
