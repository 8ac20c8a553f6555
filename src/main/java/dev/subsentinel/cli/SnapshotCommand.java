package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.FleetSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snapshot --out FILE}: collects a snapshot from AWS (read-only) for offline evaluation or a support case. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Collects a snapshot from AWS, read-only, and writes it as JSON (for 'evaluate --snapshot').")
final class SnapshotCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the snapshot.")
    private Path out;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Collect only this instance (repeatable).")
    private List<String> instanceIds = List.of();

    SnapshotCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        AppConfig config = aws.apply(context.config()).withTopicArn(null).withStateTable(null);
        try (Application app = Application.create(config, context.clock(),
                new Application.Io(System.err, false))) {
            long before = app.clients().apiCalls().total();
            FleetSnapshot snapshot = app.collector().collect(instanceIds.isEmpty() ? Scope.fleet()
                    : Scope.instances(instanceIds));
            Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(snapshot));
            spec.commandLine().getErr().printf("wrote %s: %d instances, %d VPCs, %d unknown facts (%d AWS API"
                    + " calls)%n", out, snapshot.instances().size(), snapshot.vpcs().size(),
                    snapshot.unknownFacts().size(), app.clients().apiCalls().total() - before);
            return ExitCodes.OK;
        }
    }
}
