package dev.subsentinel.cli;

import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: evaluates the bundled demo fleet offline; needs no AWS account. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluates a bundled demo fleet offline (one instance per failure kind) and prints the"
                + " report. Needs no AWS account. Exits with 3 because the demo has unhealthy instances. The"
                + " SENTINEL_* evaluation settings apply (the demo's own: minimum agent 3.3.40.0).")
final class DemoCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Mixin
    private InstanceOptions instances;

    @Option(names = "--write-snapshot", paramLabel = "FILE",
            description = "Also write the demo snapshot, with the settings it was evaluated with, to FILE (for"
                    + " 'evaluate --snapshot FILE').")
    private Path writeSnapshot;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> ids = instances.validated();
        if (writeSnapshot != null) {
            OutputFile.check(writeSnapshot, "--write-snapshot");
        }
        OfflineRun run = new OfflineRun(context);
        OfflineRun.Evaluated demo = run.demo(ids);
        FleetSnapshot snapshot = demo.snapshot();
        ScanReport report = demo.report();
        if (writeSnapshot != null) {
            OutputFile.write(writeSnapshot, OfflineRun.json(snapshot), "--write-snapshot");
        }
        PrintWriter out = spec.commandLine().getOut();
        run.print(report, snapshot, output, out);
        if (output.format == OutputFormat.table) {
            printAlertPreview(report, snapshot.capturedAt(), context.config().digestThreshold(),
                    context.layout(output.wide), out);
        }
        return ExitCodes.of(report);
    }

    /**
     * The alerts a first run over this fleet would send: tracking previewed against an empty in-memory store, so
     * every failing instance is NEW. Their subjects, then the one with the most evidence as e-mail subscribers read
     * it, wrapped to the layout's width.
     */
    static void printAlertPreview(ScanReport report, Instant now, int digestThreshold, Layout layout,
            PrintWriter out) {
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Tracker.Settings.DEFAULT_CLAIM_LEASE, Tracker.Settings.DEFAULT_RETENTION, true));
        List<Alert> alerts = tracker.preview(report, true, now).alerts();
        out.println();
        print(out, layout.wrap("", "", String.format("Alerts a first run would send (%d, SNS topic; more than %d in"
                + " one run go out as one digest):", alerts.size(), digestThreshold)));
        for (Alert alert : alerts) {
            print(out, layout.wrap("  ", "      ", AlertRenderer.subject(alert)));
        }
        alerts.stream().max(Comparator.comparingInt((Alert a) -> AlertRenderer.text(a).length()))
                .ifPresent(richest -> {
                    out.println();
                    print(out, layout.wrap("", "", "The one with the most evidence, as an e-mail subscriber reads"
                            + " it:"));
                    out.println();
                    print(out, layout.wrap("Subject: ", "         ", AlertRenderer.subject(richest)));
                    out.println();
                    print(out, layout.wrapText(AlertRenderer.text(richest)));
                });
        out.flush();
    }

    private static void print(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
    }
}
