package dev.subsentinel.report;

import dev.subsentinel.core.Products;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathTrace;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link ScanReport} as one self-contained HTML page, for auditors, support cases and anyone without a terminal:
 * the fleet summary with what could not be read, the account-wide findings, a table of every instance (sorted worst
 * first; its columns sort with a click when JavaScript runs), then for every instance that is not healthy each failing
 * or unknown check with its evidence, the paths it walked drawn as hops with the hop that blocks marked, and the fix.
 *
 * <p>The page loads nothing: the style sheet and the small sorting script are inline, and its Content-Security-Policy
 * allows no other source and only that script (by its hash), so even text that escaped escaping could not run. Every
 * text from the report is escaped ({@link Html}). Without JavaScript the page reads the same, unsorted only by click.
 */
public final class HtmlReport {

    private static final String STYLE = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
            + sha256(SCRIPT) + "'; img-src 'none'; base-uri 'none'; form-action 'none'";

    /** An https address on a documentation site, up to the first character an address does not end with. */
    private static final Pattern DOCUMENTATION = Pattern.compile("https://(?:docs\\.aws\\.amazon\\.com|repost\\.aws"
            + "|learn\\.microsoft\\.com)/[A-Za-z0-9._~/%#=-]*[A-Za-z0-9/_#-]");

    /** Resources named per missing fact; the rest are counted. */
    static final int MAX_RESOURCES = 20;

    private final Map<String, String> names;

    /** A renderer that shows the given instance names (Name tags) next to their ids. */
    public HtmlReport(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The page. */
    public String render(ScanReport report) {
        Html html = new Html(16_384 + report.instances().size() * 4_096);
        html.raw("<!DOCTYPE html>").newline().open("html", "lang", "en").newline().open("head").newline()
                .empty("meta", "charset", "utf-8").newline()
                .empty("meta", "http-equiv", "Content-Security-Policy", "content", POLICY).newline()
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").newline()
                .element("title", "Subscription Sentinel: " + summaryLine(report.summary()) + " - account "
                        + orDash(report.accountId()) + ", " + orDash(report.region())).newline()
                .open("style").raw(STYLE).close("style").newline()
                .close("head").newline().open("body").newline();
        header(html, report);
        html.open("main").newline();
        summary(html, report);
        unknownFacts(html, report);
        fleetFindings(html, report);
        List<InstanceReport> ordered = report.instances().stream()
                .sorted(Comparator.comparingInt(InstanceReport::rank).reversed()
                        .thenComparing(InstanceReport::instanceId))
                .toList();
        table(html, ordered);
        details(html, ordered);
        html.close("main").newline();
        html.open("footer").text("Subscription Sentinel, scan " + report.scanId() + ". Every verdict carries the"
                + " evidence that decided it; a path hop marked BLOCKS is where the traffic stops.").close("footer")
                .newline();
        html.open("script").raw(SCRIPT).close("script").newline();
        html.close("body").newline().close("html").newline();
        return html.toString();
    }

    private static void header(Html html, ScanReport report) {
        html.open("header", "class", "page").open("h1").text("Subscription Sentinel report").close("h1")
                .open("p").text("Account " + orDash(report.accountId()) + ", " + orDash(report.region()) + ", scan "
                        + report.scanId() + " at " + report.startedAt() + " (" + report.durationMs() + " ms, "
                        + report.awsApiCalls() + " AWS API calls)").close("p")
                .close("header").newline();
    }

    private static void summary(Html html, ScanReport report) {
        Summary summary = report.summary();
        html.open("section", "id", "summary", "aria-labelledby", "summary-title")
                .element("h2", "Fleet summary", "id", "summary-title").newline();
        html.open("ul", "class", "cards").newline();
        card(html, "evaluated", summary.evaluated(), summary.evaluated() == 1 ? "instance" : "instances");
        card(html, "unhealthy", summary.unhealthy(), "unhealthy");
        card(html, "at-risk", summary.atRisk(), "at risk");
        card(html, "unknown", summary.unknown(), "unknown");
        card(html, "healthy", summary.healthy(), "healthy");
        card(html, "stopped", summary.stopped(), "stopped (keep their verdict)");
        card(html, "terminated", summary.terminated(), "terminated (no verdict)");
        html.close("ul").newline();
        if (report.partial()) {
            html.open("p", "class", "banner", "id", "partial").open("strong").text("Partial report.").close("strong")
                    .text(report.unknownFacts().isEmpty() ? " The scope could be listed only in part: instances"
                            + " may be missing from this report. Blind is not healthy."
                            : " Some facts could not be read: the checks that need them say UNKNOWN (listed"
                                    + " below). Blind is not healthy.")
                    .close("p").newline();
        }
        html.close("section").newline();
    }

    private static void card(Html html, String kind, int count, String label) {
        html.open("li", "class", kind, "data-count", Integer.toString(count))
                .element("span", Integer.toString(count), "class", "n").text(label).close("li").newline();
    }

    private static void unknownFacts(Html html, ScanReport report) {
        List<MissingFact> facts = MissingFact.worstFirst(report.unknownFacts());
        if (facts.isEmpty()) {
            return;
        }
        html.open("section", "id", "unknown-facts", "aria-labelledby", "unknown-title")
                .element("h2", "Not read (" + facts.size() + "): the checks that need these facts say UNKNOWN", "id",
                        "unknown-title").newline();
        html.open("table", "class", "facts").open("thead").open("tr");
        for (String heading : List.of("Fact", "Resources", "API action", "Error", "Instances affected", "Reason")) {
            html.element("th", heading, "scope", "col");
        }
        html.close("tr").close("thead").newline().open("tbody").newline();
        for (MissingFact fact : facts) {
            html.open("tr").element("td", fact.fact().name())
                    .element("td", resources(fact.resources()))
                    .element("td", orDash(fact.action())).element("td", orDash(fact.errorCode()))
                    .element("td", Integer.toString(fact.instances())).element("td", fact.message())
                    .close("tr").newline();
        }
        html.close("tbody").close("table").close("section").newline();
    }

    /** "(all)", or the resources: the first {@value #MAX_RESOURCES} named, the rest counted. */
    static String resources(List<String> resources) {
        if (resources.equals(List.of("*"))) {
            return "(all)";
        }
        String named = String.join(", ", resources.subList(0, Math.min(MAX_RESOURCES, resources.size())));
        return resources.size() > MAX_RESOURCES ? named + " and " + (resources.size() - MAX_RESOURCES) + " more"
                : named;
    }

    private static void fleetFindings(Html html, ScanReport report) {
        if (report.fleetFindings().isEmpty()) {
            return;
        }
        html.open("section", "id", "account-wide", "aria-labelledby", "account-title")
                .element("h2", "Account-wide (reported on every instance too)", "id", "account-title").newline();
        for (CheckResult finding : report.fleetFindings()) {
            check(html, finding, null);
        }
        html.close("section").newline();
    }

    /** The instances, one row each; the failing-since column only when tracking gave some instance one. */
    private void table(Html html, List<InstanceReport> ordered) {
        boolean tracked = ordered.stream().anyMatch(i -> i.unhealthySince() != null);
        html.open("section", "id", "fleet", "aria-labelledby", "fleet-title")
                .element("h2", "Instances (" + ordered.size() + ")", "id", "fleet-title").newline()
                .open("div", "id", "filter", "hidden", "").close("div").newline();
        html.open("table", "id", "instances", "class", "sortable").newline()
                .element("caption", "Worst first. With JavaScript, a click on a heading sorts by that column.",
                        "class", "muted")
                .open("thead").open("tr")
                .element("th", "Instance", "scope", "col", "data-type", "text")
                .element("th", "Name", "scope", "col", "data-type", "text")
                .element("th", "Products", "scope", "col", "data-type", "text")
                .element("th", "State", "scope", "col", "data-type", "text")
                .element("th", "Verdict", "scope", "col", "data-type", "number", "aria-sort", "descending")
                .element("th", "Checks behind the verdict", "scope", "col", "data-type", "text");
        if (tracked) {
            html.element("th", "Failing since", "scope", "col", "data-type", "text");
        }
        html.close("tr").close("thead").newline().open("tbody").newline();
        int order = 0;
        for (InstanceReport instance : ordered) {
            String name = names.getOrDefault(instance.instanceId(), "");
            List<String> checks = checkIds(instance);
            html.open("tr", "data-order", Integer.toString(order++), "data-verdict", instance.condition());
            html.open("td", "data-sort", instance.instanceId());
            if (hasDetails(instance)) {
                html.open("a", "href", "#" + anchor(instance.instanceId())).text(instance.instanceId()).close("a");
            } else {
                html.text(instance.instanceId());
            }
            html.close("td")
                    .element("td", name, "data-sort", name)
                    .element("td", products(instance), "data-sort", products(instance))
                    .element("td", orDash(instance.state()), "data-sort", orDash(instance.state()))
                    .open("td", "data-sort", Integer.toString(instance.rank()));
            verdictBadge(html, instance);
            html.close("td")
                    .open("td", "class", "checks", "data-sort", String.join(",", checks));
            if (checks.isEmpty()) {
                html.text("-");
            }
            for (int i = 0; i < checks.size(); i++) {
                html.text(i > 0 ? ", " : "").element("a", checks.get(i), "href", "#" + anchor(instance.instanceId())
                        + "-" + checks.get(i));
            }
            html.close("td");
            if (tracked) {
                String since = instance.unhealthySince() == null ? "" : instance.unhealthySince().toString();
                html.element("td", since.isEmpty() ? "-" : since, "data-sort", since);
            }
            html.close("tr").newline();
        }
        html.close("tbody").close("table").close("section").newline();
    }

    private void details(Html html, List<InstanceReport> ordered) {
        List<InstanceReport> shown = ordered.stream().filter(HtmlReport::hasDetails).toList();
        if (shown.isEmpty()) {
            return;
        }
        html.open("section", "id", "details", "aria-labelledby", "details-title")
                .element("h2", "Failing and unknown checks (" + shown.size() + (shown.size() == 1 ? " instance)"
                        : " instances)"), "id", "details-title").newline();
        for (InstanceReport instance : shown) {
            html.open("section", "class", "instance", "id", anchor(instance.instanceId()),
                    "data-verdict", instance.condition()).newline().open("h3");
            verdictBadge(html, instance);
            html.text(" " + instance.instanceId());
            String name = names.get(instance.instanceId());
            html.open("span", "class", "meta").text((name != null ? " (" + name + ")" : "") + "  " + products(instance)
                    + (instance.unhealthySince() != null ? ", failing since " + instance.unhealthySince() : ""))
                    .close("span").close("h3").newline();
            CheckResult state = instance.check(CheckId.INSTANCE_STATE);
            if (state != null && state.status() == Status.FAIL && instance.stopped()) {
                html.element("p", "Note: " + state.summary() + " (network checks skipped; users stay associated).",
                        "class", "muted").newline();
            }
            for (CheckResult check : instance.checks()) {
                if (check.failing() || check.status() == Status.UNKNOWN) {
                    check(html, check, anchor(instance.instanceId()) + "-" + check.id().name());
                }
            }
            html.close("section").newline();
        }
        html.close("section").newline();
    }

    /** One check: status, severity, summary, evidence, the paths as hops, and the fix; {@code id} may be null. */
    private static void check(Html html, CheckResult check, String id) {
        String status = check.status().name();
        html.open("article", "id", id, "class", "check " + status.toLowerCase(Locale.ROOT), "data-check",
                check.id().name(),
                "data-status", status).newline().open("h4")
                .element("span", status, "class", "status").text(" " + check.id().name() + " ")
                .element("span", check.severity().name(), "class", "severity")
                .text(" " + check.summary()).close("h4").newline();
        if (check.status() == Status.PASS) {
            html.close("article").newline();
            return;
        }
        if (!check.evidence().isEmpty()) {
            html.element("h5", "Evidence").open("ul", "class", "evidence");
            for (String line : check.evidence()) {
                html.element("li", line);
            }
            html.close("ul").newline();
        }
        paths(html, check.paths());
        if (check.status() != Status.UNKNOWN) {
            fix(html, check);
        }
        html.close("article").newline();
    }

    /**
     * The paths that do not pass, drawn as hops (one drawing per set of traces through the same hops); the ones that
     * pass folded under them, one line per set naming the resources they pass.
     */
    private static void paths(Html html, List<PathTrace> traces) {
        if (traces.isEmpty()) {
            return;
        }
        List<List<PathTrace>> open = sameHops(traces.stream().filter(t -> t.outcome() != PathHop.Outcome.PASSES)
                .toList());
        List<List<PathTrace>> passing = sameHops(traces.stream().filter(t -> t.outcome() == PathHop.Outcome.PASSES)
                .toList());
        html.element("h5", open.isEmpty() ? "Paths" : "Paths that do not pass");
        open.forEach(group -> trace(html, group));
        if (!passing.isEmpty()) {
            int count = passing.stream().mapToInt(List::size).sum();
            html.open("details", "class", "passing").element("summary", count + (count == 1 ? " path passes"
                    : " paths pass")).open("ul", "class", "passing-paths");
            for (List<PathTrace> group : passing) {
                html.open("li", "data-paths", Integer.toString(group.size())).text(caption(group) + ": ")
                        .element("span", group.get(0).hops().stream().map(h -> h.resourceId()
                                + (h.direction() != null ? " (" + h.direction() + ")" : ""))
                                .collect(Collectors.joining(" \u2192 ")), "class", "chain")
                        .close("li");
            }
            html.close("ul").close("details").newline();
        }
    }

    /** The flows, source and targets of traces with the same hops. */
    private static String caption(List<PathTrace> group) {
        return String.join(", ", group.stream().map(PathTrace::flow).distinct().toList()) + " from "
                + group.get(0).source() + " to " + String.join("; ", group.stream().map(PathTrace::target).distinct()
                        .toList());
    }

    /**
     * The traces grouped by the hops they pass (from the same source, the same resources deciding the same way; the
     * target aside), in the order of their first trace: a port table to two domain controllers blocked at one group is
     * one drawing.
     */
    static List<List<PathTrace>> sameHops(List<PathTrace> traces) {
        Map<List<Object>, List<PathTrace>> groups = new LinkedHashMap<>();
        for (PathTrace trace : traces) {
            List<Object> key = new ArrayList<>();
            key.add(trace.source());
            key.add(trace.outcome());
            for (PathHop hop : trace.hops()) {
                // The target is named in the caption: traces to two controllers through the same hops are one.
                key.add(List.of(hop.kind(), hop.kind() == PathHop.Kind.TARGET ? "" : hop.resourceId(), hop.outcome(),
                        String.valueOf(hop.direction())));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(trace);
        }
        return List.copyOf(groups.values());
    }

    /**
     * One drawing for traces that do not pass through the same hops: the first one's hops with what each decided and
     * why, and every flow and target it stands for.
     */
    private static void trace(Html html, List<PathTrace> group) {
        PathTrace first = group.get(0);
        String outcome = first.outcome().name();
        html.open("figure", "class", "path " + outcome.toLowerCase(Locale.ROOT), "data-outcome", outcome,
                "data-paths", Integer.toString(group.size()))
                .open("figcaption").text(caption(group) + ": ")
                .element("span", outcome, "class", "outcome-tag " + outcome.toLowerCase(Locale.ROOT));
        if (group.size() > 1) {
            html.text(" (" + group.size() + " paths through the same hops; the details are those of "
                    + first.flow() + " to " + first.target() + ")");
        }
        html.close("figcaption").open("ol", "class", "hops");
        for (PathHop hop : first.hops()) {
            String decided = hop.outcome().name();
            html.open("li", "class", "hop " + decided.toLowerCase(Locale.ROOT), "data-outcome", decided,
                    "data-kind", hop.kind().name())
                    .open("span", "class", "hop-box")
                    .element("span", kindLabel(hop.kind()) + (hop.direction() != null ? ", " + hop.direction() : ""),
                            "class", "kind").text(" ")
                    .element("span", hop.resourceId(), "class", "id").text(" ")
                    .element("span", hop.outcome() == PathHop.Outcome.BLOCKS ? "BLOCKS here" : decided,
                            "class", "outcome");
            if (!hop.detail().isEmpty()) {
                html.text(" ").element("span", hop.detail(), "class", "detail");
            }
            html.close("span").close("li");
        }
        html.close("ol").close("figure").newline();
    }

    private static void fix(Html html, CheckResult check) {
        FixPlan plan = check.fix();
        if (plan != null && !plan.actions().isEmpty()) {
            html.element("h5", "Fix").open("ol", "class", "fix");
            for (FixAction action : plan.actions()) {
                html.open("li").element("code", action.operation(), "class", "operation")
                        .open("pre").element("code", action.command()).close("pre")
                        .element("span", action.why(), "class", "why").close("li");
            }
            html.close("ol").newline();
        }
        if (plan != null && !plan.manualSteps().isEmpty()) {
            html.element("h5", "Manual steps").open("ol", "class", "manual");
            plan.manualSteps().forEach(step -> linked(html.open("li"), step).close("li"));
            html.close("ol").newline();
        }
        if (check.remediation() != null) {
            linked(html.element("h5", plan == null ? "Fix" : "In general").open("p", "class", "remediation"),
                    check.remediation()).close("p").newline();
        }
    }

    /**
     * The text with each documentation address it cites (AWS, re:Post, Microsoft Learn) as a link; any other text,
     * and any other address, stays text.
     */
    static Html linked(Html html, String text) {
        Matcher link = DOCUMENTATION.matcher(text);
        int from = 0;
        while (link.find()) {
            html.text(text.substring(from, link.start())).element("a", link.group(), "href", link.group(), "rel",
                    "noreferrer");
            from = link.end();
        }
        return html.text(text.substring(from));
    }

    private static void verdictBadge(Html html, InstanceReport instance) {
        String condition = instance.condition();
        html.element("span", condition, "class", "verdict " + (instance.gone() ? "terminated"
                : instance.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    /** The checks behind the verdict: the failing ones, or for UNKNOWN the unknown ones. */
    private static List<String> checkIds(InstanceReport instance) {
        List<CheckResult> failing = instance.failingChecks();
        if (failing.isEmpty() && instance.verdict() == Verdict.UNKNOWN && !instance.gone()) {
            failing = instance.checks().stream().filter(c -> c.status() == Status.UNKNOWN).toList();
        }
        return failing.stream().map(c -> c.id().name()).toList();
    }

    private static boolean hasDetails(InstanceReport instance) {
        return instance.checks().stream().anyMatch(c -> c.failing() || c.status() == Status.UNKNOWN);
    }

    /** The fragment id of an instance's section: its id, whitespace never (an attribute value, escaped). */
    static String anchor(String instanceId) {
        return "instance-" + instanceId.replaceAll("\\s", "_");
    }

    private static String products(InstanceReport instance) {
        return instance.products().stream().map(Products::displayName).collect(Collectors.joining(", "));
    }

    private static String kindLabel(PathHop.Kind kind) {
        return switch (kind) {
            case INTERFACE -> "Interface";
            case SECURITY_GROUP -> "Security group";
            case NETWORK_ACL -> "Network ACL";
            case ROUTE_TABLE -> "Route table";
            case PEERING -> "Peering";
            case GATEWAY -> "Gateway";
            case TARGET -> "Target";
        };
    }

    /** "23 instances: 15 unhealthy, 3 at risk, 1 unknown, 4 healthy". */
    static String summaryLine(Summary summary) {
        List<String> parts = new ArrayList<>();
        parts.add(summary.unhealthy() + " unhealthy");
        parts.add(summary.atRisk() + " at risk");
        parts.add(summary.unknown() + " unknown");
        parts.add(summary.healthy() + " healthy");
        if (summary.terminated() > 0) {
            parts.add(summary.terminated() + " terminated");
        }
        return summary.evaluated() + (summary.evaluated() == 1 ? " instance: " : " instances: ")
                + String.join(", ", parts);
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
