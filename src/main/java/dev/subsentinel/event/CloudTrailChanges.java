package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads {@code AWS API Call via CloudTrail} events of the EC2 APIs that change what the checks depend on. For each
 * API the table says which kinds of id are its subjects; the ids themselves are found by walking the request and the
 * response, because the newer APIs log them in shapes that are not documented.
 */
final class CloudTrailChanges {

    /** Keys under which security-group rules name their peers, which are not changed by the call. */
    private static final Set<String> RULE_PEER_KEYS = Set.of("groups", "userIdGroupPairs", "ReferencedGroupId",
            "referencedGroupInfo", "ReferencedGroupInfo");

    /**
     * What an API changes.
     *
     * @param subjects      the kinds of id that are its subjects
     * @param skipKeys      subtrees that never hold a subject
     * @param groupsOnly    whether only a call that sets security groups matters (ModifyInstanceAttribute and
     *                      ModifyNetworkInterfaceAttribute change many other attributes)
     */
    private record Operation(Set<ResourceKind> subjects, Set<String> skipKeys, boolean groupsOnly) {

        static Operation of(ResourceKind first, ResourceKind... rest) {
            return new Operation(EnumSet.of(first, rest), Set.of(), false);
        }
    }

    private static final Operation SECURITY_GROUP_RULES =
            new Operation(EnumSet.of(ResourceKind.SECURITY_GROUP), RULE_PEER_KEYS, false);
    private static final Operation PROFILE_ASSOCIATION =
            Operation.of(ResourceKind.INSTANCE, ResourceKind.INSTANCE_PROFILE_ASSOCIATION);

    private static final Map<String, Operation> OPERATIONS = Map.ofEntries(
            Map.entry("AuthorizeSecurityGroupIngress", SECURITY_GROUP_RULES),
            Map.entry("AuthorizeSecurityGroupEgress", SECURITY_GROUP_RULES),
            Map.entry("RevokeSecurityGroupIngress", SECURITY_GROUP_RULES),
            Map.entry("RevokeSecurityGroupEgress", SECURITY_GROUP_RULES),
            Map.entry("ModifySecurityGroupRules", SECURITY_GROUP_RULES),
            Map.entry("DeleteSecurityGroup", SECURITY_GROUP_RULES),
            Map.entry("ModifyVpcAttribute", Operation.of(ResourceKind.VPC)),
            Map.entry("CreateVpcEndpoint", Operation.of(ResourceKind.VPC_ENDPOINT)),
            Map.entry("ModifyVpcEndpoint", Operation.of(ResourceKind.VPC_ENDPOINT)),
            Map.entry("DeleteVpcEndpoints", Operation.of(ResourceKind.VPC_ENDPOINT)),
            Map.entry("CreateRoute", Operation.of(ResourceKind.ROUTE_TABLE)),
            Map.entry("ReplaceRoute", Operation.of(ResourceKind.ROUTE_TABLE)),
            Map.entry("DeleteRoute", Operation.of(ResourceKind.ROUTE_TABLE)),
            Map.entry("ReplaceRouteTableAssociation", Operation.of(ResourceKind.ROUTE_TABLE_ASSOCIATION)),
            Map.entry("AssociateRouteTable", Operation.of(ResourceKind.SUBNET)),
            Map.entry("DisassociateRouteTable", Operation.of(ResourceKind.ROUTE_TABLE_ASSOCIATION)),
            Map.entry("CreateNetworkAclEntry", Operation.of(ResourceKind.NETWORK_ACL)),
            Map.entry("ReplaceNetworkAclEntry", Operation.of(ResourceKind.NETWORK_ACL)),
            Map.entry("DeleteNetworkAclEntry", Operation.of(ResourceKind.NETWORK_ACL)),
            Map.entry("ReplaceNetworkAclAssociation", Operation.of(ResourceKind.NETWORK_ACL_ASSOCIATION)),
            Map.entry("AssociateIamInstanceProfile", PROFILE_ASSOCIATION),
            Map.entry("DisassociateIamInstanceProfile", PROFILE_ASSOCIATION),
            Map.entry("ReplaceIamInstanceProfileAssociation", PROFILE_ASSOCIATION),
            Map.entry("ModifyInstanceAttribute",
                    new Operation(EnumSet.of(ResourceKind.INSTANCE), Set.of(), true)),
            Map.entry("ModifyNetworkInterfaceAttribute",
                    new Operation(EnumSet.of(ResourceKind.NETWORK_INTERFACE), Set.of(), true)));

    private CloudTrailChanges() {
    }

    /** The API names that can report a change (what the EventBridge rule matches), sorted. */
    static Set<String> changeOperations() {
        return new TreeSet<>(OPERATIONS.keySet());
    }

    /** The API names this class reads (for documentation and EventBridge patterns). */
    static Set<String> operations() {
        Set<String> names = new TreeSet<>(OPERATIONS.keySet());
        names.add("CreateSecurityGroup");
        return names;
    }

    static Trigger parse(EventEnvelope envelope, JsonNode detail) {
        String eventName = JsonFields.requiredText(detail, "eventName", "detail.eventName");
        String eventSource = JsonFields.optionalText(detail, "eventSource", "detail.eventSource");
        if (eventSource != null && !"ec2.amazonaws.com".equals(eventSource)) {
            return ignored(envelope, eventSource + " " + eventName + " is not an EC2 API call");
        }
        String errorCode = JsonFields.optionalText(detail, "errorCode", "detail.errorCode");
        if (errorCode != null) {
            return ignored(envelope, eventName + " failed with " + errorCode + ": nothing changed");
        }
        if ("CreateSecurityGroup".equals(eventName)) {
            return ignored(envelope, "CreateSecurityGroup: a new security group has no members yet; attaching it"
                    + " arrives as its own event");
        }
        Operation operation = OPERATIONS.get(eventName);
        if (operation == null) {
            return ignored(envelope, eventName + " is not a change the checks depend on");
        }
        JsonNode request = detail.get("requestParameters");
        JsonNode response = detail.get("responseElements");
        if (operation.groupsOnly() && ResourceIds.find(request).stream()
                .noneMatch(ref -> ref.kind() == ResourceKind.SECURITY_GROUP)) {
            return ignored(envelope, eventName + " changed " + describeAttributes(request)
                    + ", not security groups");
        }
        Set<ResourceRef> subjects = new LinkedHashSet<>();
        for (JsonNode part : List.of(nullToMissing(request), nullToMissing(response))) {
            ResourceIds.find(part, operation.skipKeys()).stream()
                    .filter(ref -> operation.subjects().contains(ref.kind()))
                    .forEach(subjects::add);
        }
        if (subjects.isEmpty()) {
            return ignored(envelope, eventName + " names no " + operation.subjects().stream()
                    .map(kind -> kind.prefix() + "-").collect(Collectors.joining(" or ")) + " id");
        }
        Set<ResourceRef> context = new LinkedHashSet<>(ResourceIds.find(request));
        context.addAll(ResourceIds.find(response));
        context.removeAll(subjects);
        Instant changedAt = JsonFields.optionalTime(detail, "eventTime", "detail.eventTime");
        return new ResourceChange(envelope, ChangeOrigin.CLOUDTRAIL, eventName,
                changedAt == null ? envelope.time() : changedAt, new ArrayList<>(subjects), new ArrayList<>(context));
    }

    private static JsonNode nullToMissing(JsonNode node) {
        return node == null || node.isNull() ? MissingNode.getInstance() : node;
    }

    private static String describeAttributes(JsonNode request) {
        if (request == null || !request.isObject()) {
            return "nothing it names";
        }
        JsonNode attribute = request.get("attribute");
        if (attribute != null && attribute.isTextual()) {
            return attribute.asText();
        }
        List<String> names = new ArrayList<>();
        request.properties().forEach(field -> {
            String key = field.getKey();
            if (!key.endsWith("Id") && !key.endsWith("Request")) {
                names.add(key);
            }
        });
        return names.isEmpty() ? "an attribute" : String.join(", ", names);
    }

    private static IgnoredEvent ignored(EventEnvelope envelope, String reason) {
        return new IgnoredEvent(envelope.source(), envelope.detailType(), envelope.id(), reason);
    }
}
