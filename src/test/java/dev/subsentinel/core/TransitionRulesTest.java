package dev.subsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.track.TrackingFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionRulesTest {

    private static final String ID = "i-0aaa1111bbbb2222c";
    private static final Duration SIX_HOURS = Duration.ofHours(6);
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void decide_untrackedAndFailing_new() {
        TransitionDecision decision = decide(null, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)), T0);

        assertThat(decision.transition()).isEqualTo(Transition.NEW);
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
        assertThat(decision.next().failingChecks()).containsExactly(CheckId.SSM_PING);
        assertThat(decision.next().causes()).containsExactly("SSM_PING: SSM_PING failed");
        assertThat(decision.newFailingChecks()).containsExactly(CheckId.SSM_PING);
    }

    @Test
    void decide_untrackedAndHealthy_unchangedAndTracked() {
        TransitionDecision decision = decide(null, false, report(pass(CheckId.SSM_PING)), T0);

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(decision.next().failing()).isFalse();
        assertThat(decision.next().lastEvaluatedAt()).isEqualTo(T0);
    }

    @Test
    void decide_healthyBeforeAndAtRiskNow_new() {
        TransitionState before = decide(null, false, report(pass(CheckId.SSM_AGENT_VERSION)), T0).next();

        TransitionDecision decision = decide(before, false, report(fail(CheckId.SSM_AGENT_VERSION, Severity.LOW)),
                T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.NEW);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.AT_RISK);
    }

    @Test
    void decide_stillFailingWithRecentAlert_unchangedAndKeepsUnhealthySince() {
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = decide(before, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plus(Duration.ofHours(1)));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
        assertThat(decision.next().lastAlertAt()).isEqualTo(T0);
    }

    @Test
    void decide_stillFailingAndLastAlertExactlyTheIntervalOld_reminder() {
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = decide(before, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plus(SIX_HOURS));

        assertThat(decision.transition()).isEqualTo(Transition.REMINDER);
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
    }

    @Test
    void decide_stillFailingAndLastAlertJustUnderTheInterval_unchanged() {
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = decide(before, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plus(SIX_HOURS).minusSeconds(1));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
    }

    @Test
    void decide_stillFailingWithAlertWaiting_noReminder() {
        TransitionState before = newIncident();

        TransitionDecision decision = decide(before, true, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plus(Duration.ofDays(1)));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.reason()).contains("waiting");
    }

    @Test
    void decide_stillFailingNeverAlertedNothingWaiting_reminder() {
        TransitionDecision decision = decide(newIncident(), false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.REMINDER);
    }

    @Test
    void decide_verdictWorse_worsened() {
        TransitionState atRisk = alerted(decide(null, false, report(warn(CheckId.INSTANCE_PROFILE)), T0).next(), T0);

        TransitionDecision decision = decide(atRisk, false, report(warn(CheckId.INSTANCE_PROFILE),
                fail(CheckId.SSM_PING, Severity.CRITICAL)), T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.WORSENED);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
        assertThat(decision.reason()).isEqualTo("verdict AT_RISK -> UNHEALTHY");
    }

    @Test
    void decide_sameVerdictAndANewFailingCheck_worsened() {
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = decide(before, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.VPC_DNS, Severity.CRITICAL)), T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.WORSENED);
        assertThat(decision.newFailingChecks()).containsExactly(CheckId.VPC_DNS);
        assertThat(decision.next().failingChecks()).containsExactly(CheckId.SSM_PING, CheckId.VPC_DNS);
    }

    @Test
    void decide_oneOfTwoChecksRecovers_unchangedAndTheCheckFailingAgainLater_worsened() {
        TransitionState two = alerted(decide(null, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.VPC_DNS, Severity.CRITICAL)), T0).next(), T0);

        TransitionDecision fewer = decide(two, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                pass(CheckId.VPC_DNS)), T0.plusSeconds(300));
        TransitionDecision again = decide(fewer.next(), false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.VPC_DNS, Severity.CRITICAL)), T0.plusSeconds(600));

        assertThat(fewer.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(fewer.resolvedChecks()).containsExactly(CheckId.VPC_DNS);
        assertThat(again.transition()).isEqualTo(Transition.WORSENED);
        assertThat(again.next().unhealthySince()).isEqualTo(T0);
    }

    @Test
    void decide_failingThenHealthyWithEveryCheckEvaluated_resolved() {
        TransitionDecision decision = decide(alerted(newIncident(), T0), false, report(pass(CheckId.SSM_PING),
                pass(CheckId.VPC_DNS)), T0.plus(Duration.ofHours(2)));

        assertThat(decision.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(decision.next().failing()).isFalse();
        assertThat(decision.next().unhealthySince()).isNull();
        assertThat(decision.next().failingChecks()).isEmpty();
        assertThat(decision.resolvedChecks()).containsExactly(CheckId.SSM_PING);
        assertThat(decision.next().lastAlertAt()).isEqualTo(T0);
    }

    @Test
    void decide_failingThenHealthyButTheFailingCheckWasNotRun_unchangedAndIncidentStaysOpen() {
        TransitionDecision decision = decide(alerted(newIncident(), T0), false, report(pass(CheckId.VPC_DNS)),
                T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().failing()).isTrue();
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(decision.next().observedVerdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void decide_failingThenUnknown_unchangedAndIncidentStaysOpen() {
        TransitionDecision decision = decide(alerted(newIncident(), T0), false, report(unknown(CheckId.SSM_PING)),
                T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(decision.next().observedVerdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
    }

    @Test
    void decide_failingThenUnknownThenFailingTheSameWay_notWorsened() {
        TransitionState unknown = decide(alerted(newIncident(), T0), false, report(unknown(CheckId.SSM_PING)),
                T0.plusSeconds(300)).next();

        TransitionDecision decision = decide(unknown, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plusSeconds(600));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
    }

    @Test
    void decide_failingThenHealthyWithAnInfoCheckUnknown_unchanged() {
        CheckResult stateUnknown = new CheckResult(CheckId.INSTANCE_STATE, Status.UNKNOWN, Severity.INFO,
                "instance description unavailable", List.of("DescribeInstances failed: throttled"), null);

        TransitionDecision decision = decide(alerted(newIncident(), T0), false, report(stateUnknown,
                pass(CheckId.SSM_PING)), T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().failing()).isTrue();
    }

    @Test
    void decide_failingThenStoppedWithTheFailingCheckSkipped_resolved() {
        CheckResult stopped = new CheckResult(CheckId.INSTANCE_STATE, Status.FAIL, Severity.INFO, "instance stopped",
                List.of(ID + " is stopped"), null);

        TransitionDecision decision = decide(alerted(newIncident(), T0), false, report(stopped,
                skipped(CheckId.SSM_PING)), T0.plusSeconds(300));

        assertThat(decision.transition()).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void decide_trackedInstanceTerminated_terminatedKeepsWhyAndSince() {
        InstanceReport terminated = TrackingFleet.of(ID).change(ID, i -> i.state("terminated")).evaluate(T0).get(0);
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = decide(before, false, terminated, T0.plus(Duration.ofHours(3)));

        assertThat(decision.transition()).isEqualTo(Transition.TERMINATED);
        assertThat(decision.reason()).isEqualTo("terminated");
        assertThat(decision.next().terminatedAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(decision.next().unhealthySince()).isEqualTo(T0);
        assertThat(decision.next().causes()).containsExactly("SSM_PING: SSM_PING failed");
        assertThat(decision.next().failing()).isFalse();
    }

    @Test
    void decide_untrackedInstanceTerminated_unchangedAndNothingStored() {
        InstanceReport terminated = TrackingFleet.of(ID).change(ID, i -> i.state("terminated")).evaluate(T0).get(0);

        TransitionDecision decision = decide(null, false, terminated, T0);

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next()).isNull();
    }

    @Test
    void decide_instanceAlreadyFoundGone_unchangedAndNothingStored() {
        InstanceReport terminated = TrackingFleet.of(ID).change(ID, i -> i.state("terminated")).evaluate(T0).get(0);
        TransitionState gone = decide(newIncident(), false, terminated, T0.plusSeconds(300)).next();

        TransitionDecision decision = decide(gone, false, terminated, T0.plusSeconds(600));

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next()).isNull();
    }

    @Test
    void decide_goneInstanceBackAndFailing_new() {
        TransitionState gone = TransitionRules.disappeared(newIncident(), "no longer in the fleet", T0.plusSeconds(60))
                .next();

        TransitionDecision decision = decide(gone, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)),
                T0.plusSeconds(600));

        assertThat(decision.transition()).isEqualTo(Transition.NEW);
        assertThat(decision.next().terminatedAt()).isNull();
        assertThat(decision.next().unhealthySince()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void disappeared_trackedHealthyInstance_terminated() {
        TransitionState healthy = decide(null, false, report(pass(CheckId.SSM_PING)), T0).next();

        TransitionDecision decision = TransitionRules.disappeared(healthy, "no longer in the fleet",
                T0.plusSeconds(60));

        assertThat(decision.transition()).isEqualTo(Transition.TERMINATED);
        assertThat(decision.next().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(decision.next().unhealthySince()).isNull();
    }

    @Test
    void goneReason_evaluatedSnapshots_namesTerminatedShuttingDownAndNotReturned() {
        TrackingFleet fleet = TrackingFleet.of(ID, "i-0bbb");
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(),
                EvaluationSettings.DEFAULTS);

        String running = TransitionRules.goneReason(fleet.evaluate(T0).get(0));
        String stopped = TransitionRules.goneReason(fleet.change(ID, i -> i.state("stopped")).evaluate(T0).get(0));
        String shuttingDown = TransitionRules.goneReason(
                fleet.change(ID, i -> i.state("shutting-down")).evaluate(T0).get(0));
        String terminated = TransitionRules.goneReason(
                fleet.change(ID, i -> i.state("terminated")).evaluate(T0).get(0));
        fleet.remove(ID);
        String notReturned = TransitionRules.goneReason(
                evaluator.evaluate(fleet.snapshot(T0), List.of(ID), T0).reports().get(0));
        fleet.unknown(FactKind.INSTANCES, "*", "ThrottlingException: Rate exceeded");
        String describeFailed = TransitionRules.goneReason(
                evaluator.evaluate(fleet.snapshot(T0), List.of(ID), T0).reports().get(0));

        assertThat(running).isNull();
        assertThat(stopped).isNull();
        assertThat(shuttingDown).isEqualTo("shutting down (terminating)");
        assertThat(terminated).isEqualTo("terminated");
        assertThat(notReturned).isEqualTo("no longer returned by DescribeInstances");
        assertThat(describeFailed).isNull();
    }

    @Test
    void causes_longOrControlCharacterSummaries_boundedAndCleaned() {
        String summary = "line1\nline2\u0007" + "x".repeat(400);

        List<String> causes = TransitionRules.causes(report(new CheckResult(CheckId.LMUS_STATUS, Status.FAIL,
                Severity.CRITICAL, summary, List.of(), null)));

        assertThat(causes).hasSize(1);
        assertThat(causes.get(0)).hasSize(TransitionRules.MAX_CAUSE_LENGTH).endsWith("...")
                .startsWith("LMUS_STATUS: line1 line2 ").doesNotContain("\n", "\u0007");
    }

    @Test
    void decide_failingCheckNowUnknownThenFailingAgain_carriedOverNeitherClearedNorWorsened() {
        TransitionState before = alerted(decide(null, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.RDP_INGRESS, Severity.HIGH)), T0).next(), T0);

        TransitionDecision blind = decide(before, false, report(unknown(CheckId.SSM_PING),
                fail(CheckId.RDP_INGRESS, Severity.HIGH)), T0.plusSeconds(300));
        TransitionDecision seen = decide(blind.next(), false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.RDP_INGRESS, Severity.HIGH)), T0.plusSeconds(600));

        assertThat(blind.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(blind.resolvedChecks()).isEmpty();
        assertThat(blind.next().failingChecks()).containsExactly(CheckId.SSM_PING, CheckId.RDP_INGRESS);
        assertThat(blind.next().causes()).contains("SSM_PING: SSM_PING failed");
        assertThat(seen.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(seen.newFailingChecks()).isEmpty();
    }

    @Test
    void decide_unhealthyCheckNowUnknownLeavingOnlyALowFailure_keepsTheWorseVerdict() {
        TransitionState before = alerted(decide(null, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.SSM_AGENT_VERSION, Severity.LOW)), T0).next(), T0);

        TransitionDecision blind = decide(before, false, report(unknown(CheckId.SSM_PING),
                fail(CheckId.SSM_AGENT_VERSION, Severity.LOW)), T0.plusSeconds(300));
        TransitionDecision seen = decide(blind.next(), false, report(fail(CheckId.SSM_PING, Severity.CRITICAL),
                fail(CheckId.SSM_AGENT_VERSION, Severity.LOW)), T0.plusSeconds(600));

        assertThat(blind.next().verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(blind.next().observedVerdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(seen.transition()).isEqualTo(Transition.UNCHANGED);
    }

    @Test
    void decide_instanceNotDescribedAndFailingPerLmus_noIncidentOpened() {
        List<CheckResult> checks = List.of(fail(CheckId.LMUS_STATUS, Severity.CRITICAL), unknown(CheckId.SSM_PING));
        InstanceReport undescribed = new InstanceReport(ID, TrackingFleet.ACCOUNT, TrackingFleet.REGION, null,
                List.of(), Evaluator.verdict(checks), null, checks);

        TransitionDecision decision = decide(null, false, undescribed, T0);

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().failing()).isFalse();
        assertThat(decision.next().verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(decision.reason()).contains("could not be described");
    }

    @Test
    void decide_healthyAgainInARunCutByItsDeadline_notResolved() {
        TransitionState before = alerted(newIncident(), T0);

        TransitionDecision decision = TransitionRules.decide(before, false, report(pass(CheckId.SSM_PING)), SIX_HOURS,
                T0.plusSeconds(300), false);

        assertThat(decision.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(decision.next().failing()).isTrue();
        assertThat(decision.reason()).contains("deadline");
    }

    private static TransitionDecision decide(TransitionState before, boolean pending, InstanceReport now, Instant at) {
        return TransitionRules.decide(before, pending, now, SIX_HOURS, at);
    }

    private static TransitionState newIncident() {
        return decide(null, false, report(fail(CheckId.SSM_PING, Severity.CRITICAL)), T0).next();
    }

    private static TransitionState alerted(TransitionState state, Instant at) {
        return state.withLastAlertAt(at);
    }

    static InstanceReport report(CheckResult... checks) {
        List<CheckResult> list = new ArrayList<>(List.of(checks));
        return new InstanceReport(ID, TrackingFleet.ACCOUNT, TrackingFleet.REGION, "running",
                List.of("OFFICE_PROFESSIONAL_PLUS"), Evaluator.verdict(list), null, list);
    }

    static CheckResult pass(CheckId id) {
        return new CheckResult(id, Status.PASS, Severity.CRITICAL, id + " ok", List.of(), null);
    }

    static CheckResult fail(CheckId id, Severity severity) {
        return new CheckResult(id, Status.FAIL, severity, id + " failed", List.of("evidence of " + id), "fix " + id);
    }

    static CheckResult warn(CheckId id) {
        return new CheckResult(id, Status.WARN, Severity.CRITICAL, id + " warns", List.of(), "fix " + id);
    }

    static CheckResult unknown(CheckId id) {
        return new CheckResult(id, Status.UNKNOWN, Severity.CRITICAL, id + " unknown", List.of("API error"), null);
    }

    static CheckResult skipped(CheckId id) {
        return new CheckResult(id, Status.SKIPPED, Severity.CRITICAL, id + " skipped", List.of(), null);
    }
}
