package dev.subsentinel.collect;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure into the reason and the error code an {@code UnknownFact} carries. An access denial names the
 * IAM action that is missing ("AccessDenied: ec2:DescribeVpcAttribute is not allowed"), so the report says what to
 * grant. Error messages of denials are not quoted: EC2 appends encoded authorization details that help nobody in a
 * report. Other messages are quoted as one line of at most {@value #MAX_MESSAGE} characters without control
 * characters, never the response itself.
 */
public final class Failures {

    /** The error code of every access denial, whatever the service calls it. */
    static final String ACCESS_DENIED = "AccessDenied";
    /** The error code of a call that did not answer in time (an attempt or the whole call timed out). */
    static final String TIMEOUT = "Timeout";
    /** The error code of a call that failed on the network (reset, refused, closed). */
    static final String NETWORK_ERROR = "NetworkError";
    /** The error code of a response that could not be parsed or mapped. */
    static final String MALFORMED_RESPONSE = "MalformedResponse";

    private static final Set<String> DENIED = Set.of("accessdenied", "accessdeniedexception", "unauthorizedoperation",
            "unauthorizedaccess", "unauthorized", "forbidden", "forbiddenexception");
    private static final Set<String> CREDENTIALS = Set.of("authfailure", "invalidclienttokenid", "expiredtoken",
            "expiredtokenexception", "unrecognizedclientexception", "signaturedoesnotmatch",
            "invalidsignatureexception", "missingauthenticationtoken");
    private static final int MAX_MESSAGE = 200;

    private Failures() {
    }

    /** The reason for a failed call of {@code action} (an IAM action such as {@code ec2:DescribeVpcs}). */
    public static String reason(String action, SdkException error) {
        String code = code(error);
        if (error instanceof AwsServiceException service) {
            if (ACCESS_DENIED.equals(code)) {
                return "AccessDenied: " + action + " is not allowed";
            }
            if (CREDENTIALS.contains(code.toLowerCase(Locale.ROOT))) {
                return code + ": the credentials were rejected when calling " + action;
            }
            if (service.isThrottlingException()) {
                return code + ": " + action + " was still throttled after retries";
            }
            if (service.statusCode() >= 500) {
                return code + ": " + action + " failed on the service side (HTTP " + service.statusCode() + ")";
            }
            return code + ": " + action + " failed: " + message(service.awsErrorDetails() != null
                    ? service.awsErrorDetails().errorMessage() : service.getMessage());
        }
        return switch (code) {
            case TIMEOUT -> "Timeout: " + action + " did not answer in time: " + message(error.getMessage());
            case MALFORMED_RESPONSE -> "MalformedResponse: " + action + " returned a response that could not be"
                    + " read: " + message(error.getMessage());
            case NETWORK_ERROR -> "NetworkError: " + action + " could not be called: " + message(error.getMessage());
            default -> action + " failed: " + message(error.getMessage());
        };
    }

    /**
     * The error in one word: {@value #ACCESS_DENIED} for every kind of denial, the service's own error code for other
     * service errors ({@code HTTP 503} when it gave none), {@value #TIMEOUT}, {@value #NETWORK_ERROR} or
     * {@value #MALFORMED_RESPONSE} for client-side failures.
     */
    public static String code(SdkException error) {
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String key = code == null ? "" : code.toLowerCase(Locale.ROOT);
            if (DENIED.contains(key) || (code == null && service.statusCode() == 403)) {
                return ACCESS_DENIED;
            }
            return code != null && !code.isBlank() ? code : "HTTP " + service.statusCode();
        }
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException
                || hasCause(error, SocketTimeoutException.class)) {
            return TIMEOUT;
        }
        if (hasCause(error, IOException.class) && !parseFailure(error)) {
            return NETWORK_ERROR;
        }
        if (error instanceof SdkClientException) {
            return parseFailure(error) ? MALFORMED_RESPONSE : NETWORK_ERROR;
        }
        return "SdkError";
    }

    /**
     * Whether a later attempt of the call could succeed: throttling and server errors after the SDK's own retries, and
     * client-side failures (timeouts, connection resets, unreadable answers); not a refusal or a bad request.
     */
    public static boolean retryable(SdkException error) {
        if (error instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return error instanceof SdkClientException || error.retryable();
    }

    /** One line of at most {@value #MAX_MESSAGE} characters, control characters removed; never null. */
    static String message(String text) {
        if (text == null || text.isBlank()) {
            return "no message";
        }
        StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_MESSAGE + 1));
        for (int i = 0; i < text.length() && line.length() <= MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT;
            if (!blank) {
                line.append(c);
            } else if (!line.isEmpty() && line.charAt(line.length() - 1) != ' ') {
                line.append(' ');
            }
        }
        String out = line.toString().strip();
        return out.length() <= MAX_MESSAGE ? out : out.substring(0, MAX_MESSAGE) + "...";
    }

    /** An SDK failure to unmarshall or parse what the service returned. */
    private static boolean parseFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String name = t.getClass().getName().toLowerCase(Locale.ROOT);
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (name.contains("json") || name.contains("xml") || name.contains("parse")
                    || text.contains("unmarshall") || text.contains("unable to parse")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
