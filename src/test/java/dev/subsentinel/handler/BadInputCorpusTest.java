package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.cli.CliContext;
import dev.subsentinel.cli.Main;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertMessage;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.ControlledContext;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.TrackClients;
import dev.subsentinel.track.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or hostile input of {@code src/test/resources/bad-input/}, as its manifest describes it:
 * <ul>
 *   <li>{@code event}: given to each of the three handlers (against the emulator, with tracking and a topic). Every
 *       handler returns normally (a retry could not fix the input, so no invocation error and no Lambda retry);
 *       a rejected input is answered with the field at fault and logged in one ERROR line naming it; an ignored one
 *       in one INFO line saying why; nothing is published.</li>
 *   <li>{@code snapshot}: {@code evaluate --snapshot} exits 2 with one line naming the file and the JSON path of the
 *       field, never a stack trace.</li>
 *   <li>{@code hostile}: a valid snapshot full of hostile text (terminal escapes, markup, control and bidi characters,
 *       very long strings) or of failing instances: it is evaluated, and the alerts a first run sends hold only clean,
 *       bounded text, as one digest rather than a storm.</li>
 * </ul>
 * The manifest ({@code bad-input/manifest.tsv}: file, kind, expectation, what the log or message must contain) names
 * every file of the corpus.
 */
@ExtendWith(AwsFrontExtension.class)
class BadInputCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "bad-input");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** One line of the manifest. */
    record Case(String file, String kind, String expectation, String fragment) {

        @Override
        public String toString() {
            return kind + "/" + file;
        }
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            cases.add(new Case(parts[0], parts[1], parts[2], parts[3]));
        }
        return cases.stream();
    }

    @Test
    void manifest_namesEveryFileOfTheCorpusAndAtLeastForty() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.walk(CORPUS)) {
            all.filter(Files::isRegularFile).map(p -> CORPUS.relativize(p).toString())
                    .filter(name -> !name.equals("manifest.tsv")).forEach(files::add);
        }
        List<String> named = corpus().map(c -> c.kind().equals("event") ? "events/" + c.file()
                : "snapshots/" + c.file()).toList();

        assertThat(named).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(named)).isEqualTo(files);
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
    }

    /**
     * hostile-alert-storm.json was captured before the directory checks (issue 9): it records no directory stage, no
     * License Manager interfaces and no service-linked role. A snapshot that does not record a fact proves nothing
     * about it, so those checks say UNKNOWN, never PASS, and no instance passes for healthy on their account.
     */
    @Test
    void evaluate_snapshotFromBeforeTheDirectoryChecks_theirChecksUnknownAndNoInstanceHealthy() throws IOException {
        FleetSnapshot snapshot = Json.strict().readValue(CORPUS.resolve("snapshots")
                .resolve("hostile-alert-storm.json").toFile(), FleetSnapshot.class);

        List<InstanceReport> reports = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS)
                .evaluate(snapshot, NOW).reports();

        assertThat(snapshot.directoryInterfaces()).isEmpty();
        assertThat(snapshot.serviceLinkedRoles()).isEmpty();
        assertThat(reports).hasSize(snapshot.instances().size()).allSatisfy(report -> {
            assertThat(report.verdict()).as(report.instanceId()).isNotEqualTo(Verdict.HEALTHY);
            for (CheckId id : List.of(CheckId.DIRECTORY_HEALTH, CheckId.LM_NETWORK_INTERFACES,
                    CheckId.SERVICE_LINKED_ROLE)) {
                assertThat(report.check(id).status()).as(report.instanceId() + " " + id).isEqualTo(Status.UNKNOWN);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void input_fromTheCorpus_clearLineNoCrashNothingUnsanitisedNoStorm(Case input, AwsFront front, MotoServer moto)
            throws IOException {
        switch (input.kind()) {
            case "event" -> event(input, front, moto);
            case "snapshot" -> snapshot(input);
            case "hostile" -> hostile(input);
            default -> throw new IllegalArgumentException("unknown kind " + input.kind());
        }
    }

    private static void event(Case input, AwsFront front, MotoServer moto) throws IOException {
        byte[] bytes = Files.readAllBytes(CORPUS.resolve("events").resolve(input.file()));
        TrackClients.createTable(TrackClients.dynamo(moto));
        String topicArn = TrackClients.sns(moto).createTopic(b -> b.name("sentinel-alerts")).topicArn();
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint(), Map.of(
                "SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", topicArn)));
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<String> log;
        try (CapturedLog captured = CapturedLog.start();
                Application app = Application.create(config, Clock.systemUTC(), new Application.Io(
                        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false),
                        duration -> { })) {
            Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
            handlers.put("ScanFunction", new ScanHandler(app));
            handlers.put("ChangeFunction", new ChangeHandler(app.changes()));
            handlers.put("ConfigRuleFunction", new ConfigRuleHandler(app.configRules()));
            for (Map.Entry<String, RequestStreamHandler> handler : handlers.entrySet()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.getValue().handleRequest(new ByteArrayInputStream(bytes), out,
                        new ControlledContext(handler.getKey(), () -> 300_000));
                answers.put(handler.getKey(), Json.mapper().readTree(out.toByteArray()));
            }
            log = captured.lines();
        }
        assertThat(front.requestsByOperation()).as("nothing published").doesNotContainKey("PublishBatch");
        assertThat(log).as("log lines are single, bounded lines").allSatisfy(line -> assertThat(line)
                .hasSizeLessThan(2_000).doesNotContain("\n", "\r", "\u001b"));
        switch (input.expectation()) {
            case "rejected" -> {
                assertThat(answers.values()).allSatisfy(answer -> {
                    assertThat(answer.get("field").asText()).isEqualTo(input.fragment());
                    assertThat(answer.get("error").asText()).startsWith(input.fragment() + ": ").hasSizeLessThan(400);
                });
                assertThat(log).hasSize(3).allSatisfy(line -> assertThat(line)
                        .startsWith("ERROR rejected input: " + input.fragment() + ": "));
            }
            case "ignored" -> {
                assertThat(answers.values()).allSatisfy(answer -> assertThat(answer.has("error")).isFalse());
                assertThat(log).noneMatch(line -> line.startsWith("ERROR"))
                        .anySatisfy(line -> assertThat(line).startsWith("INFO").contains(input.fragment()));
            }
            case "accepted" -> {
                assertThat(answers.get("ScanFunction").get("summary")).isNotNull();
                assertThat(log).noneMatch(line -> line.startsWith("ERROR"))
                        .anySatisfy(line -> assertThat(line).contains(input.fragment()));
            }
            default -> throw new IllegalArgumentException("unknown expectation " + input.expectation());
        }
    }

    private static void snapshot(Case input) {
        Path file = CORPUS.resolve("snapshots").resolve(input.file());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"evaluate", "--snapshot", file.toString()},
                new CliContext(Clock.fixed(NOW, java.time.ZoneOffset.UTC), Map.of()), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --snapshot " + file + ": ").contains(input.fragment())
                .doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).as("one line").hasSize(1);
        assertThat(out.toString()).isEmpty();
    }

    private static void hostile(Case input) throws IOException {
        Path file = CORPUS.resolve("snapshots").resolve(input.file());
        FleetSnapshot snapshot = Json.strict().readValue(file.toFile(), FleetSnapshot.class);
        Evaluator.Evaluation evaluation = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS)
                .evaluate(snapshot, NOW);
        ScanReport report = ScanReport.of("corpus", snapshot.accountId(), snapshot.region(), NOW, 0, 0,
                evaluation.partial(snapshot), evaluation.missingFacts(snapshot), evaluation.reports());
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Duration.ofMinutes(10), Duration.ofDays(30), true));
        List<Alert> sent = new ArrayList<>();
        tracker.deliver(tracker.track(report, true, NOW), alerts -> {
            sent.addAll(alerts);
            return alerts.stream().map(a -> AlertSink.Delivery.accepted(a.alertId(), "m")).toList();
        }, NOW);
        List<AlertMessage> messages = AlertRenderer.messages(sent, 10);

        assertThat(sent).isNotEmpty();
        assertThat(sent.stream().flatMap(a -> a.products().stream()))
                .allSatisfy(p -> assertThat(p).hasSizeLessThan(65));
        for (AlertMessage message : messages) {
            assertThat(message.subject()).hasSizeLessThanOrEqualTo(AlertRenderer.MAX_SUBJECT)
                    .matches("[\\x20-\\x7e]+");
            assertThat(message.sizeBytes()).isLessThanOrEqualTo(AlertRenderer.MAX_MESSAGE_BYTES);
            message.text().lines().forEach(line -> assertThat(clean(line)).as(line).isTrue());
            assertThat(message.text().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(1_000));
            strings(Json.mapper().readTree(message.document()), value -> assertThat(clean(value)).as(value).isTrue());
        }
        if (input.expectation().equals("digest")) {
            assertThat(sent).hasSizeGreaterThan(10);
            assertThat(messages).allSatisfy(m -> assertThat(m.subject()).startsWith("[" + input.fragment() + "]"));
            assertThat(messages.stream().mapToInt(m -> m.alertIds().size()).sum()).isEqualTo(sent.size());
            // No storm: only SNS's size limit splits the digest, so no two neighbouring messages could have been one
            // (which bounds the messages by twice the alerts' bytes over the limit, however large each alert is).
            Map<String, Alert> byId = new LinkedHashMap<>();
            sent.forEach(alert -> byId.put(alert.alertId(), alert));
            for (int i = 0; i + 1 < messages.size(); i++) {
                List<Alert> both = Stream.concat(messages.get(i).alertIds().stream(),
                        messages.get(i + 1).alertIds().stream()).map(byId::get).toList();
                assertThat(AlertRenderer.digest(both).sizeBytes()).as("messages %d and %d as one", i, i + 1)
                        .isGreaterThan(AlertRenderer.MAX_MESSAGE_BYTES);
            }
        } else {
            assertThat(messages).hasSize(sent.size());
            assertThat(String.join("\n", messages.stream().map(AlertMessage::text).toList()))
                    .contains(input.fragment()).contains("<script>");
        }
    }

    /** No control character (line breaks aside, which only the text has) and no format character. */
    private static boolean clean(String text) {
        return text.chars().noneMatch(c -> (Character.isISOControl(c) && c != '\n')
                || Character.getType(c) == Character.FORMAT);
    }

    private static void strings(JsonNode node, java.util.function.Consumer<String> check) {
        if (node.isTextual()) {
            check.accept(node.asText());
        }
        node.forEach(child -> strings(child, check));
    }
}
