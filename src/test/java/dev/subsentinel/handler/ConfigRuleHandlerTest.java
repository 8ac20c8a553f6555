package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.collect.Ec2Seeder;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.publish.config.ConfigEvaluationException;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Config rule function on the {@link SeededFleet} in moto, through the {@link AwsFront}: the invocations are the
 * files of {@code events/} with the seeded instance's id, and the exact PutEvaluations requests are read from the
 * front (moto implements PutEvaluations only in test mode, so the front answers it and keeps the requests). The
 * function gets neither a table nor a topic, as in template.yaml.
 */
@ExtendWith(AwsFrontExtension.class)
class ConfigRuleHandlerTest {

    private static final String SAMPLE_INSTANCE = "i-0123456789abcdef0";
    private static final String TOKEN = "myResultToken";
    private static final String CHANGE_CAPTURED = "2026-11-25T12:00:57.456Z";
    private static final String OVERSIZED_CAPTURED = "2026-11-25T12:20:31.402Z";
    private static final String LEFT_SCOPE_CAPTURED = "2026-11-25T12:30:05.871Z";
    private static final String PERIODIC_NOTIFIED = "2026-11-25T12:00:00.373Z";

    private final Instant now = Instant.now();
    private SeededFleet fleet;
    private Application application;
    private ConfigRuleHandler handler;

    @BeforeEach
    void setUp(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, now);
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint(),
                Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0")));
        application = Application.create(config, Clock.fixed(now, ZoneOffset.UTC),
                new Application.Io(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                        false));
        handler = new ConfigRuleHandler(application.configRules());
        front.resetRequests();
    }

    @AfterEach
    void tearDown() {
        application.close();
    }

    /** One evaluation as PutEvaluations received it: type, id, compliance, annotation, ordering time. */
    private record Sent(String type, String id, String compliance, String annotation, Instant ordering) {

        static Sent of(JsonNode evaluation) {
            BigDecimal seconds = evaluation.get("OrderingTimestamp").decimalValue();
            return new Sent(evaluation.get("ComplianceResourceType").asText(),
                    evaluation.get("ComplianceResourceId").asText(), evaluation.get("ComplianceType").asText(),
                    evaluation.get("Annotation").asText(),
                    Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact()));
        }
    }

    private static Sent instance(String id, String compliance, String annotation, String ordering) {
        return new Sent("AWS::EC2::Instance", id, compliance, annotation, Instant.parse(ordering));
    }

    /** The one PutEvaluations request, with its token and mode checked; its evaluations in order. */
    private static List<Sent> onePutEvaluations(AwsFront front) {
        List<JsonNode> requests = front.putEvaluationsRequests();
        assertThat(requests).hasSize(1);
        JsonNode request = requests.get(0);
        assertThat(request.get("ResultToken").asText()).isEqualTo(TOKEN);
        assertThat(request.get("TestMode").asBoolean()).isFalse();
        List<Sent> sent = new ArrayList<>();
        request.get("Evaluations").forEach(e -> sent.add(Sent.of(e)));
        return sent;
    }

    private JsonNode invoke(String file, String instanceId) throws IOException {
        String event = Files.readString(Path.of("events", file)).replace(SAMPLE_INSTANCE, instanceId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("ConfigRuleFunction", Duration.ofMinutes(2), 1024,
                        new PrintWriter(Writer.nullWriter())));
        return Json.mapper().readTree(out.toByteArray());
    }

    @Test
    void handleRequest_changeTriggeredForABrokenInstance_nonCompliantNamingTheFailingCheck(AwsFront front)
            throws IOException {
        String id = fleet.id("i.rdp-open");

        JsonNode response = invoke("config-rule-change-triggered.json", id);

        assertThat(onePutEvaluations(front)).containsExactly(instance(id, "NON_COMPLIANT",
                "UNHEALTHY: failing RDP_INGRESS. RDP_INGRESS: RDP open to the internet", CHANGE_CAPTURED));
        assertThat(response.get("evaluated").asInt()).isEqualTo(1);
        assertThat(front.requestsByOperation()).containsKey("DescribeInstances")
                .doesNotContainKeys("PutItem", "TransactWriteItems", "Publish", "PublishBatch",
                        "GetResourceConfigHistory");
    }

    @Test
    void handleRequest_changeTriggeredForAHealthyInstance_compliant(AwsFront front) throws IOException {
        String id = fleet.id("i.office-ok");

        invoke("config-rule-change-triggered.json", id);

        assertThat(onePutEvaluations(front)).containsExactly(instance(id, "COMPLIANT", "HEALTHY: 17 checks pass",
                CHANGE_CAPTURED));
    }

    @Test
    void handleRequest_oversizedItem_instanceReReadWithDescribeCallsNotConfigHistory(AwsFront front)
            throws IOException {
        String id = fleet.id("i.no-1688");

        invoke("config-rule-oversized.json", id);

        assertThat(onePutEvaluations(front)).containsExactly(instance(id, "NON_COMPLIANT",
                "UNHEALTHY: failing ACTIVATION_PATH, DIRECTORY_PATH. ACTIVATION_PATH: licence activation blocked on"
                        + " tcp/1688",
                OVERSIZED_CAPTURED));
        assertThat(front.requestsByOperation()).containsKey("DescribeInstances")
                .doesNotContainKey("GetResourceConfigHistory");
    }

    @Test
    void handleRequest_resourceLeftScope_notApplicableWithoutAnyOtherCall(AwsFront front) throws IOException {
        String id = fleet.id("i.office-ok");

        invoke("config-rule-event-left-scope.json", id);

        assertThat(onePutEvaluations(front)).containsExactly(instance(id, "NOT_APPLICABLE",
                "the resource left the rule's scope", LEFT_SCOPE_CAPTURED));
        assertThat(front.requestsByOperation()).containsOnlyKeys("PutEvaluations");
    }

    @Test
    void handleRequest_periodic_everyMonitoredInstanceAtTheNotificationTime(AwsFront front) throws IOException {
        JsonNode response = invoke("config-rule-periodic.json", SAMPLE_INSTANCE);

        List<Sent> sent = onePutEvaluations(front);
        Map<String, String> expected = Map.ofEntries(
                Map.entry("office-ok", "COMPLIANT"), Map.entry("vs-untagged", "NON_COMPLIANT"),
                Map.entry("stopped", "COMPLIANT"), Map.entry("nat-ok", "COMPLIANT"),
                Map.entry("old-agent", "NON_COMPLIANT"), Map.entry("lmus-failed", "NON_COMPLIANT"),
                Map.entry("not-managed", "NON_COMPLIANT"), Map.entry("ping-lost", "NON_COMPLIANT"),
                Map.entry("no-profile", "NON_COMPLIANT"), Map.entry("rdp-open", "NON_COMPLIANT"),
                Map.entry("no-1688", "NON_COMPLIANT"), Map.entry("nacl-blocked", "NON_COMPLIANT"),
                Map.entry("legacy", "NON_COMPLIANT"));
        assertThat(sent).hasSize(expected.size());
        expected.forEach((name, compliance) -> assertThat(sent).filteredOn(s -> s.id().equals(fleet.id("i." + name)))
                .singleElement().satisfies(s -> {
                    assertThat(s.compliance()).as(name).isEqualTo(compliance);
                    assertThat(s.ordering()).isEqualTo(Instant.parse(PERIODIC_NOTIFIED));
                    assertThat(s.type()).isEqualTo("AWS::EC2::Instance");
                }));
        assertThat(sent).filteredOn(s -> s.id().equals(fleet.id("i.legacy"))).singleElement()
                .satisfies(s -> assertThat(s.annotation())
                        .startsWith("UNHEALTHY: failing VPC_DNS, DIRECTORY_DNS, DIRECTORY_PATH."));
        assertThat(sent).filteredOn(s -> s.id().equals(fleet.id("i.vs-untagged"))).singleElement()
                .satisfies(s -> assertThat(s.annotation()).startsWith("UNHEALTHY: failing SUBSCRIPTION_TAG."));
        assertThat(response.get("evaluated").asInt()).isEqualTo(13);
    }

    @Test
    void handleRequest_instanceNeitherTaggedNorListedByLmus_notApplicable(AwsFront front, MotoServer moto)
            throws IOException {
        String untagged;
        try (Clients clients = Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint())))) {
            untagged = new Ec2Seeder(clients.ec2(), front).instance(fleet.id("subnet.app-private"),
                    List.of(fleet.id("sg.app")), null, false);
        }

        invoke("config-rule-change-triggered.json", untagged);

        assertThat(onePutEvaluations(front)).containsExactly(instance(untagged, "NOT_APPLICABLE",
                "not an LM-US instance: neither tagged for monitoring nor listed by LM-US", CHANGE_CAPTURED));
    }

    @Test
    void handleRequest_terminatedInstanceWithoutDeletedItem_notApplicable(AwsFront front) throws IOException {
        String id = fleet.id("i.gone-untracked");

        invoke("config-rule-change-triggered.json", id);

        assertThat(onePutEvaluations(front)).containsExactly(instance(id, "NOT_APPLICABLE",
                "EC2 describes the instance as terminated", CHANGE_CAPTURED));
    }

    @Test
    void handleRequest_configRefusesTheEvaluation_invocationFailsSoConfigRetries(AwsFront front) {
        String id = fleet.id("i.rdp-open");
        front.refuseEvaluations(id);

        assertThatThrownBy(() -> invoke("config-rule-change-triggered.json", id))
                .isInstanceOf(ConfigEvaluationException.class).hasMessageContaining(id);
        assertThat(front.putEvaluationsRequests()).hasSize(1);
    }

    @Test
    void handleRequest_notAConfigRuleInvocation_ignoredWithoutCalls(AwsFront front) throws IOException {
        JsonNode response = invoke("scheduled-scan.json", SAMPLE_INSTANCE);

        assertThat(response.get("ignored").asText()).contains("answers AWS Config rule invocations");
        assertThat(front.requestsServed()).isZero();
    }
}
