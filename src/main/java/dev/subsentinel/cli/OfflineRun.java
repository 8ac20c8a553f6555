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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a snapshot without AWS and prints the report: what {@code demo} and {@code evaluate} share. The evaluation
 * time is the snapshot's capture time.
 */
final class OfflineRun {

    private final CliContext context;

    OfflineRun(CliContext context) {
        this.context = context;
    }

    /** The report of the snapshot with the environment's settings, limited to {@code instanceIds} when given. */
    ScanReport evaluate(FleetSnapshot snapshot, List<String> instanceIds, String scanId) {
        AppConfig config = context.config();
        return evaluateWith(snapshot, instanceIds, scanId, config.evaluation());
    }

    /** The report of the snapshot with the given settings, limited to {@code instanceIds} when given. */
    ScanReport evaluateWith(FleetSnapshot snapshot, List<String> instanceIds, String scanId,
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
            Set<String> known = new FleetIndex(snapshot).monitoredInstanceIds();
            for (String id : instanceIds) {
                if (!known.contains(id)) {
                    throw new UsageException("--instance-id " + id + ": not in the snapshot");
                }
            }
            evaluation = evaluator.evaluate(snapshot, instanceIds, asOf);
        }
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        return ScanReport.of(scanId, snapshot.accountId(), snapshot.region(), started, durationMs, 0,
                evaluation.partial(snapshot), evaluation.missingFacts(snapshot), evaluation.reports());
    }

    /** Evaluates, prints in the format, and returns the exit code (3 when an instance is UNHEALTHY). */
    int run(FleetSnapshot snapshot, List<String> instanceIds, String scanId, OutputFormat format, PrintWriter out) {
        ScanReport report = evaluate(snapshot, instanceIds, scanId);
        print(report, snapshot, format, out);
        return ExitCodes.of(report);
    }

    /** Prints a report as a table or as JSON. */
    static void print(ScanReport report, FleetSnapshot snapshot, OutputFormat format, PrintWriter out) {
        if (format == OutputFormat.json) {
            try {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return;
        }
        Map<String, String> names = new HashMap<>();
        for (Ec2Instance instance : snapshot.instances()) {
            if (instance.name() != null) {
                names.put(instance.instanceId(), instance.name());
            }
        }
        new TableRenderer(names).render(report, out);
    }
}
