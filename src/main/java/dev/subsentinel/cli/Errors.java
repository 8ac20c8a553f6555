package dev.subsentinel.cli;

import dev.subsentinel.config.ApiCallCounter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkException;

/** Failures as the one line the CLI prints: the API action when an AWS call failed, never a stack trace. */
final class Errors {

    /** Longest message printed. */
    static final int MAX_LENGTH = 500;

    private Errors() {
    }

    /**
     * One line for a failure: its message, prefixed with the IAM action of the AWS call that failed when the
     * message does not name it already.
     *
     * @param error the failure
     * @param calls the counter of the clients the command used, or null
     */
    static String describe(Throwable error, ApiCallCounter calls) {
        Throwable shown = unwrap(error);
        String message = oneLine(shown.getMessage() != null ? shown.getMessage() : shown.getClass().getSimpleName());
        String action = calls == null ? null : calls.failedAction(error);
        if (action == null && hasSdkCause(error)) {
            action = "an AWS call";
        }
        if (action != null && !message.contains(action.substring(action.indexOf(':') + 1))) {
            message = action + " failed: " + message;
        }
        return message;
    }

    /** The text on one line, at most {@value #MAX_LENGTH} characters. */
    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof UncheckedIOException || e instanceof CompletionException
                || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean hasSdkCause(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SdkException) {
                return true;
            }
        }
        return false;
    }
}
