package dev.subsentinel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * One in-process run of the CLI ({@link Main#run}) with its exit code and what it printed.
 *
 * @param code the exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int code, String out, String err) {

    /** The time the runs see. */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** Runs with the environment, output to pipes, at {@link #NOW}. */
    public static CliRun run(Map<String, String> environment, String... args) {
        return run(new CliContext(Clock.fixed(NOW, ZoneOffset.UTC), environment), args);
    }

    /** Runs with the context. */
    public static CliRun run(CliContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, context, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The lines of standard error. */
    public String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }
}
