package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.apply.FixApplier;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.demo.DemoFleet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fix --instance-id ID [--check CHECK] [--apply [--yes]]}: the fix plans of an instance's failing checks, and
 * with {@code --apply} the changes made after showing them and asking, then the instance evaluated again. Reads AWS
 * like {@code scan} (without tracking or alerts), or a snapshot or the demo fleet for the plan alone.
 */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = "Prints the fix plan of an instance's failing checks: the exact changes as AWS CLI commands, or"
                + " the documented manual steps. With --apply it makes the changes (after asking; --yes for scripts),"
                + " evaluates the instance again and prints the new verdict. Exit codes as for scan: 0 healthy, 3"
                + " unhealthy (after --apply: the new verdict), 2 usage error, 1 runtime error or a change AWS"
                + " refused.")
final class FixCommand implements Callable<Integer> {

    private final CliContext context;
    private final InputStream stdin;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private OutputOptions output;

    @Option(names = "--instance-id", required = true, paramLabel = "ID", description = "The instance to fix.")
    private String instanceId;

    @Option(names = "--check", paramLabel = "CHECK", description = "Only this check's plan (e.g. ACTIVATION_PATH).")
    private CheckId check;

    @Option(names = "--snapshot", paramLabel = "FILE", description = "Plan from a captured snapshot (no AWS calls;"
            + " not with --apply).")
    private Path snapshot;

    @Option(names = "--demo", description = "Plan from the built-in demo fleet (no AWS calls; not with --apply).")
    private boolean demo;

    @Option(names = "--apply", description = "Make the changes (after showing them and asking), then evaluate the"
            + " instance again.")
    private boolean apply;

    @Option(names = "--yes", description = "With --apply: do not ask (for scripts; without a terminal --apply needs"
            + " it).")
    private boolean yes;

    FixCommand(CliContext context, InputStream stdin) {
        this.context = context;
        this.stdin = stdin;
    }

    /** A report with the snapshot it was evaluated from. */
    private record Evaluated(ScanReport report, FleetSnapshot snapshot) {
    }

    @Override
    public Integer call() {
        if (!InstanceOptions.INSTANCE_ID.matcher(instanceId).matches()) {
            throw new UsageException("--instance-id '" + instanceId + "' is not an instance id (i- and 8 or 17"
                    + " hexadecimal digits, e.g. i-0123456789abcdef0)");
        }
        if (snapshot != null && demo) {
            throw new UsageException("--snapshot and --demo are two inputs: give one");
        }
        if (apply && (snapshot != null || demo)) {
            throw new UsageException("--apply changes the account: it reads AWS, not " + (demo ? "--demo"
                    : "--snapshot"));
        }
        if (yes && !apply) {
            throw new UsageException("--yes only answers the question --apply asks");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (snapshot != null || demo) {
            Evaluated offline = offline();
            print(offline, out);
            return ExitCodes.of(offline.report());
        }
        AppConfig config = aws.apply(context.config().withTopicArn(null).withStateTable(null),
                context.environment());
        Evaluated before = AwsRun.run(context, config, quiet(), err, this::scan);
        List<FixAction> actions = print(before, out);
        if (!apply) {
            return ExitCodes.of(before.report());
        }
        if (actions.isEmpty()) {
            err.println("fix: nothing to apply (no change is planned for " + instanceId + ")");
            err.flush();
            return ExitCodes.of(before.report());
        }
        if (!yes && !context.terminal().stderrTerminal()) {
            throw new UsageException("--apply asks before it changes anything, and there is no terminal to ask on:"
                    + " pass --yes to apply without asking");
        }
        if (!yes && !confirmed(actions.size(), before.report(), err)) {
            err.println("fix: not applied; nothing changed");
            err.flush();
            return ExitCodes.of(before.report());
        }
        List<String> applied = new ArrayList<>();
        Evaluated after = AwsRun.run(context, config, quiet(), err, app -> {
            FixApplier applier = new FixApplier(app.clients().ec2(), app.clients().route53Resolver());
            for (FixAction action : actions) {
                try {
                    applied.add(action.operation() + ": " + applier.apply(action));
                } catch (RuntimeException e) {
                    applied.forEach(line -> out.println("applied " + line));
                    out.flush();
                    throw new CommandFailure(action.operation() + " failed after " + applied.size() + " of "
                            + actions.size() + " change(s) were made: " + Errors.describe(e,
                                    app.clients().apiCalls()) + " (command: " + action.command() + ")");
                }
            }
            return scan(app);
        });
        applied.forEach(line -> out.println("applied " + line));
        printOutcome(before, after, out);
        out.flush();
        return ExitCodes.of(after.report());
    }

    private Application.Io quiet() {
        return new Application.Io(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                false);
    }

    /**
     * The whole fleet, read-only (a dry run: nothing tracked or sent): a plan may draw on the rest of the fleet (the
     * instance profile the other instances use), and the instance is judged as the scheduled scan judges it.
     */
    private Evaluated scan(Application app) {
        var outcome = app.scans().scan(ScanRequest.fleet("cli-fix", true));
        return new Evaluated(outcome.report(), outcome.snapshot());
    }

    private Evaluated offline() {
        OfflineRun run = new OfflineRun(context);
        FleetSnapshot fleet;
        EvaluationSettings settings;
        if (demo) {
            settings = run.settings(DemoFleet.SETTINGS);
            fleet = DemoFleet.snapshot(context.clock().instant().truncatedTo(ChronoUnit.SECONDS)).toBuilder()
                    .settings(settings).build();
        } else {
            try {
                fleet = SnapshotReader.read(snapshot);
            } catch (UsageException e) {
                throw new UsageException("--snapshot " + e.getMessage());
            }
            settings = run.settings(fleet.settings());
        }
        return new Evaluated(run.evaluate(fleet, List.of(instanceId), "fix", settings), fleet);
    }

    /** The instance's report; the scan or snapshot holds exactly the one asked for. */
    private InstanceReport instance(ScanReport report) {
        return report.instances().stream().filter(r -> r.instanceId().equals(instanceId)).findFirst()
                .orElseThrow(() -> new UsageException("--instance-id " + instanceId + ": not in "
                        + (snapshot != null ? "the snapshot" : demo ? "the demo fleet" : "the monitored fleet (EC2"
                                + " does not know it, or it is neither tagged nor listed by LM-US)")));
    }

    /** The checks whose plan is shown: failing or warning ones with a plan, limited to --check. */
    private List<CheckResult> planned(InstanceReport instance) {
        return instance.checks().stream()
                .filter(c -> c.fix() != null && (check == null || c.id() == check))
                .toList();
    }

    /** Prints the plans; returns the changes they name, each once, in order. */
    private List<FixAction> print(Evaluated evaluated, PrintWriter out) {
        InstanceReport instance = instance(evaluated.report());
        List<CheckResult> planned = planned(instance);
        Map<List<Object>, FixAction> actions = new LinkedHashMap<>();
        planned.forEach(c -> c.fix().actions().forEach(a -> actions.putIfAbsent(List.of(a.operation(),
                a.parameters()), a)));
        if (output.format == OutputFormat.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("instanceId", instanceId);
            document.put("verdict", instance.verdict());
            document.put("checks", planned.stream().map(c -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", c.id());
                entry.put("status", c.status());
                entry.put("summary", c.summary());
                entry.put("fix", c.fix());
                return entry;
            }).toList());
            out.println(OfflineRun.json(document));
            out.flush();
            return List.copyOf(actions.values());
        }
        Layout layout = context.layout(output.wide);
        TableRenderer table = new TableRenderer(names(evaluated.snapshot()), layout);
        out.println(instanceId + ": " + instance.verdict());
        if (check != null && instance.check(check) != null && instance.check(check).fix() == null) {
            CheckResult result = instance.check(check);
            out.println("  " + result.id() + " " + result.status() + ": " + (result.status() == Status.PASS
                    || result.status() == Status.SKIPPED ? "nothing to fix" : "no plan can be named from what the"
                            + " Sentinel reads (see its evidence: " + result.summary() + ")"));
        }
        if (planned.isEmpty() && check == null) {
            out.println("  no failing check has a plan");
        }
        for (CheckResult result : planned) {
            out.println();
            table.printPlanned(out, result);
        }
        out.flush();
        return List.copyOf(actions.values());
    }

    private static Map<String, String> names(FleetSnapshot snapshot) {
        Map<String, String> names = new HashMap<>();
        for (Ec2Instance instance : snapshot.instances()) {
            if (instance.name() != null) {
                names.put(instance.instanceId(), instance.name());
            }
        }
        return names;
    }

    private boolean confirmed(int changes, ScanReport report, PrintWriter err) {
        err.print("Apply " + changes + " change" + (changes == 1 ? "" : "s") + " to account " + report.accountId()
                + " in " + report.region() + "? [y/N] ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printOutcome(Evaluated before, Evaluated after, PrintWriter out) {
        InstanceReport was = instance(before.report());
        InstanceReport now = instance(after.report());
        out.println();
        out.println("evaluated again: " + instanceId + " " + was.verdict() + " -> " + now.verdict());
        for (CheckResult result : planned(was)) {
            CheckResult again = now.check(result.id());
            out.println("  " + result.id() + ": " + result.status() + " -> " + (again == null ? "not evaluated"
                    : again.status() + " (" + again.summary() + ")"));
        }
    }
}
