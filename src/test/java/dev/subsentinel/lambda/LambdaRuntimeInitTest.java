package dev.subsentinel.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.ConfigException;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init phase under the real Lambda Java runtime interface client (no AWS call is made): a handler string that
 * names no class, and a bad setting, as Lambda reports them; the environment files and heap limit the runtime
 * would use.
 */
class LambdaRuntimeInitTest {

    private static final String EVENT = "{\"instanceIds\":[\"i-0123456789abcdef0\"],\"dryRun\":true}";
    private static Path taskRoot;

    @BeforeAll
    static void layOut() throws IOException {
        taskRoot = SamBuildLayout.layOut("InitTestFunction");
    }

    private static ExecutionEnvironment start(CfnTemplate template, Map<String, String> envVars) throws IOException {
        Map<String, String> functionEnv = template.environment("ScanFunction", Map.of(), envVars, "us-east-1");
        return ExecutionEnvironment.start(new ExecutionEnvironment.Spec(template.function("ScanFunction"), taskRoot,
                functionEnv, Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"), false,
                null));
    }

    @Test
    void handler_classNotInTheArtifact_initCompletesAndTheInvocationReportsClassNotFound(@TempDir Path dir)
            throws IOException, InterruptedException, TimeoutException {
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, Files.readString(Path.of("template.yaml")).replace(
                "Handler: dev.subsentinel.handler.ScanHandler::handleRequest",
                "Handler: dev.subsentinel.handler.ScanHandlr::handleRequest"));

        try (ExecutionEnvironment lambda = start(CfnTemplate.read(copy), Map.of())) {
            ExecutionEnvironment.Init init = lambda.awaitInit(Duration.ofMinutes(2));
            RuntimeApiEmulator.Outcome outcome = lambda.invoke(EVENT.getBytes(StandardCharsets.UTF_8));

            // The client defers a missing class to the invocation (a non-fatal fault): init/error is never posted.
            assertThat(init.ready()).as(lambda.logs()).isTrue();
            assertThat(outcome.error()).isTrue();
            assertThat(outcome.json().get("errorMessage").asText())
                    .isEqualTo("Class not found: dev.subsentinel.handler.ScanHandlr");
            assertThat(outcome.json().get("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
            assertThat(lambda.api().requests()).noneMatch(r -> r.contains("/init/error"));
        }
    }

    @Test
    void initError_topicAsSamLocalResolvesIt_reportsTheSettingsMessage()
            throws IOException, InterruptedException, TimeoutException {
        try (ExecutionEnvironment lambda = start(CfnTemplate.read(Path.of("template.yaml")),
                Map.of("SENTINEL_TOPIC_ARN", "AlertTopic"))) {
            ExecutionEnvironment.Init init = lambda.awaitInit(Duration.ofMinutes(2));

            assertThat(init.ready()).isFalse();
            assertThat(init.error()).as(lambda.logs()).isNotNull();
            assertThat(init.error().path()).isEqualTo("/2018-06-01/runtime/init/error");
            assertThat(init.error().errorType()).isEqualTo("Runtime.BadFunctionCode");
            JsonNode document = init.error().document();
            assertThat(document.get("errorMessage").asText())
                    .isEqualTo("SENTINEL_TOPIC_ARN must be an SNS topic ARN, was 'AlertTopic'");
            assertThat(document.get("errorType").asText()).isEqualTo(ConfigException.class.getName());
            assertThat(init.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void envVarsFile_shippedForSamLocalInvoke_givesEveryFunctionValidSettings() throws IOException {
        CfnTemplate template = CfnTemplate.read(Path.of("template.yaml"));
        JsonNode file = Json.mapper().readTree(Path.of("env-vars.json").toFile());

        for (String function : template.functionIds()) {
            Map<String, String> env = new HashMap<>(template.environment(function, Map.of(),
                    CfnTemplate.envVarsFor(file, function), "us-east-1"));
            env.put("AWS_REGION", "us-east-1");

            assertThat(AppConfig.fromEnvironment(env)).as(function).isNotNull();
        }
    }

    @Test
    void environment_refToTheTopicAsSamLocalGivesIt_failsWithTheVariablesName() throws IOException {
        CfnTemplate template = CfnTemplate.read(Path.of("template.yaml"));
        Map<String, String> env = new HashMap<>(template.environment("ChangeFunction", Map.of(),
                Map.of("SENTINEL_TOPIC_ARN", "AlertTopic", "SENTINEL_STATE_TABLE", "StateTable"), "us-east-1"));
        env.put("AWS_REGION", "us-east-1");

        assertThatThrownBy(() -> AppConfig.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                .hasMessage("SENTINEL_TOPIC_ARN must be an SNS topic ARN, was 'AlertTopic'");
    }

    @Test
    void maxHeapKb_memorySizes_matchTheManagedRuntimesCommandLine() {
        // -XX:MaxHeapSize captured in Lambda for these memory sizes (docs/aws-facts.md).
        assertThat(ExecutionEnvironment.maxHeapKb(1024)).isEqualTo(891289);
        assertThat(ExecutionEnvironment.maxHeapKb(2045)).isEqualTo(1848320);
        assertThat(ExecutionEnvironment.maxHeapKb(4093)).isEqualTo(3945472);
        assertThat(ExecutionEnvironment.maxHeapKb(10238)).isEqualTo(10237952);
    }

    @Test
    void environment_scanFunction_holdsWhatLambdaGivesAndTheTemplatesValues() throws IOException {
        CfnTemplate template = CfnTemplate.read(Path.of("template.yaml"));
        ExecutionEnvironment.Spec spec = new ExecutionEnvironment.Spec(template.function("ScanFunction"), taskRoot,
                template.environment("ScanFunction", Map.of("PingStaleMinutes", "30"), Map.of(), "eu-west-1"),
                Map.of("AWS_REGION", "eu-west-1"), false, null);

        Map<String, String> env = ExecutionEnvironment.environment(spec, "127.0.0.1:9001");

        assertThat(env).containsEntry("_HANDLER", "dev.subsentinel.handler.ScanHandler::handleRequest")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/local-scan")
                .containsEntry("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString())
                .containsEntry("AWS_REGION", "eu-west-1").containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("SENTINEL_PING_STALE_MINUTES", "30")
                .containsEntry("SENTINEL_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:AlertTopic")
                .containsEntry("SENTINEL_STATE_TABLE", "StateTable");
    }
}
