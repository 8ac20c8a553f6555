package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.ControlledContext;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.FaultFront.Fault;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.DynamoDbStateStore;
import dev.subsentinel.track.TrackClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Lambda deadline: when the invocation's remaining time drops below the collector's margin while a call is still
 * unanswered (here: DescribeSecurityGroups accepted and never answered), collection stops, the run publishes what it
 * has as partial, logs which part was cut, and resolves nothing. The remaining time is what the test's context says
 * at each moment (plenty until the hung call arrives, then less than the margin), so nothing waits for a clock.
 */
@ExtendWith(AwsFrontExtension.class)
class DeadlineTest {

    private static final int MARGIN_MS = 30_000;

    private SeededFleet fleet;
    private FaultFront faults;
    private DynamoDbClient dynamo;
    private Application app;

    @BeforeEach
    void start(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, Instant.now());
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        String topicArn = TrackClients.sns(moto).createTopic(b -> b.name("sentinel-alerts")).topicArn();
        faults = FaultFront.start(front.endpoint());
        app = Application.create(AppConfig.fromEnvironment(EmulatorEnv.of(faults.endpoint(), Map.of(
                        "SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", topicArn,
                        "SENTINEL_MIN_AGENT_VERSION", "3.3.40.0",
                        "SENTINEL_DEADLINE_MARGIN_SECONDS", String.valueOf(MARGIN_MS / 1000)))),
                Clock.systemUTC(), new Application.Io(new PrintStream(OutputStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8), false));
    }

    @AfterEach
    void stop() {
        app.close();
        faults.close();
    }

    @Test
    void scheduledScan_deadlineComesWhileACallHangs_partialReportNothingResolvedAndTheCutLogged(MotoServer moto)
            throws IOException {
        JsonNode first = scan(() -> 300_000);
        assertThat(first.get("alertsSent").asInt()).as("9 UNHEALTHY (vs-untagged fails SUBSCRIPTION_TAG), 1 AT_RISK")
                .isEqualTo(10);
        String rdpOpen = fleet.id("i.rdp-open");
        try (Clients clients = Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint())))) {
            clients.ec2().revokeSecurityGroupIngress(b -> b.groupId(fleet.id("sg.rdp-open"))
                    .ipPermissions(p -> p.ipProtocol("tcp").fromPort(3389).toPort(3389)
                            .ipRanges(r -> r.cidrIp("0.0.0.0/0"))));
        }

        faults.fail("DescribeSecurityGroups", Fault.HANG);
        JsonNode cut;
        List<String> log;
        try (CapturedLog captured = CapturedLog.start()) {
            cut = scan(() -> faults.hungConnections() > 0 ? MARGIN_MS - 1 : 300_000);
            log = captured.lines();
        }
        faults.heal("DescribeSecurityGroups");
        Map<String, AttributeValue> rowAfterCut = row(rdpOpen);
        JsonNode complete = scan(() -> 300_000);

        assertThat(cut.get("partial").asBoolean()).isTrue();
        assertThat(cut.get("summary").get("evaluated").asInt()).isEqualTo(13);
        assertThat(cut.get("unknownFacts")).isNotEmpty().allSatisfy(fact -> assertThat(fact.get("errorCode").asText())
                .isEqualTo("DeadlineExceeded"));
        assertThat(cut.get("unknownFacts")).anySatisfy(fact -> {
            assertThat(fact.get("fact").asText()).isEqualTo("SECURITY_GROUPS");
            assertThat(fact.get("action").asText()).isEqualTo("ec2:DescribeSecurityGroups");
            assertThat(fact.get("instances").asInt()).isPositive();
        });
        assertThat(cut.get("alertsSent").asInt()).as("nothing resolved, nothing new").isZero();
        assertThat(rowAfterCut).containsKey("unhealthySince");
        assertThat(log).filteredOn(l -> l.startsWith("WARN collection stopped 30 s before the deadline; not read:")
                && l.contains("ec2:DescribeSecurityGroups")).hasSize(1);
        assertThat(complete.get("partial").asBoolean()).isFalse();
        assertThat(complete.get("alertsSent").asInt()).as("the recovery, once a complete run saw it").isEqualTo(1);
        assertThat(row(rdpOpen)).doesNotContainKey("unhealthySince");
    }

    private JsonNode scan(IntSupplier remainingMillis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScanHandler(app).handleRequest(new ByteArrayInputStream(Files.readAllBytes(
                Path.of("events", "scheduled-scan.json"))), out, new ControlledContext("ScanFunction",
                remainingMillis));
        return Json.mapper().readTree(out.toByteArray());
    }

    private Map<String, AttributeValue> row(String instanceId) {
        return dynamo.getItem(b -> b.tableName(TrackClients.TABLE).consistentRead(true).key(Map.of(
                DynamoDbStateStore.PARTITION_KEY, AttributeValue.fromS("123456789012#us-east-1"),
                DynamoDbStateStore.SORT_KEY, AttributeValue.fromS(instanceId)))).item();
    }
}
