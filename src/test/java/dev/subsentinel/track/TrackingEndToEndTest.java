package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Tracking and alerting end to end on moto: DynamoDB holds the state (BatchGetItem, TransactWriteItems), SNS
 * (PublishBatch) delivers to an SQS queue (which receives the JSON alert document and the message attributes) and to
 * an HTTP endpoint (which receives the readable default text). Reports come from
 * evaluating {@link TrackingFleet} snapshots with the real evaluator; the clock is a parameter.
 */
@ExtendWith(MotoExtension.class)
class TrackingEndToEndTest {

    private static final String A = "i-0aaa1111bbbb2222c";
    private static final String B = "i-0bbb2222cccc3333d";
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Tracker.Settings SETTINGS = new Tracker.Settings(Duration.ofHours(6),
            Duration.ofMinutes(10), Duration.ofDays(30), true);

    private MotoServer moto;
    private DynamoDbClient dynamo;
    private SnsClient sns;
    private SqsClient sqs;
    private String topicArn;
    private String queueUrl;
    private HttpServer http;
    private final List<JsonNode> httpNotifications = new CopyOnWriteArrayList<>();
    private DynamoDbStateStore store;

    @BeforeEach
    void setUp(MotoServer server) throws IOException {
        moto = server;
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        store = new DynamoDbStateStore(dynamo, TrackClients.TABLE);
        sns = TrackClients.sns(moto);
        sqs = TrackClients.sqs(moto);
        topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode notification = Json.mapper().readTree(new String(body.readAllBytes(),
                        StandardCharsets.UTF_8));
                if ("Notification".equals(notification.path("Type").asText())) {
                    httpNotifications.add(notification);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
        sns.subscribe(b -> b.topicArn(topicArn).protocol("http")
                .endpoint("http://127.0.0.1:" + http.getAddress().getPort() + "/sns"));
    }

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void runs_failingThenSameThenSixHoursThenFixed_newUnchangedReminderResolvedDelivered() throws Exception {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        Tracker tracker = new Tracker(store, SETTINGS);
        SnsAlertPublisher publisher = new SnsAlertPublisher(sns, topicArn, 10);

        List<Transition> run1 = run(tracker, publisher, fleet, T0);
        List<Message> afterRun1 = receive(1);
        List<Transition> run2 = run(tracker, publisher, fleet, T0.plus(Duration.ofMinutes(5)));
        List<Message> afterRun2 = receive(0);
        List<Transition> run3 = run(tracker, publisher, fleet, T0.plus(Duration.ofHours(6)));
        List<Message> afterRun3 = receive(1);
        fleet.change(A, i -> i.ping("Online"));
        List<Transition> run4 = run(tracker, publisher, fleet, T0.plus(Duration.ofHours(7)));
        List<Message> afterRun4 = receive(1);

        assertThat(run1).containsExactly(Transition.NEW, Transition.UNCHANGED);
        assertThat(run2).containsExactly(Transition.UNCHANGED, Transition.UNCHANGED);
        assertThat(run3).containsExactly(Transition.REMINDER, Transition.UNCHANGED);
        assertThat(run4).containsExactly(Transition.RESOLVED, Transition.UNCHANGED);
        assertThat(afterRun2).isEmpty();

        JsonNode first = envelope(afterRun1.get(0));
        assertThat(first.get("Subject").asText())
                .isEqualTo("[UNHEALTHY] i-0aaa1111bbbb2222c: SSM ping lost: ConnectionLost - Office LTSC Pro Plus");
        assertThat(attributes(first)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "severity", "String:CRITICAL",
                "transition", "String:NEW",
                "instanceId", "String:" + A,
                "checkIds", "String.Array:[\"SSM_PING\"]",
                "unknownCheckIds", "String.Array:[]",
                "accountId", "String:123456789012",
                "region", "String:us-east-1"));
        JsonNode document = Json.mapper().readTree(first.get("Message").asText());
        assertThat(document.get("schema").asText()).isEqualTo("subscription-sentinel/alert/v3");
        assertThat(document.get("transition").asText()).isEqualTo("NEW");
        assertThat(document.get("instanceId").asText()).isEqualTo(A);
        assertThat(document.get("unhealthySince").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(document.get("failingChecks").get(0).get("id").asText()).isEqualTo("SSM_PING");
        assertThat(document.get("failingChecks").get(0).get("evidence").get(0).asText())
                .startsWith("PingStatus ConnectionLost");

        JsonNode reminder = envelope(afterRun3.get(0));
        assertThat(reminder.get("Subject").asText()).startsWith("[UNHEALTHY, reminder] i-0aaa1111bbbb2222c:");
        assertThat(attributes(reminder)).containsEntry("transition", "String:REMINDER");
        JsonNode resolved = envelope(afterRun4.get(0));
        assertThat(resolved.get("Subject").asText()).isEqualTo("[RESOLVED] i-0aaa1111bbbb2222c: healthy again after 7"
                + " h 0 min - Office LTSC Pro Plus");
        assertThat(attributes(resolved)).containsEntry("severity", "String:INFO")
                .containsEntry("checkIds", "String.Array:[\"SSM_PING\"]");

        assertThat(httpNotifications).hasSize(3);
        assertThat(httpNotifications.get(0).get("Subject").asText()).isEqualTo(first.get("Subject").asText());
        assertThat(httpNotifications.get(0).get("Message").asText())
                .startsWith("UNHEALTHY: i-0aaa1111bbbb2222c (Office LTSC Pro Plus) in account 123456789012")
                .contains("Unhealthy since: 2026-03-02T10:00:00Z")
                .contains("How to fix:")
                .contains("#InstanceDetails:instanceId=i-0aaa1111bbbb2222c");
        assertThat(httpNotifications.get(2).get("Message").asText())
                .contains("Resolved: healthy again after 7 h 0 min failing");

        Map<String, AttributeValue> item = item(A);
        assertThat(item.get("verdict").s()).isEqualTo("HEALTHY");
        assertThat(item).doesNotContainKey("unhealthySince");
        assertThat(item.get("lastAlertAt").s()).isEqualTo("2026-03-02T17:00:00Z");
        assertThat(item.get("lastAlertMessageId").s()).isEqualTo(resolved.get("MessageId").asText());
        assertThat(item.get("lastTransition").s()).isEqualTo("RESOLVED");
        assertThat(item.get("lastEvaluatedAt").s()).isEqualTo("2026-03-02T17:00:00Z");
        assertThat(item.get("outbox").m()).isEmpty();
        Map<String, AttributeValue> healthy = item(B);
        assertThat(healthy.get("verdict").s()).isEqualTo("HEALTHY");
        assertThat(healthy).doesNotContainKey("lastAlertAt");
        assertThat(healthy.get("version").n()).isEqualTo("4");
    }

    @Test
    void runs_trackedInstancesTerminatedAndDisappeared_terminatedAlertsSayHowLongAndWhy() throws Exception {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        Tracker tracker = new Tracker(store, SETTINGS);
        SnsAlertPublisher publisher = new SnsAlertPublisher(sns, topicArn, 10);
        run(tracker, publisher, fleet, T0);
        receive(1);
        fleet.change(A, i -> i.state("terminated")).remove(B);

        List<Transition> transitions = run(tracker, publisher, fleet, T0.plus(Duration.ofHours(3)));
        List<Message> delivered = receive(2);
        List<Transition> again = run(tracker, publisher, fleet, T0.plus(Duration.ofHours(4)));

        assertThat(transitions).containsExactly(Transition.TERMINATED, Transition.TERMINATED);
        assertThat(again).containsExactly(Transition.UNCHANGED);
        assertThat(receive(0)).isEmpty();
        List<String> subjects = delivered.stream().map(m -> envelope(m).get("Subject").asText()).toList();
        assertThat(subjects).containsExactlyInAnyOrder(
                "[TERMINATED] i-0aaa1111bbbb2222c: terminated; UNHEALTHY 3 h 0 min (SSM_PING) - Office LTSC Pro Plus",
                "[TERMINATED] i-0bbb2222cccc3333d: left the fleet (was HEALTHY) - Office LTSC Pro Plus");
        JsonNode terminatedA = delivered.stream().map(this::envelope)
                .filter(e -> e.get("Subject").asText().contains(A)).findFirst().orElseThrow();
        assertThat(attributes(terminatedA)).containsEntry("severity", "String:CRITICAL")
                .containsEntry("transition", "String:TERMINATED");
        JsonNode document = Json.mapper().readTree(terminatedA.get("Message").asText());
        assertThat(document.get("failingMinutes").asLong()).isEqualTo(180);
        assertThat(document.get("lastKnownCauses").get(0).asText())
                .isEqualTo("SSM_PING: SSM ping lost: ConnectionLost");
        assertThat(item(A).get("terminatedAt").s()).isEqualTo("2026-03-02T13:00:00Z");
        assertThat(item(A).get("expiresAt").n())
                .isEqualTo(Long.toString(T0.plus(Duration.ofHours(3)).plus(Duration.ofDays(30)).getEpochSecond()));
    }

    @Test
    void deliver_snsRejectsThePublish_nothingRecordedAndTheAlertArrivesOnTheNextRun() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        SnsClient flaky = TrackClients.sns(moto, new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PublishBatchRequest && failures.getAndDecrement() > 0) {
                    throw SdkClientException.create("injected: SNS unreachable");
                }
            }
        });
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        Tracker tracker = new Tracker(store, SETTINGS);
        SnsAlertPublisher publisher = new SnsAlertPublisher(flaky, topicArn, 10);

        TrackingResult run1 = tracker.track(fleet.scan("s1", T0), true, T0);
        DeliveryResult failed = tracker.deliver(run1, publisher, T0);
        List<Message> afterFailure = receive(0);
        Map<String, AttributeValue> itemAfterFailure = item(A);
        TrackingResult run2 = tracker.track(fleet.scan("s2", T0.plusSeconds(300)), true, T0.plusSeconds(300));
        DeliveryResult retried = tracker.deliver(run2, publisher, T0.plusSeconds(300));
        List<Message> afterRetry = receive(1);

        assertThat(failed.failed()).isEqualTo(1);
        assertThat(failed.errors()).singleElement().asString().contains("injected: SNS unreachable");
        assertThat(afterFailure).isEmpty();
        assertThat(itemAfterFailure).doesNotContainKey("lastAlertAt");
        Map<String, AttributeValue> pending = itemAfterFailure.get("outbox").m().values().iterator().next().m();
        assertThat(pending.get("transition").s()).isEqualTo("NEW");
        assertThat(pending.get("lastError").s()).contains("injected: SNS unreachable");
        assertThat(pending).doesNotContainKey("claimToken");
        assertThat(run2.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.UNCHANGED);
        assertThat(retried.sent()).isEqualTo(1);
        JsonNode envelope = envelope(afterRetry.get(0));
        assertThat(attributes(envelope)).containsEntry("transition", "String:NEW");
        assertThat(Json.mapper().readTree(envelope.get("Message").asText()).get("scanId").asText()).isEqualTo("s1");
        assertThat(item(A).get("outbox").m()).isEmpty();
        assertThat(item(A).get("lastAlertAt").s()).isEqualTo("2026-03-02T10:05:00Z");
    }

    @Test
    void deliver_snsFailsOneEntryOfTheBatch_theOthersConfirmedAndThatOneArrivesOnTheNextRun() throws Exception {
        String c = "i-0ccc3333dddd4444e";
        AtomicInteger breakSecondEntry = new AtomicInteger(1);
        SnsClient partlyFailing = TrackClients.sns(moto, new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                if (context.request() instanceof PublishBatchRequest request
                        && breakSecondEntry.getAndDecrement() > 0) {
                    List<PublishBatchRequestEntry> entries = new ArrayList<>(request.publishBatchRequestEntries());
                    // moto, like SNS, rejects this entry alone and lists it under Failed.
                    entries.set(1, entries.get(1).toBuilder().messageStructure("text").build());
                    return request.toBuilder().publishBatchRequestEntries(entries).build();
                }
                return context.request();
            }
        });
        TrackingFleet fleet = TrackingFleet.of(A, B, c);
        for (String id : List.of(A, B, c)) {
            fleet.change(id, i -> i.ping("ConnectionLost"));
        }
        Tracker tracker = new Tracker(store, SETTINGS);
        SnsAlertPublisher publisher = new SnsAlertPublisher(partlyFailing, topicArn, 10);

        DeliveryResult first = tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0), publisher, T0);
        List<Message> afterFirst = receive(2);
        Map<String, AttributeValue> failedRow = item(B);
        DeliveryResult retried = tracker.deliver(tracker.track(fleet.scan("s2", T0.plusSeconds(300)), true,
                T0.plusSeconds(300)), publisher, T0.plusSeconds(300));
        List<Message> afterRetry = receive(1);

        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.errors()).singleElement().asString().startsWith("InvalidParameter");
        assertThat(afterFirst).extracting(m -> attributes(envelope(m)).get("instanceId"))
                .containsExactlyInAnyOrder("String:" + A, "String:" + c);
        assertThat(item(A).get("outbox").m()).isEmpty();
        assertThat(item(c).get("outbox").m()).isEmpty();
        assertThat(failedRow).doesNotContainKey("lastAlertAt");
        Map<String, AttributeValue> pending = failedRow.get("outbox").m().values().iterator().next().m();
        assertThat(pending.get("lastError").s()).startsWith("InvalidParameter");
        assertThat(pending).doesNotContainKey("claimToken");
        assertThat(retried.sent()).isEqualTo(1);
        assertThat(afterRetry).singleElement().satisfies(m -> assertThat(attributes(envelope(m)))
                .containsEntry("instanceId", "String:" + B).containsEntry("transition", "String:NEW"));
        assertThat(item(B).get("outbox").m()).isEmpty();
        assertThat(item(B).get("lastAlertAt").s()).isEqualTo("2026-03-02T10:05:00Z");
    }

    @Test
    void track_twoRunsRacingOnTheSameInstance_exactlyOneAlertDelivered() throws Exception {
        BarrierStore racing = new BarrierStore(store, true);
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<TrackingResult> results = new ArrayList<>();
        try {
            List<Future<TrackingResult>> runs = new ArrayList<>();
            for (String scan : List.of("scheduled", "event")) {
                runs.add(pool.submit(() -> {
                    Tracker tracker = new Tracker(racing, SETTINGS);
                    TrackingResult result = tracker.track(fleet.scan(scan, T0), false, T0);
                    tracker.deliver(result, new SnsAlertPublisher(TrackClients.sns(moto), topicArn, 10), T0);
                    return result;
                }));
            }
            for (Future<TrackingResult> run : runs) {
                results.add(run.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<Message> delivered = receive(1);
        assertThat(receive(0)).isEmpty();
        assertThat(delivered).hasSize(1);
        assertThat(attributes(envelope(delivered.get(0)))).containsEntry("transition", "String:NEW");
        assertThat(results).extracting(TrackingResult::conflicts).contains(0)
                .anySatisfy(conflicts -> assertThat(conflicts).isPositive());
        assertThat(item(A).get("outbox").m()).isEmpty();
    }

    @Test
    void deliver_moreAlertsThanTheThreshold_oneDigestMessageAndEveryRowConfirmed() throws Exception {
        String[] ids = {A, B, "i-0ccc3333dddd4444e"};
        TrackingFleet fleet = TrackingFleet.of(ids);
        for (String id : ids) {
            fleet.change(id, i -> i.ping("ConnectionLost").rdpOpen(true));
        }
        Tracker tracker = new Tracker(store, SETTINGS);

        run(tracker, new SnsAlertPublisher(sns, topicArn, 2), fleet, T0);
        List<Message> delivered = receive(1);

        assertThat(receive(0)).isEmpty();
        JsonNode digest = envelope(delivered.get(0));
        assertThat(digest.get("Subject").asText()).isEqualTo("[DIGEST] 3 alerts in 123456789012/us-east-1: 3"
                + " UNHEALTHY");
        assertThat(attributes(digest)).containsEntry("transition", "String.Array:[\"NEW\"]")
                .containsEntry("checkIds", "String.Array:[\"SSM_PING\",\"RDP_INGRESS\"]");
        JsonNode document = Json.mapper().readTree(digest.get("Message").asText());
        assertThat(document.get("alerts")).hasSize(3);
        assertThat(document.get("alerts").get(0).get("schema").asText()).isEqualTo("subscription-sentinel/alert/v3");
        for (String id : ids) {
            assertThat(item(id).get("lastAlertMessageId").s()).isEqualTo(digest.get("MessageId").asText());
            assertThat(item(id).get("outbox").m()).isEmpty();
            assertThat(item(id).get("failingChecks").l()).extracting(AttributeValue::s)
                    .containsExactly(CheckId.SSM_PING.name(), CheckId.RDP_INGRESS.name());
        }
    }

    private List<Transition> run(Tracker tracker, SnsAlertPublisher publisher, TrackingFleet fleet, Instant now) {
        TrackingResult result = tracker.track(fleet.scan("scan-" + now.getEpochSecond(), now), true, now);
        tracker.deliver(result, publisher, now);
        return result.transitions().stream().map(TrackingResult.InstanceTransition::transition).toList();
    }

    /** Receives and deletes what the queue holds, expecting {@code expected} messages (waits briefly for them). */
    private List<Message> receive(int expected) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 5).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            for (Message message : batch) {
                out.add(message);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            if (expected > 0 && out.size() >= expected) {
                break;
            }
            Thread.sleep(100);
        }
        return out;
    }

    private JsonNode envelope(Message message) {
        try {
            return Json.mapper().readTree(message.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> attributes(JsonNode envelope) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        envelope.get("MessageAttributes").properties().forEach(entry -> out.put(entry.getKey(),
                entry.getValue().get("Type").asText() + ":" + entry.getValue().get("Value").asText()));
        return out;
    }

    private Map<String, AttributeValue> item(String instanceId) {
        return dynamo.getItem(b -> b.tableName(TrackClients.TABLE).consistentRead(true).key(Map.of(
                DynamoDbStateStore.PARTITION_KEY, AttributeValue.fromS("123456789012#us-east-1"),
                DynamoDbStateStore.SORT_KEY, AttributeValue.fromS(instanceId)))).item();
    }
}
