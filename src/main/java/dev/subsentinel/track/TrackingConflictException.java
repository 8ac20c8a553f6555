package dev.subsentinel.track;

/**
 * A row kept changing under this run (another run wrote it every time this one re-read it). Retryable: Lambda
 * retries the invocation and the next attempt reads the settled state.
 */
public final class TrackingConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A conflict on one instance after some attempts. */
    public TrackingConflictException(InstanceKey key, int attempts) {
        super("tracking state of " + key.instanceId() + " in " + key.partition() + " changed " + attempts
                + " times while it was being updated");
    }
}
