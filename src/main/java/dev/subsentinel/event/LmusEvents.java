package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads LM-US instance events. Their {@code detail} is not documented, so the instance ids are taken from any of the
 * usual field names, then from instance ARNs in {@code resources}, and as a last resort from any instance id in
 * {@code detail}.
 */
final class LmusEvents {

    private static final List<String> ID_FIELDS = List.of("instanceId", "InstanceId", "instance-id", "instance_id",
            "instanceIds", "InstanceIds", "instance-ids", "instance_ids", "instance", "Instance", "resourceId",
            "ResourceId", "resource-id");
    private static final List<String> MESSAGE_FIELDS = List.of("statusMessage", "StatusMessage", "status-message",
            "message", "Message", "reason", "Reason", "failureReason", "FailureReason", "status", "Status");

    private LmusEvents() {
    }

    static Trigger parse(EventEnvelope envelope, JsonNode detail) {
        LmusEventKind kind = LmusEventKind.forDetailType(envelope.detailType());
        if (kind == null) {
            return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(),
                    "LM-US " + envelope.detailType() + " is not an instance health event");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String field : ID_FIELDS) {
            JsonNode value = detail == null ? null : detail.get(field);
            if (value != null) {
                ResourceIds.find(value).stream()
                        .filter(ref -> ref.kind() == ResourceKind.INSTANCE)
                        .forEach(ref -> ids.add(ref.id()));
            }
        }
        for (String arn : envelope.resources()) {
            ResourceRef ref = ResourceRef.parse(arn);
            if (ref != null && ref.kind() == ResourceKind.INSTANCE) {
                ids.add(ref.id());
            }
        }
        if (ids.isEmpty()) {
            ResourceIds.find(detail).stream()
                    .filter(ref -> ref.kind() == ResourceKind.INSTANCE)
                    .forEach(ref -> ids.add(ref.id()));
        }
        if (ids.isEmpty()) {
            return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(),
                    "LM-US " + envelope.detailType() + " names no instance id in detail or resources");
        }
        return new LmusInstanceEvent(envelope, kind, List.copyOf(ids), message(detail));
    }

    private static String message(JsonNode detail) {
        if (detail == null) {
            return null;
        }
        for (String field : MESSAGE_FIELDS) {
            JsonNode value = detail.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
