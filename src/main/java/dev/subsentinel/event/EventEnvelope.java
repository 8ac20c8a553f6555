package dev.subsentinel.event;

import java.time.Instant;
import java.util.List;

/**
 * The EventBridge envelope shared by every event.
 *
 * @param id         the event id
 * @param source     e.g. {@code aws.ec2}
 * @param detailType e.g. {@code AWS API Call via CloudTrail}
 * @param account    the account the event is about
 * @param region     the region the event is about
 * @param time       when EventBridge received it (null when the event carries none)
 * @param resources  the ARNs it names
 */
public record EventEnvelope(String id, String source, String detailType, String account, String region,
        Instant time, List<String> resources) {

    public EventEnvelope {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}
