package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/** The Publish requests the publisher builds, its failure handling and its dry run (no SNS involved). */
class SnsAlertPublisherTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:sentinel-alerts";

    @Test
    void send_twoAlerts_onePublishEachWithJsonStructureSubjectAndAttributes() throws Exception {
        List<PublishRequest> requests = new ArrayList<>();
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> {
            requests.add(request);
            return "m-" + requests.size();
        }, TOPIC, 10);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved()));

        assertThat(deliveries).containsExactly(AlertSink.Delivery.accepted("alert-new", "m-1"),
                AlertSink.Delivery.accepted("alert-resolved", "m-2"));
        PublishRequest first = requests.get(0);
        assertThat(first.topicArn()).isEqualTo(TOPIC);
        assertThat(first.messageStructure()).isEqualTo("json");
        assertThat(first.subject()).isEqualTo(AlertRenderer.subject(SampleAlerts.newUnhealthy()));
        assertThat(first.messageAttributes().get("checkIds").dataType()).isEqualTo("String.Array");
        assertThat(first.messageAttributes().get("checkIds").stringValue()).isEqualTo("[\"SSM_PING\",\"RDP_INGRESS\"]");
        JsonNode structure = Json.mapper().readTree(first.message());
        assertThat(structure.get("email").asText()).startsWith("UNHEALTHY: i-0aaa1111bbbb2222c");
        assertThat(Json.mapper().readTree(structure.get("lambda").asText()).get("alertId").asText())
                .isEqualTo("alert-new");
    }

    @Test
    void send_secondPublishRejected_firstAcceptedSecondFailedNothingThrown() {
        List<PublishRequest> requests = new ArrayList<>();
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> {
            requests.add(request);
            if (requests.size() == 2) {
                throw SnsException.builder().message("Invalid parameter: Subject").statusCode(400).build();
            }
            return "m-" + requests.size();
        }, TOPIC, 10);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved(), SampleAlerts.terminated()));

        assertThat(deliveries).extracting(AlertSink.Delivery::alertId, AlertSink.Delivery::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alert-new", true),
                        org.assertj.core.groups.Tuple.tuple("alert-resolved", false),
                        org.assertj.core.groups.Tuple.tuple("alert-terminated", true));
        assertThat(deliveries.get(1).error()).isEqualTo("SnsException: Invalid parameter: Subject");
    }

    @Test
    void send_digestRejected_everyAlertOfTheDigestFailed() {
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> {
            throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
        }, TOPIC, 1);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved()));

        assertThat(deliveries).hasSize(2).noneMatch(AlertSink.Delivery::accepted)
                .allSatisfy(d -> assertThat(d.error()).contains("connect timed out"));
    }

    @Test
    void dryRun_alert_printsSubjectAttributesTextAndDocument() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnsAlertPublisher dryRun = SnsAlertPublisher.dryRun(new PrintStream(out, true, StandardCharsets.UTF_8),
                TOPIC, 10);

        List<AlertSink.Delivery> deliveries = dryRun.send(List.of(SampleAlerts.newUnhealthy()));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(deliveries).containsExactly(AlertSink.Delivery.accepted("alert-new", "dry-run-1"));
        assertThat(printed).startsWith("=== DRY RUN: would publish to " + TOPIC + " (dry-run-1)\n"
                + "Subject: [UNHEALTHY] i-0aaa1111bbbb2222c: SSM ping lost: ConnectionLost - Office LTSC Pro Plus\n")
                .contains("Attribute checkIds (String.Array): [\"SSM_PING\",\"RDP_INGRESS\"]")
                .contains("--- default/email ---\nUNHEALTHY: i-0aaa1111bbbb2222c")
                .contains("--- sqs/lambda/https ---\n{\n  \"schema\" : \"subscription-sentinel/alert/v1\"");
    }
}
