package dev.subsentinel.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads AWS Config rule invocations: the one place that parses {@code invokingEvent} and {@code ruleParameters}. */
final class ConfigRuleInvocations {

    private static final String INSTANCE_TYPE = "AWS::EC2::Instance";

    private ConfigRuleInvocations() {
    }

    static Trigger parse(JsonNode root) {
        JsonNode invokingEvent = embeddedJson(root, "invokingEvent", true);
        JsonNode parameters = embeddedJson(root, "ruleParameters", false);
        String resultToken = JsonFields.requiredText(root, "resultToken", "resultToken");
        JsonNode leftScope = root.get("eventLeftScope");
        if (leftScope != null && !leftScope.isNull() && !leftScope.isBoolean()) {
            throw new EventParseException("eventLeftScope", "must be true or false, was " + leftScope);
        }
        String wireType = JsonFields.requiredText(invokingEvent, "messageType", "invokingEvent.messageType");
        ConfigMessageType messageType = ConfigMessageType.forWireValue(wireType);
        String ruleName = JsonFields.optionalText(root, "configRuleName", "configRuleName");
        if (messageType == null) {
            return new IgnoredEvent("aws.config", wireType, ruleName,
                    "Config rule message " + wireType + " asks for no evaluation");
        }
        ConfigItem item = switch (messageType) {
            case CONFIGURATION_ITEM_CHANGE -> item(invokingEvent, "configurationItem");
            case OVERSIZED_CONFIGURATION_ITEM_CHANGE -> item(invokingEvent, "configurationItemSummary");
            case SCHEDULED -> null;
        };
        var notificationTime = JsonFields.optionalTime(invokingEvent, "notificationCreationTime",
                "invokingEvent.notificationCreationTime");
        if (notificationTime == null) {
            throw new EventParseException("invokingEvent.notificationCreationTime",
                    "missing field 'notificationCreationTime'");
        }
        return new ConfigRuleInvocation(ruleName,
                JsonFields.optionalText(root, "configRuleArn", "configRuleArn"),
                JsonFields.optionalText(root, "accountId", "accountId"), resultToken,
                leftScope != null && leftScope.asBoolean(), messageType, parameters(parameters), item,
                notificationTime, JsonFields.optionalText(root, "executionRoleArn", "executionRoleArn"));
    }

    private static ConfigItem item(JsonNode invokingEvent, String name) {
        String path = "invokingEvent." + name;
        JsonNode item = JsonFields.requiredObject(invokingEvent, name, path);
        String resourceType = JsonFields.requiredText(item, "resourceType", path + ".resourceType");
        String resourceId = JsonFields.requiredText(item, "resourceId", path + ".resourceId");
        if (INSTANCE_TYPE.equals(resourceType) && !ResourceRef.isInstanceId(resourceId)) {
            throw new EventParseException(path + ".resourceId", "'" + resourceId + "' is not an instance id");
        }
        return new ConfigItem(resourceType, resourceId,
                JsonFields.optionalText(item, "configurationItemStatus", path + ".configurationItemStatus"),
                JsonFields.optionalTime(item, "configurationItemCaptureTime", path
                        + ".configurationItemCaptureTime"));
    }

    /** A field that holds JSON as a string (as Config sends it) or, leniently, as an object. */
    private static JsonNode embeddedJson(JsonNode root, String name, boolean required) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull() || node.isTextual() && node.asText().isBlank()) {
            if (required) {
                throw new EventParseException(name, "missing field '" + name + "'");
            }
            return null;
        }
        if (node.isObject()) {
            return node;
        }
        if (!node.isTextual()) {
            throw new EventParseException(name, "must be a JSON object encoded as a string, was "
                    + node.getNodeType());
        }
        try {
            JsonNode parsed = Json.mapper().readTree(node.asText());
            if (parsed == null || !parsed.isObject()) {
                throw new EventParseException(name, "must hold a JSON object");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new EventParseException(name, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, String> parameters(JsonNode parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        if (parameters == null) {
            return values;
        }
        parameters.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                values.put(field.getKey(), value.asText());
            } else if (!value.isNull()) {
                values.put(field.getKey(), value.toString());
            }
        });
        return values;
    }
}
