package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan [--dry-run]}: what the scheduled function does, from the command line. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Collects from AWS, evaluates, tracks and alerts, like the scheduled function. Without a state"
                + " table it tracks nothing; without a topic it sends nothing.")
final class ScanCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Scan only this instance (repeatable).")
    private List<String> instanceIds = List.of();

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json (only the ScanReport JSON on stdout).")
    private OutputFormat format;

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
        AppConfig config = aws.apply(context.config());
        if (topicArn != null) {
            config = config.withTopicArn(topicArn);
        }
        if (stateTable != null) {
            config = config.withStateTable(stateTable);
        }
        PrintStream alerts = WriterStream.of(format == OutputFormat.json ? spec.commandLine().getErr()
                : spec.commandLine().getOut());
        try (Application app = Application.create(config, context.clock(), new Application.Io(alerts, false))) {
            ScanRequest request = instanceIds.isEmpty() ? ScanRequest.fleet("cli", dryRun)
                    : new ScanRequest("cli", Scope.instances(instanceIds), false, dryRun);
            ScanOutcome outcome = app.scans().scan(request);
            alerts.flush();
            OfflineRun.print(outcome.report(), outcome.snapshot(), format, spec.commandLine().getOut());
            return ExitCodes.of(outcome.report());
        }
    }
}
