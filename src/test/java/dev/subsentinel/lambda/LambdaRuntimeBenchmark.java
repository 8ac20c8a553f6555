package dev.subsentinel.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code bin/bench lambda}: for each function of template.yaml, the size of its {@code sam build} artifact (folder
 * and zip) and its init duration under the Lambda Java runtime interface client (fresh JVMs, median of
 * {@code ROUNDS}, default 5): on-demand (JVM start, class loading, wiring, to the first {@code /invocation/next}) and,
 * for SnapStart functions, snap-start (the same plus the checkpoint hooks and {@code afterRestore}: what Lambda runs
 * when it publishes a version). No AWS call is made during init; the clients point at an unused loopback port.
 * Then the first handler response: from JVM start (for snap-start, from the snapshot: the afterRestore hooks) to the
 * answer to a first event that the function answers without calling AWS (an EventBridge event no trigger reads, or
 * for the worker an empty SQS batch): start-up, wiring, the Powertools wrappers, parsing and the answer, the same
 * measure for every function. The functions' settings are template.yaml's with env-vars.json's values (the
 * coordinator's targets).
 * Prints a Markdown table.
 */
public final class LambdaRuntimeBenchmark {

    private LambdaRuntimeBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws IOException, InterruptedException, TimeoutException {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "5"));
        CfnTemplate template = CfnTemplate.read(Path.of("template.yaml"));
        System.out.printf("%d fresh runtime JVMs per row; java %s; %d cores visible%n%n", rounds,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| function | memory MB (heap limit) | folder MB | zip MiB | jars in lib/ "
                + "| init on-demand ms (median, min-max) | first response on-demand ms (median) "
                + "| init snap-start ms, checkpoint hooks included (median) "
                + "| first response after restore ms (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        JsonNode envVars = Json.mapper().readTree(Path.of("env-vars.json").toFile());
        for (String id : template.functionIds()) {
            CfnTemplate.Function function = template.function(id);
            Path folder = SamBuildLayout.layOut(id);
            Path zip = SamBuildLayout.zip(folder, SamBuildLayout.BUILD.resolve(id + ".zip"));
            int jars = SamBuildLayout.jars(folder).size();
            Map<String, String> env = template.environment(id, Map.of(), CfnTemplate.envVarsFor(envVars, id),
                    "us-east-1");
            byte[] probe = (id.equals("WorkerFunction") ? EMPTY_BATCH : UNREAD_EVENT).getBytes(
                    StandardCharsets.UTF_8);
            Starts onDemand = inits(function, folder, env, false, rounds, probe);
            String snap = "-";
            String snapResponse = "-";
            if (function.snapStart()) {
                Starts snapStart = inits(function, folder, env, true, rounds, probe);
                snap = String.format("%.0f", median(snapStart.init()));
                snapResponse = String.format("%.0f", median(snapStart.firstResponse()));
            }
            System.out.printf("| %s | %d (%d MB) | %.1f | %.1f | %d | %.0f (%.0f-%.0f) | %.0f | %s | %s |%n", id,
                    function.memoryMb(), ExecutionEnvironment.maxHeapKb(function.memoryMb()) / 1024,
                    SamBuildLayout.size(folder) / 1e6, java.nio.file.Files.size(zip) / 1048576.0, jars,
                    median(onDemand.init()), onDemand.init().get(0), onDemand.init().get(onDemand.init().size() - 1),
                    median(onDemand.firstResponse()), snap, snapResponse);
        }
    }

    /** An EventBridge event no trigger reads: every handler but the worker's answers it without calling AWS. */
    private static final String UNREAD_EVENT = "{\"version\":\"0\","
            + "\"id\":\"00000000-0000-0000-0000-000000000000\",\"detail-type\":\"Benchmark Probe\","
            + "\"source\":\"bench.probe\",\"account\":\"123456789012\","
            + "\"time\":\"2026-12-06T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
    /** An SQS batch of no record: the worker answers it without calling AWS. */
    private static final String EMPTY_BATCH = "{\"Records\":[]}";

    /** Init durations and JVM start (or restore) to the first handler response, each sorted. */
    private record Starts(List<Double> init, List<Double> firstResponse) {
    }

    private static Starts inits(CfnTemplate.Function function, Path folder, Map<String, String> env,
            boolean snapStart, int rounds, byte[] probe) throws IOException, InterruptedException, TimeoutException {
        List<Double> millis = new ArrayList<>();
        List<Double> responses = new ArrayList<>();
        Map<String, String> local = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "benchmark",
                "AWS_SECRET_ACCESS_KEY", "benchmark", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        for (int i = 0; i < rounds; i++) {
            try (ExecutionEnvironment lambda = ExecutionEnvironment.start(new ExecutionEnvironment.Spec(function,
                    folder, env, local, snapStart, null))) {
                ExecutionEnvironment.Init init = lambda.awaitInit(Duration.ofMinutes(2));
                if (!init.ready()) {
                    throw new IllegalStateException(function.logicalId() + " did not initialise: " + init.error()
                            + "\n" + lambda.logs());
                }
                millis.add(init.duration().toNanos() / 1e6);
                long invoked = System.nanoTime();
                RuntimeApiEmulator.Outcome answer = lambda.invoke(probe);
                if (answer.error()) {
                    throw new IllegalStateException(function.logicalId() + " failed the probe: " + answer.text());
                }
                // snap-start: Lambda restores the snapshot instead of starting the JVM; what follows the
                // checkpoint (the afterRestore hooks, to the first /invocation/next) is what it runs again
                Duration before = snapStart ? init.duration().minus(init.primed()) : init.duration();
                responses.add(before.toNanos() / 1e6 + (System.nanoTime() - invoked) / 1e6);
            }
        }
        millis.sort(Double::compare);
        responses.sort(Double::compare);
        return new Starts(millis, responses);
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
