package dev.subsentinel.event;

import java.util.List;
import java.util.Objects;

/**
 * An LM-US instance event ({@code Instance Unhealthy}, {@code Instance Activation Failed}, {@code Instance Terminated},
 * {@code Instance Activated}). Its detail payload is not documented: the ids come from any of the usual field names
 * in {@code detail} and from instance ARNs in {@code resources}.
 *
 * @param envelope      the event
 * @param kind          which event
 * @param instanceIds   the instances it names (at least one)
 * @param statusMessage the status text it carries, or null
 */
public record LmusInstanceEvent(EventEnvelope envelope, LmusEventKind kind, List<String> instanceIds,
        String statusMessage) implements Trigger {

    public LmusInstanceEvent {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        instanceIds = List.copyOf(instanceIds);
        if (instanceIds.isEmpty()) {
            throw new IllegalArgumentException("an LM-US instance event names at least one instance");
        }
    }

    @Override
    public String describe() {
        return "LM-US " + kind.detailType() + " for " + String.join(", ", instanceIds)
                + (statusMessage == null ? "" : ": " + statusMessage);
    }
}
