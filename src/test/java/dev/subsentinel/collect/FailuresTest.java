package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.AccessDeniedException;

class FailuresTest {

    @ParameterizedTest
    @CsvSource({
        "UnauthorizedOperation, 403",
        "AccessDenied, 403",
        "AccessDeniedException, 400",
        "UnauthorizedAccess, 401",
    })
    void reason_accessDenied_namesTheMissingActionOnly(String code, int status) {
        AwsServiceException denied = service(code, status, "User: arn:aws:sts::1:assumed-role/x is not authorized"
                + " to perform: ec2:DescribeVpcAttribute. Encoded authorization failure message: AbC");

        assertThat(Failures.reason("ec2:DescribeVpcAttribute", denied))
                .isEqualTo("AccessDenied: ec2:DescribeVpcAttribute is not allowed");
        assertThat(Failures.retryable(denied)).isFalse();
    }

    @Test
    void reason_modelledAccessDeniedException_namesTheAction() {
        AccessDeniedException denied = AccessDeniedException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();

        assertThat(Failures.reason("license-manager-user-subscriptions:ListInstances", denied))
                .isEqualTo("AccessDenied: license-manager-user-subscriptions:ListInstances is not allowed");
    }

    @Test
    void reason_throttledAfterRetries_retryable() {
        AwsServiceException throttled = service("RequestLimitExceeded", 503, "Request limit exceeded.");

        assertThat(Failures.reason("ec2:DescribeInstances", throttled))
                .isEqualTo("RequestLimitExceeded: ec2:DescribeInstances was still throttled after retries");
        assertThat(Failures.retryable(throttled)).isTrue();
    }

    @Test
    void reason_serviceError_retryableWithStatus() {
        AwsServiceException unavailable = service("Unavailable", 503, "try again");

        assertThat(Failures.reason("ec2:DescribeVpcs", unavailable))
                .isEqualTo("Unavailable: ec2:DescribeVpcs failed on the service side (HTTP 503)");
        assertThat(Failures.retryable(unavailable)).isTrue();
    }

    @Test
    void reason_networkFailure_retryable() {
        SdkClientException io = SdkClientException.create("Unable to execute HTTP request: Connect timed out");

        assertThat(Failures.reason("ssm:DescribeInstanceInformation", io)).isEqualTo(
                "NetworkError: ssm:DescribeInstanceInformation could not be called: Unable to execute HTTP request:"
                        + " Connect timed out");
        assertThat(Failures.code(io)).isEqualTo("NetworkError");
        assertThat(Failures.retryable(io)).isTrue();
    }

    @Test
    void reason_clientError_quotesAShortenedMessageAndIsNotRetryable() {
        AwsServiceException invalid = service("InvalidParameterValue", 400, "x".repeat(500));

        String reason = Failures.reason("ec2:DescribeSubnets", invalid);

        assertThat(reason).startsWith("InvalidParameterValue: ec2:DescribeSubnets failed: xxx").endsWith("...")
                .hasSizeLessThan(280);
        assertThat(Failures.retryable(invalid)).isFalse();
    }

    @Test
    void reason_rejectedCredentials_saysSo() {
        AwsServiceException expired = service("ExpiredToken", 400, "The security token included in the request is"
                + " expired");

        assertThat(Failures.reason("ec2:DescribeInstances", expired))
                .isEqualTo("ExpiredToken: the credentials were rejected when calling ec2:DescribeInstances");
    }

    private static AwsServiceException service(String code, int status, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
