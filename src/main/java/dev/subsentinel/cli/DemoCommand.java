package dev.subsentinel.cli;

import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: evaluates the bundled demo fleet offline; needs no AWS account. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluates a bundled demo fleet offline (one instance per failure kind) and prints the"
                + " report. Needs no AWS account. Exits with 3 because the demo has unhealthy instances.")
final class DemoCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json (only the ScanReport JSON on stdout).")
    private OutputFormat format;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Show only this instance (repeatable).")
    private List<String> instanceIds = List.of();

    @Option(names = "--write-snapshot", paramLabel = "FILE",
            description = "Also write the demo snapshot to FILE (for 'evaluate --snapshot FILE').")
    private Path writeSnapshot;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        FleetSnapshot snapshot = DemoFleet.snapshot(context.clock().instant().truncatedTo(ChronoUnit.SECONDS));
        if (writeSnapshot != null) {
            Files.writeString(writeSnapshot, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(snapshot));
        }
        ScanReport report = new OfflineRun(context).evaluateWith(snapshot, instanceIds, "demo", DemoFleet.SETTINGS);
        OfflineRun.print(report, snapshot, format, spec.commandLine().getOut());
        return ExitCodes.of(report);
    }
}
