package dev.subsentinel.publish;

import dev.subsentinel.core.TransitionDecision;
import dev.subsentinel.core.TransitionRules;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.track.TrackingFleet;
import java.time.Duration;
import java.time.Instant;

/** Alerts built the way the tracker builds them: real evaluation, real transition rules, the alert factory. */
public final class SampleAlerts {

    public static final String A = "i-0aaa1111bbbb2222c";
    public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration REPEAT = Duration.ofHours(6);

    private SampleAlerts() {
    }

    /** NEW, UNHEALTHY: SSM ping lost and RDP open to the world. */
    public static Alert newUnhealthy() {
        InstanceReport report = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost").rdpOpen(true))
                .evaluate(T0).get(0);
        return alert(TransitionRules.decide(null, false, report, REPEAT, T0), report, "alert-new", T0);
    }

    /**
     * NEW, UNHEALTHY: RDP open to the world, and the instance profile association could not be read (access
     * denied), so INSTANCE_PROFILE (CRITICAL) is UNKNOWN.
     */
    public static Alert newUnhealthyWithUnknown() {
        InstanceReport report = TrackingFleet.of(A).change(A, i -> i.rdpOpen(true))
                .unknown(FactKind.INSTANCE_PROFILES, A, "AccessDenied: ec2:DescribeIamInstanceProfileAssociations is"
                        + " not allowed", "ec2:DescribeIamInstanceProfileAssociations", "AccessDenied")
                .evaluate(T0).get(0);
        return alert(TransitionRules.decide(null, false, report, REPEAT, T0), report, "alert-unknown", T0);
    }

    /** RESOLVED after two hours. */
    public static Alert resolved() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        TransitionState failing = TransitionRules.decide(null, false, fleet.evaluate(T0).get(0), REPEAT, T0).next()
                .withLastAlertAt(T0);
        Instant later = T0.plus(Duration.ofHours(2));
        InstanceReport healthy = fleet.change(A, i -> i.ping("Online")).evaluate(later).get(0);
        return alert(TransitionRules.decide(failing, false, healthy, REPEAT, later), healthy, "alert-resolved", later);
    }

    /** TERMINATED three hours into an incident. */
    public static Alert terminated() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        TransitionState failing = TransitionRules.decide(null, false, fleet.evaluate(T0).get(0), REPEAT, T0).next();
        Instant later = T0.plus(Duration.ofHours(3));
        InstanceReport gone = fleet.change(A, i -> i.state("terminated")).evaluate(later).get(0);
        return alert(TransitionRules.decide(failing, false, gone, REPEAT, later), gone, "alert-terminated", later);
    }

    /** NEW for an instance with the given id (for digests). */
    public static Alert newFor(String instanceId, String alertId) {
        InstanceReport report = TrackingFleet.of(instanceId).change(instanceId, i -> i.ping("ConnectionLost"))
                .evaluate(T0).get(0);
        return alert(TransitionRules.decide(null, false, report, REPEAT, T0), report, alertId, T0);
    }

    public static Alert alert(TransitionDecision decision, InstanceReport report, String alertId, Instant now) {
        return AlertFactory.create(decision, report, TrackingFleet.ACCOUNT, TrackingFleet.REGION,
                report.instanceId(), "scan-" + now.getEpochSecond(), alertId, now);
    }
}
