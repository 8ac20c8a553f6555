package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The usage-error half of the CLI's contract, for every command: a bad option, file or environment value is exit 2
 * with one line on standard error that names it, never a stack trace or an object's hash, and no AWS call (the
 * endpoint below answers nothing, so a call would end as a runtime error instead). The other half (exit codes 0, 3
 * and 1 against an emulator) is {@code EmulatorContractTest}.
 */
class CliContractTest {

    /** An endpoint where nothing listens: a command that called AWS would fail with exit 1, not 2. */
    private static final Map<String, String> NO_AWS = Map.of("AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED", "true");

    @TempDir
    static Path dir;

    static Stream<Arguments> usageErrors() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{not json");
        String missingDir = dir.resolve("no-such-dir").resolve("out.json").toString();
        return Stream.of(
                // demo
                usage("demo", Map.of(), "--instance-id 'foo' is not an instance id", "demo", "--instance-id", "foo"),
                usage("demo", Map.of(), "--instance-id i-0000000000000dead: not in the snapshot",
                        "demo", "--instance-id", "i-0000000000000dead"),
                usage("demo", Map.of(), "--write-snapshot " + missingDir + ": directory", "demo",
                        "--write-snapshot", missingDir),
                usage("demo", Map.of(), "--write-snapshot " + dir + ": is a directory", "demo", "--write-snapshot",
                        dir.toString()),
                usage("demo", Map.of(), "Invalid value for option '--format'", "demo", "--format", "xml"),
                usage("demo", Map.of(), "Unknown option: '--bogus'", "demo", "--bogus"),
                usage("demo", Map.of("SENTINEL_PING_STALE_MINUTES", "soon"), "SENTINEL_PING_STALE_MINUTES", "demo"),
                usage("demo", Map.of("SENTINEL_LOG_LEVEL", "LOUD"), "SENTINEL_LOG_LEVEL must be one of", "demo"),
                usage("demo", Map.of("COLUMNS", "wide"), "COLUMNS must be a positive whole number", "demo"),
                // evaluate
                usage("evaluate", Map.of(), "Missing required option: '--snapshot=FILE'", "evaluate"),
                usage("evaluate", Map.of(), "--snapshot " + dir.resolve("none.json") + ": no such file",
                        "evaluate", "--snapshot", dir.resolve("none.json").toString()),
                usage("evaluate", Map.of(), "--snapshot " + garbage + ": invalid JSON at line 1", "evaluate",
                        "--snapshot", garbage.toString()),
                usage("evaluate", Map.of(), "--instance-id 'i-123' is not an instance id", "evaluate", "--snapshot",
                        garbage.toString(), "--instance-id", "i-123"),
                usage("evaluate", Map.of("SENTINEL_LOG_LEVEL", "chatty"), "SENTINEL_LOG_LEVEL", "evaluate",
                        "--snapshot", garbage.toString()),
                // scan
                usage("scan", NO_AWS, "--instance-id 'foo' is not an instance id", "scan", "--instance-id", "foo"),
                usage("scan", NO_AWS, "--region must be a region name such as us-east-1, was ''", "scan",
                        "--region", ""),
                usage("scan", NO_AWS, "--region must be a region name", "scan", "--region", "Mars"),
                usage("scan", without(NO_AWS, "AWS_REGION"), "no AWS region: pass --region, set AWS_REGION", "scan"),
                usage("scan", with(NO_AWS, "AWS_REGION", "us_east_1"), "AWS_REGION must be a region name", "scan"),
                usage("scan", NO_AWS, "--endpoint-url must be an http(s) URL", "scan", "--endpoint-url", "ftp://x"),
                usage("scan", with(NO_AWS, "AWS_ENDPOINT_URL", "localhost:4566"), "AWS_ENDPOINT_URL must be an"
                        + " http(s) URL", "scan"),
                usage("scan", NO_AWS, "--topic-arn must be an SNS topic ARN", "scan", "--topic-arn", "alerts"),
                usage("scan", NO_AWS, "--topic-arn needs a state table", "scan", "--topic-arn",
                        "arn:aws:sns:us-east-1:123456789012:alerts"),
                usage("scan", with(NO_AWS, "SENTINEL_INSTANCE_TAG", "nokey"), "SENTINEL_INSTANCE_TAG must be"
                        + " key=value", "scan"),
                usage("scan", with(NO_AWS, "SENTINEL_LOG_LEVEL", "LOUD"), "SENTINEL_LOG_LEVEL", "scan"),
                // snapshot
                usage("snapshot", NO_AWS, "Missing required option: '--out=FILE'", "snapshot"),
                usage("snapshot", NO_AWS, "--out " + missingDir + ": directory", "snapshot", "--out", missingDir),
                usage("snapshot", NO_AWS, "--instance-id 'I-0123456789ABCDEF0' is not an instance id", "snapshot",
                        "--out", dir.resolve("s.json").toString(), "--instance-id", "I-0123456789ABCDEF0"),
                usage("snapshot", without(NO_AWS, "AWS_REGION"), "no AWS region", "snapshot", "--out",
                        dir.resolve("s.json").toString()),
                // report
                usage("report", Map.of(), "Missing required option: '--html=FILE'", "report", "--demo"),
                usage("report", Map.of(), "Missing required argument (specify one of these): (--demo |"
                        + " --snapshot=FILE | --scan)", "report", "--html", dir.resolve("r.html").toString()),
                usage("report", Map.of(), "--demo, --scan are mutually exclusive", "report", "--demo", "--scan",
                        "--html", dir.resolve("r.html").toString()),
                usage("report", Map.of(), "--html " + missingDir + ": directory", "report", "--demo", "--html",
                        missingDir),
                usage("report", Map.of(), "--html " + dir + ": is a directory", "report", "--demo", "--html",
                        dir.toString()),
                usage("report", Map.of(), "--snapshot " + garbage + ": invalid JSON at line 1", "report",
                        "--snapshot", garbage.toString(), "--html", dir.resolve("r.html").toString()),
                usage("report", Map.of(), "--instance-id i-0000000000000dead: not in the snapshot", "report",
                        "--demo", "--instance-id", "i-0000000000000dead", "--html", dir.resolve("r.html").toString()),
                usage("report", Map.of(), "--region applies only with --scan", "report", "--demo", "--region",
                        "eu-west-1", "--html", dir.resolve("r.html").toString()),
                usage("report", without(NO_AWS, "AWS_REGION"), "no AWS region", "report", "--scan", "--html",
                        dir.resolve("r.html").toString()),
                // invoke
                usage("invoke", NO_AWS, "unknown function 'NoSuchFunction'; the template defines ChangeFunction,"
                        + " ConfigRuleFunction, CoordinatorFunction, ScanFunction, WorkerFunction", "invoke",
                        "NoSuchFunction", "--event", "x.json"),
                usage("invoke", NO_AWS, "--event " + dir.resolve("none.json") + ": no such file", "invoke",
                        "ScanFunction", "--event", dir.resolve("none.json").toString()),
                usage("invoke", NO_AWS, "--event " + dir + ": not a readable file", "invoke", "ScanFunction",
                        "--event", dir.toString()),
                usage("invoke", NO_AWS, "Missing required option: '--event=FILE'", "invoke", "ScanFunction"),
                usage("invoke", NO_AWS, "--region must be a region name", "invoke", "ScanFunction", "--event",
                        "events/scheduled-scan.json", "--region", " "),
                usage("invoke", with(NO_AWS, "SENTINEL_LOG_LEVEL", "LOUD"), "SENTINEL_LOG_LEVEL", "invoke",
                        "ScanFunction", "--event", "events/scheduled-scan.json"),
                // fix
                usage("fix", Map.of(), "Missing required option: '--instance-id=ID'", "fix", "--demo"),
                usage("fix", Map.of(), "--instance-id 'foo' is not an instance id", "fix", "--demo",
                        "--instance-id", "foo"),
                usage("fix", Map.of(), "--instance-id i-0000000000000dead: not in the snapshot", "fix", "--demo",
                        "--instance-id", "i-0000000000000dead"),
                usage("fix", Map.of(), "--apply changes the account: it reads AWS, not --demo", "fix", "--demo",
                        "--instance-id", "i-0a00000000000a006", "--apply"),
                usage("fix", Map.of(), "--snapshot and --demo are two inputs", "fix", "--demo", "--snapshot",
                        garbage.toString(), "--instance-id", "i-0a00000000000a006"),
                usage("fix", Map.of(), "--yes only answers the question --apply asks", "fix", "--demo",
                        "--instance-id", "i-0a00000000000a006", "--yes"),
                usage("fix", Map.of(), "Invalid value for option '--check'", "fix", "--demo", "--instance-id",
                        "i-0a00000000000a006", "--check", "EVERYTHING"),
                usage("fix", Map.of(), "--snapshot " + garbage + ": invalid JSON at line 1", "fix", "--snapshot",
                        garbage.toString(), "--instance-id", "i-0a00000000000a006"),
                usage("fix", NO_AWS, "--region must be a region name", "fix", "--instance-id",
                        "i-0a00000000000a006", "--region", "Mars"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("usageErrors")
    void command_badOptionFileOrVariable_exitsWithTwoAndOneLineNamingIt(String command, Map<String, String> env,
            String expected, List<String> args) {
        CliRun result = CliRun.run(env, args.toArray(String[]::new));

        assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errLines()).as("one line").singleElement().asString()
                .startsWith("error: ").contains(expected)
                .doesNotContainPattern("\\w+@[0-9a-f]{5,}")
                .doesNotContain("Exception", "\tat ");
        assertThat(result.out()).as("nothing on standard output").isEmpty();
    }

    private static Arguments usage(String command, Map<String, String> env, String expected, String... args) {
        return Arguments.of(command, env, expected, List.of(args));
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> env, String key) {
        Map<String, String> copy = new HashMap<>(env);
        copy.remove(key);
        return copy;
    }
}
