package dev.subsentinel.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A change to a network or instance resource, reported by CloudTrail or AWS Config. The event is a trigger, not data:
 * the Sentinel maps the subjects to the instances they affect and re-reads their state.
 *
 * @param envelope  the event
 * @param origin    CloudTrail or Config
 * @param action    what happened: the API call (e.g. {@code AuthorizeSecurityGroupIngress}) or the Config change
 *                  (e.g. {@code AWS::EC2::SecurityGroup UPDATE})
 * @param changedAt when the change was made (CloudTrail {@code eventTime}, Config capture time), or null
 * @param subjects  the resources that changed (at least one)
 * @param context   other resources the event names (the VPC of a route table, the peer of a rule...), useful when a
 *                  subject no longer exists
 */
public record ResourceChange(EventEnvelope envelope, ChangeOrigin origin, String action, Instant changedAt,
        List<ResourceRef> subjects, List<ResourceRef> context) implements Trigger {

    public ResourceChange {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(action, "action");
        subjects = List.copyOf(subjects);
        context = context == null ? List.of() : List.copyOf(context);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a resource change names at least one subject");
        }
    }

    /** The subjects of one kind. */
    public List<String> subjectIds(ResourceKind kind) {
        return subjects.stream().filter(ref -> ref.kind() == kind).map(ResourceRef::id).toList();
    }

    /** The context resources of one kind. */
    public List<String> contextIds(ResourceKind kind) {
        return context.stream().filter(ref -> ref.kind() == kind).map(ResourceRef::id).toList();
    }

    @Override
    public String describe() {
        return (origin == ChangeOrigin.CLOUDTRAIL ? "CloudTrail " : "Config ") + action + " on "
                + subjects.stream().map(ResourceRef::id).collect(Collectors.joining(", "));
    }
}
