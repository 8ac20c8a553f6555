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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new CliContext(Clock.fixed(NOW, ZoneOffset.UTC), env), new PrintWriter(out),
                new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void demo_defaultTable_exitsWithThreeAndShowsEveryVerdict() {
        Result result = run("demo");

        assertThat(result.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(result.out())
                .contains("19 instances: 3 healthy, 2 at risk, 13 unhealthy, 1 unknown\n"
                        + "Account-wide (reported on every instance too):\n"
                        + "  PASS    SERVICE_LINKED_ROLE (CRITICAL): service-linked role present\n\n")
                .contains("office-acl-1688")
                .contains("acl-0a5e00000000000a2 (subnet-0a20000000000a002) inbound rule *")
                .contains("fix: ")
                .contains("Alerts a first run would send (15,")
                .contains("[UNHEALTHY] i-0a00000000000a007: licence activation blocked on tcp/1688")
                .contains("The one with the most evidence, as an e-mail subscriber reads it:");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void demo_jsonFormat_printsOnlyTheReportDocument() throws IOException {
        Result result = run("demo", "--format", "json");

        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(result.out()).doesNotContain("Alerts a first run");
        assertThat(report.get("scanId").asText()).isEqualTo("demo");
        assertThat(report.get("partial").asBoolean()).isTrue();
        assertThat(report.get("summary").get("unhealthy").asInt()).isEqualTo(13);
        assertThat(report.get("instances")).hasSize(19);
        JsonNode check = report.get("instances").get(0).get("checks").get(0);
        assertThat(check.fieldNames()).toIterable()
                .contains("id", "status", "severity", "summary", "evidence", "remediation");
        assertThat(report.fieldNames()).toIterable().containsExactlyInAnyOrder("scanId", "accountId", "region",
                "startedAt", "durationMs", "awsApiCalls", "partial", "summary", "instances", "fleetFindings");
        assertThat(report.get("fleetFindings")).singleElement().satisfies(finding -> {
            assertThat(finding.get("id").asText()).isEqualTo("SERVICE_LINKED_ROLE");
            assertThat(finding.get("status").asText()).isEqualTo("PASS");
        });
    }

    @Test
    void demo_healthyInstanceOnly_exitsWithZero() {
        Result result = run("demo", "--instance-id", "i-0a00000000000a001");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("1 instances: 1 healthy");
    }

    @Test
    void evaluate_snapshotWrittenByDemo_givesTheSameVerdicts() {
        Path file = dir.resolve("demo.json");
        Result demo = run("demo", "--write-snapshot", file.toString(), "--format", "json");
        Result evaluate = run(Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"), "evaluate", "--snapshot",
                file.toString(), "--format", "json");

        assertThat(evaluate.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(summary(evaluate.out())).isEqualTo(summary(demo.out()));
    }

    @Test
    void evaluate_snapshotADayOld_pingAgeJudgedAtItsCaptureTime() throws IOException {
        Instant captured = NOW.minus(Duration.ofDays(1));
        Path file = dir.resolve("old.json");
        Main.run(new String[] {"demo", "--write-snapshot", file.toString(), "--format", "json"},
                new CliContext(Clock.fixed(captured, ZoneOffset.UTC), Map.of()), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));

        Result evaluate = run(Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"), "evaluate", "--snapshot",
                file.toString(), "--format", "json");

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
        Result result = run("evaluate", "--snapshot", dir.resolve("nope.json").toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("nope.json: no such file").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void evaluate_invalidJson_exitsWithTwoNamingLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\n  \"accountId\": \"1\",,\n}");

        Result result = run("evaluate", "--snapshot", file.toString());

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

        Result result = run("evaluate", "--snapshot", file.toString());

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

        Result result = run("evaluate", "--snapshot", file.toString());

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

        Result result = run("evaluate", "--snapshot", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("cidr.json: securityGroups[0].egress[0]: cidr is not a CIDR block or"
                + " address: 10.0.0/16").hasLineCount(1);
    }

    @Test
    void evaluate_unknownInstanceId_exitsWithTwo() {
        Path file = dir.resolve("demo.json");
        run("demo", "--write-snapshot", file.toString(), "--format", "json");

        Result result = run("evaluate", "--snapshot", file.toString(), "--instance-id", "i-0000000000000dead");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--instance-id i-0000000000000dead: not in the snapshot");
    }

    @Test
    void evaluate_badEnvironmentValue_exitsWithTwoNamingTheVariable() {
        Path file = dir.resolve("demo.json");
        run("demo", "--write-snapshot", file.toString(), "--format", "json");

        Result result = run(Map.of("SENTINEL_PING_STALE_MINUTES", "soon"), "evaluate", "--snapshot",
                file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("SENTINEL_PING_STALE_MINUTES must be a positive whole number");
    }

    @Test
    void invoke_help_namesEveryFunction() {
        Result result = run("invoke", "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("ChangeFunction, ConfigRuleFunction, ScanFunction").doesNotContain("null");
    }

    @Test
    void main_unknownOption_exitsWithTwo() {
        Result result = run("evaluate", "--snapshot", "x.json", "--formt", "json");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown options: '--formt'");
    }

    private static JsonNode summary(String json) {
        try {
            return Json.mapper().readTree(json).get("summary");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
