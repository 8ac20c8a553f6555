package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final Instant NOW = CliRun.NOW;

    @TempDir
    Path dir;

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    private static CliRun run(String... args) {
        return CliRun.run(Map.of(), args);
    }

    @Test
    void demo_defaultTable_exitsWithThreeAndShowsEveryVerdict() {
        CliRun result = run("demo");

        assertThat(result.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(result.out())
                .contains("23 instances: 4 healthy (1 stopped), 3 at risk, 15 unhealthy, 1 unknown\n"
                        + "Account-wide (reported on every instance too):\n"
                        + "  PASS    SERVICE_LINKED_ROLE (CRITICAL): service-linked role present\n\n")
                .contains("office-acl-1688")
                .contains("acl-0a5e00000000000a2 (subnet-0a20000000000a002) inbound rule *")
                .contains("fix: ")
                .contains("Alerts a first run would send (18,")
                .contains("[UNHEALTHY] i-0a00000000000a007: licence activation blocked on tcp/1688 -")
                .contains("The one with the most evidence, as an e-mail subscriber reads it:");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void demo_jsonFormat_printsOnlyTheReportDocument() throws IOException {
        CliRun result = run("demo", "--format", "json");

        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(result.out()).doesNotContain("Alerts a first run");
        assertThat(report.get("scanId").asText()).isEqualTo("demo");
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("summary").get("unhealthy").asInt()).isEqualTo(15);
        assertThat(report.get("instances")).hasSize(23);
        JsonNode check = report.get("instances").get(0).get("checks").get(0);
        assertThat(check.fieldNames()).toIterable()
                .contains("id", "status", "severity", "summary", "evidence", "remediation");
        assertThat(report.fieldNames()).toIterable().containsExactlyInAnyOrder("scanId", "accountId", "region",
                "startedAt", "durationMs", "awsApiCalls", "partial", "summary", "unknownFacts", "instances",
                "fleetFindings");
        assertThat(report.get("summary").fieldNames()).toIterable().containsExactly("evaluated", "healthy", "atRisk",
                "unhealthy", "unknown", "stopped", "terminated");
        assertThat(report.get("fleetFindings")).singleElement().satisfies(finding -> {
            assertThat(finding.get("id").asText()).isEqualTo("SERVICE_LINKED_ROLE");
            assertThat(finding.get("status").asText()).isEqualTo("PASS");
        });
    }

    @Test
    void demo_healthyInstanceOnly_exitsWithZero() {
        CliRun result = run("demo", "--instance-id", "i-0a00000000000a001");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("1 instance: 1 healthy");
    }

    @Test
    void evaluate_snapshotWrittenByDemo_givesTheSameVerdicts() {
        Path file = dir.resolve("demo.json");
        CliRun demo = run("demo", "--write-snapshot", file.toString(), "--format", "json");
        CliRun evaluate = run("evaluate", "--snapshot", file.toString(), "--format", "json");

        assertThat(evaluate.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(summary(evaluate.out())).isEqualTo(summary(demo.out()));
        assertThat(withoutRun(evaluate.out())).as("every instance, check and evidence line")
                .isEqualTo(withoutRun(demo.out()));
    }

    @Test
    void evaluate_snapshotADayOld_pingAgeJudgedAtItsCaptureTime() throws IOException {
        Instant captured = NOW.minus(Duration.ofDays(1));
        Path file = dir.resolve("old.json");
        Main.run(new String[] {"demo", "--write-snapshot", file.toString(), "--format", "json"},
                new CliContext(Clock.fixed(captured, ZoneOffset.UTC), Map.of()), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));

        CliRun evaluate = run("evaluate", "--snapshot", file.toString(), "--format", "json");

        JsonNode report = Json.mapper().readTree(evaluate.out());
        JsonNode healthy = null;
        for (JsonNode instance : report.get("instances")) {
            if (instance.get("verdict").asText().equals("HEALTHY") && healthy == null) {
                healthy = instance;
            }
        }
        assertThat(healthy).as("a day later, the demo's healthy instances are still healthy").isNotNull();
        assertThat(summary(evaluate.out())).isEqualTo(summary(run("demo", "--format", "json").out()));
    }

    @Test
    void evaluate_missingFile_exitsWithTwoNamingTheFile() {
        CliRun result = run("evaluate", "--snapshot", dir.resolve("nope.json").toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--snapshot ").contains("nope.json: no such file")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void evaluate_invalidJson_exitsWithTwoNamingLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\n  \"accountId\": \"1\",,\n}");

        CliRun result = run("evaluate", "--snapshot", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("bad.json: invalid JSON at line 2").hasLineCount(1);
    }

    @Test
    void evaluate_missingRequiredField_exitsWithTwoNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("missing.json"), """
                {"accountId": "111122223333", "region": "us-east-1", "capturedAt": "2026-11-26T12:00:00Z",
                 "instances": [{"instanceId": "i-1", "state": "running"},
                               {"state": "running"}]}
                """);

        CliRun result = run("evaluate", "--snapshot", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("missing.json: instances[1].instanceId: missing required field")
                .hasLineCount(1);
    }

    @Test
    void evaluate_mistypedField_exitsWithTwoNamingThePathAndType() throws IOException {
        Path file = Files.writeString(dir.resolve("typed.json"), """
                {"accountId": "111122223333", "region": "us-east-1", "capturedAt": "2026-11-26T12:00:00Z",
                 "instances": [{"instanceId": "i-1", "state": "running", "networkInterfaces": "eni-1"}]}
                """);

        CliRun result = run("evaluate", "--snapshot", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("typed.json: instances[0].networkInterfaces: wrong type, expected an array")
                .hasLineCount(1);
    }

    @Test
    void evaluate_badCidr_exitsWithTwoNamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("cidr.json"), """
                {"accountId": "111122223333", "region": "us-east-1", "capturedAt": "2026-11-26T12:00:00Z",
                 "securityGroups": [{"groupId": "sg-1", "egress": [{"protocol": "tcp", "cidr": "10.0.0/16"}]}]}
                """);

        CliRun result = run("evaluate", "--snapshot", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("cidr.json: securityGroups[0].egress[0].cidr: is not a CIDR block or"
                + " address: 10.0.0/16").hasLineCount(1);
    }

    @Test
    void evaluate_unknownInstanceId_exitsWithTwo() {
        Path file = dir.resolve("demo.json");
        run("demo", "--write-snapshot", file.toString(), "--format", "json");

        CliRun result = run("evaluate", "--snapshot", file.toString(), "--instance-id", "i-0000000000000dead");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--instance-id i-0000000000000dead: not in the snapshot");
    }

    @Test
    void evaluate_badEnvironmentValue_exitsWithTwoNamingTheVariable() {
        Path file = dir.resolve("demo.json");
        run("demo", "--write-snapshot", file.toString(), "--format", "json");

        CliRun result = run(Map.of("SENTINEL_PING_STALE_MINUTES", "soon"), "evaluate", "--snapshot",
                file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("SENTINEL_PING_STALE_MINUTES must be a positive whole number");
    }

    @Test
    void invoke_help_namesEveryFunction() {
        CliRun result = run("invoke", "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out().replaceAll("\\s+", " "))
                .contains("ChangeFunction, ConfigRuleFunction, CoordinatorFunction, ScanFunction, WorkerFunction")
                .doesNotContain("null");
    }

    @Test
    void main_unknownOption_exitsWithTwo() {
        CliRun result = run("evaluate", "--snapshot", "x.json", "--formt", "json");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown options: '--formt'").hasLineCount(1);
    }

    @Test
    void demo_unknownTerminalWidth_fitsEightyColumnsWithOneTableRowPerInstance() {
        CliRun result = run("demo");

        List<String> lines = result.out().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        assertThat(table(lines)).hasSize(1 + 23).first().asString().startsWith("INSTANCE ");
        assertThat(table(lines)).filteredOn(line -> line.contains("(STOPPED)")).singleElement().asString()
                .startsWith("i-0a00000000000a009").contains("HEALTHY (STOPPED)");
        assertThat(lines).contains("          - acl-0a5e00000000000a2 (subnet-0a20000000000a002) inbound rule *",
                "            (deny 0.0.0.0/0 all) denies replies from 10.0.3.20");
    }

    @Test
    void demo_columnsSet_fitsThatWidthAndShowsWholeNames() {
        CliRun result = run(Map.of("COLUMNS", "120"), "demo");

        List<String> lines = result.out().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
        assertThat(lines).anySatisfy(line -> assertThat(line.length()).isGreaterThan(100));
        assertThat(table(lines)).hasSize(1 + 23).anySatisfy(line -> assertThat(line).contains("office-no-profile")
                .contains("SSM_PING, INSTANCE_PROFILE")).anySatisfy(line -> assertThat(line)
                .contains("rds-registration-failed").contains("IDENTITY_PROVIDER"));
    }

    @Test
    void fixDemo_egressLockedInstance_printsThePlanAsRunnableCommandsAndExitsThree() {
        CliRun result = run("fix", "--demo", "--instance-id", "i-0a00000000000a006", "--check", "SSM_NETWORK_PATH");

        assertThat(result.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(result.out()).startsWith("i-0a00000000000a006: UNHEALTHY\n")
                .contains("          plan: run in order (1 change):\n"
                        + "          1. sg-0a0000000000f0a02 egress admits only tcp/443 to group\n")
                .contains("             aws ec2 authorize-security-group-egress --group-id \\\n")
                .doesNotContain("SSM_PING");
        assertThat(result.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void fixDemo_json_checksWithStructuredPlans() throws java.io.IOException {
        CliRun result = run("fix", "--demo", "--instance-id", "i-0a00000000000a005", "--format", "json");

        var document = dev.subsentinel.config.Json.mapper().readTree(result.out());
        assertThat(document.get("verdict").asText()).isEqualTo("UNHEALTHY");
        assertThat(document.get("checks").findValuesAsText("id")).contains("INSTANCE_PROFILE", "SSM_PING");
        var profile = document.get("checks").get(1).get("fix").get("actions").get(0);
        assertThat(profile.get("operation").asText()).isEqualTo("ec2:AssociateIamInstanceProfile");
        assertThat(profile.get("parameters").get("IamInstanceProfile").get("Name").asText())
                .isEqualTo("LmusSsmInstanceProfile");
        assertThat(profile.get("command").asText()).isEqualTo("aws ec2 associate-iam-instance-profile --instance-id"
                + " i-0a00000000000a005 --iam-instance-profile Name=LmusSsmInstanceProfile");
    }

    @Test
    void demo_narrowTerminal_tableStillOneLinePerInstance() {
        CliRun result = run(Map.of("COLUMNS", "50"), "demo");

        List<String> lines = result.out().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
        assertThat(table(lines)).hasSize(1 + 23);
    }

    @Test
    void demo_wide_keepsOneLinePerFact() {
        CliRun result = run("demo", "--wide");

        List<String> lines = result.out().lines().toList();
        assertThat(lines).contains("          - acl-0a5e00000000000a2 (subnet-0a20000000000a002) inbound rule * (deny"
                + " 0.0.0.0/0 all) denies replies from 10.0.3.20 (vpce-0a5e0000000168801) to ports 49152-65535");
        // The label column is as wide as the longest label, i-0f00000000000f003 (rds-licence-path-blocked).
        assertThat(table(lines)).hasSize(1 + 23).anySatisfy(line -> assertThat(line)
                .startsWith("i-0a00000000000a005 (office-no-profile)         Office LTSC Pro Plus")
                .contains("UNHEALTHY").endsWith("SSM_PING, INSTANCE_PROFILE"));
    }

    @Test
    void demo_toATerminal_coloursTheVerdictsOnly() {
        CliRun result = CliRun.run(terminal(Map.of()), "demo", "--instance-id", "i-0a00000000000a002");

        assertThat(result.out()).contains("\u001b[1;31mUNHEALTHY\u001b[0m").contains("\u001b[31mFAIL   \u001b[0m")
                .doesNotContain("\u001b[1;31mi-");
    }

    @Test
    void demo_noColorOrJsonOrPipe_neverColours() {
        assertThat(CliRun.run(terminal(Map.of("NO_COLOR", "1")), "demo").out()).doesNotContain("\u001b[");
        assertThat(CliRun.run(terminal(Map.of()), "demo", "--format", "json").out()).doesNotContain("\u001b[");
        assertThat(run("demo").out()).doesNotContain("\u001b[");
    }

    @Test
    void demo_environmentSettings_applyAndTheSnapshotRecordsThem() throws IOException {
        Path file = dir.resolve("demo.json");
        CliRun demo = run(Map.of("SENTINEL_MIN_AGENT_VERSION", "3.0", "SENTINEL_PING_STALE_MINUTES", "200"),
                "demo", "--write-snapshot", file.toString(), "--format", "json");

        JsonNode settings = Json.mapper().readTree(file.toFile()).get("settings");
        assertThat(settings.get("minAgentVersion").asText()).isEqualTo("3.0");
        assertThat(settings.get("pingStaleMinutes").asInt()).isEqualTo(200);
        assertThat(verdict(demo.out(), "i-0a00000000000a00b")).as("the old agent is new enough for 3.0")
                .isEqualTo("HEALTHY");
        assertThat(summary(demo.out()).get("atRisk").asInt()).as("only vs-adws-blocked (a DIRECTORY_PATH WARN) and"
                + " rds-ipv6-blocked (DIRECTORY_PATH and LICENSE_SERVER_PATH WARN over IPv6)").isEqualTo(2);
        assertThat(withoutRun(run("evaluate", "--snapshot", file.toString(), "--format", "json").out()))
                .isEqualTo(withoutRun(demo.out()));
        assertThat(summary(run(Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"), "evaluate", "--snapshot",
                file.toString(), "--format", "json").out()).get("atRisk").asInt())
                .as("a variable that is set overrides the snapshot's setting").isEqualTo(3);
    }

    @Test
    void demo_badEnvironmentValue_exitsWithTwoNamingTheVariable() {
        CliRun result = run(Map.of("SENTINEL_MIN_AGENT_VERSION", "latest"), "demo");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: SENTINEL_MIN_AGENT_VERSION").hasLineCount(1);
    }

    /** The overview table: its header and one line per instance. */
    private static List<String> table(List<String> lines) {
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("INSTANCE ")).findFirst().orElseThrow());
        int end = header;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(header, end);
    }

    private static CliContext terminal(Map<String, String> environment) {
        return new CliContext(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC), environment,
                new Terminal(true, true, 0));
    }

    /** The report without what differs from run to run (its id, start and duration). */
    private static JsonNode withoutRun(String json) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode report =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json);
            report.remove(List.of("scanId", "startedAt", "durationMs"));
            return report;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String verdict(String json, String instanceId) {
        try {
            for (JsonNode instance : Json.mapper().readTree(json).get("instances")) {
                if (instance.get("instanceId").asText().equals(instanceId)) {
                    return instance.get("verdict").asText();
                }
            }
            throw new AssertionError(instanceId + " is not in the report");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode summary(String json) {
        try {
            return Json.mapper().readTree(json).get("summary");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
