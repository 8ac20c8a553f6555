package dev.subsentinel.cli;

import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
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
        FleetSnapshot fleet;
        try {
            fleet = SnapshotReader.read(snapshot);
        } catch (UsageException e) {
            throw new UsageException("--snapshot " + e.getMessage());
        }
        OfflineRun run = new OfflineRun(context);
        ScanReport report = run.evaluate(fleet, ids, "evaluate " + snapshot.getFileName(),
                run.settings(fleet.settings()));
        run.print(report, fleet, output, spec.commandLine().getOut());
        return ExitCodes.of(report);
    }
}
