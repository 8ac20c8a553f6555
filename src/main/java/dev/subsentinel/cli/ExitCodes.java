package dev.subsentinel.cli;

import dev.subsentinel.core.report.ScanReport;

/** The CLI's exit codes (DESIGN section 7). */
public final class ExitCodes {

    /** No UNHEALTHY instance. */
    public static final int OK = 0;
    /** A runtime error (AWS unreachable, an unexpected failure). */
    public static final int RUNTIME_ERROR = 1;
    /** A usage error: bad option, bad file, bad snapshot. */
    public static final int USAGE = 2;
    /** At least one UNHEALTHY instance. */
    public static final int UNHEALTHY = 3;

    private ExitCodes() {
    }

    /** 3 when the report has an UNHEALTHY instance, else 0. */
    public static int of(ScanReport report) {
        return report.anyUnhealthy() ? UNHEALTHY : OK;
    }
}
