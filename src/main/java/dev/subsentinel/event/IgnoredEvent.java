package dev.subsentinel.event;

import java.util.Objects;

/**
 * A well-formed event that names nothing the Sentinel acts on; the reason goes into one log line.
 *
 * @param source     the event's source (or {@code aws.config} for a rule invocation), may be null
 * @param detailType the event's detail-type (or the Config message type), may be null
 * @param eventId    the event's id, may be null
 * @param reason     why it is ignored
 */
public record IgnoredEvent(String source, String detailType, String eventId, String reason) implements Trigger {

    public IgnoredEvent {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
        return "ignored " + source + " / " + detailType + (eventId == null ? "" : " " + eventId) + ": " + reason;
    }
}
