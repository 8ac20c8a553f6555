package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.Channel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Tracker#track} (or {@link Tracker#preview}) decided for one run.
 *
 * @param report      the run's report with {@code unhealthySince} filled in from tracking
 * @param transitions one per instance evaluated, plus one per tracked instance found missing (TERMINATED)
 * @param pending     the alerts waiting to be sent for the rows this run touched, oldest first: the ones this run
 *                    decided and older ones a previous run failed to send. Hand them to {@link Tracker#deliver}
 * @param conflicts   how many writes lost a race and were recomputed
 * @param preview     whether nothing was written (a dry run): {@link Tracker#deliver} then only shows the alerts
 * @param claimToken  the run's delivery token: the alerts it decided are written claimed with it, and
 *                    {@link Tracker#deliver} claims older ones with it too; null until the run decided an alert, and
 *                    for a preview
 */
public record TrackingResult(ScanReport report, List<InstanceTransition> transitions, List<PendingAlert> pending,
        int conflicts, boolean preview, String claimToken) {

    public TrackingResult {
        Objects.requireNonNull(report, "report");
        transitions = List.copyOf(transitions);
        pending = List.copyOf(pending);
    }

    /** The transitions that call for an alert. */
    public List<InstanceTransition> alerting() {
        return transitions.stream().filter(t -> t.transition().alerts()).toList();
    }

    /**
     * The pending alerts themselves, each once (an alert waits once per channel), without the Security Hub-only
     * updates of checks that stopped failing (transition UNCHANGED).
     */
    public List<Alert> alerts() {
        Map<String, Alert> alerts = new LinkedHashMap<>();
        for (PendingAlert p : pending) {
            if (p.alert().transition().alerts()) {
                alerts.putIfAbsent(p.alert().alertId(), p.alert());
            }
        }
        return List.copyOf(alerts.values());
    }

    /** The pending alerts of one channel. */
    public List<Alert> alerts(Channel channel) {
        return pending.stream().filter(p -> p.channel() == channel).map(PendingAlert::alert).toList();
    }

    /**
     * The transition of one instance.
     *
     * @param instanceId     the instance
     * @param transition     what happened
     * @param verdict        its verdict now (the last known one when it is gone)
     * @param unhealthySince the start of its open incident (null when not failing)
     * @param reason         what decided the transition
     */
    public record InstanceTransition(String instanceId, Transition transition, Verdict verdict, Instant unhealthySince,
            String reason) {
    }

    /**
     * An alert in a row's outbox, for one channel.
     *
     * @param key     the row
     * @param alert   the alert
     * @param claimed whether the row as written by this run holds it claimed with {@link #claimToken()} (an alert this
     *                run decided), so that {@link Tracker#deliver} need not claim it
     * @param channel where it goes
     */
    public record PendingAlert(InstanceKey key, Alert alert, boolean claimed, Channel channel) {

        public PendingAlert {
            Objects.requireNonNull(channel, "channel");
        }

        /** An alert for the alert topic. */
        public PendingAlert(InstanceKey key, Alert alert, boolean claimed) {
            this(key, alert, claimed, Channel.ALERTS);
        }

        /** The id of its outbox entry. */
        public String entryId() {
            return channel.entryId(alert.alertId());
        }
    }
}
