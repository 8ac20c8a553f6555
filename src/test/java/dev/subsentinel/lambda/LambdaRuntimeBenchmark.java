package dev.subsentinel.lambda;

import java.io.IOException;
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
                + "| init on-demand ms (median, min-max) | init snap-start ms, checkpoint hooks included (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String id : template.functionIds()) {
            CfnTemplate.Function function = template.function(id);
            Path folder = SamBuildLayout.layOut(id);
            Path zip = SamBuildLayout.zip(folder, SamBuildLayout.BUILD.resolve(id + ".zip"));
            int jars = SamBuildLayout.jars(folder).size();
            Map<String, String> env = template.environment(id, Map.of(), Map.of(), "us-east-1");
            List<Double> onDemand = inits(function, folder, env, false, rounds);
            String snap = "-";
            if (function.snapStart()) {
                List<Double> snapStart = inits(function, folder, env, true, rounds);
                snap = String.format("%.0f", median(snapStart));
            }
            System.out.printf("| %s | %d (%d MB) | %.1f | %.1f | %d | %.0f (%.0f-%.0f) | %s |%n", id,
                    function.memoryMb(), ExecutionEnvironment.maxHeapKb(function.memoryMb()) / 1024,
                    SamBuildLayout.size(folder) / 1e6, java.nio.file.Files.size(zip) / 1048576.0, jars,
                    median(onDemand), onDemand.get(0), onDemand.get(onDemand.size() - 1), snap);
        }
    }

    private static List<Double> inits(CfnTemplate.Function function, Path folder, Map<String, String> env,
            boolean snapStart, int rounds) throws IOException, InterruptedException, TimeoutException {
        List<Double> millis = new ArrayList<>();
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
            }
        }
        millis.sort(Double::compare);
        return millis;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
