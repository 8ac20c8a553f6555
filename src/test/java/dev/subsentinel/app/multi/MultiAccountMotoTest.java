package dev.subsentinel.app.multi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.Sleeper;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.config.MultiAccountConfig;
import dev.subsentinel.handler.WorkerHandler;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.EmfDocuments;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.DynamoDbStateStore;
import dev.subsentinel.track.TrackClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Many accounts and regions on moto: the coordinator sends one message per (account, region) to a real SQS queue, the
 * worker scans each through the member role, every target's state is kept apart in the one table and every alert
 * goes to the one topic naming its account and region, and the account whose role cannot be assumed fails loudly
 * while the others run.
 *
 * <p>moto resolves the account of every request from its credentials: STS AssumeRole into another account id returns
 * keys of that account (the role need not exist), so the member accounts are real moto accounts with their own EC2.
 * moto checks neither trust policies nor external ids, so the account whose member role cannot be assumed is made by
 * the front, which answers AssumeRole of that role with STS's AccessDenied ({@link AwsFront#denyAssumeRole}). SSM and
 * LM-US are canned by the front for every account alike (none are registered here, so every running instance fails
 * SSM_REGISTERED and is alerted about).
 */
@ExtendWith(AwsFrontExtension.class)
class MultiAccountMotoTest {

    private static final String MONITOR = "123456789012";
    private static final String MEMBER = "222233334444";
    private static final String LOCKED = "333344445555";
    private static final String EXTERNAL_ID = "sentinel-test-external-id";
    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private String targetQueue;
    private String alertQueue;
    private final Map<String, String> instanceTargets = new HashMap<>();
    private Map<String, String> env;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        sqs = TrackClients.sqs(moto);
        var sns = TrackClients.sns(moto);
        String topic = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        alertQueue = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
        String alertQueueArn = sqs.getQueueAttributes(b -> b.queueUrl(alertQueue)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(alertQueueArn));
        targetQueue = sqs.createQueue(b -> b.queueName("sentinel-targets")).queueUrl();
        for (String account : List.of(MONITOR, MEMBER)) {
            for (String region : REGIONS) {
                launch(moto, account, region);
            }
        }
        front.denyAssumeRole("arn:aws:iam::" + LOCKED + ":role/" + MultiAccountConfig.DEFAULT_MEMBER_ROLE);
        env = new HashMap<>(EmulatorEnv.of(front.endpoint(), Map.of("SENTINEL_STATE_TABLE", TrackClients.TABLE,
                "SENTINEL_TOPIC_ARN", topic, "SENTINEL_TARGET_ACCOUNTS", MONITOR + "," + MEMBER + "," + LOCKED,
                "SENTINEL_TARGET_REGIONS", String.join(",", REGIONS), "SENTINEL_EXTERNAL_ID", EXTERNAL_ID,
                "SENTINEL_TARGET_QUEUE_URL", targetQueue)));
    }

    @Test
    void coordinatorThenWorker_twoAccountsTwoRegions_isolatedStateOneAlertStreamLockedAccountFailsLoudly()
            throws IOException {
        AppConfig config = AppConfig.fromEnvironment(env);
        ByteArrayOutputStream emf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        CoordinatorOutcome coordinated;
        JsonNode answer;
        List<String> log;
        System.setOut(new PrintStream(emf, true, StandardCharsets.UTF_8));
        try (Application app = Application.create(config, MultiAccountConfig.fromEnvironment(env, config.region()),
                Clock.systemUTC(), new Application.Io(new PrintStream(OutputStream.nullOutputStream()), true),
                Sleeper.system());
                CapturedLog captured = CapturedLog.start()) {
            coordinated = app.coordinator().run();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new WorkerHandler(app).handleRequest(new ByteArrayInputStream(sqsEvent(receive(targetQueue,
                    coordinated.queued().size()))), out, null);
            answer = Json.mapper().readTree(out.toByteArray());
            log = captured.lines();
        } finally {
            System.setOut(stdout);
        }
        List<JsonNode> documents = EmfDocuments.parse(emf.toString(StandardCharsets.UTF_8));

        assertThat(coordinated.queued()).extracting(Target::toString).containsExactlyInAnyOrder(
                MONITOR + "/eu-west-1", MEMBER + "/us-east-1", MEMBER + "/eu-west-1", LOCKED + "/us-east-1",
                LOCKED + "/eu-west-1");
        assertThat(coordinated.covered()).extracting(Target::toString).containsExactly(MONITOR + "/us-east-1");
        assertThat(coordinated.notQueued()).isEmpty();
        assertThat(answer.get("batchItemFailures")).as("the locked account is not retried: no retry can fix it")
                .isEmpty();

        // isolated state: one partition per scanned target, each with exactly its own instance
        for (String target : List.of(MONITOR + "#eu-west-1", MEMBER + "#us-east-1", MEMBER + "#eu-west-1")) {
            assertThat(trackedIds(target)).as(target).containsExactly(idOf(target));
        }
        assertThat(trackedIds(MONITOR + "#us-east-1")).as("covered by the scan function, not the worker").isEmpty();
        assertThat(trackedIds(LOCKED + "#us-east-1")).isEmpty();

        // one alert stream: every scanned target's instance, each alert naming its account and region
        List<JsonNode> alerts = receive(alertQueue, 3).stream().map(MultiAccountMotoTest::json).toList();
        Map<String, String> targetsOfAlerts = new HashMap<>();
        alerts.forEach(a -> targetsOfAlerts.put(attribute(a, "instanceId"), attribute(a, "accountId") + "#"
                + attribute(a, "region")));
        assertThat(targetsOfAlerts).containsExactlyInAnyOrderEntriesOf(Map.of(
                idOf(MONITOR + "#eu-west-1"), MONITOR + "#eu-west-1",
                idOf(MEMBER + "#us-east-1"), MEMBER + "#us-east-1",
                idOf(MEMBER + "#eu-west-1"), MEMBER + "#eu-west-1"));

        // loudly: an ERROR line per locked target naming the role and STS's answer, and TargetScanFailed 1 for each
        assertThat(log).filteredOn(l -> l.startsWith("ERROR") && l.contains(LOCKED)).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("arn:aws:iam::" + LOCKED + ":role/SubscriptionSentinelMember")
                        .contains("AccessDenied"));
        List<JsonNode> failed = documents.stream().filter(d -> d.has("TargetScanFailed")).toList();
        assertThat(failed).extracting(d -> d.get("TargetScanFailed").asInt()).containsExactlyInAnyOrder(1, 1, 0, 0, 0);
        List<JsonNode> completed = documents.stream().filter(d -> d.has("TargetScanCompleted")).toList();
        assertThat(completed).as("5 targets are within the bound: per-target dimensions")
                .extracting(d -> d.get("Account").asText() + "/" + d.get("Region").asText() + "="
                        + d.get("TargetScanCompleted").asInt())
                .containsExactlyInAnyOrder(MONITOR + "/eu-west-1=1", MEMBER + "/us-east-1=1", MEMBER + "/eu-west-1=1",
                        LOCKED + "/us-east-1=0", LOCKED + "/eu-west-1=0");
        assertThat(documents.stream().filter(d -> d.has("ScanCompleted")).toList())
                .as("each member scan's heartbeat is Scope Member, never the own scan's Fleet")
                .extracting(d -> d.get("Scope").asText()).containsExactly("Member", "Member", "Member");
    }

    @Test
    void memberChangeEvents_throughTheQueue_handledInTheAccountAndRegionTheyReport_lockedOneLoudAndNotRetried()
            throws IOException {
        AppConfig config = AppConfig.fromEnvironment(env);
        String member = idOf(MEMBER + "#eu-west-1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> log;
        try (Application app = Application.create(config, MultiAccountConfig.fromEnvironment(env, config.region()),
                Clock.systemUTC(), new Application.Io(new PrintStream(OutputStream.nullOutputStream()), false),
                duration -> { });
                CapturedLog captured = CapturedLog.start()) {
            new WorkerHandler(app).handleRequest(new ByteArrayInputStream(sqsEventOfBodies(List.of(
                    stateChange(MEMBER, "eu-west-1", member), stateChange(LOCKED, "us-east-1",
                            "i-0123456789abcdef0")))), out, null);
            log = captured.lines();
        }
        JsonNode answer = Json.mapper().readTree(out.toByteArray());

        assertThat(answer.get("batchItemFailures")).as("neither a retry could fix").isEmpty();
        assertThat(trackedIds(MEMBER + "#eu-west-1")).containsExactly(member);
        assertThat(trackedIds(MONITOR + "#eu-west-1")).as("the member's partition, not the monitor's").isEmpty();
        List<JsonNode> alerts = receive(alertQueue, 1).stream().map(MultiAccountMotoTest::json).toList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(attribute(alert, "instanceId")).isEqualTo(member);
            assertThat(attribute(alert, "accountId")).isEqualTo(MEMBER);
            assertThat(attribute(alert, "region")).isEqualTo("eu-west-1");
        });
        assertThat(log).filteredOn(l -> l.startsWith("ERROR") && l.contains(LOCKED)).singleElement()
                .satisfies(l -> assertThat(l).contains("AccessDenied"));
    }

    /** An EC2 state-change event as a member account's rule forwards it to the monitor's bus. */
    private static String stateChange(String account, String region, String instanceId) {
        ObjectNode event = Json.mapper().createObjectNode().put("version", "0")
                .put("id", "6a7e8feb-b491-4cf7-a9f1-" + account).put("detail-type",
                        "EC2 Instance State-change Notification").put("source", "aws.ec2").put("account", account)
                .put("time", "2026-11-25T12:06:00Z").put("region", region);
        event.putArray("resources").add("arn:aws:ec2:" + region + ":" + account + ":instance/" + instanceId);
        event.putObject("detail").put("instance-id", instanceId).put("state", "running");
        return event.toString();
    }

    /** The SQS event of messages with these bodies (the member bus's rule puts the events on the queue). */
    private byte[] sqsEventOfBodies(List<String> bodies) {
        ObjectNode event = Json.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        int i = 0;
        for (String body : bodies) {
            records.addObject().put("messageId", "m-" + i++).put("body", body).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:" + MONITOR + ":sentinel-targets")
                    .put("awsRegion", "us-east-1");
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void launch(MotoServer moto, String account, String region) {
        StaticCredentialsProvider credentials = credentials(moto, account);
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            String id = ec2.runInstances(b -> b.imageId("ami-12c6146b").instanceType("m5.large").minCount(1)
                    .maxCount(1).tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                            .tags(tag -> tag.key("AWSLicenseManager").value("UserSubscriptions"))))
                    .instances().get(0).instanceId();
            instanceTargets.put(account + "#" + region, id);
        }
    }

    /** The monitor's test keys, or keys of another account from moto's STS (AssumeRole into that account id). */
    private static StaticCredentialsProvider credentials(MotoServer moto, String account) {
        StaticCredentialsProvider monitor = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                "testing"));
        if (MONITOR.equals(account)) {
            return monitor;
        }
        try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(monitor).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            Credentials keys = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/seeder")
                    .roleSessionName("seed")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(keys.accessKeyId(),
                    keys.secretAccessKey(), keys.sessionToken()));
        }
    }

    private String idOf(String target) {
        return instanceTargets.get(target);
    }

    private Set<String> trackedIds(String partition) {
        Set<String> ids = new TreeSet<>();
        dynamo.queryPaginator(b -> b.tableName(TrackClients.TABLE).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", DynamoDbStateStore.PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition)))).items()
                .forEach(item -> ids.add(item.get(DynamoDbStateStore.SORT_KEY).s()));
        return ids;
    }

    private List<Message> receive(String queue, int expected) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)).messages()) {
                out.add(message);
                sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        }
        return out;
    }

    /** The SQS event Lambda's event source mapping would deliver for these messages. */
    private byte[] sqsEvent(List<Message> messages) {
        ObjectNode event = Json.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            records.addObject().put("messageId", message.messageId()).put("receiptHandle", message.receiptHandle())
                    .put("body", message.body()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:" + MONITOR + ":sentinel-targets")
                    .put("awsRegion", "us-east-1");
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(Message message) {
        try {
            return Json.mapper().readTree(message.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attribute(JsonNode envelope, String name) {
        return envelope.get("MessageAttributes").get(name).get("Value").asText();
    }
}
