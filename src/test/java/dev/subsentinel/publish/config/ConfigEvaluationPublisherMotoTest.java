package dev.subsentinel.publish.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * moto implements PutEvaluations only in test mode (it validates the request and stores nothing): enough to show an
 * independent implementation accepts what the publisher sends. The exact requests are asserted on WireMock.
 */
@ExtendWith(MotoExtension.class)
class ConfigEvaluationPublisherMotoTest {

    @Test
    void put_testModeToken_acceptedByMoto(MotoServer moto) {
        try (ConfigClient config = ConfigClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Instant captured = Instant.parse("2026-11-25T12:00:57.456Z");

            PutEvaluationsResult result = new ConfigEvaluationPublisher(config).put("TESTMODE", List.of(
                    ConfigEvaluation.instance("i-0123456789abcdef0", Compliance.NON_COMPLIANT,
                            "UNHEALTHY: failing SSM_PING. SSM_PING: PingStatus ConnectionLost", captured),
                    ConfigEvaluation.instance("i-0fedcba9876543210", Compliance.NOT_APPLICABLE,
                            "the resource left the rule's scope", captured)));

            assertThat(result).isEqualTo(new PutEvaluationsResult(2, 1, true));
        }
    }
}
