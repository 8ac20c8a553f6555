package dev.subsentinel.cli;

import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
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

    /** The default SENTINEL_DIGEST_THRESHOLD. */
    private static final int DIGEST_THRESHOLD = 10;

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
        if (format == OutputFormat.table) {
            printAlertPreview(report, snapshot.capturedAt(), spec.commandLine().getOut());
        }
        return ExitCodes.of(report);
    }

    /**
     * The alerts a first run over this fleet would send: tracking previewed against an empty in-memory store, so
     * every failing instance is NEW. Their subjects, then the one with the most evidence as e-mail subscribers read
     * it.
     */
    static void printAlertPreview(ScanReport report, Instant now, PrintWriter out) {
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Tracker.Settings.DEFAULT_CLAIM_LEASE, Tracker.Settings.DEFAULT_RETENTION, true));
        List<Alert> alerts = tracker.preview(report, true, now).alerts();
        out.println();
        out.printf("Alerts a first run would send (%d, SNS topic; more than %d in one run go out as one digest):%n",
                alerts.size(), DIGEST_THRESHOLD);
        for (Alert alert : alerts) {
            out.println("  " + AlertRenderer.subject(alert));
        }
        alerts.stream().max(java.util.Comparator.comparingInt((Alert a) -> AlertRenderer.text(a).length()))
                .ifPresent(richest -> {
                    out.println();
                    out.println("The one with the most evidence, as an e-mail subscriber reads it:");
                    out.println();
                    out.println("Subject: " + AlertRenderer.subject(richest));
                    out.println();
                    out.println(AlertRenderer.text(richest));
                });
        out.flush();
    }
}
