package dev.subsentinel.cli;

import dev.subsentinel.core.Products;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a report for people: the account-wide findings (checks whose result is the same for every instance, e.g.
 * the service-linked role), an overview table (instance, products, verdict, failing checks), then for every instance
 * that is not healthy its failing checks with their evidence and remediation.
 */
public final class TableRenderer {

    private final Map<String, String> names;

    /** A renderer that shows the given instance names (Name tags) next to their ids. */
    public TableRenderer(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** Prints the report. */
    public void render(ScanReport report, PrintWriter out) {
        Summary summary = report.summary();
        out.printf("Account %s, %s, scan %s at %s (%d ms, %d AWS API calls)%s%n", report.accountId(),
                report.region(), report.scanId(), report.startedAt(), report.durationMs(), report.awsApiCalls(),
                report.partial() ? " - PARTIAL: some facts could not be read" : "");
        out.printf("%d instances: %d healthy, %d at risk, %d unhealthy, %d unknown%n", summary.evaluated(),
                summary.healthy(), summary.atRisk(), summary.unhealthy(), summary.unknown());
        if (!report.fleetFindings().isEmpty()) {
            out.println("Account-wide (reported on every instance too):");
            report.fleetFindings().forEach(finding -> printCheck(out, finding));
        }
        out.println();
        List<InstanceReport> ordered = report.instances().stream()
                .sorted(Comparator.comparingInt((InstanceReport r) -> -r.verdict().rank())
                        .thenComparing(InstanceReport::instanceId))
                .toList();
        int labelWidth = ordered.stream().mapToInt(r -> label(r.instanceId()).length()).max().orElse(8);
        int productWidth = ordered.stream().mapToInt(r -> products(r).length()).max().orElse(8);
        String format = "%-" + Math.max(8, labelWidth) + "s  %-" + Math.max(8, productWidth) + "s  %-9s  %s%n";
        out.printf(format, "INSTANCE", "PRODUCTS", "VERDICT", "FAILING CHECKS");
        for (InstanceReport instance : ordered) {
            out.printf(format, label(instance.instanceId()), products(instance), instance.verdict(),
                    failing(instance));
        }
        for (InstanceReport instance : ordered) {
            List<CheckResult> shown = instance.checks().stream()
                    .filter(c -> c.failing() || c.status() == Status.UNKNOWN)
                    .toList();
            if (shown.isEmpty()) {
                continue;
            }
            out.println();
            out.printf("%s  %s  %s%s%n", instance.verdict(), label(instance.instanceId()), products(instance),
                    instance.unhealthySince() != null ? "  (failing since " + instance.unhealthySince() + ")" : "");
            String state = stateNote(instance);
            if (state != null) {
                out.println("  " + state);
            }
            shown.forEach(check -> printCheck(out, check));
        }
        out.flush();
    }

    /** A check with its evidence and, when it fails or warns, how to fix it. */
    private static void printCheck(PrintWriter out, CheckResult check) {
        out.printf("  %-7s %s (%s): %s%n", check.status(), check.id(), check.severity(), check.summary());
        if (check.status() == Status.PASS) {
            return;
        }
        for (String line : check.evidence()) {
            out.println("          - " + line);
        }
        if (check.status() != Status.UNKNOWN && check.remediation() != null) {
            out.println("          fix: " + check.remediation());
        }
    }

    private static String stateNote(InstanceReport instance) {
        CheckResult state = instance.check(dev.subsentinel.core.report.CheckId.INSTANCE_STATE);
        if (state != null && state.status() == Status.FAIL) {
            return "note: " + state.summary() + " (network checks skipped; users stay associated)";
        }
        return null;
    }

    private String label(String instanceId) {
        String name = names.get(instanceId);
        return name == null ? instanceId : instanceId + " (" + name + ")";
    }

    private static String products(InstanceReport instance) {
        if (instance.products().isEmpty()) {
            return "-";
        }
        return instance.products().stream().map(Products::displayName).collect(Collectors.joining(", "));
    }

    private static String failing(InstanceReport instance) {
        List<CheckResult> failing = instance.failingChecks();
        if (failing.isEmpty()) {
            if (instance.verdict() == Verdict.UNKNOWN) {
                return "(unknown: " + instance.checks().stream().filter(c -> c.status() == Status.UNKNOWN)
                        .map(c -> c.id().name()).collect(Collectors.joining(", ")) + ")";
            }
            return "-";
        }
        return failing.stream().map(c -> c.id().name()).collect(Collectors.joining(", "));
    }
}
