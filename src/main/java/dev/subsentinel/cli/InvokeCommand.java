package dev.subsentinel.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.handler.ChangeHandler;
import dev.subsentinel.handler.ConfigRuleHandler;
import dev.subsentinel.handler.ScanHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * {@code sam local invoke} without Docker. The function reads the same environment variables as in Lambda; its logs
 * and EMF metrics go to standard output as they would to CloudWatch Logs, followed by its response.
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
    public Integer call() throws IOException {
        Function<Application, RequestStreamHandler> factory = FUNCTIONS.get(function);
        if (factory == null) {
            throw new UsageException("unknown function '" + function + "'; the template defines "
                    + String.join(", ", FUNCTIONS.keySet()));
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(event);
        } catch (NoSuchFileException e) {
            throw new UsageException(event + ": no such file");
        }
        AppConfig config = aws.apply(context.config());
        try (Application app = Application.create(config, context.clock(), new Application.Io(System.out, true))) {
            RequestStreamHandler handler = factory.apply(app);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try (InputStream in = new java.io.ByteArrayInputStream(payload)) {
                handler.handleRequest(in, response, new LocalContext(function, Duration.ofMinutes(15), 1024,
                        spec.commandLine().getErr()));
            }
            spec.commandLine().getOut().println(response.toString(StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
