package dev.subsentinel.cli;

import picocli.CommandLine.Option;

/** How the commands that print a report print it. */
final class OutputOptions {

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json (only the ScanReport JSON on stdout).")
    OutputFormat format;

    @Option(names = "--wide", description = "One line per fact, however long (default: fit the terminal's width,"
            + " COLUMNS, or 80 columns).")
    boolean wide;
}
