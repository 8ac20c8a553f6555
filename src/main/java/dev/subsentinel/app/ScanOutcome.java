package dev.subsentinel.app;

import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.track.DeliveryResult;
import java.util.List;
import java.util.Objects;

/**
 * What a run produced.
 *
 * @param snapshot what was collected
 * @param report   the report, with {@code unhealthySince} filled in by tracking
 * @param alerts   the alerts the run's transitions called for (sent, or printed in a dry run)
 * @param delivery how their delivery went ({@link DeliveryResult#NONE} without tracking)
 */
public record ScanOutcome(FleetSnapshot snapshot, ScanReport report, List<Alert> alerts, DeliveryResult delivery) {

    public ScanOutcome {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(report, "report");
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(delivery, "delivery");
    }
}
