package dev.subsentinel.publish.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.subsentinel.config.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * PutEvaluations against WireMock: moto implements it only in test mode and records nothing, so the exact requests
 * (batches of 100, result token, ordering timestamps, annotations) are asserted here.
 */
class ConfigEvaluationPublisherTest {

    private static final String TARGET = "StarlingDoveService.PutEvaluations";
    private static final Instant CAPTURED = Instant.parse("2026-11-25T12:00:57.456Z");

    private WireMockServer wireMock;
    private ConfigClient config;
    private ConfigEvaluationPublisher publisher;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        config = ConfigClient.builder()
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        publisher = new ConfigEvaluationPublisher(config);
    }

    @AfterEach
    void stop() {
        config.close();
        wireMock.stop();
    }

    private void answer(String body) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    private static List<ConfigEvaluation> evaluations(int count) {
        List<ConfigEvaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "i-%017x".formatted(i);
            evaluations.add(i % 2 == 0
                    ? ConfigEvaluation.instance(id, Compliance.COMPLIANT, "HEALTHY: 10 checks pass", CAPTURED)
                    : ConfigEvaluation.instance(id, Compliance.NON_COMPLIANT, "UNHEALTHY: failing SSM_PING",
                            CAPTURED.plusMillis(i)));
        }
        return evaluations;
    }

    private List<JsonNode> requests() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : wireMock.findAll(postRequestedFor(urlEqualTo("/")))) {
            assertThat(request.getHeader("X-Amz-Target")).isEqualTo(TARGET);
            bodies.add(Json.mapper().readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void put_250Evaluations_threeRequestsOf100_100_50WithTokenTimestampsAndAnnotations() throws Exception {
        answer("{\"FailedEvaluations\": []}");
        List<ConfigEvaluation> sent = evaluations(250);

        PutEvaluationsResult result = publisher.put("resultToken-42", sent);

        assertThat(result).isEqualTo(new PutEvaluationsResult(250, 3, false));
        List<JsonNode> bodies = requests();
        assertThat(bodies).extracting(b -> b.get("Evaluations").size()).containsExactly(100, 100, 50);
        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.get("ResultToken").asText()).isEqualTo("resultToken-42");
            assertThat(b.get("TestMode").asBoolean()).isFalse();
        });
        int index = 0;
        for (JsonNode body : bodies) {
            for (JsonNode evaluation : body.get("Evaluations")) {
                ConfigEvaluation expected = sent.get(index++);
                assertThat(evaluation.get("ComplianceResourceType").asText()).isEqualTo("AWS::EC2::Instance");
                assertThat(evaluation.get("ComplianceResourceId").asText()).isEqualTo(expected.resourceId());
                assertThat(evaluation.get("ComplianceType").asText()).isEqualTo(expected.compliance().name());
                assertThat(evaluation.get("Annotation").asText()).isEqualTo(expected.annotation());
                assertThat(evaluation.get("OrderingTimestamp").decimalValue())
                        .isEqualByComparingTo(BigDecimal.valueOf(expected.orderingTimestamp().toEpochMilli(), 3));
            }
        }
        assertThat(index).isEqualTo(250);
    }

    @Test
    void put_configRefusesSome_everyBatchSentThenErrorNamesThem() throws Exception {
        answer("""
                {"FailedEvaluations": [{"ComplianceResourceType": "AWS::EC2::Instance",
                  "ComplianceResourceId": "i-00000000000000001", "ComplianceType": "NON_COMPLIANT",
                  "OrderingTimestamp": 1795608057.456}]}
                """);

        assertThatThrownBy(() -> publisher.put("token", evaluations(150)))
                .isInstanceOfSatisfying(ConfigEvaluationException.class, e -> {
                    assertThat(e.failedResourceIds()).containsExactly("i-00000000000000001", "i-00000000000000001");
                    assertThat(e.getMessage()).contains("refused 2 of 150");
                });
        assertThat(requests()).hasSize(2);
    }

    @Test
    void put_testModeToken_sentInTestMode() throws Exception {
        answer("{\"FailedEvaluations\": []}");

        PutEvaluationsResult result = publisher.put("TESTMODE", evaluations(1));

        assertThat(result.testMode()).isTrue();
        assertThat(requests()).singleElement().satisfies(b -> assertThat(b.get("TestMode").asBoolean()).isTrue());
    }

    @Test
    void put_noEvaluation_noRequest() {
        PutEvaluationsResult result = publisher.put("token", List.of());

        assertThat(result).isEqualTo(new PutEvaluationsResult(0, 0, false));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void put_notApplicableWithoutAnnotation_annotationOmitted() throws Exception {
        answer("{\"FailedEvaluations\": []}");

        publisher.put("token", List.of(ConfigEvaluation.instance("i-0123456789abcdef0", Compliance.NOT_APPLICABLE,
                null, CAPTURED)));

        wireMock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.Evaluations[0].ComplianceType", equalTo("NOT_APPLICABLE"))));
        assertThat(requests().get(0).get("Evaluations").get(0).has("Annotation")).isFalse();
    }
}
