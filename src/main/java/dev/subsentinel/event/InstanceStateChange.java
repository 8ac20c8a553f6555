package dev.subsentinel.event;

import java.util.Objects;

/**
 * An {@code EC2 Instance State-change Notification}.
 *
 * @param envelope   the event
 * @param instanceId the instance
 * @param state      its new state: pending, running, stopping, stopped, shutting-down or terminated
 */
public record InstanceStateChange(EventEnvelope envelope, String instanceId, String state) implements Trigger {

    public InstanceStateChange {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the instance is gone or going: shutting-down or terminated. */
    public boolean terminal() {
        return "terminated".equals(state) || "shutting-down".equals(state);
    }

    @Override
    public String describe() {
        return "EC2 state change of " + instanceId + " to " + state;
    }
}
