package dev.subsentinel.event;

import java.util.Objects;

/**
 * The EventBridge schedule: a full scan.
 *
 * @param envelope the event (its resources name the rule)
 */
public record ScheduledScan(EventEnvelope envelope) implements Trigger {

    public ScheduledScan {
        Objects.requireNonNull(envelope, "envelope");
    }

    /** The ARN of the rule that fired, or null. */
    public String ruleArn() {
        return envelope.resources().isEmpty() ? null : envelope.resources().get(0);
    }

    @Override
    public String describe() {
        return "scheduled scan" + (ruleArn() == null ? "" : " (" + ruleArn() + ")");
    }
}
