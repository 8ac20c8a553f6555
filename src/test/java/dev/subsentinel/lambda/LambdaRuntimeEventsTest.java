package dev.subsentinel.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.cli.CliContext;
import dev.subsentinel.cli.Main;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.TrackClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every event file through its function under the real Lambda Java runtime interface client, laid out as
 * {@code sam build} lays it out, against moto (with the {@link AwsFront}), and the same events through the in-process
 * {@code invoke}: the answers, the alerts SNS delivered and the tracking table must be the same, so the two paths
 * cannot drift. One runtime JVM per function serves all its events (as one warm execution environment); the change
 * and Config rule functions start as SnapStart versions do: the client runs the registered CRaC
 * {@code beforeCheckpoint} hooks (our priming and Powertools'), asks for {@code /restore/next}, runs
 * {@code afterRestore}, then serves. Before the first event, priming must have made no AWS request and left nothing
 * in the table or on the topic.
 *
 * <p>Normalised, because they legitimately differ between two runs minutes apart on two seedings: the resource ids
 * moto generates (replaced by the fixture's names; an id shortened in an alert subject by a placeholder), timestamps
 * and epoch seconds, UUIDs (alert ids), scan ids and durations; arrays are compared as multisets (their order follows
 * the generated ids). The AWS API calls each answer reports are compared apart: equal on each function's first event,
 * one fewer (STS) at most afterwards.
 */
@ExtendWith(AwsFrontExtension.class)
class LambdaRuntimeEventsTest {

    /** The first event each runtime JVM serves (one per function that gets events here). */
    private static final List<String> FIRST_EVENTS = List.of("ScanFunction manual-invoke.json",
            "ChangeFunction cloudtrail-associate-iam-instance-profile.json",
            "ConfigRuleFunction config-rule-change-triggered.json",
            "WorkerFunction sqs-worker-member-change.json", "CoordinatorFunction scheduled-scan.json");

    /** An event the handlers must reject with the field at fault. */
    private static final String INVALID = "{\"instanceIds\":\"i-0123456789abcdef0\",\"dryRun\":true}";

    /** The event files of each function, in the order they are sent. */
    private static Map<String, List<Path>> eventsByFunction() throws IOException {
        Map<String, List<Path>> byFunction = new LinkedHashMap<>();
        byFunction.put("ScanFunction", new ArrayList<>());
        byFunction.put("ChangeFunction", new ArrayList<>());
        byFunction.put("ConfigRuleFunction", new ArrayList<>());
        byFunction.put("WorkerFunction", new ArrayList<>());
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString();
                String function = name.equals("scheduled-scan.json") || name.equals("manual-invoke.json")
                        ? "ScanFunction" : name.startsWith("config-rule-") ? "ConfigRuleFunction"
                        : name.startsWith("sqs-worker-") ? "WorkerFunction" : "ChangeFunction";
                byFunction.get(function).add(file);
            }
        }
        // the coordinator runs on the scan's schedule: the same event
        byFunction.put("CoordinatorFunction", List.of(Path.of("events", "scheduled-scan.json")));
        return byFunction;
    }

    /** moto seeded with the fleet, a table, a topic delivering to a queue. */
    private static final class World implements AutoCloseable {
        final SeededFleet fleet;
        final String topicArn;
        final String queueUrl;
        final String targetQueueUrl;
        final DynamoDbClient dynamo;
        final SqsClient sqs;
        final SnsClient sns;

        World(MotoServer moto, AwsFront front, Instant now) {
            fleet = SeededFleet.seed(moto, front, now);
            dynamo = TrackClients.dynamo(moto);
            TrackClients.createTable(dynamo);
            sns = TrackClients.sns(moto);
            sqs = TrackClients.sqs(moto);
            topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
            queueUrl = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
            targetQueueUrl = sqs.createQueue(b -> b.queueName("sentinel-targets")).queueUrl();
        }

        /** What the env-vars file gives the functions that track and alert. */
        Map<String, String> envVars(String function) {
            return switch (function) {
                case "ConfigRuleFunction" -> Map.of();
                // one member account in one region: one message to the worker's queue
                case "CoordinatorFunction" -> Map.of("SENTINEL_TARGET_ACCOUNTS", "111122223333",
                        "SENTINEL_TARGET_REGIONS", "us-east-1", "SENTINEL_EXTERNAL_ID", "local-external-id",
                        "SENTINEL_TARGET_QUEUE_URL", targetQueueUrl);
                // the worker reaches the member account of sqs-worker-member-change.json through moto's STS
                case "WorkerFunction" -> Map.of("SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN",
                        topicArn, "SENTINEL_TARGET_QUEUE_URL", targetQueueUrl, "SENTINEL_EXTERNAL_ID",
                        "local-external-id");
                default -> Map.of("SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", topicArn,
                        "SENTINEL_TARGET_QUEUE_URL", targetQueueUrl);
            };
        }

        List<String> tableItems() {
            return dynamo.scan(b -> b.tableName(TrackClients.TABLE)).items().stream()
                    .map(item -> new TreeMap<>(item).toString()).toList();
        }

        List<String> alerts() {
            return TrackClients.drain(sqs, queueUrl).stream().map(notification -> notification.path("Subject")
                    .asText() + " " + notification.path("MessageAttributes")).toList();
        }

        @Override
        public void close() {
            dynamo.close();
            sqs.close();
            sns.close();
        }
    }

    /**
     * What one path produced: the answer to each event (its {@code awsApiCalls} apart), the AWS API calls each answer
     * reported, then the alerts and the table.
     */
    private record Run(Map<String, JsonNode> answers, Map<String, Integer> calls, List<String> alerts,
            List<String> table) {
    }

    @Test
    void everyEventFile_underTheRuntimeClient_answersAsTheInProcessInvoke(MotoServer moto, AwsFront front)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CfnTemplate template = CfnTemplate.read(Path.of("template.yaml"));
        Map<String, List<Path>> events = eventsByFunction();

        Run lambda;
        try (World world = new World(moto, front, now)) {
            lambda = underTheRuntimeClient(template, events, world, front);
        }
        moto.reset();
        front.reset();
        Run inProcess;
        try (World world = new World(moto, front, now)) {
            inProcess = inProcess(template, events, world, front);
        }

        assertThat(lambda.answers().keySet()).containsExactlyElementsOf(inProcess.answers().keySet());
        lambda.answers().forEach((event, answer) ->
                assertThat(answer).as(event).isEqualTo(inProcess.answers().get(event)));
        // A warm execution environment asks STS for the account id once (Application memoizes it); invoke starts a
        // fresh application per event. The first event of each function is a cold start on both paths.
        lambda.calls().forEach((event, calls) -> {
            int fresh = inProcess.calls().get(event);
            if (FIRST_EVENTS.contains(event)) {
                assertThat(calls).as(event).isEqualTo(fresh);
            } else {
                assertThat(calls).as(event).isBetween(fresh - 1, fresh);
            }
        });
        assertThat(lambda.answers().get("ScanFunction scheduled-scan.json").path("alertsSent").asInt()).isPositive();
        assertThat(lambda.answers().get("CoordinatorFunction scheduled-scan.json").get("queued")).hasSize(1);
        assertThat(lambda.answers().get("WorkerFunction sqs-worker-member-change.json").get("batchItemFailures"))
                .isEmpty();
        assertThat(lambda.alerts()).isNotEmpty().containsExactlyInAnyOrderElementsOf(inProcess.alerts());
        assertThat(lambda.table()).isNotEmpty().containsExactlyInAnyOrderElementsOf(inProcess.table());
    }

    private static Run underTheRuntimeClient(CfnTemplate template, Map<String, List<Path>> events, World world,
            AwsFront front) throws IOException, InterruptedException, TimeoutException {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        Map<String, Integer> calls = new LinkedHashMap<>();
        List<String> alerts = new ArrayList<>();
        Map<String, String> local = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing", "AWS_ENDPOINT_URL", front.endpoint().toString());
        for (Map.Entry<String, List<Path>> function : events.entrySet()) {
            String id = function.getKey();
            CfnTemplate.Function spec = template.function(id);
            alerts.addAll(world.alerts());
            List<String> tableBefore = world.tableItems();
            front.resetRequests();
            try (ExecutionEnvironment lambda = ExecutionEnvironment.start(new ExecutionEnvironment.Spec(spec,
                    SamBuildLayout.layOut(id), template.environment(id, Map.of(), world.envVars(id), "us-east-1"),
                    local, spec.snapStart(), null))) {
                ExecutionEnvironment.Init init = lambda.awaitInit(Duration.ofMinutes(2));
                assertThat(init.ready()).as(id + " init:\n" + lambda.logs()).isTrue();
                if (spec.snapStart()) {
                    // The checkpoint hooks ran (the client asks for /restore/next only after them) without a
                    // request to AWS, and left nothing behind.
                    assertThat(init.primed()).as(id).isNotNull();
                    assertThat(lambda.api().requests()).as(id).startsWith("GET /2018-06-01/runtime/restore/next");
                    assertThat(lambda.logs()).as(id).contains("SnapStart priming before the snapshot")
                            .contains("no AWS call was made, nothing was sent");
                    assertThat(front.requestsServed()).as(id + " AWS requests while priming").isZero();
                    assertThat(world.tableItems()).as(id).containsExactlyInAnyOrderElementsOf(tableBefore);
                    assertThat(world.alerts()).as(id).isEmpty();
                }
                for (Path event : function.getValue()) {
                    RuntimeApiEmulator.Outcome outcome = lambda.invoke(Files.readAllBytes(event));
                    assertThat(outcome.error()).as(event + ": " + outcome.text()).isFalse();
                    record(answers, calls, id + " " + event.getFileName(), outcome.json(), world.fleet);
                }
                RuntimeApiEmulator.Outcome invalid = lambda.invoke(INVALID.getBytes(StandardCharsets.UTF_8));
                assertThat(invalid.error()).as(invalid.text()).isFalse();
                assertThat(LocalLambda.ExitCode.of(invalid)).isEqualTo(LocalLambda.ExitCode.USAGE);
                record(answers, calls, id + " invalid", invalid.json(), world.fleet);
            }
        }
        alerts.addAll(world.alerts());
        return new Run(answers, calls, normalise(alerts, world.fleet), normalise(world.tableItems(), world.fleet));
    }

    private static Run inProcess(CfnTemplate template, Map<String, List<Path>> events, World world, AwsFront front)
            throws IOException {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        Map<String, Integer> calls = new LinkedHashMap<>();
        Path invalid = Files.createTempFile("invalid-event", ".json");
        Files.writeString(invalid, INVALID);
        for (Map.Entry<String, List<Path>> function : events.entrySet()) {
            String id = function.getKey();
            Map<String, String> env = new HashMap<>(template.environment(id, Map.of(), world.envVars(id),
                    "us-east-1"));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL", front.endpoint().toString());
            for (Path event : function.getValue()) {
                record(answers, calls, id + " " + event.getFileName(), invoke(env, id, event), world.fleet);
            }
            record(answers, calls, id + " invalid", invoke(env, id, invalid), world.fleet);
        }
        Files.delete(invalid);
        return new Run(answers, calls, normalise(world.alerts(), world.fleet),
                normalise(world.tableItems(), world.fleet));
    }

    private static void record(Map<String, JsonNode> answers, Map<String, Integer> calls, String event,
            JsonNode answer, SeededFleet fleet) {
        calls.put(event, answer.path("awsApiCalls").asInt(0));
        answers.put(event, normalise(answer, fleet));
    }

    /** {@code invoke FUNCTION --event FILE}; its answer is the last line of standard output. */
    private static JsonNode invoke(Map<String, String> env, String function, Path event) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"invoke", function, "--event", event.toString()},
                new CliContext(Clock.systemUTC(), env), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(function + " " + event + ": " + err).isIn(0, 2, 3);
        String[] lines = out.toString().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    private static List<String> normalise(List<String> values, SeededFleet fleet) {
        return values.stream().map(v -> normaliseText(v, fleet)).sorted().toList();
    }

    private static JsonNode normalise(JsonNode node, SeededFleet fleet) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), switch (e.getKey()) {
                case "scanId", "durationMs", "startedAt", "awsApiCalls" ->
                        JsonNodeFactory.instance.textNode("<" + e.getKey() + ">");
                default -> normalise(e.getValue(), fleet);
            }));
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(normalise(item, fleet)));
            items.sort(Comparator.comparing(JsonNode::toString));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            items.forEach(out::add);
            return out;
        }
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(normaliseText(node.asText(), fleet));
        }
        return node;
    }

    private static String normaliseText(String text, SeededFleet fleet) {
        String out = text;
        List<Map.Entry<String, String>> ids = new ArrayList<>(fleet.ids().entrySet());
        ids.sort(Comparator.comparing((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
        for (Map.Entry<String, String> id : ids) {
            // Whole tokens only: moto's address 10.1.1.2 must not rewrite the event file's 10.1.1.25.
            out = out.replaceAll("(?<![\\w.])" + java.util.regex.Pattern.quote(id.getValue()) + "(?!\\w)",
                    java.util.regex.Matcher.quoteReplacement("<" + id.getKey() + ">"));
        }
        // Subjects shorten ids ("vpc-0a1b..."): the shortened moto id has no name to stand for.
        return out.replaceAll("\\b[a-z]+-[0-9a-f]{4,}\\.\\.\\.", "<id>...")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("scan-\\d+", "<scanId>")
                .replaceAll("\\b\\d{10,13}(\\.\\d+)?\\b", "<epoch>")
                .replaceAll("\\d+ min ago", "<n> min ago")
                .replaceAll("\\d+ h \\d+ min", "<n> h <n> min");
    }
}
