package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code Config Configuration Item Change} events of the resource types the checks depend on. The context holds
 * every id in the item's relationships, configuration and diff: the diff keeps the previous values, such as the VPC a
 * detached internet gateway belonged to.
 */
final class ConfigItemChanges {

    private ConfigItemChanges() {
    }

    static Trigger parse(EventEnvelope envelope, JsonNode detail) {
        String messageType = JsonFields.requiredText(detail, "messageType", "detail.messageType");
        JsonNode item;
        String itemPath;
        String changeType;
        if (ConfigMessageType.CONFIGURATION_ITEM_CHANGE.wireValue().equals(messageType)) {
            itemPath = "detail.configurationItem";
            item = JsonFields.requiredObject(detail, "configurationItem", itemPath);
            JsonNode diff = detail.get("configurationItemDiff");
            changeType = diff == null || !diff.isObject() ? null
                    : JsonFields.optionalText(diff, "changeType", "detail.configurationItemDiff.changeType");
        } else if (ConfigMessageType.OVERSIZED_CONFIGURATION_ITEM_CHANGE.wireValue().equals(messageType)) {
            itemPath = "detail.configurationItemSummary";
            item = JsonFields.requiredObject(detail, "configurationItemSummary", itemPath);
            changeType = JsonFields.optionalText(item, "changeType", itemPath + ".changeType");
        } else {
            return ignored(envelope, "Config " + messageType + " carries no configuration item");
        }
        String resourceType = JsonFields.requiredText(item, "resourceType", itemPath + ".resourceType");
        String resourceId = JsonFields.requiredText(item, "resourceId", itemPath + ".resourceId");
        String status = JsonFields.optionalText(item, "configurationItemStatus", itemPath
                + ".configurationItemStatus");
        ResourceKind kind = ResourceKind.forConfigResourceType(resourceType);
        if (kind == null) {
            return ignored(envelope, "Config change of " + resourceType + " " + resourceId
                    + ": not a resource the checks read");
        }
        ResourceRef subject = ResourceRef.parse(resourceId);
        if (subject == null || subject.kind() != kind) {
            return ignored(envelope, "Config change of " + resourceType + " names '" + resourceId
                    + "', which is not a " + kind.prefix() + "- id");
        }
        if (kind == ResourceKind.SECURITY_GROUP && "CREATE".equals(changeType)) {
            return ignored(envelope, "Config CREATE of " + resourceId + ": a new security group has no members yet");
        }
        Set<ResourceRef> context = new LinkedHashSet<>(ResourceIds.find(item.get("relationships")));
        context.addAll(ResourceIds.find(item.get("configuration")));
        context.addAll(ResourceIds.find(detail.get("configurationItemDiff")));
        context.remove(subject);
        String action = resourceType + " " + (changeType == null ? "change" : changeType)
                + (status == null || "OK".equals(status) ? "" : " (" + status + ")");
        return new ResourceChange(envelope, ChangeOrigin.CONFIG, action,
                JsonFields.optionalTime(item, "configurationItemCaptureTime",
                        itemPath + ".configurationItemCaptureTime"),
                List.of(subject), new ArrayList<>(context));
    }

    private static IgnoredEvent ignored(EventEnvelope envelope, String reason) {
        return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(), reason);
    }
}
