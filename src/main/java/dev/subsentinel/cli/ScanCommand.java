package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.Transition;
import dev.subsentinel.track.DeliveryResult;
import dev.subsentinel.track.TrackingResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scan [--dry-run]}: what the scheduled function does, from the command line. Ends with one line on standard
 * error that says what the run did; an alert SNS did not accept makes it exit 1 (tracking keeps it for the next run).
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Collects from AWS, evaluates, tracks and alerts, like the scheduled function. Without a state"
                + " table it tracks nothing; without a topic it sends nothing. Ends with one line on stderr saying"
                + " what it did.")
final class ScanCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private InstanceOptions instances;

    @Mixin
    private OutputOptions output;

    @Option(names = "--dry-run", description = "Publish nothing: preview tracking and print the alerts instead.")
    private boolean dryRun;

    @Option(names = "--topic-arn", paramLabel = "ARN", description = "SNS topic for alerts (default:"
            + " SENTINEL_TOPIC_ARN).")
    private String topicArn;

    @Option(names = "--state-table", paramLabel = "NAME", description = "DynamoDB table for tracking (default:"
            + " SENTINEL_STATE_TABLE).")
    private String stateTable;

    ScanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> ids = instances.validated();
        AppConfig config = context.config();
        if (topicArn != null) {
            if (!topicArn.startsWith("arn:")) {
                throw new UsageException("--topic-arn must be an SNS topic ARN, was '" + topicArn + "'");
            }
            config = config.withTopicArn(topicArn);
        }
        if (stateTable != null) {
            if (stateTable.isBlank()) {
                throw new UsageException("--state-table must name a DynamoDB table, was empty");
            }
            config = config.withStateTable(stateTable);
        }
        if (config.topicArn() != null && config.stateTable() == null) {
            throw new UsageException((topicArn != null ? "--topic-arn" : "SENTINEL_TOPIC_ARN") + " needs a state"
                    + " table (--state-table or SENTINEL_STATE_TABLE): without tracking every run would repeat every"
                    + " alert");
        }
        config = aws.apply(config, context.environment());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintStream alerts = WriterStream.of(output.format == OutputFormat.json ? err : out);
        AppConfig settings = config;
        ScanOutcome outcome = AwsRun.run(context, config, new Application.Io(alerts, false), err, app -> {
            ScanRequest request = ids.isEmpty() ? ScanRequest.fleet("cli", dryRun)
                    : new ScanRequest("cli", Scope.instances(ids), false, dryRun, InScope.check(app, ids));
            return app.scans().scan(request);
        });
        alerts.flush();
        new OfflineRun(context).print(outcome.report(), outcome.snapshot(), output, out);
        err.println(summary(outcome, settings, dryRun));
        DeliveryResult delivery = outcome.delivery();
        if (delivery.failed() > 0) {
            err.println("error: sns:PublishBatch to " + settings.topicArn() + " failed for " + delivery.failed()
                    + " alert(s): " + Errors.oneLine(String.join("; ", delivery.errors())) + "; tracking keeps them"
                    + " for the next run");
            err.flush();
            return ExitCodes.RUNTIME_ERROR;
        }
        err.flush();
        return ExitCodes.of(outcome.report());
    }

    /**
     * What the run did, in one line: instances evaluated, transitions, alerts published / failed / previewed, the
     * topic and table, the API calls and the time.
     */
    static String summary(ScanOutcome outcome, AppConfig config, boolean dryRun) {
        StringBuilder line = new StringBuilder("scan: ");
        int evaluated = outcome.report().summary().evaluated();
        line.append(evaluated).append(evaluated == 1 ? " instance" : " instances").append(" evaluated");
        if (config.stateTable() == null) {
            line.append("; not tracked (no state table)");
        } else {
            Map<String, Long> transitions = outcome.transitions().stream()
                    .map(TrackingResult.InstanceTransition::transition)
                    .filter(t -> t != Transition.UNCHANGED)
                    .collect(Collectors.groupingBy(Transition::name, TreeMap::new, Collectors.counting()));
            long total = transitions.values().stream().mapToLong(Long::longValue).sum();
            line.append(", ").append(total).append(total == 1 ? " transition" : " transitions");
            if (total > 0) {
                line.append(" (").append(transitions.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "))).append(')');
            }
            line.append(dryRun ? " previewed" : "").append(" in table ").append(config.stateTable());
        }
        DeliveryResult delivery = outcome.delivery();
        if (dryRun) {
            line.append("; alerts: ").append(outcome.alerts().size()).append(" previewed (dry run, nothing sent")
                    .append(config.topicArn() != null ? " to " + config.topicArn() : "").append(')');
        } else if (config.topicArn() == null) {
            line.append("; alerts: ").append(outcome.alerts().size()).append(" printed, none sent (no topic)");
        } else {
            line.append("; alerts: ").append(delivery.sent()).append(" published, ").append(delivery.failed())
                    .append(" failed");
            if (delivery.skipped() > 0) {
                line.append(", ").append(delivery.skipped()).append(" left to another run");
            }
            line.append(" to topic ").append(config.topicArn());
        }
        line.append("; ").append(outcome.report().awsApiCalls()).append(" AWS API calls; ")
                .append(String.format(Locale.ROOT, "%.1f s", outcome.report().durationMs() / 1000.0));
        return line.toString();
    }
}
