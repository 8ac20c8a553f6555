package dev.subsentinel.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * One line on standard error that says what a long run is doing (its phase, the AWS calls so far, the last action and
 * its page), rewritten in place, and erased when the run ends. Only on a terminal: in a pipe or a log it prints
 * nothing. Fed by every AWS call attempt ({@link dev.subsentinel.config.ApiCallCounter#listen}).
 */
final class Progress implements AutoCloseable {

    /** How often the line is rewritten at most. */
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final int width;
    private final Map<String, Integer> attempts = new HashMap<>();
    private int calls;
    private long lastShown;
    private boolean shown;

    /**
     * A progress line.
     *
     * @param err   standard error (a terminal)
     * @param width the terminal's width: the line stays shorter, so it never wraps
     */
    Progress(PrintWriter err, int width) {
        this.err = err;
        this.width = width;
    }

    /** Counts an attempt of {@code action} (e.g. {@code ec2:DescribeSecurityGroups}) and shows it. */
    synchronized void call(String action) {
        calls++;
        int page = attempts.merge(action, 1, Integer::sum);
        long now = System.nanoTime();
        if (shown && now - lastShown < INTERVAL_NANOS) {
            return;
        }
        lastShown = now;
        shown = true;
        String line = phase(action) + ": " + calls + " AWS call" + (calls == 1 ? "" : "s") + ", " + action
                + (page > 1 ? " (" + page + ")" : "");
        err.print("\r\u001b[K" + Layout.fit(line, width - 1));
        err.flush();
    }

    /** What a run is doing when it calls {@code action}. */
    static String phase(String action) {
        if (action.startsWith("dynamodb:")) {
            return "tracking";
        }
        if (action.startsWith("sns:")) {
            return "publishing alerts";
        }
        if (action.startsWith("config:")) {
            return "reporting to AWS Config";
        }
        if (action.equals("ec2:DescribeInstances") || action.startsWith("license-manager-user-subscriptions:")
                || action.startsWith("sts:")) {
            return "finding the instances";
        }
        return "collecting";
    }

    /** Erases the line. */
    @Override
    public synchronized void close() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
            shown = false;
        }
    }
}
