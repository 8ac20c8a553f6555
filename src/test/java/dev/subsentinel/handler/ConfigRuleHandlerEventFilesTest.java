package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.EmulatorEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
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
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ConfigRuleHandler over every file in {@code events/} (the classpath copy), in an empty account (moto through the
 * {@link AwsFront}): the Config rule invocations are answered with the PutEvaluations listed here (the sample
 * instance does not exist, so it is NOT_APPLICABLE; the periodic run finds no monitored instance and sends nothing),
 * every other event is ignored without a single AWS call. A new event file without an expectation fails
 * {@link #everyEventFile_hasAnExpectation()}.
 */
@ExtendWith(AwsFrontExtension.class)
class ConfigRuleHandlerEventFilesTest {

    private static final String SAMPLE = "i-0123456789abcdef0";
    private static final Map<String, List<String>> EVALUATIONS = Map.of(
            "config-rule-change-triggered.json",
            List.of(SAMPLE + " NOT_APPLICABLE EC2 no longer describes the instance 2026-11-25T12:00:57.456Z"),
            "config-rule-oversized.json",
            List.of(SAMPLE + " NOT_APPLICABLE EC2 no longer describes the instance 2026-11-25T12:20:31.402Z"),
            "config-rule-event-left-scope.json",
            List.of(SAMPLE + " NOT_APPLICABLE the resource left the rule's scope 2026-11-25T12:30:05.871Z"),
            "config-rule-periodic.json", List.of());

    /** Every EventBridge and Config event file; the worker's SQS events (sqs-*.json) never reach this function. */
    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !n.startsWith("sqs-")).sorted().toList().stream();
        }
    }

    @Test
    void everyEventFile_hasAnExpectation() throws IOException {
        List<String> files = eventFiles().toList();

        assertThat(new TreeSet<>(EVALUATIONS.keySet())).isEqualTo(new TreeSet<>(files.stream()
                .filter(f -> f.startsWith("config-rule-")).toList()));
        assertThat(files).hasSizeGreaterThan(EVALUATIONS.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void handleRequest_eventFile_evaluatesRuleInvocationsAndIgnoresTheRest(String name, AwsFront front)
            throws IOException {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        JsonNode response;
        try (Application application = Application.create(config, Clock.fixed(Instant.parse(
                        "2026-11-25T13:00:00Z"), ZoneOffset.UTC), new Application.Io(new PrintStream(
                        OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false));
                InputStream in = getClass().getResourceAsStream("/events/" + name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ConfigRuleHandler(application.configRules()).handleRequest(in, out,
                    new LocalContext("ConfigRuleFunction", Duration.ofMinutes(2), 1024,
                            new PrintWriter(Writer.nullWriter())));
            response = Json.mapper().readTree(out.toByteArray());
        }

        List<String> expected = EVALUATIONS.get(name);
        if (expected == null) {
            assertThat(response.get("ignored").asText()).contains("answers AWS Config rule invocations");
            assertThat(front.requestsServed()).isZero();
            return;
        }
        List<String> sent = new ArrayList<>();
        for (JsonNode request : front.putEvaluationsRequests()) {
            assertThat(request.get("ResultToken").asText()).isEqualTo("myResultToken");
            for (JsonNode e : request.get("Evaluations")) {
                sent.add(e.get("ComplianceResourceId").asText() + " " + e.get("ComplianceType").asText() + " "
                        + e.get("Annotation").asText() + " " + Instant.ofEpochMilli(e.get("OrderingTimestamp")
                                .decimalValue().movePointRight(3).longValueExact()));
            }
        }
        assertThat(sent).isEqualTo(expected);
        assertThat(front.putEvaluationsRequests()).hasSize(expected.isEmpty() ? 0 : 1);
        assertThat(response.get("evaluations")).hasSize(expected.size());
    }
}
