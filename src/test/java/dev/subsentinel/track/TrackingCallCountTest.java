package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.core.Transition;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What tracking and alerting cost in AWS calls, on moto: an SDK interceptor ({@link ApiCallCounter}, the one the
 * client factory installs) counts every attempt of the DynamoDB and SNS clients, by operation. An event-driven run
 * that alerts about up to 10 instances makes four calls (one BatchGetItem, one TransactWriteItems for the states with
 * the alerts already claimed, one PublishBatch, one TransactWriteItems confirming them), plus the Query of the tracked
 * ids when the run asks for them; a run without alerts makes two. The topic delivers to an SQS queue, so the test
 * also sees the alerts arrive.
 */
@ExtendWith(MotoExtension.class)
class TrackingCallCountTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Tracker.Settings SETTINGS = new Tracker.Settings(Duration.ofHours(6),
            Duration.ofMinutes(10), Duration.ofDays(30), true);
    private static final String BATCH_GET = "DynamoDb:BatchGetItem";
    private static final String TRANSACT_WRITE = "DynamoDb:TransactWriteItems";
    private static final String PUBLISH_BATCH = "Sns:PublishBatch";

    private final ApiCallCounter counter = new ApiCallCounter();
    private DynamoDbStateStore store;
    private SqsClient sqs;
    private String queueUrl;
    private SnsAlertPublisher publisher;

    @BeforeEach
    void setUp(MotoServer moto) {
        DynamoDbClient dynamo = TrackClients.dynamo(moto, counter);
        TrackClients.createTable(dynamo);
        store = new DynamoDbStateStore(dynamo, TrackClients.TABLE);
        SnsClient sns = TrackClients.sns(moto, counter);
        sqs = TrackClients.sqs(moto);
        String topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        publisher = new SnsAlertPublisher(sns, topicArn, 10);
    }

    @Test
    void trackAndDeliver_fiveInstancesTurnUnhealthyInAnEventRun_fourCalls() {
        TrackingFleet fleet = failing(ids(5));
        Map<String, Long> before = counter.byOperation();

        TrackingResult tracking = new Tracker(store, SETTINGS).track(fleet.scan("event", T0), false, T0);
        DeliveryResult delivery = new Tracker(store, SETTINGS).deliver(tracking, publisher, T0);

        Map<String, Long> calls = since(before);
        assertThat(tracking.alerting()).hasSize(5).extracting(TrackingResult.InstanceTransition::transition)
                .containsOnly(Transition.NEW);
        assertThat(delivery.sent()).isEqualTo(5);
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of(BATCH_GET, 1L, TRANSACT_WRITE, 2L,
                PUBLISH_BATCH, 1L));
        assertThat(total(calls)).isLessThanOrEqualTo(4);
        assertThat(receive(5)).hasSize(5);
        assertThat(store.getAll(keys(ids(5))).values()).allSatisfy(row -> {
            assertThat(row.outbox()).isEmpty();
            assertThat(row.state().lastAlertAt()).isEqualTo(T0);
        });
    }

    @Test
    void trackedIdsTrackAndDeliver_fiveTrackedInstancesTurnUnhealthy_fiveCallsWithTheQuery() {
        List<String> ids = ids(5);
        Tracker tracker = new Tracker(store, SETTINGS);
        tracker.track(TrackingFleet.of(ids.toArray(String[]::new)).scan("baseline", T0), true, T0);
        Instant later = T0.plus(Duration.ofMinutes(5));
        Map<String, Long> before = counter.byOperation();

        assertThat(tracker.trackedInstanceIds(TrackingFleet.ACCOUNT, TrackingFleet.REGION))
                .containsExactlyInAnyOrderElementsOf(ids);
        TrackingResult tracking = tracker.track(failing(ids).scan("event", later), false, later);
        DeliveryResult delivery = tracker.deliver(tracking, publisher, later);

        Map<String, Long> calls = since(before);
        assertThat(delivery.sent()).isEqualTo(5);
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("DynamoDb:Query", 1L, BATCH_GET, 1L,
                TRANSACT_WRITE, 2L, PUBLISH_BATCH, 1L));
        assertThat(total(calls)).isLessThanOrEqualTo(4 + 1);
        assertThat(receive(5)).hasSize(5);
    }

    @Test
    void trackAndDeliver_fiveFailingInstancesUnchanged_twoCalls() {
        TrackingFleet fleet = failing(ids(5));
        Tracker tracker = new Tracker(store, SETTINGS);
        tracker.deliver(tracker.track(fleet.scan("first", T0), false, T0), publisher, T0);
        receive(5);
        Instant later = T0.plus(Duration.ofMinutes(5));
        Map<String, Long> before = counter.byOperation();

        TrackingResult tracking = tracker.track(fleet.scan("event", later), false, later);
        DeliveryResult delivery = tracker.deliver(tracking, publisher, later);

        Map<String, Long> calls = since(before);
        assertThat(tracking.transitions()).hasSize(5).extracting(TrackingResult.InstanceTransition::transition)
                .containsOnly(Transition.UNCHANGED);
        assertThat(delivery).isEqualTo(DeliveryResult.NONE);
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of(BATCH_GET, 1L, TRANSACT_WRITE, 1L));
        assertThat(total(calls)).isLessThanOrEqualTo(2);
        assertThat(store.getAll(keys(ids(5))).values()).extracting(row -> row.state().lastEvaluatedAt())
                .containsOnly(later);
    }

    @Test
    void trackAndDeliver_tenInstancesTurnUnhealthyInAScheduledScan_fourCallsWithTheQueryAsTheRead() {
        TrackingFleet fleet = failing(ids(10));
        Map<String, Long> before = counter.byOperation();

        Tracker tracker = new Tracker(store, SETTINGS);
        DeliveryResult delivery = tracker.deliver(tracker.track(fleet.scan("scheduled", T0), true, T0), publisher,
                T0);

        Map<String, Long> calls = since(before);
        assertThat(delivery.sent()).isEqualTo(10);
        assertThat(delivery.messages()).isEqualTo(10);
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("DynamoDb:Query", 1L, TRANSACT_WRITE, 2L,
                PUBLISH_BATCH, 1L));
        assertThat(receive(10)).hasSize(10);
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("i-0%016x", 0xa11ce000L + i)).toList();
    }

    private static TrackingFleet failing(List<String> ids) {
        TrackingFleet fleet = TrackingFleet.of(ids.toArray(String[]::new));
        ids.forEach(id -> fleet.change(id, i -> i.ping("ConnectionLost")));
        return fleet;
    }

    private static List<InstanceKey> keys(List<String> ids) {
        return ids.stream().map(id -> new InstanceKey(TrackingFleet.ACCOUNT, TrackingFleet.REGION, id)).toList();
    }

    private Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        counter.byOperation().forEach((operation, count) -> {
            long delta = count - before.getOrDefault(operation, 0L);
            if (delta > 0) {
                out.put(operation, delta);
            }
        });
        return out;
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Receives and deletes what the queue holds; moto delivers during the publish call, so nothing is awaited. */
    private List<Message> receive(int atMost) {
        List<Message> out = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            for (Message message : batch) {
                out.add(message);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty() && out.size() < atMost);
        return out;
    }
}
