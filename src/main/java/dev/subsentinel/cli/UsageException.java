package dev.subsentinel.cli;

/** Bad input from the user (a file, a field, an option): exit code 2 and one clear message. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A usage error with a message that names the file, field or option. */
    public UsageException(String message) {
        super(message);
    }
}
