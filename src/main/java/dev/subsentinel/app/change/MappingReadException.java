package dev.subsentinel.app.change;

import dev.subsentinel.collect.Failures;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A read the change mapping made failed: names the IAM action, AWS's error code and whether trying again could help.
 * A lasting refusal (access denied, a bad request) cannot be retried away, so the mapping re-evaluates every monitored
 * instance instead of guessing which ones the change touched; a passing failure (throttling after the SDK's own
 * retries, a server error, a timeout) fails the invocation so that Lambda retries the event.
 */
public final class MappingReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;
    private final String errorCode;
    private final boolean retryable;

    MappingReadException(String action, String errorCode, boolean retryable, SdkException cause) {
        super(Failures.reason(action, cause), cause);
        this.action = action;
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    /** Runs one read of the mapping, naming its IAM action when it fails. */
    static <T> T read(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw of(action, e);
        }
    }

    /**
     * The failure of a read of this action, with the collection's error code, reason and retryability
     * ({@link Failures}: every denial is {@code AccessDenied}, and a denial's message, which EC2 fills with encoded
     * authorization details, is not quoted).
     */
    static MappingReadException of(String action, SdkException e) {
        return new MappingReadException(action, Failures.code(e), Failures.retryable(e), e);
    }

    /** The IAM action of the failed read, e.g. {@code ec2:DescribeSecurityGroups}. */
    public String action() {
        return action;
    }

    /** The error code as the collection names it ({@link Failures#code}). */
    public String errorCode() {
        return errorCode;
    }

    /** Whether trying the event again could succeed. */
    public boolean retryable() {
        return retryable;
    }
}
