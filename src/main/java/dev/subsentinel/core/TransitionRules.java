package dev.subsentinel.core;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The transition decision of DESIGN section 4, pure: the previous state, the current report, the repeat interval and
 * the time go in; the transition and the state to remember come out. No clock, no store, no SDK.
 *
 * <table>
 * <caption>Rules, in the order they are applied</caption>
 * <tr><th>transition</th><th>when</th></tr>
 * <tr><td>TERMINATED</td><td>the instance is terminated, shutting down, no longer returned by DescribeInstances, or
 * (via {@link #disappeared}) missing from a complete scan; only for a tracked instance that was not already
 * found gone</td></tr>
 * <tr><td>NEW</td><td>not failing before (or never tracked, or found gone before), failing now</td></tr>
 * <tr><td>WORSENED</td><td>failing before and now, and the verdict is worse or a check fails that did not</td></tr>
 * <tr><td>REMINDER</td><td>failing before and now the same way, no alert waiting to be sent, and the last accepted
 * alert is at least the repeat interval old (or there never was one)</td></tr>
 * <tr><td>RESOLVED</td><td>failing before, now HEALTHY, no check UNKNOWN, and every check that was failing has a
 * result again (PASS or SKIPPED): a run that did not re-evaluate a failing check cannot resolve it</td></tr>
 * <tr><td>UNCHANGED</td><td>anything else, including an inconclusive run (UNKNOWN verdict, HEALTHY without every
 * failing check re-run, or an instance that could not be described, whose liveness is then unknown), which keeps the
 * open incident as it was</td></tr>
 * </table>
 */
public final class TransitionRules {

    /** At most this many causes are remembered per instance. */
    static final int MAX_CAUSES = 10;
    /** A remembered cause is cut to this many characters. */
    static final int MAX_CAUSE_LENGTH = 200;

    private TransitionRules() {
    }

    /**
     * Decides the transition of an instance that this run evaluated.
     *
     * @param previous       the stored state, or null when the instance is not tracked
     * @param alertPending   whether an alert about the instance is still waiting to be sent (suppresses REMINDER: the
     *                       waiting alert will tell the same story)
     * @param current        this run's report of the instance
     * @param repeatInterval how old the last alert must be for a REMINDER
     * @param now            the time of the run
     */
    public static TransitionDecision decide(TransitionState previous, boolean alertPending, InstanceReport current,
            Duration repeatInterval, Instant now) {
        return decide(previous, alertPending, current, repeatInterval, now, true);
    }

    /**
     * Decides as {@link #decide(TransitionState, boolean, InstanceReport, Duration, Instant)}; with {@code mayResolve}
     * false (a run cut short by its deadline) a failing instance is never RESOLVED, however healthy it looks: the
     * incident stays open until a complete run confirms it.
     */
    public static TransitionDecision decide(TransitionState previous, boolean alertPending, InstanceReport current,
            Duration repeatInterval, Instant now, boolean mayResolve) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(now, "now");
        String gone = goneReason(current);
        if (gone != null) {
            return disappeared(previous, gone, now);
        }
        boolean wasFailing = previous != null && previous.failing();
        Instant lastAlertAt = previous == null ? null : previous.lastAlertAt();
        Verdict verdict = current.verdict();
        if (current.state() == null) {
            return inconclusive(previous, current, lastAlertAt, now,
                    "inconclusive: the instance could not be described, so whether it still runs is unknown");
        }
        if (verdict.failing()) {
            List<CheckId> before = wasFailing ? previous.failingChecks() : List.of();
            // A check that was failing and could not be evaluated now is still failing as far as anyone knows: it is
            // neither cleared now nor "newly failing" when a complete run sees it again.
            List<CheckId> carried = before.stream().filter(id -> unknown(current, id)).toList();
            List<CheckId> failing = union(failingIds(current), carried);
            List<CheckId> added = failing.stream().filter(id -> !before.contains(id)).toList();
            List<CheckId> cleared = before.stream().filter(id -> !failing.contains(id)).toList();
            Transition transition;
            String reason;
            Instant since;
            if (!wasFailing) {
                transition = Transition.NEW;
                reason = "failing now: " + verdict;
                since = now;
            } else {
                since = previous.unhealthySince();
                if (verdict.worseThan(previous.verdict())) {
                    transition = Transition.WORSENED;
                    reason = "verdict " + previous.verdict() + " -> " + verdict;
                } else if (!added.isEmpty()) {
                    transition = Transition.WORSENED;
                    reason = "newly failing: " + added;
                } else if (!alertPending && (lastAlertAt == null
                        || !lastAlertAt.plus(repeatInterval).isAfter(now))) {
                    transition = Transition.REMINDER;
                    reason = lastAlertAt == null ? "failing and never alerted"
                            : "still failing; last alert " + lastAlertAt;
                } else {
                    transition = Transition.UNCHANGED;
                    reason = alertPending ? "still failing; an alert is waiting to be sent"
                            : "still failing; last alert " + lastAlertAt;
                }
            }
            Verdict tracked = !carried.isEmpty() && previous.verdict().worseThan(verdict) ? previous.verdict()
                    : verdict;
            TransitionState next = new TransitionState(tracked, verdict, failing, carriedCauses(current, previous,
                    carried), current.products(), since, lastAlertAt, now, null);
            return new TransitionDecision(transition, previous, next, reason, added, cleared);
        }
        if ((mayResolve || !wasFailing) && evaluatedCompletely(wasFailing ? previous : null, current)) {
            TransitionState next = new TransitionState(Verdict.HEALTHY, Verdict.HEALTHY, List.of(), List.of(),
                    current.products(), null, lastAlertAt, now, null);
            if (wasFailing) {
                return new TransitionDecision(Transition.RESOLVED, previous, next,
                        "healthy again; every check evaluated", List.of(), previous.failingChecks());
            }
            return new TransitionDecision(Transition.UNCHANGED, previous, next, "healthy", List.of(), List.of());
        }
        String reason = verdict == Verdict.UNKNOWN ? "inconclusive: a check could not be evaluated"
                : !mayResolve ? "inconclusive: the run stopped collecting before its deadline"
                : "inconclusive: a previously failing check was not re-evaluated";
        return inconclusive(previous, current, lastAlertAt, now, reason);
    }

    /** UNCHANGED: an open incident stays as it was, a healthy instance is remembered with what was observed. */
    private static TransitionDecision inconclusive(TransitionState previous, InstanceReport current,
            Instant lastAlertAt, Instant now, String reason) {
        Verdict verdict = current.verdict();
        TransitionState next;
        if (previous == null || previous.terminated()) {
            // No incident is opened on an inconclusive run: a failing verdict is remembered as observed only.
            next = new TransitionState(verdict.failing() ? Verdict.UNKNOWN : verdict, verdict, List.of(), List.of(),
                    current.products(), null, lastAlertAt, now, null);
        } else {
            next = new TransitionState(previous.verdict(), verdict, previous.failingChecks(), previous.causes(),
                    current.products().isEmpty() ? previous.products() : current.products(),
                    previous.unhealthySince(), lastAlertAt, now, null);
        }
        return new TransitionDecision(Transition.UNCHANGED, previous, next, reason, List.of(), List.of());
    }

    /**
     * Decides for a tracked instance that is gone: terminated, or missing from a complete scan. TERMINATED once; an
     * instance already found gone, or never tracked, gives UNCHANGED with nothing to store.
     *
     * @param previous the stored state, or null when the instance is not tracked
     * @param reason   why it counts as gone, e.g. "terminated"
     * @param now      the time of the run
     */
    public static TransitionDecision disappeared(TransitionState previous, String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        if (previous == null) {
            return new TransitionDecision(Transition.UNCHANGED, null, null, "gone and never tracked: " + reason,
                    List.of(), List.of());
        }
        if (previous.terminated()) {
            return new TransitionDecision(Transition.UNCHANGED, previous, null, "already found gone: " + reason,
                    List.of(), List.of());
        }
        TransitionState next = new TransitionState(previous.verdict(), previous.observedVerdict(),
                previous.failingChecks(), previous.causes(), previous.products(), previous.unhealthySince(),
                previous.lastAlertAt(), now, now);
        return new TransitionDecision(Transition.TERMINATED, previous, next, reason, List.of(), List.of());
    }

    /**
     * Why the report shows the instance gone, or null when it exists: its EC2 state is terminated or shutting-down,
     * or DescribeInstances no longer returns it. A failed DescribeInstances (state unknown) is not "gone": it makes
     * the checks UNKNOWN and the run inconclusive.
     */
    public static String goneReason(InstanceReport report) {
        if (report.state() == null) {
            return null;
        }
        return switch (report.state()) {
            case "terminated" -> "terminated";
            case "shutting-down" -> "shutting down (terminating)";
            case InstanceReport.NOT_FOUND -> "no longer returned by DescribeInstances";
            default -> null;
        };
    }

    /**
     * Whether the report is conclusive about health: HEALTHY, no check UNKNOWN (INFO ones included), and every check
     * that was failing in {@code previous} has a result (PASS or SKIPPED) in the report.
     */
    public static boolean evaluatedCompletely(TransitionState previous, InstanceReport current) {
        if (current.verdict() != Verdict.HEALTHY || current.hasUnknown()) {
            return false;
        }
        if (previous == null) {
            return true;
        }
        for (CheckId id : previous.failingChecks()) {
            CheckResult result = current.check(id);
            if (result == null || (result.status() != Status.PASS && result.status() != Status.SKIPPED)) {
                return false;
            }
        }
        return true;
    }

    /** The ids of the failing checks of a report, in catalogue order. */
    public static List<CheckId> failingIds(InstanceReport report) {
        Set<CheckId> ids = EnumSet.noneOf(CheckId.class);
        for (CheckResult result : report.checks()) {
            if (result.failing()) {
                ids.add(result.id());
            }
        }
        return List.copyOf(ids);
    }

    private static boolean unknown(InstanceReport report, CheckId id) {
        CheckResult result = report.check(id);
        return result != null && result.status() == Status.UNKNOWN;
    }

    /** The ids of both lists, in catalogue order. */
    private static List<CheckId> union(List<CheckId> first, List<CheckId> second) {
        Set<CheckId> ids = EnumSet.noneOf(CheckId.class);
        ids.addAll(first);
        ids.addAll(second);
        return List.copyOf(ids);
    }

    /** The causes of the report's failures, then the remembered causes of the checks carried over as failing. */
    private static List<String> carriedCauses(InstanceReport current, TransitionState previous,
            List<CheckId> carried) {
        List<String> causes = new ArrayList<>(causes(current));
        if (!carried.isEmpty()) {
            for (String cause : previous.causes()) {
                if (causes.size() < MAX_CAUSES && carried.stream().anyMatch(id -> cause.startsWith(id + ":"))) {
                    causes.add(cause);
                }
            }
        }
        return causes;
    }

    /** One bounded line per failing check, worst first: "SSM_PING: SSM ping lost: ConnectionLost". */
    public static List<String> causes(InstanceReport report) {
        List<String> causes = new ArrayList<>();
        for (CheckResult result : report.failingChecks()) {
            if (causes.size() == MAX_CAUSES) {
                break;
            }
            causes.add(bounded(result.id() + ": " + result.summary()));
        }
        return causes;
    }

    private static String bounded(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CAUSE_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_CAUSE_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_CAUSE_LENGTH) {
            out.setLength(MAX_CAUSE_LENGTH - 3);
            out.append("...");
        }
        return out.toString();
    }
}
