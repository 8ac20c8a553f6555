package dev.subsentinel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    private static final String I1 = "i-0123456789abcdef0";

    /** A Config rule invocation as the runtime's serialisation would hand a handler that takes a map. */
    private static Map<String, Object> asMap(ConfigEvent event) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("version", event.getVersion());
        map.put("invokingEvent", event.getInvokingEvent());
        map.put("ruleParameters", event.getRuleParameters());
        map.put("resultToken", event.getResultToken());
        map.put("eventLeftScope", event.getEventLeftScope());
        map.put("executionRoleArn", event.getExecutionRoleArn());
        map.put("configRuleArn", event.getConfigRuleArn());
        map.put("configRuleName", event.getConfigRuleName());
        map.put("configRuleId", event.getConfigRuleId());
        map.put("accountId", event.getAccountId());
        return map;
    }

    private static String envelope(String source, String detailType, String detail) {
        return """
                {"version": "0", "id": "e-1", "detail-type": "%s", "source": "%s", "account": "123456789012",
                 "time": "2026-11-25T12:00:00Z", "region": "us-east-1", "resources": [], "detail": %s}
                """.formatted(detailType, source, detail);
    }

    private static String cloudTrail(String eventName, String request, String response) {
        return envelope("aws.ec2", "AWS API Call via CloudTrail", """
                {"eventTime": "2026-11-25T11:59:58Z", "eventSource": "ec2.amazonaws.com", "eventName": "%s",
                 "requestParameters": %s, "responseElements": %s}
                """.formatted(eventName, request, response));
    }

    private static EventParseException parseError(String json) {
        try {
            EventParser.parse(json);
        } catch (EventParseException e) {
            return e;
        }
        throw new AssertionError("expected an EventParseException for " + json);
    }

    @Test
    void parse_notJson_errorNamesTheWholeInput() {
        EventParseException error = parseError("this is not json");

        assertThat(error.field()).isEqualTo("$");
        assertThat(error.getMessage()).contains("not JSON");
    }

    @Test
    void parse_jsonArray_errorSaysObjectExpected() {
        assertThat(parseError("[1, 2]").getMessage()).contains("must be a JSON object");
    }

    @Test
    void parse_nullText_errorSaysEmpty() {
        assertThatThrownBy(() -> EventParser.parse((String) null))
                .isInstanceOf(EventParseException.class).hasMessageContaining("empty");
    }

    @Test
    void parse_noDetailType_errorNamesDetailType() {
        EventParseException error = parseError("{\"source\": \"aws.ec2\", \"detail\": {}}");

        assertThat(error.field()).isEqualTo("detail-type");
        assertThat(error.getMessage()).contains("missing field 'detail-type'");
    }

    @Test
    void parse_emptyObject_errorNamesDetailType() {
        assertThat(parseError("{}").field()).isEqualTo("detail-type");
    }

    @Test
    void parse_cloudTrailWithoutDetail_errorNamesDetail() {
        EventParseException error = parseError(
                "{\"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.ec2\"}");

        assertThat(error.field()).isEqualTo("detail");
    }

    @Test
    void parse_cloudTrailWithoutEventName_errorNamesEventName() {
        EventParseException error = parseError(envelope("aws.ec2", "AWS API Call via CloudTrail",
                "{\"eventSource\": \"ec2.amazonaws.com\"}"));

        assertThat(error.field()).isEqualTo("detail.eventName");
    }

    @Test
    void parse_malformedTime_errorNamesTime() {
        String json = envelope("aws.events", "Scheduled Event", "{}").replace("2026-11-25T12:00:00Z", "yesterday");

        assertThat(parseError(json).field()).isEqualTo("time");
    }

    @Test
    void parse_resourcesNotAnArray_errorNamesResources() {
        String json = envelope("aws.events", "Scheduled Event", "{}").replace("\"resources\": []",
                "\"resources\": \"arn:aws:events:us-east-1:123456789012:rule/x\"");

        assertThat(parseError(json).field()).isEqualTo("resources");
    }

    @Test
    void parse_stateChangeWithoutInstanceId_errorNamesField() {
        EventParseException error = parseError(envelope("aws.ec2", "EC2 Instance State-change Notification",
                "{\"state\": \"running\"}"));

        assertThat(error.field()).isEqualTo("detail.instance-id");
    }

    @Test
    void parse_stateChangeWithMalformedInstanceId_errorNamesField() {
        EventParseException error = parseError(envelope("aws.ec2", "EC2 Instance State-change Notification",
                "{\"instance-id\": \"web-server\", \"state\": \"running\"}"));

        assertThat(error.field()).isEqualTo("detail.instance-id");
        assertThat(error.getMessage()).contains("web-server");
    }

    @Test
    void parse_stateChangeToTerminated_terminal() {
        Trigger trigger = EventParser.parse(envelope("aws.ec2", "EC2 Instance State-change Notification",
                "{\"instance-id\": \"" + I1 + "\", \"state\": \"terminated\"}"));

        assertThat(trigger).isInstanceOfSatisfying(InstanceStateChange.class,
                change -> assertThat(change.terminal()).isTrue());
    }

    @Test
    void parse_unknownDetailType_ignoredWithReason() {
        Trigger trigger = EventParser.parse(envelope("aws.s3", "Object Created", "{}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class, ignored -> {
            assertThat(ignored.reason()).contains("aws.s3 / Object Created");
            assertThat(ignored.eventId()).isEqualTo("e-1");
        });
    }

    @Test
    void parse_failedApiCall_ignoredBecauseNothingChanged() {
        String json = cloudTrail("AuthorizeSecurityGroupIngress", "{\"groupId\": \"sg-0123456789abcdef0\"}", "null")
                .replace("\"eventName\"", "\"errorCode\": \"Client.InvalidPermission.Duplicate\", \"eventName\"");

        assertThat(EventParser.parse(json)).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("Client.InvalidPermission.Duplicate"));
    }

    @Test
    void parse_apiCallOutsideTheWatchedSet_ignored() {
        Trigger trigger = EventParser.parse(cloudTrail("RunInstances", "{\"instanceType\": \"m6i.large\"}",
                "{\"instancesSet\": {\"items\": [{\"instanceId\": \"" + I1 + "\"}]}}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("RunInstances is not a change"));
    }

    @Test
    void parse_nonEc2EventSource_ignored() {
        String json = cloudTrail("CreateRoute", "{\"routeTableId\": \"rtb-0123456789abcdef0\"}", "null")
                .replace("ec2.amazonaws.com", "apigateway.amazonaws.com");

        assertThat(EventParser.parse(json)).isInstanceOf(IgnoredEvent.class);
    }

    @Test
    void parse_modifyInstanceAttributeOfInstanceType_ignoredNamingTheAttribute() {
        Trigger trigger = EventParser.parse(cloudTrail("ModifyInstanceAttribute",
                "{\"instanceId\": \"" + I1 + "\", \"instanceType\": {\"value\": \"m6i.xlarge\"}}",
                "{\"_return\": true}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("instanceType").contains("not security groups"));
    }

    @Test
    void parse_modifyInstanceAttributeByAttributeName_ignoredNamingTheAttribute() {
        Trigger trigger = EventParser.parse(cloudTrail("ModifyInstanceAttribute",
                "{\"instanceId\": \"" + I1 + "\", \"attribute\": \"disableApiTermination\", \"value\": \"true\"}",
                "{\"_return\": true}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("disableApiTermination"));
    }

    @Test
    void parse_modifyNetworkInterfaceGroupsAsSingleItem_subjectIsTheInterface() {
        Trigger trigger = EventParser.parse(cloudTrail("ModifyNetworkInterfaceAttribute",
                "{\"networkInterfaceId\": \"eni-0123456789abcdef0\","
                        + " \"groupSet\": {\"item\": {\"groupId\": \"sg-0aa11bb22cc33dd44\"}}}",
                "{\"_return\": true}"));

        assertThat(trigger).isInstanceOfSatisfying(ResourceChange.class, change -> {
            assertThat(change.subjectIds(ResourceKind.NETWORK_INTERFACE)).containsExactly("eni-0123456789abcdef0");
            assertThat(change.contextIds(ResourceKind.SECURITY_GROUP)).containsExactly("sg-0aa11bb22cc33dd44");
            assertThat(change.changedAt()).isEqualTo(Instant.parse("2026-11-25T11:59:58Z"));
        });
    }

    @Test
    void parse_ruleNamedByGroupNameOnly_ignoredSayingNoGroupId() {
        Trigger trigger = EventParser.parse(cloudTrail("RevokeSecurityGroupIngress",
                "{\"groupName\": \"default\", \"ipPermissions\": {\"items\": [{\"ipProtocol\": \"-1\"}]}}",
                "{\"_return\": true}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("names no sg- id"));
    }

    @Test
    void parse_ruleReferencingAnotherGroup_peerIsContextNotSubject() {
        Trigger trigger = EventParser.parse(cloudTrail("AuthorizeSecurityGroupIngress",
                "{\"groupId\": \"sg-0123456789abcdef0\", \"ipPermissions\": {\"items\": [{\"ipProtocol\": \"tcp\","
                        + " \"fromPort\": 1688, \"toPort\": 1688, \"groups\": {\"items\": [{\"groupId\":"
                        + " \"sg-0fedcba9876543210\"}]}}]}}",
                "{\"_return\": true}"));

        assertThat(trigger).isInstanceOfSatisfying(ResourceChange.class, change -> {
            assertThat(change.subjects()).containsExactly(new ResourceRef(ResourceKind.SECURITY_GROUP,
                    "sg-0123456789abcdef0"));
            assertThat(change.context()).containsExactly(new ResourceRef(ResourceKind.SECURITY_GROUP,
                    "sg-0fedcba9876543210"));
        });
    }

    @Test
    void parse_lmusEventOfAnotherKind_ignored() {
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions", "User Subscribed",
                "{\"username\": \"jdoe\"}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("not an event the Sentinel acts on"));
    }

    @Test
    void parse_identityProviderEvent_keepsArnsAndWholeDirectoryIdsFromAnyDepthNothingFromFreeText() {
        String idp = "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:identity-provider/idp-1";
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions",
                "Identity Provider Registration Failed", """
                {"registration": {"provider": {"arn": "%s", "directory": {"id": "d-9067a1b2c3"}}},
                 "other": ["arn:aws:ds:us-east-1:123456789012:directory/d-9067ffffff",
                           "see d-9067eeeeee for details", "d-90"],
                 "failureMessage": "no route to the domain controllers"}
                """.formatted(idp)));

        assertThat(trigger).isInstanceOfSatisfying(IdentityProviderEvent.class, event -> {
            assertThat(event.kind()).isEqualTo(LmusEventKind.IDENTITY_PROVIDER_REGISTRATION_FAILED);
            assertThat(event.identityProviderArns()).containsExactly(idp);
            assertThat(event.licenseServerEndpointArns()).isEmpty();
            assertThat(event.directoryIds()).containsExactly("d-9067a1b2c3");
            assertThat(event.message()).isEqualTo("no route to the domain controllers");
            assertThat(event.names(null, "d-9067a1b2c3")).isTrue();
            assertThat(event.names(null, "d-9067ffffff")).isFalse();
            assertThat(event.describe()).contains("Identity Provider Registration Failed", "d-9067a1b2c3", idp);
        });
    }

    @Test
    void parse_licenseServerEventNamingNothing_stillAnIdentityProviderEventThatIdentifiesNone() {
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions",
                "License Server Endpoint Provisioning Failed", "{\"statusMessage\": \"subnet full\"}"));

        assertThat(trigger).isInstanceOfSatisfying(IdentityProviderEvent.class, event -> {
            assertThat(event.identifiesProvider()).isFalse();
            assertThat(event.describe()).contains("names no identity provider").endsWith(": subnet full");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"License Server Endpoint Healthy", "License Server Endpoint Provisioned",
        "License Server Endpoint Updated", "License Server Endpoint Update Failed", "License Server Endpoint Deleted",
        "License Server Endpoint Deletion Failed"})
    void parse_everyLicenseServerEndpointEvent_identityProviderEventNamingTheEndpoint(String detailType) {
        String endpoint = "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:license-server-endpoint/"
                + "lse-1";
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions", detailType,
                "{\"licenseServerEndpointArn\": \"" + endpoint + "\"}"));

        assertThat(trigger).isInstanceOfSatisfying(IdentityProviderEvent.class, event -> {
            assertThat(event.kind().detailType()).isEqualTo(detailType);
            assertThat(event.licenseServerEndpointArns()).containsExactly(endpoint);
            assertThat(event.identifiesProvider()).isTrue();
        });
    }

    @Test
    void parse_lmusEventWithoutAnyInstanceId_ignored() {
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions", "Instance Unhealthy",
                "{\"statusMessage\": \"unhealthy\"}"));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("names no instance id"));
    }

    @Test
    void parse_lmusEventWithKebabCaseField_readsIt() {
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions",
                "Instance Activation Failed", "{\"instance-id\": \"" + I1 + "\", \"reason\": \"KMS timeout\"}"));

        assertThat(trigger).isInstanceOfSatisfying(LmusInstanceEvent.class, event -> {
            assertThat(event.instanceIds()).containsExactly(I1);
            assertThat(event.statusMessage()).isEqualTo("KMS timeout");
        });
    }

    @Test
    void parse_lmusEventWithIdOnlyDeepInDetail_findsIt() {
        Trigger trigger = EventParser.parse(envelope("aws.license-manager-user-subscriptions", "Instance Unhealthy",
                "{\"instanceSummary\": {\"instance\": {\"id\": \"" + I1 + "\"}}}"));

        assertThat(trigger).isInstanceOfSatisfying(LmusInstanceEvent.class,
                event -> assertThat(event.instanceIds()).containsExactly(I1));
    }

    @Test
    void parse_lmusEventNamingTheInstanceTwice_listsItOnce() {
        String json = envelope("aws.license-manager-user-subscriptions", "Instance Terminated",
                "{\"InstanceId\": \"" + I1 + "\"}").replace("\"resources\": []",
                "\"resources\": [\"arn:aws:ec2:us-east-1:123456789012:instance/" + I1 + "\"]");

        assertThat(EventParser.parse(json)).isInstanceOfSatisfying(LmusInstanceEvent.class,
                event -> assertThat(event.instanceIds()).containsExactly(I1));
    }

    @Test
    void parse_ssmComplianceOfHybridNode_ignored() {
        Trigger trigger = EventParser.parse(envelope("aws.ssm", "Configuration Compliance State Change",
                "{\"resource-type\": \"managed-instance\", \"resource-id\": \"mi-0123456789abcdef0\"}"));

        assertThat(trigger).isInstanceOf(IgnoredEvent.class);
    }

    @Test
    void parse_configChangeOfUnwatchedType_ignored() {
        Trigger trigger = EventParser.parse(envelope("aws.config", "Config Configuration Item Change", """
                {"messageType": "ConfigurationItemChangeNotification", "configurationItem": {
                  "resourceType": "AWS::S3::Bucket", "resourceId": "my-bucket"}}
                """));

        assertThat(trigger).isInstanceOfSatisfying(IgnoredEvent.class,
                ignored -> assertThat(ignored.reason()).contains("AWS::S3::Bucket"));
    }

    @Test
    void parse_configCreateOfSecurityGroup_ignored() {
        Trigger trigger = EventParser.parse(envelope("aws.config", "Config Configuration Item Change", """
                {"messageType": "ConfigurationItemChangeNotification",
                 "configurationItemDiff": {"changedProperties": {}, "changeType": "CREATE"},
                 "configurationItem": {"resourceType": "AWS::EC2::SecurityGroup",
                   "resourceId": "sg-0123456789abcdef0", "configurationItemStatus": "ResourceDiscovered"}}
                """));

        assertThat(trigger).isInstanceOf(IgnoredEvent.class);
    }

    @Test
    void parse_configDeletedEndpoint_actionSaysDeleted() {
        Trigger trigger = EventParser.parse(envelope("aws.config", "Config Configuration Item Change", """
                {"messageType": "ConfigurationItemChangeNotification",
                 "configurationItemDiff": {"changedProperties": {}, "changeType": "DELETE"},
                 "configurationItem": {"resourceType": "AWS::EC2::VPCEndpoint",
                   "resourceId": "vpce-0123456789abcdef0", "configurationItemStatus": "ResourceDeleted",
                   "configurationItemCaptureTime": "2026-11-25T12:00:01.000Z", "relationships": [],
                   "configuration": null}}
                """));

        assertThat(trigger).isInstanceOfSatisfying(ResourceChange.class, change -> {
            assertThat(change.action()).isEqualTo("AWS::EC2::VPCEndpoint DELETE (ResourceDeleted)");
            assertThat(change.context()).isEmpty();
        });
    }

    @Test
    void parse_configChangeWithoutItem_errorNamesItem() {
        EventParseException error = parseError(envelope("aws.config", "Config Configuration Item Change",
                "{\"messageType\": \"ConfigurationItemChangeNotification\"}"));

        assertThat(error.field()).isEqualTo("detail.configurationItem");
    }

    @Test
    void parse_configRuleWithInvokingEventNotJson_errorNamesInvokingEvent() {
        EventParseException error = parseError("{\"invokingEvent\": \"{not json\", \"resultToken\": \"t\"}");

        assertThat(error.field()).isEqualTo("invokingEvent");
        assertThat(error.getMessage()).contains("not valid JSON");
    }

    @Test
    void parse_configRuleWithoutResultToken_errorNamesResultToken() {
        EventParseException error = parseError("{\"invokingEvent\": \"{\\\"messageType\\\":"
                + " \\\"ScheduledNotification\\\", \\\"notificationCreationTime\\\": \\\"2026-11-25T12:00:00Z\\\"}\"}");

        assertThat(error.field()).isEqualTo("resultToken");
    }

    @Test
    void parse_configRuleWithoutMessageType_errorNamesMessageType() {
        EventParseException error = parseError("{\"invokingEvent\": \"{}\", \"resultToken\": \"t\"}");

        assertThat(error.field()).isEqualTo("invokingEvent.messageType");
    }

    @Test
    void parse_configRuleChangeWithoutItem_errorNamesItem() {
        EventParseException error = parseError("{\"invokingEvent\": \"{\\\"messageType\\\":"
                + " \\\"ConfigurationItemChangeNotification\\\","
                + " \\\"notificationCreationTime\\\": \\\"2026-11-25T12:00:00Z\\\"}\", \"resultToken\": \"t\"}");

        assertThat(error.field()).isEqualTo("invokingEvent.configurationItem");
    }

    @Test
    void parse_configRuleWithRuleParametersNull_emptyParameters() {
        Trigger trigger = EventParser.parse("{\"invokingEvent\": \"{\\\"messageType\\\": \\\"ScheduledNotification\\\","
                + " \\\"notificationCreationTime\\\": \\\"2026-11-25T12:00:00Z\\\"}\", \"ruleParameters\": null,"
                + " \"resultToken\": \"TESTMODE\"}");

        assertThat(trigger).isInstanceOfSatisfying(ConfigRuleInvocation.class, rule -> {
            assertThat(rule.ruleParameters()).isEmpty();
            assertThat(rule.orderingTimestamp()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        });
    }

    @Test
    void parse_configRuleSnapshotDelivery_ignored() {
        Trigger trigger = EventParser.parse("{\"invokingEvent\": \"{\\\"messageType\\\":"
                + " \\\"ConfigurationSnapshotDeliveryCompleted\\\"}\", \"resultToken\": \"t\"}");

        assertThat(trigger).isInstanceOf(IgnoredEvent.class);
    }

    @ParameterizedTest
    @Events(type = ConfigEvent.class, events = {
        @Event("events/config-rule-change-triggered.json"),
        @Event("events/config-rule-oversized.json"),
        @Event("events/config-rule-event-left-scope.json")})
    void parse_configEventFromLambdaRuntime_changeTriggeredInvocation(ConfigEvent event) {
        Trigger trigger = EventParser.parse(asMap(event));

        assertThat(trigger).isInstanceOfSatisfying(ConfigRuleInvocation.class, rule -> {
            assertThat(rule.periodic()).isFalse();
            assertThat(rule.item().resourceId()).isEqualTo(I1);
            assertThat(rule.orderingTimestamp()).isEqualTo(rule.item().captureTime());
            assertThat(rule.resourceGone()).isEqualTo(event.getEventLeftScope());
            assertThat(rule.configRuleName()).isEqualTo("lmus-instance-compliance");
        });
    }

    @ParameterizedTest
    @Event(value = "events/config-rule-periodic.json", type = ConfigEvent.class)
    void parse_periodicConfigEventFromLambdaRuntime_orderedByNotificationTime(ConfigEvent event) {
        Trigger trigger = EventParser.parse(asMap(event));

        assertThat(trigger).isInstanceOfSatisfying(ConfigRuleInvocation.class, rule -> {
            assertThat(rule.periodic()).isTrue();
            assertThat(rule.orderingTimestamp()).isEqualTo(Instant.parse("2026-11-25T12:00:00.373Z"));
            assertThat(rule.ruleParameters()).containsEntry("activationPort", "1688");
        });
    }

    @Test
    void parse_manualRunWithMalformedId_errorNamesTheElement() {
        EventParseException error = parseError("{\"instanceIds\": [\"" + I1 + "\", \"i-xyz\"], \"dryRun\": true}");

        assertThat(error.field()).isEqualTo("instanceIds[1]");
    }

    @Test
    void parse_manualRunWithIdsNotAList_errorNamesInstanceIds() {
        assertThat(parseError("{\"instanceIds\": \"" + I1 + "\"}").field()).isEqualTo("instanceIds");
    }

    @Test
    void parse_manualRunWithDryRunNotBoolean_errorNamesDryRun() {
        assertThat(parseError("{\"instanceIds\": [], \"dryRun\": \"yes\"}").field()).isEqualTo("dryRun");
    }

    @Test
    void parse_manualRunWithoutDryRun_defaultsToDryRun() {
        assertThat(EventParser.parse("{\"instanceIds\": [\"" + I1 + "\"]}"))
                .isEqualTo(new ManualRun(List.of(I1), true));
    }

    @Test
    void parse_manualRunWithDryRunFalseAndNoIds_wholeFleetForReal() {
        assertThat(EventParser.parse("{\"dryRun\": false}")).isEqualTo(new ManualRun(List.of(), false));
    }

    @Test
    void parse_mapFromLambdaRuntime_sameAsText() {
        Map<String, Object> event = Map.of("detail-type", "EC2 Instance State-change Notification",
                "source", "aws.ec2", "detail", Map.of("instance-id", I1, "state", "running"));

        assertThat(EventParser.parse(event)).isInstanceOfSatisfying(InstanceStateChange.class,
                change -> assertThat(change.state()).isEqualTo("running"));
    }
}
