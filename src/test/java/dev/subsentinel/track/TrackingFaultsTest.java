package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Transition;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.FaultFront.Fault;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Tracking and alerting with faults injected between the product's clients and moto ({@link FaultFront}) on
 * PublishBatch, on the state write (TransactWriteItems) and on the confirm step, and with a crash between publishing
 * and confirming. An SQS queue subscribed to the topic counts what subscribers receive. No alert is ever lost; none
 * is sent twice except the one case no standard SNS topic can avoid (SNS accepted it and the run could not record
 * that), and then it is the same alert, with the same alertId, exactly once more, after its claim lapsed.
 */
@ExtendWith(MotoExtension.class)
class TrackingFaultsTest {

    private static final String A = "i-0aaa1111bbbb2222c";
    private static final String B = "i-0bbb2222cccc3333d";
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Tracker.Settings SETTINGS = new Tracker.Settings(Duration.ofHours(6),
            Duration.ofMinutes(10), Duration.ofDays(30), true);

    private FaultFront faults;
    private Clients clients;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private String queueUrl;
    private Tracker tracker;
    private SnsAlertPublisher publisher;
    /** Two failing instances: their rows are written and confirmed in transactions (TransactWriteItems). */
    private final TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"))
            .change(B, i -> i.rdpOpen(true));

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        var sns = TrackClients.sns(moto);
        String topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        sqs = TrackClients.sqs(moto);
        queueUrl = sqs.createQueue(b -> b.queueName("subscriber")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        faults = FaultFront.start(moto.endpoint());
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(faults.endpoint()));
        clients = Clients.create(config.withAws(config.aws().withRetries(2, Duration.ofMillis(5),
                Duration.ofMillis(10))));
        tracker = new Tracker(new DynamoDbStateStore(clients.dynamoDb(), TrackClients.TABLE), SETTINGS);
        publisher = new SnsAlertPublisher(clients.sns(), topicArn, 10);
    }

    @AfterEach
    void tearDown() {
        clients.close();
        faults.close();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"SERVER_ERROR", "UNAVAILABLE", "THROTTLED", "CONNECTION_RESET",
        "EMPTY_RESPONSE", "MALFORMED_BODY", "DENIED"})
    void publishBatchFailing_alertKeptAndDeliveredExactlyOnceWhenSnsAnswersAgain(Fault fault) throws Exception {
        faults.fail("PublishBatch", fault);
        TrackingResult first = tracker.track(fleet.scan("s1", T0), true, T0);
        DeliveryResult failed = tracker.deliver(first, publisher, T0);
        List<String> afterFailure = receivedAlertIds(0);
        faults.heal("PublishBatch");
        DeliveryResult retried = deliverRun("s2", T0.plus(Duration.ofMinutes(5)));
        List<String> afterRetry = receivedAlertIds(2);

        assertThat(failed.failed()).isEqualTo(2);
        assertThat(failed.sent()).isZero();
        assertThat(afterFailure).isEmpty();
        assertThat(retried.sent()).isEqualTo(2);
        assertThat(afterRetry).containsExactlyInAnyOrderElementsOf(alertIds(first));
        assertThat(row(A).get("outbox").m()).isEmpty();
        assertThat(row(B).get("outbox").m()).isEmpty();
        assertThat(deliverRun("s3", T0.plus(Duration.ofMinutes(20))).sent()).isZero();
        assertThat(receivedAlertIds(0)).isEmpty();
    }

    @Test
    void stateWriteFailing_runFailsWithNothingSentAndTheNextRunAlertsOnce() throws Exception {
        faults.fail("TransactWriteItems", Fault.SERVER_ERROR);

        assertThatThrownBy(() -> tracker.track(fleet.scan("s1", T0), true, T0)).isInstanceOf(SdkException.class);
        List<String> afterFailure = receivedAlertIds(0);
        faults.heal("TransactWriteItems");
        TrackingResult second = tracker.track(fleet.scan("s2", T0.plus(Duration.ofMinutes(5))), true,
                T0.plus(Duration.ofMinutes(5)));
        DeliveryResult delivered = tracker.deliver(second, publisher, T0.plus(Duration.ofMinutes(5)));

        assertThat(afterFailure).isEmpty();
        assertThat(second.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.NEW, Transition.NEW);
        assertThat(delivered.sent()).isEqualTo(2);
        assertThat(receivedAlertIds(2)).containsExactlyInAnyOrderElementsOf(alertIds(second));
    }

    @Test
    void confirmWriteFailing_confirmedAlertByAlertAndNeverSentAgain() throws Exception {
        TrackingResult first = tracker.track(fleet.scan("s1", T0), true, T0);
        faults.fail("TransactWriteItems", Fault.SERVER_ERROR);

        DeliveryResult delivered = tracker.deliver(first, publisher, T0);
        faults.heal("TransactWriteItems");
        List<String> received = receivedAlertIds(2);
        DeliveryResult afterTheLease = deliverRun("s2", T0.plus(Duration.ofMinutes(11)));

        assertThat(delivered.sent()).isEqualTo(2);
        assertThat(received).containsExactlyInAnyOrderElementsOf(alertIds(first));
        assertThat(row(A).get("outbox").m()).isEmpty();
        assertThat(row(A).get("lastAlertAt").s()).isEqualTo(T0.toString());
        assertThat(afterTheLease.sent()).isZero();
        assertThat(receivedAlertIds(0)).isEmpty();
    }

    @Test
    void confirmImpossibleAfterPublish_theSameAlertSentOnceMoreAfterItsClaimLapsedAndNeverAgain() throws Exception {
        TrackingResult first = tracker.track(fleet.scan("s1", T0), true, T0);
        faults.fail("TransactWriteItems", Fault.SERVER_ERROR).fail("UpdateItem", Fault.SERVER_ERROR);

        assertThatThrownBy(() -> tracker.deliver(first, publisher, T0)).isInstanceOf(SdkException.class);
        faults.heal("TransactWriteItems").heal("UpdateItem");
        resendsOnlyAfterTheLease(alertIds(first));
    }

    @Test
    void crashBetweenPublishAndConfirm_theSameAlertSentOnceMoreAfterItsClaimLapsedAndNeverAgain() throws Exception {
        TrackingResult first = tracker.track(fleet.scan("s1", T0), true, T0);
        AlertSink crashing = alerts -> {
            publisher.send(alerts);
            throw new IllegalStateException("the process died after SNS accepted the alerts");
        };

        assertThatThrownBy(() -> tracker.deliver(first, crashing, T0)).isInstanceOf(IllegalStateException.class);
        resendsOnlyAfterTheLease(alertIds(first));
    }

    /** The alerts arrived once; a run within the lease sends nothing, the first after it the same alerts once. */
    private void resendsOnlyAfterTheLease(List<String> alertIds) throws Exception {
        List<String> published = receivedAlertIds(2);
        DeliveryResult withinLease = deliverRun("s2", T0.plus(Duration.ofMinutes(5)));
        List<String> duringLease = receivedAlertIds(0);
        DeliveryResult afterLease = deliverRun("s3", T0.plus(Duration.ofMinutes(11)));
        List<String> resent = receivedAlertIds(2);
        DeliveryResult later = deliverRun("s4", T0.plus(Duration.ofMinutes(16)));

        assertThat(published).containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(withinLease.skipped()).isEqualTo(2);
        assertThat(duringLease).isEmpty();
        assertThat(afterLease.sent()).isEqualTo(2);
        assertThat(resent).as("the same alertIds, which subscribers drop")
                .containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(later.sent()).isZero();
        assertThat(receivedAlertIds(0)).isEmpty();
        assertThat(row(A).get("outbox").m()).isEmpty();
        assertThat(row(B).get("outbox").m()).isEmpty();
    }

    private static List<String> alertIds(TrackingResult result) {
        return result.alerts().stream().map(dev.subsentinel.publish.Alert::alertId).toList();
    }

    private DeliveryResult deliverRun(String scanId, Instant at) {
        return tracker.deliver(tracker.track(fleet.scan(scanId, at), true, at), publisher, at);
    }

    /** The alertIds of the messages the subscriber received since the last call, expecting {@code expected}. */
    private List<String> receivedAlertIds(int expected) throws InterruptedException, IOException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 10).toNanos();
        while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected)) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages()) {
                JsonNode envelope = Json.mapper().readTree(message.body());
                out.add(Json.mapper().readTree(envelope.get("Message").asText()).get("alertId").asText());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            Thread.sleep(50);
        }
        return out;
    }

    private Map<String, AttributeValue> row(String instanceId) {
        return dynamo.getItem(b -> b.tableName(TrackClients.TABLE).consistentRead(true).key(Map.of(
                DynamoDbStateStore.PARTITION_KEY, AttributeValue.fromS("123456789012#us-east-1"),
                DynamoDbStateStore.SORT_KEY, AttributeValue.fromS(instanceId)))).item();
    }
}
