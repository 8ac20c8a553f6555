package dev.subsentinel.cli;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.demo.DemoFleet;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a snapshot without AWS and prints the report: what {@code demo} and {@code evaluate} share. The evaluation
 * time is the snapshot's capture time; the settings are the snapshot's, each overridden by its environment variable
 * when that is set.
 */
final class OfflineRun {

    private final CliContext context;

    OfflineRun(CliContext context) {
        this.context = context;
    }

    /**
     * The settings to evaluate with: {@code base} (the snapshot's, or the defaults when it records none), with every
     * setting whose environment variable is set taken from the environment.
     *
     * @throws UsageException naming a variable with a bad value
     */
    EvaluationSettings settings(EvaluationSettings base) {
        AppConfig config = context.config();
        EvaluationSettings from = base != null ? base : EvaluationSettings.DEFAULTS;
        EvaluationSettings environment = config.evaluation();
        return new EvaluationSettings(
                set("SENTINEL_PING_STALE_MINUTES") ? environment.pingStaleMinutes() : from.pingStaleMinutes(),
                set("SENTINEL_MIN_AGENT_VERSION") ? environment.minAgentVersion() : from.minAgentVersion(),
                set("SENTINEL_APPROVED_RDP_SOURCES") ? environment.approvedRdpSources() : from.approvedRdpSources());
    }

    private boolean set(String variable) {
        String value = context.environment().get(variable);
        return value != null && !value.isBlank();
    }

    /**
     * The report of the snapshot with the given settings, limited to {@code instanceIds} when given.
     *
     * @throws UsageException when an id is not in the snapshot
     */
    ScanReport evaluate(FleetSnapshot snapshot, List<String> instanceIds, String scanId,
            EvaluationSettings settings) {
        Instant started = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), settings);
        // Time-dependent facts (the age of the last SSM ping) are judged as of the capture, not of today: a snapshot
        // evaluated a day later must give the verdicts it gave when it was taken.
        Instant asOf = snapshot.capturedAt();
        Evaluator.Evaluation evaluation;
        if (instanceIds.isEmpty()) {
            evaluation = evaluator.evaluate(snapshot, asOf);
        } else {
            InstanceOptions.requireIn(instanceIds, new FleetIndex(snapshot).monitoredInstanceIds(), "the snapshot");
            evaluation = evaluator.evaluate(snapshot, instanceIds, asOf);
        }
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        return ScanReport.of(scanId, snapshot.accountId(), snapshot.region(), started, durationMs, 0,
                evaluation.partial(snapshot), evaluation.missingFacts(snapshot), evaluation.reports());
    }

    /** A snapshot and its report. */
    record Evaluated(FleetSnapshot snapshot, ScanReport report) {
    }

    /**
     * The bundled demo fleet, captured now, evaluated with its settings (each overridden by its environment
     * variable when set), limited to {@code instanceIds} when given.
     */
    Evaluated demo(List<String> instanceIds) {
        EvaluationSettings settings = settings(DemoFleet.SETTINGS);
        FleetSnapshot snapshot = DemoFleet.snapshot(context.clock().instant().truncatedTo(ChronoUnit.SECONDS))
                .toBuilder().settings(settings).build();
        return new Evaluated(snapshot, evaluate(snapshot, instanceIds, "demo", settings));
    }

    /**
     * The snapshot in {@code file} evaluated with the settings it records, limited to {@code instanceIds} when given.
     *
     * @throws UsageException naming {@code --snapshot} and the file when it cannot be read
     */
    Evaluated snapshot(Path file, List<String> instanceIds) {
        FleetSnapshot fleet;
        try {
            fleet = SnapshotReader.read(file);
        } catch (UsageException e) {
            throw new UsageException("--snapshot " + e.getMessage());
        }
        return new Evaluated(fleet, evaluate(fleet, instanceIds, "evaluate " + file.getFileName(),
                settings(fleet.settings())));
    }

    /** The instances' names (Name tags) by instance id. */
    static Map<String, String> names(FleetSnapshot snapshot) {
        Map<String, String> names = new HashMap<>();
        for (Ec2Instance instance : snapshot.instances()) {
            if (instance.name() != null) {
                names.put(instance.instanceId(), instance.name());
            }
        }
        return names;
    }

    /** Prints a report as a table laid out for the terminal, or as JSON. */
    void print(ScanReport report, FleetSnapshot snapshot, OutputOptions output, PrintWriter out) {
        print(report, snapshot, output.format, output.format == OutputFormat.json ? Layout.PLAIN
                : context.layout(output.wide), out);
    }

    /** Prints a report as a table with the layout, or as JSON. */
    static void print(ScanReport report, FleetSnapshot snapshot, OutputFormat format, Layout layout,
            PrintWriter out) {
        if (format == OutputFormat.json) {
            out.println(json(report));
            out.flush();
            return;
        }
        new TableRenderer(names(snapshot), layout).render(report, out);
    }

    /** A value as indented JSON. */
    static String json(Object value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
