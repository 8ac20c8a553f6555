package dev.subsentinel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate --snapshot FILE}: evaluates a captured snapshot offline. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a captured snapshot offline (no AWS calls), with the settings it records (each"
                + " overridden by its environment variable when set).")
final class EvaluateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE",
            description = "A snapshot written by 'snapshot --out' or 'demo --write-snapshot'.")
    private Path snapshot;

    @Mixin
    private OutputOptions output;

    @Mixin
    private InstanceOptions instances;

    EvaluateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> ids = instances.validated();
        OfflineRun run = new OfflineRun(context);
        OfflineRun.Evaluated evaluated = run.snapshot(snapshot, ids);
        run.print(evaluated.report(), evaluated.snapshot(), output, spec.commandLine().getOut());
        return ExitCodes.of(evaluated.report());
    }
}
