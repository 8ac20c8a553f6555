package dev.subsentinel.collect;

/**
 * Collection could not establish what to look at: the scope listing failed completely, and at least in part for
 * reasons a retry can fix (throttling, service errors, network failures). The only failure that escapes
 * {@link FleetCollector}: the caller lets it propagate so that Lambda retries the invocation. Everything else becomes
 * an unknown fact in the snapshot.
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
