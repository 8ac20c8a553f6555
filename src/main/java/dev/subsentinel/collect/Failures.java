package dev.subsentinel.collect;

import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure into the reason an {@code UnknownFact} carries. An access denial names the IAM action that is
 * missing ("AccessDenied: ec2:DescribeVpcAttribute is not allowed"), so the report says what to grant. Error
 * messages of denials are not quoted: EC2 appends encoded authorization details that help nobody in a report.
 */
final class Failures {

    private static final Set<String> DENIED = Set.of("accessdenied", "accessdeniedexception", "unauthorizedoperation",
            "unauthorizedaccess", "unauthorized", "forbidden", "forbiddenexception");
    private static final Set<String> CREDENTIALS = Set.of("authfailure", "invalidclienttokenid", "expiredtoken",
            "expiredtokenexception", "unrecognizedclientexception", "signaturedoesnotmatch",
            "invalidsignatureexception", "missingauthenticationtoken");
    private static final int MAX_MESSAGE = 200;

    private Failures() {
    }

    /** The reason for a failed call of {@code action} (an IAM action such as {@code ec2:DescribeVpcs}). */
    static String reason(String action, SdkException error) {
        if (error instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String key = code == null ? "" : code.toLowerCase(Locale.ROOT);
            if (DENIED.contains(key) || (code == null && service.statusCode() == 403)) {
                return "AccessDenied: " + action + " is not allowed";
            }
            if (CREDENTIALS.contains(key)) {
                return code + ": the credentials were rejected when calling " + action;
            }
            String label = code != null ? code : "HTTP " + service.statusCode();
            if (service.isThrottlingException()) {
                return label + ": " + action + " was still throttled after retries";
            }
            if (service.statusCode() >= 500) {
                return label + ": " + action + " failed on the service side (HTTP " + service.statusCode() + ")";
            }
            return label + ": " + action + " failed: " + message(service.awsErrorDetails() != null
                    ? service.awsErrorDetails().errorMessage() : service.getMessage());
        }
        if (error instanceof SdkClientException) {
            return action + " could not be called: " + message(error.getMessage());
        }
        return action + " failed: " + message(error.getMessage());
    }

    /** Whether a later attempt of the call could succeed. */
    static boolean retryable(SdkException error) {
        if (error instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return error instanceof SdkClientException || error.retryable();
    }

    private static String message(String text) {
        if (text == null || text.isBlank()) {
            return "no message";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }
}
