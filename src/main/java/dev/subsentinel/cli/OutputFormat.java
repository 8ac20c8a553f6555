package dev.subsentinel.cli;

/** How the CLI prints a report. */
public enum OutputFormat {
    /** A readable table with the failing checks, their evidence and remediation. */
    table,
    /** The ScanReport JSON document only (DESIGN section 7). */
    json
}
