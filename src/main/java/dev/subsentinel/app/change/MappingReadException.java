package dev.subsentinel.app.change;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
        super(action + " failed (" + errorCode + "): " + cause.getMessage(), cause);
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

    /** The failure of a read of this action. */
    static MappingReadException of(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                    ? "HTTP " + service.statusCode() : service.awsErrorDetails().errorCode();
            boolean passing = service.retryable() || service.isThrottlingException() || service.statusCode() >= 500;
            return new MappingReadException(action, code, passing, e);
        }
        // A client-side failure (timeout, connection reset, an unreadable answer) says nothing lasting.
        return new MappingReadException(action, e.getClass().getSimpleName(), true, e);
    }

    /** The IAM action of the failed read, e.g. {@code ec2:DescribeSecurityGroups}. */
    public String action() {
        return action;
    }

    /** AWS's error code, or the HTTP status or client exception when there is none. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether trying the event again could succeed. */
    public boolean retryable() {
        return retryable;
    }
}
