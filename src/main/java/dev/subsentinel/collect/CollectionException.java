package dev.subsentinel.collect;

/**
 * Collection could not establish what to look at: the scope listing failed completely (both the tagged instances and
 * LM-US's), none of the named instances could be described, or the account could not be read. The message names the
 * failing calls. The only failure that escapes {@link FleetCollector}: the caller lets it propagate, so that the run
 * fails loudly (the CLI exits 1, the Lambda invocation errors and its errors alarm fires, the heartbeat metric is 0)
 * instead of reporting an empty fleet as healthy. Everything else becomes an unknown fact in the snapshot.
 */
public final class CollectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its reason. */
    public CollectionException(String message) {
        super(message);
    }

    /** A failure with its reason and cause. */
    public CollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
