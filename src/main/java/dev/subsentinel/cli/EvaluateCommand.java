package dev.subsentinel.cli;

import dev.subsentinel.core.model.FleetSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate --snapshot FILE}: evaluates a captured snapshot offline. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a captured snapshot offline (no AWS calls).")
final class EvaluateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE",
            description = "A snapshot written by 'snapshot --out' or 'demo --write-snapshot'.")
    private Path snapshot;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json (only the ScanReport JSON on stdout).")
    private OutputFormat format;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Evaluate only this instance (repeatable).")
    private List<String> instanceIds = List.of();

    EvaluateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        FleetSnapshot fleet = SnapshotReader.read(snapshot);
        return new OfflineRun(context).run(fleet, instanceIds, "evaluate " + snapshot.getFileName(), format,
                spec.commandLine().getOut());
    }
}
