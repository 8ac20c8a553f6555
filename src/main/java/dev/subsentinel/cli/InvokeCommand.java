package dev.subsentinel.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.handler.ChangeHandler;
import dev.subsentinel.handler.ConfigRuleHandler;
import dev.subsentinel.handler.CoordinatorHandler;
import dev.subsentinel.handler.LocalContext;
import dev.subsentinel.handler.ScanHandler;
import dev.subsentinel.handler.WorkerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code invoke FUNCTION --event FILE}: runs a Lambda handler in-process with an event file, like
 * {@code sam local invoke} without Docker. The function reads the same environment variables as in Lambda; what it
 * writes to its standard output in Lambda (its logs and EMF metrics) goes to stderr, and stdout holds only its
 * response, as with {@code sam local invoke}. The exit code
 * follows the response: 2 when the handler rejected the event, 1 when alerts could not be published, 3 when its
 * report has an UNHEALTHY instance; a handler that throws is 1 with the failing API action named.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Runs a function's handler in-process with an event file (like 'sam local invoke' without"
                + " Docker).")
final class InvokeCommand implements Callable<Integer> {

    /** The functions of template.yaml and their handlers. */
    static final Map<String, Function<Application, RequestStreamHandler>> FUNCTIONS = functions();

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Parameters(index = "0", paramLabel = "FUNCTION", completionCandidates = FunctionNames.class,
            description = "The function's logical id in template.yaml: ${COMPLETION-CANDIDATES}.")
    private String function;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "The event, e.g."
            + " events/scheduled-scan.json.")
    private Path event;

    InvokeCommand(CliContext context) {
        this.context = context;
    }

    private static Map<String, Function<Application, RequestStreamHandler>> functions() {
        Map<String, Function<Application, RequestStreamHandler>> functions = new TreeMap<>();
        functions.put("ScanFunction", ScanHandler::new);
        functions.put("ChangeFunction", app -> new ChangeHandler(app.changes()));
        functions.put("ConfigRuleFunction", app -> new ConfigRuleHandler(app.configRules()));
        functions.put("CoordinatorFunction", CoordinatorHandler::new);
        functions.put("WorkerFunction", WorkerHandler::new);
        return functions;
    }

    /** The candidates picocli lists in the help. */
    static final class FunctionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FUNCTIONS.keySet().iterator();
        }
    }

    @Override
    public Integer call() {
        Function<Application, RequestStreamHandler> factory = FUNCTIONS.get(function);
        if (factory == null) {
            throw new UsageException("unknown function '" + function + "'; the template defines "
                    + String.join(", ", FUNCTIONS.keySet()));
        }
        byte[] payload = readEvent();
        AppConfig config = aws.apply(context.config(), context.environment());
        PrintWriter err = spec.commandLine().getErr();
        String response = AwsRun.run(context, config, new Application.Io(System.out, true), err, app -> {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = new ByteArrayInputStream(payload)) {
                factory.apply(app).handleRequest(in, output, new LocalContext(function, Duration.ofMinutes(15), 1024,
                        err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return output.toString(StandardCharsets.UTF_8);
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println(response);
        out.flush();
        return exitCode(response, err);
    }

    private byte[] readEvent() {
        if (!Files.exists(event)) {
            throw new UsageException("--event " + event + ": no such file");
        }
        if (!Files.isRegularFile(event) || !Files.isReadable(event)) {
            throw new UsageException("--event " + event + ": not a readable file");
        }
        try {
            return Files.readAllBytes(event);
        } catch (IOException e) {
            throw new UsageException("--event " + event + ": cannot be read: " + Errors.oneLine(String.valueOf(
                    e.getMessage())));
        }
    }

    /**
     * The exit code the handler's response calls for: 2 when it rejected the event (the field at fault is named),
     * 1 when alerts could not be published, 3 when its report has an UNHEALTHY instance, else 0.
     */
    private int exitCode(String response, PrintWriter err) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(response);
        } catch (IOException e) {
            return ExitCodes.OK;
        }
        if (node == null || !node.isObject()) {
            return ExitCodes.OK;
        }
        if (node.hasNonNull("error")) {
            err.println("error: --event " + event + ": " + Errors.oneLine(node.get("error").asText())
                    + (node.hasNonNull("field") ? " (field " + node.get("field").asText() + ")" : ""));
            err.flush();
            return ExitCodes.USAGE;
        }
        if (node.path("alertsFailed").asInt() > 0) {
            err.println("error: " + node.get("alertsFailed").asInt() + " alert(s) could not be published"
                    + " (sns:PublishBatch); tracking keeps them for the next run");
            err.flush();
            return ExitCodes.RUNTIME_ERROR;
        }
        return node.path("summary").path("unhealthy").asInt() > 0 ? ExitCodes.UNHEALTHY : ExitCodes.OK;
    }
}
