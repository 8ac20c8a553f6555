package dev.subsentinel.cli;

import dev.subsentinel.config.ConfigException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The command line: {@code java -jar target/subscription-sentinel.jar <command>}. Exit codes: 0 no UNHEALTHY
 * instance, 3 at least one UNHEALTHY, 2 usage error, 1 runtime error.
 */
@Command(name = "subscription-sentinel", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps the EC2 instances behind AWS License Manager user-based subscriptions healthy.",
        footer = {"", "Exit codes: 0 no UNHEALTHY instance, 3 at least one UNHEALTHY, 2 usage error, 1 runtime error."})
public final class Main implements Runnable {

    /** The levels SENTINEL_LOG_LEVEL (the CLI's) and POWERTOOLS_LOG_LEVEL (invoke's functions) accept: Log4j's. */
    static final List<String> LOG_LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        boolean invoke = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .map("invoke"::equals).orElse(false);
        if (System.getProperty("log4j2.configurationFile") == null) {
            // invoke runs a function as Lambda would: its logs are Lambda's JSON lines.
            System.setProperty("log4j2.configurationFile", invoke ? "log4j2.xml" : "log4j2-cli.xml");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (invoke) {
            // As sam local invoke does: what the function writes to its standard output (its logs and EMF metrics,
            // CloudWatch Logs in Lambda) goes to stderr, and stdout holds only the response, so it can be piped.
            System.setOut(System.err);
        }
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, new CliContext(Clock.systemUTC(), System.getenv(), Terminal.detect()), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given context and streams; returns the exit code. */
    public static int run(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
        for (String variable : List.of("SENTINEL_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL")) {
            String level = context.environment().get(variable);
            if (level != null && !level.isBlank() && !LOG_LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
                // Checked before anything logs: the logging library would print its own stack trace for it.
                err.println("error: " + variable + " must be one of " + String.join(", ", LOG_LEVELS) + ", was '"
                        + level + "'");
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        CommandLine commandLine = commandLine(context);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** The command tree with every subcommand and the error handling of DESIGN section 7. */
    static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand("demo", new DemoCommand(context));
        commandLine.addSubcommand("evaluate", new EvaluateCommand(context));
        commandLine.addSubcommand("scan", new ScanCommand(context));
        commandLine.addSubcommand("fix", new FixCommand(context, System.in));
        commandLine.addSubcommand("snapshot", new SnapshotCommand(context));
        commandLine.addSubcommand("report", new ReportCommand(context));
        commandLine.addSubcommand("invoke", new InvokeCommand(context));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            int code = e instanceof UsageException || e instanceof ConfigException ? ExitCodes.USAGE
                    : ExitCodes.RUNTIME_ERROR;
            err.println("error: " + (e instanceof CommandFailure ? e.getMessage() : Errors.describe(e, null)));
            err.flush();
            return code;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            // picocli starts the messages of argument groups with its own "Error: ".
            err.println("error: " + Errors.oneLine(e.getMessage()).replaceFirst("^Error: ", "") + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest (or "development"). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"subscription-sentinel " + (version != null ? version : "development")};
        }
    }
}
