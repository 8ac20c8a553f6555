package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.report.HtmlReport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report --html FILE (--demo | --snapshot FILE | --scan)}: the report of the demo fleet, of a captured
 * snapshot, or of a read-only scan, as one self-contained HTML page. Exits as the command it stands for: 3 when an
 * instance is UNHEALTHY, else 0 (the page is written either way); 2 for a bad option or file, 1 when AWS fails.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the report of the demo fleet (--demo), a snapshot (--snapshot FILE) or a read-only scan"
                + " (--scan: collects and evaluates like 'scan --dry-run'; tracks nothing, sends nothing) as one"
                + " self-contained HTML page: fleet summary, what could not be read, a sortable table of the"
                + " instances, and per failing check its evidence, the paths as hops with the hop that blocks marked,"
                + " and the fix. The page loads nothing from anywhere.")
final class ReportCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--html", required = true, paramLabel = "FILE", description = "Where to write the HTML page.")
    private Path html;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private InstanceOptions instances;

    /** Exactly one source of the report. */
    static final class Source {
        @Option(names = "--demo", required = true, description = "The bundled demo fleet (as 'demo').")
        boolean demo;

        @Option(names = "--snapshot", required = true, paramLabel = "FILE",
                description = "A snapshot written by 'snapshot --out' or 'demo --write-snapshot' (as 'evaluate').")
        Path snapshot;

        @Option(names = "--scan", required = true, description = "Collect from AWS now, read-only (as 'scan"
                + " --dry-run', with --region, --profile, --endpoint-url; a state table, when set, gives the"
                + " failing-since times and is only read).")
        boolean scan;
    }

    ReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<String> ids = instances.validated();
        OutputFile.check(html, "--html");
        if (!source.scan) {
            for (String option : new String[] {aws.region != null ? "--region" : null,
                    aws.profile != null ? "--profile" : null, aws.endpointUrl != null ? "--endpoint-url" : null}) {
                if (option != null) {
                    throw new UsageException(option + " applies only with --scan");
                }
            }
        }
        OfflineRun run = new OfflineRun(context);
        OfflineRun.Evaluated evaluated = source.scan ? scan(ids) : source.demo ? run.demo(ids)
                : run.snapshot(source.snapshot, ids);
        ScanReport report = evaluated.report();
        String page = new HtmlReport(OfflineRun.names(evaluated.snapshot())).render(report);
        OutputFile.write(html, page, "--html");
        PrintWriter err = spec.commandLine().getErr();
        err.printf("wrote %s (%,d bytes): %s%s%n", html, page.getBytes(StandardCharsets.UTF_8).length,
                TableRenderer.summary(report.summary()), report.partial() ? "; PARTIAL: some facts could not be read"
                        : "");
        err.flush();
        return ExitCodes.of(report);
    }

    private OfflineRun.Evaluated scan(List<String> ids) {
        AppConfig config = aws.apply(context.config().withTopicArn(null), context.environment());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        ScanOutcome outcome = AwsRun.run(context, config, new Application.Io(discard, false),
                spec.commandLine().getErr(), app -> {
                    ScanRequest request = ids.isEmpty() ? ScanRequest.fleet("cli", true)
                            : new ScanRequest("cli", Scope.instances(ids), false, true, InScope.check(app, ids));
                    return app.scans().scan(request);
                });
        return new OfflineRun.Evaluated(outcome.snapshot(), outcome.report());
    }
}
