package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a process, with an environment the test controls entirely: what the in-process tests cannot show (the
 * logging set-up of a real start, the SDK's own credential chain, a pipe as standard output).
 */
class MainProcessTest {

    @TempDir
    Path home;

    private record Process(int code, String out, String err) {
    }

    private Process main(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        java.lang.Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Process(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void main_unknownLogLevel_oneLineNamingTheVariableNoTrace() throws Exception {
        Process scan = main(Map.of("SENTINEL_LOG_LEVEL", "LOUD", "AWS_REGION", "us-east-1"), "scan");

        assertThat(scan.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(scan.err()).isEqualTo("error: SENTINEL_LOG_LEVEL must be one of OFF, FATAL, ERROR, WARN, INFO,"
                + " DEBUG, TRACE, ALL, was 'LOUD'\n");
    }

    @Test
    void main_noCredentials_oneLineSayingWhatToSetBeforeAnyCall() throws Exception {
        Process scan = main(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"), "scan");

        assertThat(scan.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(scan.err()).startsWith("error: no AWS credentials: set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY").hasLineCount(1);
    }

    @Test
    void main_noRegion_oneLineWithoutObjectHashes() throws Exception {
        Process scan = main(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), "scan");

        assertThat(scan.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(scan.err()).isEqualTo("error: no AWS region: pass --region, set AWS_REGION, or set a region in"
                + " the profile (~/.aws/config)\n");
    }

    @Test
    void main_invokeWithAGarbageEvent_responseAloneOnStdoutLogsAndOneErrorLineOnStderr() throws Exception {
        Path garbage = java.nio.file.Files.writeString(home.resolve("garbage.json"), "not an event");

        Process invoke = main(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"), "invoke",
                "ChangeFunction", "--event", garbage.toString());

        assertThat(invoke.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.out().lines().toList()).as("stdout holds only the response, as with sam local invoke")
                .singleElement().asString().startsWith("{\"error\":");
        assertThat(invoke.err()).as("the function's Lambda JSON log line goes to stderr")
                .contains("\"level\":\"ERROR\"").contains("rejected input");
        assertThat(invoke.err().lines().toList()).last().isEqualTo("error: --event " + garbage + ": $: the event is"
                + " not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false') (field $)");
    }

    @Test
    void main_badPowertoolsLogLevel_oneLineNamingIt() throws Exception {
        Process invoke = main(Map.of("POWERTOOLS_LOG_LEVEL", "verbose"), "invoke", "ScanFunction", "--event",
                "events/scheduled-scan.json");

        assertThat(invoke.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).startsWith("error: POWERTOOLS_LOG_LEVEL must be one of").hasLineCount(1);
    }

    @Test
    void main_demoIntoAPipe_eightyColumnsNoColourNoProgress() throws Exception {
        Process demo = main(Map.of(), "demo");

        assertThat(demo.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(demo.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(demo.out()).doesNotContain("\u001b[");
        assertThat(demo.err()).isEmpty();
    }
}
