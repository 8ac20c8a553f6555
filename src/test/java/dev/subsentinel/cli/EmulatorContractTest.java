package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.testing.Emulator;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The runtime half of the CLI's contract against the emulator users try it on ({@code bin/sentinel-emulator}: moto
 * with the front, seeded with the demo fleet): every event file through the function it goes to succeeds; a scan of the
 * seeded fleet gives the demo's verdicts and ends with one line saying what it did; a publish failure is exit 1 after
 * tracking kept the alerts; named instances out of scope are exit 2; {@code invoke} exits as its handler's report
 * says; against moto alone the failing API action is named. Each factory seeds once and runs its steps in order.
 */
@ExtendWith(MotoExtension.class)
class EmulatorContractTest {

    /** The subject of the one message a first scan of the demo sends: its 18 alerts as a digest. */
    private static final String DIGEST = "[DIGEST] 18 alerts in 123456789012/us-east-1: 3 AT_RISK, 15 UNHEALTHY";

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> invoke_everyEventThroughItsFunction_answersWithoutError(MotoServer moto) throws IOException {
        Emulator emulator = Emulator.start(moto, 0, Emulator.demo(now()));
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            events = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(events).hasSizeGreaterThan(40);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path event : events) {
            for (String function : functionsFor(event.getFileName().toString())) {
                tests.add(dynamicTest(function + " " + event.getFileName(), () -> {
                    CliRun result = CliRun.run(emulator.environment(), "invoke", function, "--event",
                            event.toString());

                    assertThat(result.code()).as(result.err()).isIn(ExitCodes.OK, ExitCodes.UNHEALTHY);
                    assertThat(result.err()).doesNotContain("error:");
                    assertThat(response(result).has("error")).as(result.out()).isFalse();
                }));
            }
        }
        tests.add(dynamicTest("stop the emulator", emulator::close));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> scan_theDemoFleetOnTheEmulator_saysWhatItDidAndMatchesTheDemo(MotoServer moto)
            throws IOException {
        Emulator emulator = Emulator.start(moto, 0, Emulator.demo(now()));
        Map<String, String> env = emulator.environment();
        Path snapshot = dir.resolve("fleet.json");
        return Stream.of(
                dynamicTest("first scan: the demo's verdicts, alerts published, one line on stderr", () -> {
                    CliRun scan = CliRun.run(env, "scan", "--format", "json");
                    CliRun demo = CliRun.run(Map.of(), "demo", "--format", "json");

                    assertThat(scan.code()).as(scan.err()).isEqualTo(ExitCodes.UNHEALTHY);
                    assertThat(verdictsByName(scan.out(), demoIds(emulator)))
                            .isEqualTo(verdictsByName(demo.out(), Map.of()));
                    assertThat(Json.mapper().readTree(scan.out()).get("summary"))
                            .isEqualTo(Json.mapper().readTree(demo.out()).get("summary"));
                    assertThat(scan.errLines()).singleElement().asString()
                            .startsWith("scan: 23 instances evaluated, 18 transitions (18 NEW) in table "
                                    + emulator.table() + "; alerts: 18 published, 0 failed to topic "
                                    + emulator.topicArn() + "; ")
                            .containsPattern("; \\d+ AWS API calls; \\d+\\.\\d s$");
                    assertThat(receive(emulator, 1)).as("more than 10 alerts go out as one digest").singleElement()
                            .asString().isEqualTo(DIGEST);
                }),
                dynamicTest("second scan: nothing changed, nothing sent", () -> {
                    CliRun scan = CliRun.run(env, "scan");

                    assertThat(scan.code()).isEqualTo(ExitCodes.UNHEALTHY);
                    assertThat(scan.errLines()).singleElement().asString()
                            .contains("23 instances evaluated, 0 transitions in table")
                            .contains("alerts: 0 published, 0 failed");
                }),
                dynamicTest("dry run: previews, publishes nothing", () -> {
                    CliRun scan = CliRun.run(env, "scan", "--dry-run", "--instance-id",
                            emulator.seeder().id("i-0a00000000000a002"));

                    assertThat(scan.errLines()).singleElement().asString()
                            .contains("1 instance evaluated, 0 transitions previewed in table")
                            .contains("alerts: 0 previewed (dry run, nothing sent to " + emulator.topicArn() + ")");
                }),
                dynamicTest("snapshot then evaluate: the same verdicts offline", () -> {
                    CliRun written = CliRun.run(env, "snapshot", "--out", snapshot.toString());
                    CliRun evaluated = CliRun.run(Map.of(), "evaluate", "--snapshot", snapshot.toString(),
                            "--format", "json");

                    assertThat(written.code()).as(written.err()).isZero();
                    assertThat(written.err()).startsWith("wrote " + snapshot + ": 23 instances, 6 VPCs, ");
                    assertThat(verdictsByName(evaluated.out(), demoIds(emulator))).isEqualTo(verdictsByName(
                            CliRun.run(Map.of(), "demo", "--format", "json").out(), Map.of()));
                }),
                dynamicTest("stop the emulator", emulator::close));
    }

    @TestFactory
    Stream<DynamicTest> scan_alertsTheTopicRefuses_exitsWithOneAndTheNextRunSendsThem(MotoServer moto)
            throws IOException {
        Emulator emulator = Emulator.start(moto, 0, Emulator.demo(now()));
        String missing = emulator.topicArn() + "-missing";
        return Stream.of(
                dynamicTest("a topic that does not exist: exit 1, said at the default log level", () -> {
                    CliRun scan = CliRun.run(emulator.environment(), "scan", "--topic-arn", missing);

                    assertThat(scan.code()).isEqualTo(ExitCodes.RUNTIME_ERROR);
                    assertThat(scan.errLines()).hasSize(2);
                    assertThat(scan.errLines()[0]).contains("18 transitions (18 NEW)")
                            .contains("alerts: 0 published, 18 failed to topic " + missing);
                    assertThat(scan.errLines()[1]).startsWith("error: sns:PublishBatch to " + missing
                            + " failed for 18 alert(s): ").contains("tracking keeps them for the next run");
                }),
                dynamicTest("the next run with the topic sends what tracking kept", () -> {
                    CliRun scan = CliRun.run(emulator.environment(), "scan");

                    assertThat(scan.errLines()).singleElement().asString().contains("0 transitions")
                            .contains("alerts: 18 published, 0 failed");
                    assertThat(receive(emulator, 1)).singleElement().asString().isEqualTo(DIGEST);
                }),
                dynamicTest("stop the emulator", emulator::close));
    }

    @TestFactory
    Stream<DynamicTest> commands_instancesAndEventsAgainstTheEmulator_exitAsTheContractSays(MotoServer moto)
            throws IOException {
        Emulator emulator = Emulator.start(moto, 0, Emulator.demo(now()));
        Map<String, String> env = emulator.environment();
        String unmonitored;
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).build()) {
            unmonitored = ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1)).instances().get(0)
                    .instanceId();
        }
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "not an event");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        record Case(String name, int code, String stderr, String... args) {
        }
        List<Case> cases = List.of(
                new Case("scan of an id EC2 does not know", ExitCodes.USAGE,
                        "error: --instance-id i-0000000000000dead: EC2 does not know it in account 123456789012,"
                                + " us-east-1 (", "scan", "--instance-id", "i-0000000000000dead"),
                new Case("scan of an instance that is not monitored", ExitCodes.USAGE, "error: --instance-id "
                        + unmonitored + ": not monitored in account 123456789012, us-east-1 (endpoint "
                        + emulator.endpoint() + "): neither tagged AWSLicenseManager=UserSubscriptions nor listed by"
                        + " LM-US", "scan", "--instance-id", unmonitored),
                new Case("snapshot of an id EC2 does not know", ExitCodes.USAGE, "error: --instance-id"
                        + " i-0000000000000dead: EC2 does not know it", "snapshot", "--out",
                        dir.resolve("s.json").toString(), "--instance-id", "i-0000000000000dead"),
                new Case("scan of a healthy instance", ExitCodes.OK, "scan: 1 instance evaluated", "scan",
                        "--instance-id", emulator.seeder().id("i-0a00000000000a001")),
                new Case("invoke with the schedule: the report has UNHEALTHY instances", ExitCodes.UNHEALTHY, "",
                        "invoke", "ScanFunction", "--event", "events/scheduled-scan.json"),
                new Case("invoke of a manual run of unknown instances", ExitCodes.OK, "", "invoke",
                        "ChangeFunction", "--event", "events/manual-invoke.json"),
                new Case("invoke with a garbage event", ExitCodes.USAGE, "error: --event " + garbage + ": ",
                        "invoke", "ChangeFunction", "--event", garbage.toString()),
                new Case("invoke with an empty event", ExitCodes.USAGE, "error: --event " + empty + ": ",
                        "invoke", "ScanFunction", "--event", empty.toString()));
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(dynamicTest(c.name(), () -> {
                CliRun result = CliRun.run(env, c.args());

                assertThat(result.code()).as(result.err()).isEqualTo(c.code());
                if (!c.stderr().isEmpty()) {
                    assertThat(result.errLines()).as("one line").singleElement().asString().startsWith(c.stderr());
                }
                assertThat(result.err()).doesNotContain("Exception", "\tat ");
            }));
        }
        tests.add(dynamicTest("stop the emulator", emulator::close));
        return tests.stream();
    }

    @Test
    void invoke_motoAloneWithoutTheFront_failsNamingTheApiAction(MotoServer moto) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).build()) {
            ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1).tagSpecifications(t -> t
                    .resourceType("instance").tags(tag -> tag.key("AWSLicenseManager").value("UserSubscriptions"))));
        }
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", "us-east-1");

        CliRun config = CliRun.run(env, "invoke", "ConfigRuleFunction", "--event", "events/config-rule-periodic.json");
        CliRun change = CliRun.run(env, "invoke", "ChangeFunction", "--event",
                "events/cloudtrail-authorize-sg-ingress.json");

        assertThat(config.code()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(config.errLines()).singleElement().asString()
                .startsWith("error: config:PutEvaluations failed: Service returned HTTP status code 500");
        assertThat(change.code()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(change.errLines()).singleElement().asString()
                .isEqualTo("error: HTTP 500: license-manager-user-subscriptions:ListIdentityProviders failed on the"
                        + " service side (HTTP 500)");
    }

    /**
     * The change mapping reads what it needs as it goes; a read that fails (here LM-US ListLicenseServerEndpoints,
     * which says which registration a licence server endpoint serves) that failed in passing (a server error) fails the
     * invocation naming the action and the error, so that Lambda retries the event, as every other read of the mapping
     * does; a refusal re-evaluates every monitored instance instead ({@code ChangeMappingFaultsTest}).
     */
    @Test
    void invoke_licenceServerEndpointsFailing_failsNamingTheActionAndTheError(MotoServer moto) throws IOException {
        try (Emulator emulator = Emulator.start(moto, 0, Emulator.demo(now()))) {
            emulator.front().failLmus(dev.subsentinel.testing.CannedAws.LMUS_LIST_LICENSE_SERVER_ENDPOINTS);
            Map<String, String> env = new HashMap<>(emulator.environment());
            env.put("SENTINEL_AWS_MAX_ATTEMPTS", "1");

            CliRun change = CliRun.run(env, "invoke", "ChangeFunction", "--event",
                    "events/lmus-license-server-endpoint-unhealthy.json");

            assertThat(change.code()).isEqualTo(ExitCodes.RUNTIME_ERROR);
            assertThat(change.errLines()).singleElement().asString()
                    .isEqualTo("error: InternalServerException: license-manager-user-subscriptions:"
                            + "ListLicenseServerEndpoints failed on the service side (HTTP 500)");
        }
    }

    /** The functions template.yaml sends an event to: the Config rule's, the schedule's, the change rules'. */
    private static List<String> functionsFor(String event) {
        if (event.startsWith("config-rule-")) {
            return List.of("ConfigRuleFunction");
        }
        if (event.startsWith("sqs-worker-")) {
            return List.of("WorkerFunction");
        }
        return switch (event) {
            case "scheduled-scan.json" -> List.of("ScanFunction");
            case "manual-invoke.json" -> List.of("ScanFunction", "ChangeFunction");
            default -> List.of("ChangeFunction");
        };
    }

    private static Instant now() {
        return Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The response: the last line of standard output (logs and metrics come first). */
    private static JsonNode response(CliRun result) throws IOException {
        String[] lines = result.out().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    /**
     * Instance name to its verdict, state and the checks that did not pass, from a report's JSON; {@code ids} maps the
     * report's ids to the demo's (the emulator's ids are moto's).
     */
    private static Map<String, String> verdictsByName(String json, Map<String, String> ids) throws IOException {
        Map<String, String> names = new HashMap<>();
        DemoFleet.snapshot(Instant.EPOCH).instances().forEach(i -> names.put(i.instanceId(), i.name()));
        Map<String, String> verdicts = new TreeMap<>();
        for (JsonNode instance : Json.mapper().readTree(json).get("instances")) {
            List<String> notPassing = new ArrayList<>();
            instance.get("checks").forEach(c -> {
                String status = c.get("status").asText();
                if (!"PASS".equals(status) && !"SKIPPED".equals(status)) {
                    notPassing.add(c.get("id").asText() + "=" + status);
                }
            });
            String id = instance.get("instanceId").asText();
            verdicts.put(names.get(ids.getOrDefault(id, id)), instance.get("verdict").asText() + " "
                    + instance.get("state").asText() + " " + notPassing);
        }
        assertThat(verdicts).doesNotContainKey(null).hasSize(names.size());
        return verdicts;
    }

    /** The emulator's instance ids mapped to the demo's. */
    private static Map<String, String> demoIds(Emulator emulator) {
        Map<String, String> ids = new HashMap<>();
        emulator.seeder().ids().forEach((demo, seeded) -> ids.put(seeded, demo));
        return ids;
    }

    private static List<String> receive(Emulator emulator, int expected) {
        List<String> subjects = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && subjects.size() < expected; attempt++) {
            subjects.addAll(emulator.receivedAlerts());
        }
        return subjects;
    }
}
