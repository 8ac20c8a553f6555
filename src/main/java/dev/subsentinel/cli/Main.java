package dev.subsentinel.cli;

import dev.subsentinel.config.ConfigException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar target/subscription-sentinel.jar <command>}. Exit codes: 0 no UNHEALTHY
 * instance, 3 at least one UNHEALTHY, 2 usage error, 1 runtime error.
 */
@Command(name = "subscription-sentinel", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps the EC2 instances behind AWS License Manager user-based subscriptions healthy.",
        footer = {"", "Exit codes: 0 no UNHEALTHY instance, 3 at least one UNHEALTHY, 2 usage error, 1 runtime error."})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-cli.xml");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, new CliContext(Clock.systemUTC(), System.getenv()), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given context and streams; returns the exit code. */
    public static int run(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
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
        commandLine.addSubcommand("snapshot", new SnapshotCommand(context));
        commandLine.addSubcommand("invoke", new InvokeCommand(context));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof UsageException || e instanceof ConfigException) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return ExitCodes.RUNTIME_ERROR;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
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
