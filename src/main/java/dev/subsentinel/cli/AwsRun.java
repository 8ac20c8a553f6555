package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.Sleeper;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.ConfigException;
import dev.subsentinel.config.MultiAccountConfig;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Runs a command's work against AWS: wires the application, shows progress on standard error when it is a terminal,
 * and turns every failure into one line (exit 1 naming the API action that failed; exit 2 for a bad setting). The
 * work returns plain data; the command prints it after the progress line is gone.
 */
final class AwsRun {

    private AwsRun() {
    }

    /**
     * Runs {@code work} with an application wired from {@code config}.
     *
     * @throws UsageException  for a bad setting
     * @throws CommandFailure  for any other failure, in one line
     */
    static <T> T run(CliContext context, AppConfig config, Application.Io io, PrintWriter err,
            Function<Application, T> work) {
        Application app;
        try {
            app = Application.create(config, MultiAccountConfig.fromEnvironment(context.environment(),
                    config.region()), context.clock(), io, Sleeper.system());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        Progress progress = context.terminal().stderrTerminal()
                ? new Progress(err, context.layout(false).width()) : null;
        try (app; progress) {
            if (progress != null) {
                app.clients().apiCalls().listen(progress::call);
            }
            return work.apply(app);
        } catch (UsageException | CommandFailure e) {
            throw e;
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            throw new CommandFailure(Errors.describe(e, app.clients().apiCalls()));
        }
    }
}
