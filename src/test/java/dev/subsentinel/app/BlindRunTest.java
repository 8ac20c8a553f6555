package dev.subsentinel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.cli.CliContext;
import dev.subsentinel.cli.Main;
import dev.subsentinel.collect.CollectionException;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.handler.ScanHandler;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.ControlledContext;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.FaultFront.Fault;
import dev.subsentinel.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run that can read nothing fails loudly instead of reporting an empty, healthy fleet: the CLI exits 1 with one
 * line naming the failing calls, the scan function's invocation errors (so Lambda's Errors metric and the errors
 * alarm fire) and its heartbeat metric says the scan did not complete. A scope that could be read only in part is
 * reported as partial and says which part.
 */
@ExtendWith(AwsFrontExtension.class)
class BlindRunTest {

    private FaultFront faults;

    @BeforeEach
    void start(AwsFront front) {
        faults = FaultFront.start(front.endpoint());
    }

    @AfterEach
    void stop() {
        faults.close();
    }

    @Test
    void scan_everyCallDenied_cliExitsOneNamingTheDeniedListings() {
        faults.failAll(Fault.DENIED);

        Result result = cli(EmulatorEnv.of(faults.endpoint()), "scan");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("the fleet could not be listed, so nothing is monitored")
                .contains("AccessDenied: ec2:DescribeInstances is not allowed")
                .contains("AccessDenied: license-manager-user-subscriptions:ListInstances is not allowed")
                .doesNotContain("\tat ");
        assertThat(result.out()).doesNotContain("instances:");
    }

    @Test
    void scanFunction_everyCallDenied_invocationFailsAndTheHeartbeatSaysNotCompleted() throws IOException {
        faults.failAll(Fault.DENIED);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try (Application app = Application.create(AppConfig.fromEnvironment(EmulatorEnv.of(faults.endpoint())),
                Clock.systemUTC(), new Application.Io(System.out, true))) {
            ScanHandler handler = new ScanHandler(app);
            byte[] event = Files.readAllBytes(Path.of("events", "scheduled-scan.json"));

            assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event),
                    new ByteArrayOutputStream(), new ControlledContext("ScanFunction", () -> 300_000)))
                    .isInstanceOf(CollectionException.class)
                    .hasMessageContaining("ec2:DescribeInstances")
                    .hasMessageContaining("license-manager-user-subscriptions:ListInstances");
        } finally {
            System.setOut(original);
        }

        List<JsonNode> heartbeat = emf(stdout).stream().filter(d -> d.has("ScanCompleted")).toList();
        assertThat(heartbeat).singleElement().satisfies(d -> {
            assertThat(d.get("ScanCompleted").asDouble()).isZero();
            assertThat(d.get("Scope").asText()).isEqualTo("Fleet");
            assertThat(d.has("InstancesEvaluated")).as("no fleet counts from a failed run").isFalse();
            assertThat(d.has("HealthyInstances")).isFalse();
        });
    }

    @Test
    void scan_endpointAcceptsAndNeverAnswers_failsNamingTheTimeouts() {
        Result result = cli(EmulatorEnv.of(faults.hangingEndpoint(), Map.of(
                "SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS", "1", "SENTINEL_AWS_CALL_TIMEOUT_SECONDS", "2")), "scan");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("the fleet could not be listed")
                .contains("Timeout: ec2:DescribeInstances did not answer in time")
                .contains("Timeout: license-manager-user-subscriptions:ListInstances did not answer in time");
    }

    @Test
    void scan_emptyFleetAndStsFailing_failsBecauseTheAccountIsUnknown() {
        faults.fail("GetCallerIdentity", Fault.SERVER_ERROR);

        Result result = cli(EmulatorEnv.of(faults.endpoint(), Map.of("SENTINEL_AWS_MAX_ATTEMPTS", "1")), "scan");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("the account could not be read")
                .contains("sts:GetCallerIdentity failed on the service side (HTTP 500)");
    }

    @Test
    void scan_lmusListingDenied_partialReportSaysWhichPartOfTheScopeIsMissing(AwsFront front, MotoServer moto)
            throws IOException {
        SeededFleet fleet = SeededFleet.seed(moto, front, Instant.now());
        faults.fail("ListInstances", Fault.DENIED);

        Result json = cli(EmulatorEnv.of(faults.endpoint()), "scan", "--format", "json");
        Result table = cli(EmulatorEnv.of(faults.endpoint()), "scan");

        assertThat(json.code()).isEqualTo(3);
        JsonNode report = Json.mapper().readTree(json.out());
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("unknownFacts")).singleElement().satisfies(fact -> {
            assertThat(fact.get("fact").asText()).isEqualTo("LMUS_INSTANCES");
            assertThat(fact.get("resources").get(0).asText()).isEqualTo("*");
            assertThat(fact.get("action").asText()).isEqualTo("license-manager-user-subscriptions:ListInstances");
            assertThat(fact.get("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(fact.get("instances").asInt()).as("every tagged instance lost its LM-US status").isEqualTo(12);
        });
        assertThat(report.get("instances").toString()).doesNotContain(fleet.id("i.vs-untagged"));
        assertThat(table.out()).contains("Not read (the checks that need these facts say UNKNOWN):\n"
                + "  LMUS_INSTANCES (all): 12 instances affected\n"
                + "    AccessDenied: license-manager-user-subscriptions:ListInstances is not\n"
                + "    allowed\n");
    }

    private static List<JsonNode> emf(ByteArrayOutputStream stdout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new CliContext(Clock.systemUTC(), env), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
