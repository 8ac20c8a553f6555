package dev.subsentinel.publish;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionDecision;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.check.FleetCauses;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds {@link Alert}s from transition decisions, sanitising and bounding every text that came from AWS. */
public final class AlertFactory {

    /** Longest summary line kept. */
    public static final int MAX_SUMMARY = 200;
    /** Longest evidence line kept. */
    public static final int MAX_EVIDENCE_LINE = 300;
    /** Most evidence lines kept per check (the rest are counted in a last line). */
    public static final int MAX_EVIDENCE_LINES = 12;
    /** Most fix-plan changes an alert carries. */
    static final int MAX_FIX_ACTIONS = 10;
    /** Longest remediation kept. */
    public static final int MAX_REMEDIATION = 500;
    /** Most security-group links per alert. */
    public static final int MAX_GROUP_LINKS = 5;

    private static final Pattern GROUP_ID = Pattern.compile("\\bsg-[0-9a-f]{8,17}\\b");

    private AlertFactory() {
    }

    /**
     * The alert for a decision that calls for one.
     *
     * @param decision   the decision (its transition must alert)
     * @param report     this run's report of the instance; null when the instance is missing from a complete scan
     * @param accountId  the instance's account
     * @param region     the instance's region
     * @param instanceId the instance
     * @param scanId     the run
     * @param alertId    a unique id for the alert
     * @param now        the time of the run
     */
    public static Alert create(TransitionDecision decision, InstanceReport report, String accountId, String region,
            String instanceId, String scanId, String alertId, Instant now) {
        Objects.requireNonNull(decision, "decision");
        if (!decision.alerts()) {
            throw new IllegalArgumentException("no alert for " + decision.transition());
        }
        TransitionState previous = decision.previous();
        TransitionState next = decision.next();
        Transition transition = decision.transition();
        List<CheckResult> failing = List.of();
        List<CheckResult> unknown = List.of();
        List<String> lastKnown = List.of();
        Severity severity;
        Instant since;
        Verdict verdict;
        switch (transition) {
            case NEW, WORSENED, REMINDER -> {
                failing = report.failingChecks().stream().map(c -> clean(c, instanceId)).toList();
                unknown = unknownChecks(report).stream().map(AlertFactory::clean).toList();
                severity = failing.stream().map(CheckResult::severity).min(Enum::compareTo).orElse(Severity.MEDIUM);
                since = next.unhealthySince();
                verdict = report.verdict();
            }
            case RESOLVED -> {
                severity = Severity.INFO;
                since = previous.unhealthySince();
                verdict = Verdict.HEALTHY;
            }
            case TERMINATED -> {
                boolean wasFailing = previous.failing();
                severity = wasFailing ? Severity.CRITICAL : Severity.INFO;
                since = wasFailing ? previous.unhealthySince() : null;
                verdict = previous.verdict();
                lastKnown = wasFailing ? previous.causes().stream().map(c -> Sanitizer.line(c, MAX_SUMMARY)).toList()
                        : List.of();
            }
            default -> throw new IllegalArgumentException("no alert for " + transition);
        }
        List<String> products = (report != null && !report.products().isEmpty() ? report.products()
                : next != null ? next.products() : List.<String>of()).stream()
                .limit(10)
                .map(p -> Sanitizer.line(p, 64))
                .toList();
        Long failingMinutes = since == null ? null : Math.max(0, Duration.between(since, now).toMinutes());
        return new Alert(Alert.SCHEMA, alertId, transition, severity, now, scanId, accountId, region, instanceId,
                products, verdict, previous == null ? null : previous.verdict(), since, failingMinutes,
                Sanitizer.line(decision.reason(), MAX_SUMMARY), failing, unknown, decision.newFailingChecks(),
                decision.resolvedChecks(), lastKnown, links(region, instanceId, failing),
                unknown.isEmpty() ? fleetCauses(transition, failing, previous) : List.of());
    }

    /**
     * The update for Security Hub alone when checks stop failing while the instance still fails (an UNCHANGED
     * decision with resolved checks; no message goes out for it): an alert document with transition UNCHANGED, the
     * checks failing now and the resolved ones, so that their findings can be set PASSED and archived. Never sent to
     * a topic.
     *
     * @param decision the UNCHANGED decision (its resolved checks must not be empty)
     * @param report   this run's report of the instance
     */
    public static Alert checksResolved(TransitionDecision decision, InstanceReport report, String accountId,
            String region, String instanceId, String scanId, String alertId, Instant now) {
        Objects.requireNonNull(report, "report");
        if (decision.transition() != Transition.UNCHANGED || decision.resolvedChecks().isEmpty()) {
            throw new IllegalArgumentException("not a check resolved while failing: " + decision.transition());
        }
        List<CheckResult> failing = report.failingChecks().stream().map(AlertFactory::clean).toList();
        Instant since = decision.next() == null ? null : decision.next().unhealthySince();
        List<String> products = report.products().stream().limit(10).map(p -> Sanitizer.line(p, 64)).toList();
        return new Alert(Alert.SCHEMA, alertId, Transition.UNCHANGED, Severity.INFO, now, scanId, accountId, region,
                instanceId, products, report.verdict(), decision.previous() == null ? null
                        : decision.previous().verdict(), since,
                since == null ? null : Math.max(0, Duration.between(since, now).toMinutes()),
                Sanitizer.line("checks no longer failing: " + decision.resolvedChecks(), MAX_SUMMARY), failing,
                List.of(), List.of(), decision.resolvedChecks(), List.of(), links(region, instanceId, failing));
    }

    /**
     * The fleet-level causes of an alert, when every one of its causes is fleet-level: its failing checks', or for
     * RESOLVED the remembered causes of the incident that ended. Empty when any cause is the instance's own (and,
     * above, when a check of the instance is UNKNOWN: a grouped message could not list it, so the alert goes alone).
     */
    static List<String> fleetCauses(Transition transition, List<CheckResult> failing, TransitionState previous) {
        List<String> causes = new ArrayList<>();
        switch (transition) {
            case NEW, WORSENED, REMINDER -> {
                for (CheckResult check : failing) {
                    if (!FleetCauses.fleetLevel(check)) {
                        return List.of();
                    }
                    causes.add(check.id() + ": " + check.summary());
                }
            }
            case RESOLVED -> {
                for (String remembered : previous == null ? List.<String>of() : previous.causes()) {
                    String line = FleetCauses.causeLine(remembered);
                    if (line == null) {
                        return List.of();
                    }
                    causes.add(Sanitizer.line(line, MAX_SUMMARY));
                }
            }
            default -> {
                return List.of();
            }
        }
        return causes.stream().sorted().toList();
    }

    /** The checks of a report that could not be evaluated (INFO ones aside), worst severity first. */
    public static List<CheckResult> unknownChecks(InstanceReport report) {
        return report.checks().stream()
                .filter(c -> c.status() == Status.UNKNOWN && c.severity() != Severity.INFO)
                .sorted(Comparator.comparing(CheckResult::severity))
                .toList();
    }

    /** Console links: the instance, the security groups the failing checks name, and Fleet Manager. */
    public static Alert.Links links(String region, String instanceId, List<CheckResult> failing) {
        String host = region == null ? "console.aws.amazon.com" : region + ".console.aws.amazon.com";
        String query = region == null ? "" : "?region=" + region;
        Set<String> groups = new LinkedHashSet<>();
        for (CheckResult check : failing) {
            List<String> texts = new ArrayList<>(check.evidence());
            texts.add(0, check.summary());
            for (String text : texts) {
                Matcher matcher = GROUP_ID.matcher(text);
                while (matcher.find() && groups.size() < MAX_GROUP_LINKS) {
                    groups.add(matcher.group());
                }
            }
        }
        List<String> groupLinks = groups.stream()
                .map(id -> "https://" + host + "/ec2/home" + query + "#SecurityGroup:groupId=" + id)
                .toList();
        return new Alert.Links("https://" + host + "/ec2/home" + query + "#InstanceDetails:instanceId=" + instanceId,
                groupLinks,
                "https://" + host + "/systems-manager/fleet-manager/managed-nodes/" + instanceId + "/general" + query);
    }

    /** A copy of a check result with its texts sanitised and bounded. */
    public static CheckResult clean(CheckResult result) {
        return clean(result, "<instance-id>");
    }

    /** {@link #clean(CheckResult)} for the instance's alert (a plan too long for it names the instance). */
    public static CheckResult clean(CheckResult result, String instanceId) {
        List<String> evidence = new ArrayList<>();
        for (String line : result.evidence()) {
            if (evidence.size() == MAX_EVIDENCE_LINES - 1 && result.evidence().size() > MAX_EVIDENCE_LINES) {
                evidence.add("... and " + (result.evidence().size() - evidence.size()) + " more");
                break;
            }
            evidence.add(Sanitizer.line(line, MAX_EVIDENCE_LINE));
        }
        // The fix plan (issue 13) stays: the chat and Security Hub channels show it (FixText).
        return new CheckResult(result.id(), result.status(), result.severity(),
                Sanitizer.line(result.summary(), MAX_SUMMARY), evidence,
                Sanitizer.line(result.remediation(), MAX_REMEDIATION))
                .withFix(bounded(result.fix(), result, instanceId));
    }

    /**
     * A plan with at most {@value #MAX_FIX_ACTIONS} changes (a plan for a whole port table can name dozens): the rest
     * are named by the step that prints the whole plan, so an alert stays well inside the SNS message size.
     */
    static FixPlan bounded(FixPlan plan, CheckResult result, String instanceId) {
        if (plan == null || plan.actions().size() <= MAX_FIX_ACTIONS) {
            return plan;
        }
        List<String> steps = new ArrayList<>(plan.manualSteps());
        steps.add((plan.actions().size() - MAX_FIX_ACTIONS) + " more change(s) of this plan are not in the alert: "
                + "bin/sentinel fix --instance-id " + instanceId + " --check " + result.id()
                + " prints the whole plan");
        return new FixPlan(plan.actions().subList(0, MAX_FIX_ACTIONS), steps);
    }
}
