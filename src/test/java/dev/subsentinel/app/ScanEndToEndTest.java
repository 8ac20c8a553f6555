package dev.subsentinel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.cli.CliContext;
import dev.subsentinel.cli.Main;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.DynamoDbStateStore;
import dev.subsentinel.track.TrackClients;
import dev.subsentinel.testing.EmulatorEnv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole pipeline on the emulator: the seeded fleet (EC2, Directory Service, Route 53 Resolver in moto; SSM and
 * LM-US canned by the front), a DynamoDB state table and an SNS topic delivering to an SQS queue in moto. Runs go
 * through the CLI's {@code invoke} (the Lambda handler in-process) and through {@link ScanService} over changing
 * state.
 */
@ExtendWith(AwsFrontExtension.class)
class ScanEndToEndTest {

    private final Instant seededAt = Instant.now();
    private SeededFleet fleet;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private String topicArn;
    private String queueUrl;
    private Map<String, String> environment;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, seededAt);
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        var sns = TrackClients.sns(moto);
        sqs = TrackClients.sqs(moto);
        topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        environment = new HashMap<>(Map.of("AWS_REGION", "us-east-1",
                "SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", topicArn,
                "SENTINEL_MIN_AGENT_VERSION", "3.3.40.0",
                "SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS", EmulatorEnv.ATTEMPT_TIMEOUT_SECONDS,
                "SENTINEL_AWS_CALL_TIMEOUT_SECONDS", EmulatorEnv.CALL_TIMEOUT_SECONDS));
    }

    @Test
    void invoke_scheduledScanEventAgainstTheEmulator_tracksAndAlertsEveryFailingInstance(AwsFront front)
            throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        String[] args = {"invoke", "ScanFunction", "--event", "events/scheduled-scan.json", "--endpoint-url",
            front.endpoint().toString()};
        int code = Main.run(args, new CliContext(Clock.systemUTC(), environment), new PrintWriter(out),
                new PrintWriter(err));

        assertThat(code).as("the handler's report has UNHEALTHY instances: " + err).isEqualTo(3);
        JsonNode response = Json.mapper().readTree(out.toString());
        assertThat(response.get("partial").asBoolean()).isFalse();
        assertThat(Json.mapper().treeToValue(response.get("summary"), Summary.class))
                .isEqualTo(new Summary(13, 3, 1, 9, 0, 1, 0));
        assertThat(response.get("alertsSent").asInt()).isEqualTo(10);
        assertThat(response.get("awsApiCalls").asInt()).isPositive();
        List<JsonNode> alerts = receive(10);
        assertThat(alerts).extracting(a -> attribute(a, "transition")).containsOnly("NEW");
        assertThat(alerts).extracting(a -> attribute(a, "instanceId")).containsExactlyInAnyOrder(
                fleet.id("i.vs-untagged"), fleet.id("i.lmus-failed"), fleet.id("i.not-managed"),
                fleet.id("i.ping-lost"), fleet.id("i.no-profile"), fleet.id("i.rdp-open"), fleet.id("i.no-1688"),
                fleet.id("i.nacl-blocked"), fleet.id("i.legacy"), fleet.id("i.old-agent"));
        JsonNode rdp = alerts.stream().filter(a -> attribute(a, "instanceId").equals(fleet.id("i.rdp-open")))
                .findFirst().orElseThrow();
        assertThat(rdp.get("Subject").asText()).startsWith("[UNHEALTHY] " + fleet.id("i.rdp-open"));
        assertThat(rdp.get("Message").asText()).contains(fleet.id("sg.rdp-open")).contains("0.0.0.0/0");
        assertThat(row(fleet.id("i.rdp-open"))).containsKeys("unhealthySince", "lastAlertAt", "version");
    }

    @Test
    void scan_consecutiveRunsOverChangingState_newUnchangedResolvedTerminated(AwsFront front, MotoServer moto) {
        ChangeFixture.MutableClock clock = new ChangeFixture.MutableClock(seededAt.plusSeconds(30));
        environment.put("AWS_ENDPOINT_URL", front.endpoint().toString());
        AppConfig config = AppConfig.fromEnvironment(environment);
        try (Application app = Application.create(config, clock, new Application.Io(System.out, false))) {
            ScanService scans = app.scans();

            ScanOutcome first = scans.scan(ScanRequest.fleet("test: first", false));
            assertThat(first.delivery().sent()).isEqualTo(10);
            assertThat(receive(10)).extracting(a -> attribute(a, "transition")).containsOnly("NEW");
            InstanceReport rdpOpen = report(first, "i.rdp-open");
            assertThat(rdpOpen.verdict()).isEqualTo(Verdict.UNHEALTHY);
            assertThat(rdpOpen.unhealthySince()).isNotNull();

            clock.advance(Duration.ofMinutes(1));
            ScanOutcome second = scans.scan(ScanRequest.fleet("test: unchanged", false));
            assertThat(second.delivery().sent()).isZero();
            assertThat(receive(0)).isEmpty();
            assertThat(report(second, "i.rdp-open").unhealthySince()).isEqualTo(rdpOpen.unhealthySince());

            try (Clients clients = Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint())))) {
                clients.ec2().revokeSecurityGroupIngress(b -> b.groupId(fleet.id("sg.rdp-open"))
                        .ipPermissions(p -> p.ipProtocol("tcp").fromPort(3389).toPort(3389)
                                .ipRanges(r -> r.cidrIp("0.0.0.0/0"))));
                clients.ec2().terminateInstances(b -> b.instanceIds(fleet.id("i.lmus-failed")));
            }
            clock.advance(Duration.ofMinutes(1));
            ScanOutcome third = scans.scan(ScanRequest.fleet("test: fixed and terminated", false));

            assertThat(report(third, "i.rdp-open").verdict()).isEqualTo(Verdict.HEALTHY);
            List<JsonNode> alerts = receive(2);
            Map<String, String> transitions = new HashMap<>();
            alerts.forEach(a -> transitions.put(attribute(a, "instanceId"), attribute(a, "transition")));
            assertThat(transitions).containsExactlyInAnyOrderEntriesOf(Map.of(
                    fleet.id("i.rdp-open"), "RESOLVED", fleet.id("i.lmus-failed"), "TERMINATED"));
            assertThat(row(fleet.id("i.rdp-open"))).doesNotContainKey("unhealthySince");
            assertThat(row(fleet.id("i.lmus-failed"))).containsKeys("terminatedAt", "expiresAt");
        }
    }

    private InstanceReport report(ScanOutcome outcome, String name) {
        String instanceId = fleet.id(name);
        return outcome.report().instances().stream().filter(r -> r.instanceId().equals(instanceId)).findFirst()
                .orElseThrow();
    }

    private Map<String, AttributeValue> row(String instanceId) {
        return dynamo.getItem(b -> b.tableName(TrackClients.TABLE).consistentRead(true).key(Map.of(
                DynamoDbStateStore.PARTITION_KEY, AttributeValue.fromS("123456789012#us-east-1"),
                DynamoDbStateStore.SORT_KEY, AttributeValue.fromS(instanceId)))).item();
    }

    /** The SNS envelopes the queue holds, expecting {@code expected} (waiting briefly for them to arrive). */
    private List<JsonNode> receive(int expected) {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 10).toNanos();
        while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected)) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10))
                    .messages()) {
                try {
                    out.add(Json.mapper().readTree(message.body()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return out;
    }

    private static String attribute(JsonNode envelope, String name) {
        return envelope.get("MessageAttributes").get(name).get("Value").asText();
    }
}
