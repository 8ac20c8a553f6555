package dev.subsentinel.cli;

/** A runtime failure of a command (exit code 1), already described in one line. */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
