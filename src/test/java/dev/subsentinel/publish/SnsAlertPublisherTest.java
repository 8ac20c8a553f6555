package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/** The PublishBatch requests the publisher builds, its failure handling per entry and per call, and its dry run. */
class SnsAlertPublisherTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:sentinel-alerts";

    @Test
    void send_twoAlerts_oneBatchWithAnEntryEachWithJsonStructureSubjectAndAttributes() throws Exception {
        List<PublishBatchRequest> requests = new ArrayList<>();
        SnsAlertPublisher publisher = new SnsAlertPublisher(accepting(requests), TOPIC, 10);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved()));

        assertThat(deliveries).containsExactly(AlertSink.Delivery.accepted("alert-new", "m-1"),
                AlertSink.Delivery.accepted("alert-resolved", "m-2"));
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.topicArn()).isEqualTo(TOPIC));
        List<PublishBatchRequestEntry> entries = requests.get(0).publishBatchRequestEntries();
        assertThat(entries).hasSize(2).extracting(PublishBatchRequestEntry::id).doesNotHaveDuplicates();
        PublishBatchRequestEntry first = entries.get(0);
        assertThat(first.messageStructure()).isEqualTo("json");
        assertThat(first.subject()).isEqualTo(AlertRenderer.subject(SampleAlerts.newUnhealthy()));
        assertThat(first.messageAttributes().get("checkIds").dataType()).isEqualTo("String.Array");
        assertThat(first.messageAttributes().get("checkIds").stringValue()).isEqualTo("[\"SSM_PING\",\"RDP_INGRESS\"]");
        assertThat(first.messageAttributes()).containsOnlyKeys(
                AlertRenderer.single(SampleAlerts.newUnhealthy()).attributes().keySet());
        JsonNode structure = Json.mapper().readTree(first.message());
        assertThat(structure.get("email").asText()).startsWith("UNHEALTHY: i-0aaa1111bbbb2222c");
        assertThat(Json.mapper().readTree(structure.get("lambda").asText()).get("alertId").asText())
                .isEqualTo("alert-new");
        assertThat(entries.get(1).subject()).startsWith("[RESOLVED]");
    }

    @Test
    void send_secondEntryInTheFailedList_firstAndThirdAcceptedSecondFailedNothingThrown() {
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> {
            List<PublishBatchRequestEntry> entries = request.publishBatchRequestEntries();
            return PublishBatchResponse.builder()
                    .successful(ok(entries.get(0), "m-1"), ok(entries.get(2), "m-3"))
                    .failed(BatchResultErrorEntry.builder().id(entries.get(1).id()).code("InvalidParameter")
                            .message("Invalid parameter: Subject").senderFault(true).build())
                    .build();
        }, TOPIC, 10);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved(), SampleAlerts.terminated()));

        assertThat(deliveries).extracting(AlertSink.Delivery::alertId, AlertSink.Delivery::messageId)
                .containsExactly(Tuple.tuple("alert-new", "m-1"), Tuple.tuple("alert-resolved", null),
                        Tuple.tuple("alert-terminated", "m-3"));
        assertThat(deliveries.get(1).error()).isEqualTo("InvalidParameter: Invalid parameter: Subject");
    }

    @Test
    void send_entryNeitherSuccessfulNorFailedOrWithoutMessageId_failed() {
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> PublishBatchResponse.builder()
                .successful(ok(request.publishBatchRequestEntries().get(0), " ")).build(), TOPIC, 10);

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved()));

        assertThat(deliveries).extracting(AlertSink.Delivery::alertId, AlertSink.Delivery::error)
                .containsExactly(Tuple.tuple("alert-new", "SNS returned no MessageId"),
                        Tuple.tuple("alert-resolved", "SNS reported no outcome for the message"));
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
    void send_twelveAlertsBelowTheThreshold_batchesOfTenAndTwoOnlyTheFailedCallsAlertsFailed() {
        List<PublishBatchRequest> requests = new ArrayList<>();
        Function<PublishBatchRequest, PublishBatchResponse> accept = accepting(new ArrayList<>())::publishBatch;
        SnsAlertPublisher publisher = new SnsAlertPublisher(request -> {
            requests.add(request);
            if (requests.size() == 2) {
                throw SdkClientException.create("connect timed out");
            }
            return accept.apply(request);
        }, TOPIC, 20);
        List<Alert> alerts = IntStream.range(0, 12)
                .mapToObj(i -> SampleAlerts.newFor(String.format("i-0%016x", i), "alert-" + i)).toList();

        List<AlertSink.Delivery> deliveries = publisher.send(alerts);

        assertThat(requests).extracting(r -> r.publishBatchRequestEntries().size()).containsExactly(10, 2);
        assertThat(requests.get(0).publishBatchRequestEntries()).extracting(PublishBatchRequestEntry::id)
                .doesNotHaveDuplicates();
        assertThat(deliveries).hasSize(12);
        assertThat(deliveries.subList(0, 10)).allMatch(AlertSink.Delivery::accepted);
        assertThat(deliveries.subList(10, 12)).extracting(AlertSink.Delivery::alertId)
                .containsExactly("alert-10", "alert-11");
        assertThat(deliveries.subList(10, 12)).noneMatch(AlertSink.Delivery::accepted);
    }

    @Test
    void batches_messagesAboveTheSizeLimitTogether_splitSoNoBatchExceedsIt() {
        AlertMessage large = new AlertMessage("subject", "x".repeat(40_000), "{}", Map.of(), List.of("a-large"),
                false);
        AlertMessage small = new AlertMessage("subject", "y".repeat(5_000), "{}", Map.of(), List.of("a-small"),
                false);

        List<List<AlertMessage>> batches = SnsAlertPublisher.batches(List.of(large, large, large, small, small));

        assertThat(3 * large.sizeBytes() + small.sizeBytes()).isGreaterThan(SnsAlertPublisher.MAX_BATCH_BYTES);
        assertThat(batches).extracting(List::size).containsExactly(3, 2);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.stream().mapToInt(AlertMessage::sizeBytes).sum())
                .isLessThanOrEqualTo(SnsAlertPublisher.MAX_BATCH_BYTES));
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
                .contains("--- sqs/lambda/https ---\n{\n  \"schema\" : \"subscription-sentinel/alert/v3\"");
    }

    @Test
    void dryRun_twoAlerts_eachPrintedWithItsOwnMessageId() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnsAlertPublisher dryRun = SnsAlertPublisher.dryRun(new PrintStream(out, true, StandardCharsets.UTF_8),
                TOPIC, 10);

        List<AlertSink.Delivery> deliveries = dryRun.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.resolved()));

        assertThat(deliveries).containsExactly(AlertSink.Delivery.accepted("alert-new", "dry-run-1"),
                AlertSink.Delivery.accepted("alert-resolved", "dry-run-2"));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("=== DRY RUN: would publish to " + TOPIC + " (dry-run-2)\nSubject: [RESOLVED]");
    }

    /** A transport that accepts every entry with message ids m-1, m-2, ... and keeps the requests. */
    private static SnsAlertPublisher.Transport accepting(List<PublishBatchRequest> requests) {
        int[] next = {0};
        return request -> {
            requests.add(request);
            return PublishBatchResponse.builder().successful(request.publishBatchRequestEntries().stream()
                    .map(entry -> ok(entry, "m-" + ++next[0])).toList()).build();
        };
    }

    private static PublishBatchResultEntry ok(PublishBatchRequestEntry entry, String messageId) {
        return PublishBatchResultEntry.builder().id(entry.id()).messageId(messageId).build();
    }
}
