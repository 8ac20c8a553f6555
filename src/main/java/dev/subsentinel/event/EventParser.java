package dev.subsentinel.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.model.Ec2Instance;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns every event shape the Sentinel receives into a {@link Trigger}: EventBridge events (schedule, LM-US, EC2
 * state change, CloudTrail API calls, Config item changes, SSM compliance), AWS Config rule invocations and manual
 * invocations. The one place that knows the awkward JSON; handlers only switch over the result.
 *
 * <p>A well-formed event that names nothing to act on becomes an {@link IgnoredEvent} with the reason. Input that is
 * not an event at all (not JSON, no {@code detail-type}, a required field missing or malformed) throws an
 * {@link EventParseException} that names the field.
 */
public final class EventParser {

    private static final String SCHEDULED_EVENT = "Scheduled Event";
    private static final String EC2_STATE_CHANGE = "EC2 Instance State-change Notification";
    private static final String CLOUDTRAIL_CALL = "AWS API Call via CloudTrail";
    private static final String CONFIG_ITEM_CHANGE = "Config Configuration Item Change";
    private static final String SSM_COMPLIANCE = "Configuration Compliance State Change";
    private static final String LMUS_SOURCE = "aws.license-manager-user-subscriptions";
    private static final List<String> MANUAL_RUN_FIELDS = List.of("instanceIds", "dryRun");
    /** PutEventsRequestEntry's limits on DetailType and Source. */
    private static final int MAX_DETAIL_TYPE = 128;
    private static final int MAX_SOURCE = 256;

    private EventParser() {
    }

    /**
     * The EC2 API calls ({@code detail.eventName} of an {@code AWS API Call via CloudTrail} event) that parse to a
     * {@link ResourceChange}, sorted: what the change function's EventBridge rule must match, and no more.
     */
    public static Set<String> cloudTrailChangeEvents() {
        return CloudTrailChanges.changeOperations();
    }

    /** Parses an event from a stream (a Lambda {@code RequestStreamHandler}'s input); does not close it. */
    public static Trigger parse(InputStream input) {
        try {
            return parse(Json.mapper().readTree(input));
        } catch (JsonProcessingException e) {
            throw new EventParseException("$", "the event is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventParseException("$", "the event could not be read: " + e.getMessage(), e);
        }
    }

    /** Parses an event from its JSON text. */
    public static Trigger parse(String json) {
        if (json == null) {
            throw new EventParseException("$", "the event is empty");
        }
        try {
            return parse(Json.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new EventParseException("$", "the event is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses an event that the Lambda runtime already deserialised into a map. */
    public static Trigger parse(Map<String, ?> event) {
        if (event == null) {
            throw new EventParseException("$", "the event is empty");
        }
        return parse((JsonNode) Json.mapper().valueToTree(event));
    }

    /** Parses an event tree. */
    public static Trigger parse(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new EventParseException("$", "the event is empty");
        }
        if (!root.isObject()) {
            throw new EventParseException("$", "the event must be a JSON object, was " + root.getNodeType());
        }
        if (root.has("invokingEvent")) {
            return ConfigRuleInvocations.parse(root);
        }
        if (!root.has("detail-type") && !root.has("source") && !root.isEmpty()) {
            return manualRun(root);
        }
        String detailType = envelopeText(JsonFields.requiredText(root, "detail-type", "detail-type"), "detail-type",
                MAX_DETAIL_TYPE);
        EventEnvelope envelope = new EventEnvelope(JsonFields.optionalText(root, "id", "id"),
                envelopeText(JsonFields.optionalText(root, "source", "source"), "source", MAX_SOURCE), detailType,
                JsonFields.optionalText(root, "account", "account"),
                JsonFields.optionalText(root, "region", "region"),
                JsonFields.optionalTime(root, "time", "time"),
                JsonFields.textList(root, "resources", "resources"));
        if (LMUS_SOURCE.equals(envelope.source())) {
            return LmusEvents.parse(envelope, root.get("detail"));
        }
        return switch (detailType) {
            case SCHEDULED_EVENT -> new ScheduledScan(envelope);
            case EC2_STATE_CHANGE -> stateChange(envelope, JsonFields.requiredObject(root, "detail", "detail"));
            case CLOUDTRAIL_CALL -> CloudTrailChanges.parse(envelope,
                    JsonFields.requiredObject(root, "detail", "detail"));
            case CONFIG_ITEM_CHANGE -> ConfigItemChanges.parse(envelope,
                    JsonFields.requiredObject(root, "detail", "detail"));
            case SSM_COMPLIANCE -> compliance(envelope, JsonFields.requiredObject(root, "detail", "detail"));
            default -> new IgnoredEvent(envelope.source(), detailType, envelope.id(),
                    "no trigger reads " + envelope.source() + " / " + detailType + " events");
        };
    }

    /**
     * An envelope text as EventBridge delivers it: within PutEvents' length limit and without control characters
     * (anything else is not an EventBridge event, and its text would end up in log lines).
     */
    private static String envelopeText(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new EventParseException(field, "is " + value.length() + " characters long; EventBridge allows "
                    + max);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new EventParseException(field, "contains control characters");
        }
        return value;
    }

    private static Trigger stateChange(EventEnvelope envelope, JsonNode detail) {
        String instanceId = JsonFields.requiredText(detail, "instance-id", "detail.instance-id");
        if (!ResourceRef.isInstanceId(instanceId)) {
            throw new EventParseException("detail.instance-id", "'" + instanceId + "' is not an instance id");
        }
        String state = JsonFields.requiredText(detail, "state", "detail.state");
        if (!Ec2Instance.STATES.contains(state)) {
            throw new EventParseException("detail.state", "'" + state + "' is not one of "
                    + String.join(", ", Ec2Instance.STATES));
        }
        return new InstanceStateChange(envelope, instanceId, state);
    }

    private static Trigger compliance(EventEnvelope envelope, JsonNode detail) {
        String resourceId = JsonFields.requiredText(detail, "resource-id", "detail.resource-id");
        if (!ResourceRef.isInstanceId(resourceId)) {
            return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(),
                    "compliance change of " + resourceId + ", which is not an EC2 instance");
        }
        return new SsmComplianceChange(envelope, resourceId,
                JsonFields.optionalText(detail, "compliance-type", "detail.compliance-type"),
                JsonFields.optionalText(detail, "compliance-status", "detail.compliance-status"));
    }

    /**
     * A direct invocation, read strictly: it is the Sentinel's own input format (unlike events, to which AWS adds
     * fields), so an unknown field, such as a misspelt {@code dryrun} that would silently turn a dry run into a live
     * one, is an error naming it.
     */
    private static Trigger manualRun(JsonNode root) {
        for (var names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!MANUAL_RUN_FIELDS.contains(name)) {
                throw new EventParseException(name, "unknown field: a direct invocation takes only "
                        + String.join(" and ", MANUAL_RUN_FIELDS) + ", e.g. {\"instanceIds\": [\"i-0abc...\"],"
                        + " \"dryRun\": true}; an event needs detail-type and source");
            }
        }
        List<String> ids = new ArrayList<>();
        JsonNode idsNode = root.get("instanceIds");
        if (idsNode != null && !idsNode.isNull()) {
            if (!idsNode.isArray()) {
                throw new EventParseException("instanceIds", "must be an array of instance ids");
            }
            for (int i = 0; i < idsNode.size(); i++) {
                JsonNode id = idsNode.get(i);
                if (!id.isTextual() || !ResourceRef.isInstanceId(id.asText())) {
                    throw new EventParseException("instanceIds[" + i + "]", id + " is not an instance id");
                }
                if (!ids.contains(id.asText())) {
                    ids.add(id.asText());
                }
            }
        }
        JsonNode dryRun = root.get("dryRun");
        if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new EventParseException("dryRun", "must be true or false, was " + dryRun);
        }
        return new ManualRun(ids, dryRun == null || dryRun.isNull() || dryRun.asBoolean());
    }
}
