package dev.subsentinel.publish;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert about one instance: the JSON alert document ({@value #SCHEMA}) that {@code sqs}, {@code lambda} and
 * {@code https} subscribers receive, and everything the readable e-mail text is rendered from. Self-contained: it is
 * stored in the tracking table's outbox until SNS accepts it, so a retry on a later run (even after the instance is
 * gone) sends the same alert with the same {@code alertId}, which subscribers can use to drop duplicates. Every text
 * that came from AWS is already sanitised and bounded ({@link AlertFactory}).
 *
 * @param schema           always {@value #SCHEMA}
 * @param alertId          unique per alert, stable across retries
 * @param transition       NEW, WORSENED, REMINDER, RESOLVED or TERMINATED
 * @param severity         the worst severity among the failing checks; INFO for RESOLVED and for an instance that
 *                         was healthy when it disappeared; CRITICAL for one that disappeared while failing
 * @param createdAt        when the run decided the transition
 * @param scanId           the run that decided it
 * @param accountId        the instance's account
 * @param region           the instance's region
 * @param instanceId       the instance
 * @param products         its LM-US products (API values, e.g. OFFICE_PROFESSIONAL_PLUS)
 * @param verdict          the verdict now (for TERMINATED: the last known one)
 * @param previousVerdict  the verdict before (null when the instance was not tracked)
 * @param unhealthySince   when the incident started (for RESOLVED and TERMINATED: the incident that ended); null when
 *                         the instance was not failing
 * @param failingMinutes   how long it has been (or had been) failing at {@code createdAt}; null when not failing
 * @param reason           what decided the transition (for TERMINATED: why the instance counts as gone)
 * @param failingChecks    the failing checks with evidence and remediation, worst first (empty for RESOLVED and
 *                         TERMINATED)
 * @param unknownChecks    the checks that could not be evaluated, worst severity first, each with the reason in its
 *                         evidence (a fact that could not be read, naming the API action): an UNKNOWN CRITICAL check
 *                         may hide a failure as serious as a FAIL (empty for RESOLVED and TERMINATED)
 * @param newFailingChecks checks failing now that were not failing before
 * @param resolvedChecks   checks that were failing and pass now
 * @param lastKnownCauses  for TERMINATED: what was failing when it was last seen, one line per check
 * @param links            console links
 * @param fleetCauses      when every cause of this alert is a fleet-level one (a shared resource: a directory, a
 *                         registration, the service-linked role, the domain controllers' group;
 *                         core.check.FleetCauses),
 *                         those causes, one line per check ("DIRECTORY_HEALTH: directory d-1 (corp) is Impaired"); for
 *                         RESOLVED those of the incident that ended. Empty otherwise. Alerts of one run with the same
 *                         transition and fleet causes go out as one message ({@link FleetAlerts})
 */
public record Alert(
        String schema,
        String alertId,
        Transition transition,
        Severity severity,
        Instant createdAt,
        String scanId,
        String accountId,
        String region,
        String instanceId,
        List<String> products,
        Verdict verdict,
        Verdict previousVerdict,
        Instant unhealthySince,
        Long failingMinutes,
        String reason,
        List<CheckResult> failingChecks,
        List<CheckResult> unknownChecks,
        List<CheckId> newFailingChecks,
        List<CheckId> resolvedChecks,
        List<String> lastKnownCauses,
        Links links,
        List<String> fleetCauses) {

    /** The schema name of the alert document. */
    public static final String SCHEMA = "subscription-sentinel/alert/v3";

    public Alert {
        schema = schema == null ? SCHEMA : schema;
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(verdict, "verdict");
        products = products == null ? List.of() : List.copyOf(products);
        failingChecks = failingChecks == null ? List.of() : List.copyOf(failingChecks);
        unknownChecks = unknownChecks == null ? List.of() : List.copyOf(unknownChecks);
        newFailingChecks = newFailingChecks == null ? List.of() : List.copyOf(newFailingChecks);
        resolvedChecks = resolvedChecks == null ? List.of() : List.copyOf(resolvedChecks);
        lastKnownCauses = lastKnownCauses == null ? List.of() : List.copyOf(lastKnownCauses);
        fleetCauses = fleetCauses == null ? List.of() : List.copyOf(fleetCauses);
    }

    /** An alert without fleet causes. */
    public Alert(String schema, String alertId, Transition transition, Severity severity, Instant createdAt,
            String scanId, String accountId, String region, String instanceId, List<String> products,
            Verdict verdict, Verdict previousVerdict, Instant unhealthySince, Long failingMinutes, String reason,
            List<CheckResult> failingChecks, List<CheckResult> unknownChecks, List<CheckId> newFailingChecks,
            List<CheckId> resolvedChecks, List<String> lastKnownCauses, Links links) {
        this(schema, alertId, transition, severity, createdAt, scanId, accountId, region, instanceId, products,
                verdict, previousVerdict, unhealthySince, failingMinutes, reason, failingChecks, unknownChecks,
                newFailingChecks, resolvedChecks, lastKnownCauses, links, null);
    }

    /**
     * Console links for the instance.
     *
     * @param instance       the instance in the EC2 console
     * @param securityGroups the security groups the failing checks name, in the EC2 console (may be empty)
     * @param fleetManager   the instance in Systems Manager Fleet Manager
     */
    public record Links(String instance, List<String> securityGroups, String fleetManager) {

        public Links {
            securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        }
    }

    /** The ids of the checks that could not be evaluated. */
    public List<CheckId> unknownCheckIds() {
        return unknownChecks.stream().map(CheckResult::id).toList();
    }

    /** The check ids this alert is about: the failing ones, else the resolved ones, else the last known causes'. */
    public List<CheckId> checkIds() {
        if (!failingChecks.isEmpty()) {
            return failingChecks.stream().map(CheckResult::id).toList();
        }
        if (!resolvedChecks.isEmpty()) {
            return resolvedChecks;
        }
        return lastKnownCauses.stream()
                .map(cause -> cause.contains(":") ? cause.substring(0, cause.indexOf(':')) : cause)
                .filter(Alert::isCheckId)
                .map(CheckId::valueOf)
                .toList();
    }

    private static boolean isCheckId(String text) {
        for (CheckId id : CheckId.values()) {
            if (id.name().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
