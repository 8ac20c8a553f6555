package dev.subsentinel.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/lambda-local FUNCTION --event FILE}: {@code sam local invoke} without Docker. Lays the function out as
 * {@code sam build} does, starts a Lambda Runtime API emulator on a loopback port and the real Lambda Java runtime
 * interface client in a separate JVM with the function's handler, environment and heap limit from template.yaml,
 * sends it the event, and prints the response (or the error document) on standard output; the function's logs go to
 * standard error with a REPORT line (init and invoke durations).
 *
 * <p>Exit codes, as {@code invoke}'s (following the handler's answer): 0 the function answered and reported no
 * UNHEALTHY instance; 3 its answer reports one ({@code summary.unhealthy > 0}); 2 a usage error, or the function
 * rejected the event ({@code {"error", "field"}}); 1 an init or invocation error, or the runtime failed.
 */
@Command(name = "lambda-local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a function of template.yaml under the real Lambda Java runtime interface client, laid out"
                + " as 'sam build' lays it out (sam local invoke without Docker).")
public final class LocalLambda implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's logical id in template.yaml.")
    private String function;

    @Option(names = {"-e", "--event"}, required = true, paramLabel = "FILE", description = "The event, e.g."
            + " events/scheduled-scan.json.")
    private Path event;

    @Option(names = {"-n", "--env-vars"}, paramLabel = "FILE", description = "Environment values in the 'sam local"
            + " invoke --env-vars' format, e.g. events/local-env.json.")
    private Path envVars;

    @Option(names = "--parameter-overrides", paramLabel = "KEY=VALUE", split = " ",
            description = "Template parameters (default: their defaults).")
    private Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = {"-t", "--template"}, paramLabel = "FILE", description = "Default: ${DEFAULT-VALUE}.")
    private Path template = Path.of("template.yaml");

    @Option(names = "--region", paramLabel = "REGION", description = "Default: $AWS_REGION, else us-east-1.")
    private String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "AWS_ENDPOINT_URL for the function (an"
            + " emulator); default: $AWS_ENDPOINT_URL.")
    private String endpointUrl;

    @Option(names = "--init", paramLabel = "TYPE", description = "on-demand, or snap-start (run the SnapStart"
            + " checkpoint hooks before the invocation, as Lambda does for a published version). Default: snap-start"
            + " for functions with SnapStart, else on-demand.")
    private String initType;

    private final PrintStream out;
    private final PrintStream err;

    LocalLambda(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command; exits with its code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new LocalLambda(out, err));
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setParameterExceptionHandler((e, a) -> {
            err.println("lambda-local: " + e.getMessage());
            return ExitCode.USAGE;
        });
        line.setExecutionExceptionHandler((e, l, r) -> {
            if (e instanceof UsageError) {
                err.println("lambda-local: " + e.getMessage());
                return ExitCode.USAGE;
            }
            err.println("lambda-local: " + e);
            return ExitCode.RUNTIME_ERROR;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws IOException, InterruptedException, TimeoutException {
        CfnTemplate cfn;
        try {
            cfn = CfnTemplate.read(template);
        } catch (NoSuchFileException e) {
            throw new UsageError(template + ": no such file");
        }
        CfnTemplate.Function spec;
        byte[] payload;
        Map<String, String> functionEnv;
        String awsRegion = region != null ? region : System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        try {
            spec = cfn.function(function);
            payload = Files.readAllBytes(event);
            JsonNode file = envVars == null ? null : Json.mapper().readTree(envVars.toFile());
            functionEnv = cfn.environment(function, parameters, CfnTemplate.envVarsFor(file, function), awsRegion);
        } catch (NoSuchFileException e) {
            throw new UsageError(e.getFile() + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        boolean snapStart = initType == null ? spec.snapStart() : switch (initType) {
            case "snap-start" -> true;
            case "on-demand" -> false;
            default -> throw new UsageError("--init must be on-demand or snap-start, was '" + initType + "'");
        };
        Path taskRoot = SamBuildLayout.layOut(function);
        Map<String, String> local = localEnvironment(System.getenv(), awsRegion, endpointUrl);
        try (ExecutionEnvironment environment = ExecutionEnvironment.start(new ExecutionEnvironment.Spec(spec,
                taskRoot, functionEnv, local, snapStart, err))) {
            ExecutionEnvironment.Init init = environment.awaitInit(Duration.ofMinutes(2));
            if (!init.ready()) {
                out.println(init.error() != null ? init.error().document().toString()
                        : "{\"errorMessage\":\"the runtime exited with " + init.exitCode() + " during init\"}");
                err.printf("INIT_REPORT Init Duration: %.2f ms Phase: init Status: error%s%n",
                        millis(init.duration()), init.error() == null ? "" : " Error Type: "
                                + init.error().errorType());
                return ExitCode.RUNTIME_ERROR;
            }
            RuntimeApiEmulator.Outcome outcome = environment.invoke(payload);
            out.println(outcome.text());
            err.printf("REPORT RequestId: %s Duration: %.2f ms Memory Size: %d MB Init Duration: %.2f ms%s%n",
                    outcome.requestId(), millis(outcome.duration()), spec.memoryMb(), millis(init.duration()),
                    init.primed() == null ? "" : String.format(" (SnapStart checkpoint hooks done at %.2f ms)",
                            millis(init.primed())));
            return ExitCode.of(outcome);
        }
    }

    /** What the local run adds to the function's environment: region, credentials, endpoint override. */
    static Map<String, String> localEnvironment(Map<String, String> caller, String region, String endpointUrl) {
        Map<String, String> env = new TreeMap<>();
        env.put("AWS_REGION", region);
        for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
            if (caller.get(name) != null) {
                env.put(name, caller.get(name));
            }
        }
        String endpoint = endpointUrl != null ? endpointUrl : caller.get("AWS_ENDPOINT_URL");
        if (endpoint != null) {
            env.put("AWS_ENDPOINT_URL", endpoint);
        }
        return env;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    /** A bad option, file or template reference: exit 2 with one line. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** The exit codes, as the CLI's {@code invoke}. */
    public static final class ExitCode {
        /** The function answered; no UNHEALTHY instance. */
        public static final int OK = 0;
        /** An init or invocation error, or the runtime failed. */
        public static final int RUNTIME_ERROR = 1;
        /** A usage error, or the function rejected the event. */
        public static final int USAGE = 2;
        /** The answer reports an UNHEALTHY instance. */
        public static final int UNHEALTHY = 3;

        private ExitCode() {
        }

        /** The code of an invocation's outcome, following the handler's answer. */
        public static int of(RuntimeApiEmulator.Outcome outcome) {
            if (outcome.error()) {
                return RUNTIME_ERROR;
            }
            JsonNode answer = outcome.json();
            if (answer.has("error") && answer.has("field")) {
                return USAGE;
            }
            return answer.path("summary").path("unhealthy").asInt(0) > 0 ? UNHEALTHY : OK;
        }
    }
}
