package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads LM-US events. Their {@code detail} is not documented. For instance events the instance ids are taken from any
 * of the usual field names, then from instance ARNs in {@code resources}, and as a last resort from any instance id in
 * {@code detail}. For identity-provider and licence-server-endpoint events every text of {@code resources} and
 * {@code detail} is read: LM-US identity-provider and licence-server-endpoint ARNs (service
 * {@code license-manager-user-subscriptions}, resource types {@code identity-provider/} and
 * {@code license-server-endpoint/}) and whole Directory Service ids ({@code d-} and 10 hex digits, the pattern of
 * RegisterEventTopic's DirectoryId) are kept; nothing is guessed from free text.
 */
final class LmusEvents {

    private static final Pattern LMUS_ARN = Pattern.compile(
            "arn:aws[a-z-]*:license-manager-user-subscriptions:[a-z0-9-]*:[0-9]*:"
                    + "(identity-provider|license-server-endpoint)/\\S+");
    private static final Pattern DIRECTORY_ID = Pattern.compile("d-[0-9a-f]{10}");

    private static final List<String> ID_FIELDS = List.of("instanceId", "InstanceId", "instance-id", "instance_id",
            "instanceIds", "InstanceIds", "instance-ids", "instance_ids", "instance", "Instance", "resourceId",
            "ResourceId", "resource-id");
    private static final List<String> MESSAGE_FIELDS = List.of("statusMessage", "StatusMessage", "status-message",
            "message", "Message", "failureMessage", "FailureMessage", "reason", "Reason", "failureReason",
            "FailureReason", "status", "Status");

    private LmusEvents() {
    }

    static Trigger parse(EventEnvelope envelope, JsonNode detail) {
        LmusEventKind kind = LmusEventKind.forDetailType(envelope.detailType());
        if (kind == null) {
            return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(),
                    "LM-US " + envelope.detailType() + " is not an event the Sentinel acts on");
        }
        if (!kind.instanceEvent()) {
            return providerEvent(envelope, kind, detail);
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

    private static Trigger providerEvent(EventEnvelope envelope, LmusEventKind kind, JsonNode detail) {
        Set<String> providers = new LinkedHashSet<>();
        Set<String> endpoints = new LinkedHashSet<>();
        Set<String> directories = new LinkedHashSet<>();
        Consumer<String> collect = text -> {
            String value = text.trim();
            Matcher arn = LMUS_ARN.matcher(value);
            if (arn.matches()) {
                ("identity-provider".equals(arn.group(1)) ? providers : endpoints).add(value);
            } else if (DIRECTORY_ID.matcher(value).matches()) {
                directories.add(value);
            }
        };
        envelope.resources().forEach(collect);
        ResourceIds.texts(detail, Set.of(), collect);
        return new IdentityProviderEvent(envelope, kind, List.copyOf(providers), List.copyOf(endpoints),
                List.copyOf(directories), message(detail));
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
