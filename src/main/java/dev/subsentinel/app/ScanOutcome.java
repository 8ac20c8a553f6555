package dev.subsentinel.app;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.track.DeliveryResult;
import dev.subsentinel.track.TrackingResult;
import java.util.List;
import java.util.Objects;

/**
 * What a run produced.
 *
 * @param snapshot what was collected
 * @param report   the report, with {@code unhealthySince} filled in by tracking
 * @param alerts   the alerts the run's transitions called for (sent, or printed in a dry run)
 * @param delivery    how their delivery went ({@link DeliveryResult#NONE} without tracking)
 * @param transitions what tracking decided per instance (empty without tracking)
 */
public record ScanOutcome(FleetSnapshot snapshot, ScanReport report, List<Alert> alerts, DeliveryResult delivery,
        List<TrackingResult.InstanceTransition> transitions) {

    public ScanOutcome {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(report, "report");
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(delivery, "delivery");
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }

    /** Whether tracking decided a transition other than UNCHANGED for some instance (always false untracked). */
    public boolean changedAnything() {
        return transitions.stream().anyMatch(t -> t.transition() != Transition.UNCHANGED);
    }
}
