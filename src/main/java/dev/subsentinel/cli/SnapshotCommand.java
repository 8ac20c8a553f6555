package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.model.FleetSnapshot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snapshot --out FILE}: collects a snapshot from AWS (read-only) for offline evaluation or a support case. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Collects a snapshot from AWS, read-only, and writes it as JSON with the evaluation settings in"
                + " force (for 'evaluate --snapshot').")
final class SnapshotCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private InstanceOptions instances;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the snapshot.")
    private Path out;

    SnapshotCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> ids = instances.validated();
        OutputFile.check(out, "--out");
        AppConfig config = aws.apply(context.config(), context.environment()).withTopicArn(null)
                .withStateTable(null);
        PrintWriter err = spec.commandLine().getErr();
        record Collected(FleetSnapshot snapshot, long calls) {
        }
        Collected collected = AwsRun.run(context, config, new Application.Io(System.err, false), err, app -> {
            long before = app.clients().apiCalls().total();
            FleetSnapshot snapshot = ids.isEmpty() ? app.collector().collect(Scope.fleet())
                    : app.collector().collect(Scope.instances(ids), InScope.check(app, ids));
            return new Collected(snapshot.toBuilder().settings(config.evaluation()).build(),
                    app.clients().apiCalls().total() - before);
        });
        FleetSnapshot snapshot = collected.snapshot();
        OutputFile.write(out, OfflineRun.json(snapshot), "--out");
        err.printf("wrote %s: %d instances, %d VPCs, %d unknown facts (%d AWS API calls)%n", out,
                snapshot.instances().size(), snapshot.vpcs().size(), snapshot.unknownFacts().size(),
                collected.calls());
        err.flush();
        return ExitCodes.OK;
    }
}
