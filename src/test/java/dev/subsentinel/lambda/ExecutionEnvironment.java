package dev.subsentinel.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment of a function: a {@link RuntimeApiEmulator} and a separate JVM running the Java
 * runtime interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) as the java21
 * managed runtime starts it, serving any number of invocations until closed.
 *
 * <p>The JVM: working directory and {@code LAMBDA_TASK_ROOT} = the function's {@code sam build} folder (the client
 * builds the function's class loader from the working directory and its {@code lib/*.jar}); class path = the
 * runtime's own jars only ({@link SamBuildLayout#runtimeClassPath()}); the options of the managed runtime's
 * command line ({@link #jvmOptions}); an environment that holds only what Lambda gives a function
 * ({@link #environment}), plus what the caller adds for local use (e.g. {@code AWS_ENDPOINT_URL}).
 */
public final class ExecutionEnvironment implements AutoCloseable {

    /** The client's entry point, as in the managed runtime's command line. */
    public static final String ENTRY_POINT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /**
     * What to start.
     *
     * @param function    the function (handler, memory, timeout, log group)
     * @param taskRoot    its {@code sam build} folder
     * @param functionEnv its environment variables from the template (resolved)
     * @param localEnv    what the caller adds: region, credentials, endpoint override
     * @param snapStart   whether to initialise as a SnapStart version
     *                    ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: the client runs the registered
     *                    {@code beforeCheckpoint} hooks, asks for {@code /restore/next}, runs {@code afterRestore},
     *                    then serves)
     * @param logs        where the function's standard output and error go (besides {@link #logs()})
     */
    public record Spec(CfnTemplate.Function function, Path taskRoot, Map<String, String> functionEnv,
            Map<String, String> localEnv, boolean snapStart, OutputStream logs) {

        public Spec {
            Objects.requireNonNull(function, "function");
            functionEnv = Map.copyOf(functionEnv);
            localEnv = Map.copyOf(localEnv);
            logs = logs == null ? OutputStream.nullOutputStream() : logs;
        }
    }

    /**
     * How the init phase ended.
     *
     * @param ready     whether the runtime asked for its first invocation
     * @param error     the init (or restore) error it reported, or null
     * @param exitCode  the JVM's exit code when it ended during init, or null
     * @param duration  from the JVM's start to the first {@code /invocation/next} (Lambda's Init Duration), or to the
     *                  error or exit
     * @param primed    for SnapStart: from the JVM's start to {@code /restore/next} (init and the checkpoint hooks),
     *                  else null
     */
    public record Init(boolean ready, RuntimeApiEmulator.InitError error, Integer exitCode, Duration duration,
            Duration primed) {
    }

    private final Spec spec;
    private final RuntimeApiEmulator api;
    private final Process process;
    private final long startedAt;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Thread pump;
    private final Thread reaper;

    private ExecutionEnvironment(Spec spec, RuntimeApiEmulator api, Process process, long startedAt) {
        this.spec = spec;
        this.api = api;
        this.process = process;
        this.startedAt = startedAt;
        // A launcher that is killed must not leave its runtime JVM waiting for an invocation.
        this.reaper = new Thread(process::destroyForcibly, "runtime-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        this.pump = new Thread(() -> pump(process.getInputStream()), "runtime-logs");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the emulator and the runtime JVM. */
    public static ExecutionEnvironment start(Spec spec) throws IOException {
        RuntimeApiEmulator api = RuntimeApiEmulator.start();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(spec.function().memoryMb()));
        if (Runtime.version().feature() >= 24) {
            // JDK 24+ warns when a library loads native code (the client's JNI library); java21 does not.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-classpath");
        command.add(SamBuildLayout.runtimeClassPath());
        command.add(ENTRY_POINT);
        command.add(spec.function().handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.taskRoot().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(spec, api.address()));
        long started = System.nanoTime();
        try {
            return new ExecutionEnvironment(spec, api, builder.start(), started);
        } catch (IOException e) {
            api.close();
            throw e;
        }
    }

    /**
     * The JVM options of the managed runtime's command line, as captured from {@code /proc/self/cmdline} inside
     * Lambda (java:17.v14, the same bootstrap for java21): the heap limit from the memory size
     * ({@link #maxHeapKb}), the serial collector, tiered compilation stopped at C1, {@code java.io} opened, the
     * {@code org.crac} compatibility layer pointed at the client's CRaC implementation. Not reproduced: the runtime's
     * own CDS archive ({@code -Xshare:on -XX:SharedArchiveFile=/var/lang/lib/server/runtime.jsa}; the JDK's default
     * archive is used) and the Log4Shell hot-patch agent.
     */
    public static List<String> jvmOptions(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + maxHeapKb(memoryMb) + "k", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr");
    }

    /**
     * The managed runtime's heap limit for a memory size: 85 % of it, or all but 240 MB when that is more (1024 MB:
     * 891289k; 2045 MB: 1848320k; 4093 MB: 3945472k; 10238 MB: 10237952k, the values captured in Lambda).
     */
    public static long maxHeapKb(int memoryMb) {
        return Math.max(memoryMb * 1024L * 85 / 100, (memoryMb - 240) * 1024L);
    }

    /**
     * The environment Lambda gives the function: its own variables, then the reserved ones (which a function cannot
     * override), then the local additions.
     */
    static Map<String, String> environment(Spec spec, String runtimeApi) {
        CfnTemplate.Function function = spec.function();
        Map<String, String> env = new TreeMap<>(spec.functionEnv());
        String version = spec.snapStart() ? "1" : "$LATEST";
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy/MM/dd")) + "/[" + version + "]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("LAMBDA_TASK_ROOT", spec.taskRoot().toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", SamBuildLayout.RUNTIME.toAbsolutePath().toString());
        env.put("_HANDLER", function.handler());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(spec.localEnv());
        if (spec.localEnv().containsKey("AWS_REGION")) {
            env.put("AWS_DEFAULT_REGION", spec.localEnv().get("AWS_REGION"));
        }
        return env;
    }

    /** The function's ARN as Lambda passes it in {@code Lambda-Runtime-Invoked-Function-Arn}. */
    public String functionArn() {
        String region = spec.localEnv().getOrDefault("AWS_REGION", "us-east-1");
        return "arn:aws:lambda:" + region + ":" + CfnTemplate.LOCAL_ACCOUNT + ":function:"
                + spec.function().logicalId() + (spec.snapStart() ? ":live" : "");
    }

    /** Waits for the init phase to end: the first {@code /invocation/next}, an init error, or the JVM's exit. */
    public Init awaitInit(Duration timeout) throws InterruptedException, TimeoutException {
        CompletableFuture<Object> any = CompletableFuture.anyOf(api.initDone(), api.initError(), process.onExit());
        try {
            any.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Duration primed = api.restored().isDone() ? Duration.ofNanos(api.restored().join() - startedAt) : null;
        if (api.initDone().isDone()) {
            return new Init(true, null, null, Duration.ofNanos(api.initDone().join() - startedAt), primed);
        }
        if (api.initError().isDone()) {
            // The client exits right after reporting; wait for it so that the exit code is known.
            Integer code = process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : null;
            return new Init(false, api.initError().join(), code, Duration.ofNanos(System.nanoTime() - startedAt),
                    primed);
        }
        return new Init(false, null, process.exitValue(), Duration.ofNanos(System.nanoTime() - startedAt), primed);
    }

    /** Invokes the function with an event and waits for its answer (the function's timeout, at most). */
    public RuntimeApiEmulator.Outcome invoke(byte[] event)
            throws InterruptedException, TimeoutException {
        Duration timeout = Duration.ofSeconds(spec.function().timeoutSeconds());
        CompletableFuture<RuntimeApiEmulator.Outcome> outcome = api.invoke(event, functionArn(), timeout);
        CompletableFuture<Object> any = CompletableFuture.anyOf(outcome, process.onExit());
        try {
            any.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!outcome.isDone()) {
            throw new IllegalStateException("the runtime exited with " + process.exitValue()
                    + " during the invocation; its output:\n" + logs());
        }
        return outcome.join();
    }

    /** The emulator (its request journal). */
    public RuntimeApiEmulator api() {
        return api;
    }

    /** Everything the JVM wrote to standard output and error so far. */
    public String logs() {
        synchronized (logs) {
            return logs.toString(StandardCharsets.UTF_8);
        }
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (logs) {
                    logs.write(buffer, 0, n);
                }
                spec.logs().write(buffer, 0, n);
                spec.logs().flush();
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(reaper);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        pump.join(5_000);
        api.close();
    }
}
