package dev.subsentinel.core.report;

/** The outcome of one check for one instance. */
public enum Status {
    /** The check found what it needs. */
    PASS,
    /** The check found a problem. */
    FAIL,
    /** The check found something that may become a problem, or could not prove the path is open. */
    WARN,
    /** The check could not be evaluated: an API error or missing data. */
    UNKNOWN,
    /** The check does not apply (a stopped instance, a product it does not concern). */
    SKIPPED
}
