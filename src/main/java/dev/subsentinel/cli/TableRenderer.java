package dev.subsentinel.cli;

import dev.subsentinel.core.Products;
import dev.subsentinel.core.fix.ShellCommand;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a report for people: a summary, the account-wide findings (checks whose result is the same for every
 * instance, e.g. the service-linked role), what could not be read, an overview table with one row per instance
 * (instance, name, product, verdict with the instance's state, the checks behind the verdict), then for every instance
 * that is not healthy its failing and unknown checks with their evidence and remediation.
 *
 * <p>The output fits the {@link Layout}'s width: the table never wraps (names are shortened, products abbreviated, a
 * long list of checks ends with "+N"), and long evidence wraps with a hanging indent. The wide layout keeps one line
 * per fact with full names. The state vocabulary is {@link Summary}'s: a stopped instance keeps its verdict and says
 * {@code (STOPPED)}, a gone one is {@code TERMINATED} and counted in no verdict.
 */
public final class TableRenderer {

    private static final String GAP = "  ";
    private static final String CHECK_INDENT = "  ";
    private static final String EVIDENCE_INDENT = "          ";

    private static final Map<String, String> SHORT_PRODUCTS = Map.of(
            "OFFICE_PROFESSIONAL_PLUS", "Office",
            "OFFICE_STANDARD", "Office Std",
            "VISUAL_STUDIO_ENTERPRISE", "VS Ent",
            "VISUAL_STUDIO_PROFESSIONAL", "VS Pro",
            "REMOTE_DESKTOP_SERVICES", "RDS SAL");

    private final Map<String, String> names;
    private final Layout layout;

    /** A renderer that shows the given instance names (Name tags) next to their ids, laid out as given. */
    public TableRenderer(Map<String, String> names, Layout layout) {
        this.names = Map.copyOf(names);
        this.layout = layout;
    }

    /** Prints the report. */
    public void render(ScanReport report, PrintWriter out) {
        print(out, layout.wrap("", "  ", String.format("Account %s, %s, scan %s at %s (%d ms, %d AWS API calls)%s",
                report.accountId(), report.region(), report.scanId(), report.startedAt(), report.durationMs(),
                report.awsApiCalls(), report.partial() ? " - PARTIAL: some facts could not be read" : "")));
        print(out, layout.wrap("", "  ", summary(report.summary())));
        if (!report.fleetFindings().isEmpty()) {
            print(out, layout.wrap("", "  ", "Account-wide (reported on every instance too):"));
            report.fleetFindings().forEach(finding -> printCheck(out, finding));
        }
        out.println();
        UnknownFactsBlock.print(report, layout, out);
        List<InstanceReport> ordered = report.instances().stream()
                .sorted(Comparator.comparingInt(InstanceReport::rank).reversed()
                        .thenComparing(InstanceReport::instanceId))
                .toList();
        if (layout.wide()) {
            wideTable(ordered, out);
        } else {
            fittedTable(ordered, out);
        }
        for (InstanceReport instance : ordered) {
            details(instance, out);
        }
        out.flush();
    }

    /** "14 instances: 3 healthy (1 stopped), 1 at risk, 9 unhealthy, 1 unknown, 1 terminated". */
    static String summary(Summary summary) {
        StringBuilder text = new StringBuilder();
        text.append(summary.evaluated()).append(summary.evaluated() == 1 ? " instance: " : " instances: ")
                .append(summary.healthy()).append(" healthy");
        if (summary.stopped() > 0) {
            text.append(" (").append(summary.stopped()).append(" stopped)");
        }
        text.append(", ").append(summary.atRisk()).append(" at risk, ").append(summary.unhealthy())
                .append(" unhealthy, ").append(summary.unknown()).append(" unknown");
        if (summary.terminated() > 0) {
            text.append(", ").append(summary.terminated()).append(" terminated");
        }
        return text.toString();
    }

    /** Today's layout: one line per instance with its full label and product names, however long. */
    private void wideTable(List<InstanceReport> ordered, PrintWriter out) {
        int labelWidth = ordered.stream().mapToInt(r -> label(r.instanceId()).length()).max().orElse(8);
        int productWidth = ordered.stream().mapToInt(r -> products(r).length()).max().orElse(8);
        int verdictWidth = ordered.stream().mapToInt(r -> r.condition().length()).max().orElse(9);
        int[] widths = {Math.max(8, labelWidth), Math.max(8, productWidth), Math.max(9, verdictWidth)};
        out.println(pad("INSTANCE", widths[0]) + GAP + pad("PRODUCTS", widths[1]) + GAP + pad("VERDICT", widths[2])
                + GAP + "CHECKS");
        for (InstanceReport instance : ordered) {
            out.println(pad(label(instance.instanceId()), widths[0]) + GAP + pad(products(instance), widths[1]) + GAP
                    + paint(pad(instance.condition(), widths[2]), instance) + GAP
                    + String.join(", ", checkIds(instance)));
        }
    }

    /**
     * One row per instance within the width: columns shrink in turn (names, then the list of checks, then both
     * further), the product column goes, then the name column; a check list that does not fit ends with "+N".
     */
    private void fittedTable(List<InstanceReport> ordered, PrintWriter out) {
        boolean anyName = ordered.stream().anyMatch(r -> names.containsKey(r.instanceId()));
        int id = max(ordered, r -> r.instanceId(), "INSTANCE");
        int name = anyName ? max(ordered, r -> names.getOrDefault(r.instanceId(), "-"), "NAME") : 0;
        int product = max(ordered, TableRenderer::shortProducts, "PRODUCT");
        int verdict = max(ordered, InstanceReport::condition, "VERDICT");
        int checks = max(ordered, r -> String.join(", ", checkIds(r)), "CHECKS");
        // The check column keeps at least each row's first check whole, with room for "+N".
        int firstCheck = ordered.stream().mapToInt(r -> {
            List<String> ids = checkIds(r);
            return ids.get(0).length() + (ids.size() > 1 ? " +9".length() : 0);
        }).max().orElse(0);
        int[] widths = {id, name, product, verdict, checks};
        shrink(widths, 1, 16);
        shrink(widths, 4, Math.max(16, firstCheck));
        shrink(widths, 1, 10);
        shrink(widths, 4, 12);
        if (overflow(widths) > 0) {
            widths[2] = 0;
        }
        if (overflow(widths) > 0) {
            widths[1] = 0;
        }
        out.println(fitRow(widths, "INSTANCE", "NAME", "PRODUCT", "VERDICT", "CHECKS", null));
        for (InstanceReport instance : ordered) {
            out.println(fitRow(widths, instance.instanceId(), names.getOrDefault(instance.instanceId(), "-"),
                    shortProducts(instance), instance.condition(), checkList(checkIds(instance), widths[4]),
                    instance));
        }
    }

    private String fitRow(int[] widths, String id, String name, String product, String verdict, String checks,
            InstanceReport instance) {
        StringBuilder row = new StringBuilder(pad(id, widths[0]));
        if (widths[1] > 0) {
            row.append(GAP).append(pad(Layout.fit(name, widths[1]), widths[1]));
        }
        if (widths[2] > 0) {
            row.append(GAP).append(pad(Layout.fit(product, widths[2]), widths[2]));
        }
        row.append(GAP);
        int verdictAt = row.length();
        row.append(pad(verdict, widths[3])).append(GAP).append(checks);
        // Narrower than the narrowest table: cut the row rather than let the terminal wrap it.
        String plain = Layout.fit(row.toString().stripTrailing(), layout.width());
        if (instance == null || plain.length() <= verdictAt) {
            return plain;
        }
        int verdictEnd = Math.min(plain.length(), verdictAt + verdict.length());
        return plain.substring(0, verdictAt) + paint(plain.substring(verdictAt, verdictEnd), instance)
                + plain.substring(verdictEnd);
    }

    /** Narrows column {@code index} towards {@code floor} by as much as the table overflows. */
    private void shrink(int[] widths, int index, int floor) {
        int over = overflow(widths);
        if (over > 0 && widths[index] > floor) {
            widths[index] = Math.max(floor, widths[index] - over);
        }
    }

    private int overflow(int[] widths) {
        int total = 0;
        int columns = 0;
        for (int width : widths) {
            if (width > 0) {
                total += width;
                columns++;
            }
        }
        return total + GAP.length() * (columns - 1) - layout.width();
    }

    /** As many check ids as fit in {@code width}, then "+N" for the rest. */
    static String checkList(List<String> ids, int width) {
        String all = String.join(", ", ids);
        if (all.length() <= width || ids.isEmpty()) {
            return all;
        }
        StringBuilder shown = new StringBuilder(ids.get(0));
        int n = 1;
        while (n < ids.size()) {
            String more = " +" + (ids.size() - n - 1);
            if (shown.length() + 2 + ids.get(n).length() + (n + 1 < ids.size() ? more.length() : 0) > width) {
                break;
            }
            shown.append(", ").append(ids.get(n++));
        }
        return n < ids.size() ? shown + " +" + (ids.size() - n) : shown.toString();
    }

    /** The checks behind the verdict: the failing ones, or for UNKNOWN the unknown ones; "-" when none. */
    private static List<String> checkIds(InstanceReport instance) {
        List<CheckResult> failing = instance.failingChecks();
        if (failing.isEmpty() && instance.verdict() == Verdict.UNKNOWN && !instance.gone()) {
            failing = instance.checks().stream().filter(c -> c.status() == Status.UNKNOWN).toList();
        }
        return failing.isEmpty() ? List.of("-") : failing.stream().map(c -> c.id().name()).toList();
    }

    private void details(InstanceReport instance, PrintWriter out) {
        List<CheckResult> shown = instance.checks().stream()
                .filter(c -> c.failing() || c.status() == Status.UNKNOWN)
                .toList();
        if (shown.isEmpty()) {
            return;
        }
        out.println();
        String verdict = instance.condition();
        List<String> head = new ArrayList<>(layout.wrap("", "  ", verdict + "  " + label(instance.instanceId()) + "  "
                + products(instance) + (instance.unhealthySince() != null ? "  (failing since "
                        + instance.unhealthySince() + ")" : "")));
        head.set(0, paint(verdict, instance) + head.get(0).substring(verdict.length()));
        print(out, head);
        String state = stateNote(instance);
        if (state != null) {
            print(out, layout.wrap(CHECK_INDENT, CHECK_INDENT + "  ", state));
        }
        shown.forEach(check -> printCheck(out, check));
    }

    /** A check with its evidence and, when it fails or warns, how to fix it. */
    private void printCheck(PrintWriter out, CheckResult check) {
        String status = String.format("%-7s", check.status());
        List<String> lines = new ArrayList<>(layout.wrap(CHECK_INDENT, EVIDENCE_INDENT, status + " "
                + check.id() + " (" + check.severity() + "): " + check.summary()));
        lines.set(0, CHECK_INDENT + layout.paint(status, colourOf(check.status()))
                + lines.get(0).substring(CHECK_INDENT.length() + status.length()));
        print(out, lines);
        if (check.status() == Status.PASS) {
            return;
        }
        for (String line : check.evidence()) {
            print(out, layout.wrap(EVIDENCE_INDENT + "- ", EVIDENCE_INDENT + "  ", line));
        }
        if (check.status() != Status.UNKNOWN && check.remediation() != null) {
            print(out, layout.wrap(EVIDENCE_INDENT + "fix: ", EVIDENCE_INDENT + "     ", check.remediation()));
        }
        if (check.status() != Status.UNKNOWN && check.fix() != null) {
            printPlan(out, check.fix());
        }
    }

    /** A check's headline, evidence, remediation and plan, as the details of the report show it ({@code fix}). */
    void printPlanned(PrintWriter out, CheckResult check) {
        printCheck(out, check);
    }

    /**
     * A fix plan: each change's why, numbered, with its AWS CLI command under it (laid out to paste and run), then
     * the manual steps.
     */
    private void printPlan(PrintWriter out, FixPlan plan) {
        String indent = EVIDENCE_INDENT + "   ";
        if (!plan.actions().isEmpty()) {
            print(out, layout.wrap(EVIDENCE_INDENT + "plan: ", EVIDENCE_INDENT + "      ", "run in order ("
                    + plan.actions().size() + " change" + (plan.actions().size() == 1 ? "" : "s") + "):"));
            int n = 1;
            for (FixAction action : plan.actions()) {
                print(out, layout.wrap(EVIDENCE_INDENT + n++ + ". ", indent, action.why()));
                print(out, layout.wide() ? List.of(indent + action.command())
                        : ShellCommand.lines(action.command(), indent, indent + "  ", layout.width()));
            }
        }
        for (String step : plan.manualSteps()) {
            print(out, layout.wrap(EVIDENCE_INDENT + "manual: ", EVIDENCE_INDENT + "        ", step));
        }
    }

    private static String stateNote(InstanceReport instance) {
        CheckResult state = instance.check(CheckId.INSTANCE_STATE);
        if (state != null && state.status() == Status.FAIL && instance.stopped()) {
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

    /** Products as the narrow table shows them: "Office", "VS Ent", "VS Pro", "RDS SAL". */
    static String shortProducts(InstanceReport instance) {
        if (instance.products().isEmpty()) {
            return "-";
        }
        return instance.products().stream()
                .map(p -> SHORT_PRODUCTS.getOrDefault(p.toUpperCase(Locale.ROOT), Products.displayName(p)))
                .collect(Collectors.joining("+"));
    }

    private String paint(String text, InstanceReport instance) {
        if (instance.gone()) {
            return layout.paint(text, "2");
        }
        return layout.paint(text, switch (instance.verdict()) {
            case UNHEALTHY -> "1;31";
            case AT_RISK -> "33";
            case UNKNOWN -> "35";
            case HEALTHY -> "32";
        });
    }

    private static String colourOf(Status status) {
        return switch (status) {
            case FAIL -> "31";
            case WARN -> "33";
            case UNKNOWN -> "35";
            case PASS, SKIPPED -> null;
        };
    }

    private static int max(List<InstanceReport> rows, java.util.function.Function<InstanceReport, String> cell,
            String header) {
        int width = header.length();
        for (InstanceReport row : rows) {
            width = Math.max(width, cell.apply(row).length());
        }
        return width;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static void print(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
    }
}
