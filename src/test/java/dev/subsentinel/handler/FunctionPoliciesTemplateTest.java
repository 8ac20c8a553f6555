package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.multi.MemberAccess;
import dev.subsentinel.app.multi.OrganizationAccounts;
import dev.subsentinel.app.multi.SqsTargetQueue;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.LmusEventKind;
import dev.subsentinel.event.ResourceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against the code: every function's read-only statement grants exactly the actions its code calls (no
 * more, no less), and the change triggers and the Config rule are wired as the parser and the rule expect. The
 * template is read as YAML; CloudFormation tags read as their plain values ({@code !Ref X.Alias} as "X.Alias").
 */
class FunctionPoliciesTemplateTest {

    private static JsonNode resources;

    @BeforeAll
    static void load() throws IOException {
        resources = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile()).get("Resources");
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = resources.get(logicalId);
        assertThat(resource).as(logicalId).isNotNull();
        return resource;
    }

    /** The actions of a function's inline statement with this Sid. */
    private static Set<String> statementActions(String function, String sid) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : resource(function).get("Properties").get("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                if (sid.equals(statement.path("Sid").asText())) {
                    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                    JsonNode action = statement.get("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                }
            }
        }
        assertThat(actions).as(function + " " + sid).isNotEmpty();
        return actions;
    }

    /** The managed policies a function references. */
    private static List<String> managedPolicies(String function) {
        List<String> refs = new ArrayList<>();
        for (JsonNode policy : resource(function).get("Properties").get("Policies")) {
            if (policy.isTextual()) {
                refs.add(policy.asText());
            }
        }
        return refs;
    }

    /** The read-only actions of a function: its ReadOnlyFacts statement and its GetRole on the LM-US role. */
    private static Set<String> readActions(String function) {
        Set<String> actions = statementActions(function, "ReadOnlyFacts");
        actions.addAll(statementActions(function, "ReadServiceLinkedRole"));
        return actions;
    }

    @Test
    void everyCollectingFunction_getRole_onlyOnTheLmusServiceLinkedRole() {
        for (String function : List.of("ScanFunction", "ChangeFunction", "ConfigRuleFunction")) {
            for (JsonNode policy : resource(function).get("Properties").get("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    if ("ReadServiceLinkedRole".equals(statement.path("Sid").asText())) {
                        assertThat(statement.get("Resource").asText()).as(function).isEqualTo(
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
                                        + "license-manager-user-subscriptions.amazonaws.com/"
                                        + dev.subsentinel.core.model.ServiceLinkedRole.LMUS_ROLE_NAME);
                    }
                }
            }
        }
    }

    private static Set<String> checkActions() {
        return new TreeSet<>(CheckRegistry.defaults().requiredActions());
    }

    @Test
    void everyFunction_hasAPolicyExpectationHere() {
        List<String> functions = new ArrayList<>();
        resources.properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().get("Type").asText())) {
                functions.add(e.getKey());
            }
        });

        assertThat(functions).containsExactlyInAnyOrder("ScanFunction", "ChangeFunction", "ConfigRuleFunction",
                "CoordinatorFunction", "WorkerFunction");
    }

    @Test
    void scanFunction_readOnlyStatement_exactlyTheChecksActions() {
        assertThat(readActions("ScanFunction")).isEqualTo(checkActions());
        assertThat(managedPolicies("ScanFunction")).containsExactly("TrackingAndAlertingPolicy");
    }

    @Test
    void changeFunction_readOnlyStatement_exactlyTheChecksAndTheMappersActions() {
        Set<String> needed = checkActions();
        needed.addAll(ChangeImpactMapper.REQUIRED_ACTIONS);

        assertThat(readActions("ChangeFunction")).isEqualTo(needed);
        assertThat(managedPolicies("ChangeFunction")).containsExactly("TrackingAndAlertingPolicy");
        assertThat(resource("ChangeFunction").get("Properties").get("Policies")).hasSize(4);
    }

    @Test
    void configRuleFunction_readOnlyStatementAndPutEvaluations_nothingElse() {
        JsonNode properties = resource("ConfigRuleFunction").get("Properties");

        assertThat(readActions("ConfigRuleFunction")).isEqualTo(checkActions());
        assertThat(statementActions("ConfigRuleFunction", "ReportEvaluations"))
                .containsExactly("config:PutEvaluations");
        assertThat(managedPolicies("ConfigRuleFunction")).isEmpty();
        assertThat(properties.get("Policies").get(0).get("Statement")).hasSize(3);
        assertThat(properties.get("Environment").get("Variables").get("SENTINEL_STATE_TABLE").asText()).isEmpty();
        assertThat(properties.get("Environment").get("Variables").get("SENTINEL_TOPIC_ARN").asText()).isEmpty();
    }

    @Test
    void eventDrivenFunctions_snapStartOnThePublishedAliasWithTheirOwnLogGroup() {
        for (String function : List.of("ChangeFunction", "ConfigRuleFunction")) {
            JsonNode properties = resource(function).get("Properties");
            assertThat(properties.get("AutoPublishAlias").asText()).as(function).isEqualTo("live");
            assertThat(properties.get("SnapStart").get("ApplyOn").asText()).isEqualTo("PublishedVersions");
            String logGroup = properties.get("LoggingConfig").get("LogGroup").asText();
            assertThat(resource(logGroup).get("Properties").get("RetentionInDays").asText())
                    .isEqualTo("LogRetentionDays");
        }
        assertThat(resource("ConfigRuleFunction").get("Condition").asText()).isEqualTo("ConfigRuleEnabled");
        assertThat(resource("ConfigRuleFunctionLogGroup").get("Condition").asText()).isEqualTo("ConfigRuleEnabled");
    }

    @Test
    void cloudTrailRule_matchesExactlyTheCallsTheParserReadsWithAllManagementEvents() {
        JsonNode rule = resource("CloudTrailChangesRule").get("Properties");
        JsonNode detail = rule.get("EventPattern").get("detail");

        assertThat(rule.get("State").asText()).isEqualTo("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
        assertThat(texts(detail.get("eventName"))).isEqualTo(EventParser.cloudTrailChangeEvents());
        assertThat(texts(detail.get("eventSource"))).containsExactly("ec2.amazonaws.com");
        assertThat(detail.get("errorCode").get(0).get("exists").asBoolean()).isFalse();
    }

    @Test
    void configItemRule_matchesExactlyTheResourceTypesTheParserReads() {
        Set<String> types = new TreeSet<>();
        Arrays.stream(ResourceKind.values()).map(ResourceKind::configResourceType).filter(Objects::nonNull)
                .forEach(types::add);
        JsonNode detail = resource("ConfigItemChangeRule").get("Properties").get("EventPattern").get("detail");

        assertThat(detail.get("$or")).hasSize(2);
        assertThat(texts(detail.get("$or").get(0).get("configurationItem").get("resourceType"))).isEqualTo(types);
        assertThat(texts(detail.get("$or").get(1).get("configurationItemSummary").get("resourceType")))
                .isEqualTo(types);
    }

    @Test
    void lmusRules_matchEveryEventTheParserReads_instanceEventsAndRegistrationEvents() {
        for (boolean instanceEvents : List.of(true, false)) {
            JsonNode pattern = resource(instanceEvents ? "LmusInstanceEventsRule" : "LmusIdentityProviderEventsRule")
                    .get("Properties").get("EventPattern");
            Set<String> kinds = new TreeSet<>();
            Arrays.stream(LmusEventKind.values()).filter(k -> k.instanceEvent() == instanceEvents)
                    .map(LmusEventKind::detailType).forEach(kinds::add);

            assertThat(texts(pattern.get("detail-type"))).isEqualTo(kinds);
            assertThat(texts(pattern.get("source"))).containsExactly("aws.license-manager-user-subscriptions");
        }
    }

    @Test
    void changeRules_conditionalTargetTheAliasAndEachHasItsPermission() {
        Map<String, String> rules = Map.of("LmusInstanceEventsRule", "LmusInstanceEventsPermission",
                "LmusIdentityProviderEventsRule", "LmusIdentityProviderEventsPermission",
                "Ec2StateChangeRule", "Ec2StateChangePermission", "CloudTrailChangesRule",
                "CloudTrailChangesPermission", "ConfigItemChangeRule", "ConfigItemChangePermission",
                "SsmComplianceRule", "SsmCompliancePermission");
        List<String> allRules = new ArrayList<>();
        resources.properties().forEach(e -> {
            if ("AWS::Events::Rule".equals(e.getValue().get("Type").asText())) {
                allRules.add(e.getKey());
            }
        });

        assertThat(allRules).containsExactlyInAnyOrderElementsOf(union(rules.keySet(), Set.of("MemberChangesRule")));
        rules.forEach((rule, permission) -> {
            assertThat(resource(rule).get("Condition").asText()).isEqualTo("ChangeTriggersEnabled");
            assertThat(resource(rule).get("Properties").get("Targets")).singleElement()
                    .satisfies(t -> assertThat(t.get("Arn").asText()).isEqualTo("ChangeFunction.Alias"));
            JsonNode grant = resource(permission);
            assertThat(grant.get("Condition").asText()).isEqualTo("ChangeTriggersEnabled");
            assertThat(grant.get("Properties").get("FunctionName").asText()).isEqualTo("ChangeFunction.Alias");
            assertThat(grant.get("Properties").get("Principal").asText()).isEqualTo("events.amazonaws.com");
            assertThat(grant.get("Properties").get("SourceArn").asText()).isEqualTo(rule + ".Arn");
        });
    }

    @Test
    void workerFunction_readOnlyStatementTheChecksAndTheMappersActions_fedByTheQueueWithPartialBatchFailures() {
        Set<String> needed = checkActions();
        needed.addAll(ChangeImpactMapper.REQUIRED_ACTIONS);

        assertThat(readActions("WorkerFunction")).isEqualTo(needed);
        assertThat(managedPolicies("WorkerFunction")).containsExactly("TrackingAndAlertingPolicy");
        assertThat(statementActions("WorkerFunction", "ReceiveTargets"))
                .containsExactlyInAnyOrderElementsOf(WorkerHandler.EVENT_SOURCE_ACTIONS);
        assertThat(statementActions("WorkerFunction", "SendShards"))
                .containsExactlyElementsOf(SqsTargetQueue.REQUIRED_ACTIONS);
        assertThat(resource("WorkerFunction").get("Properties").has("Events"))
                .as("no SAM SQS event: it would attach AWSLambdaSQSQueueExecutionRole (every queue)").isFalse();
        JsonNode mapping = resource("WorkerEventSource").get("Properties");
        assertThat(mapping.get("FunctionName").asText()).isEqualTo("WorkerFunction");
        assertThat(mapping.get("EventSourceArn").asText()).isEqualTo("TargetQueue.Arn");
        assertThat(mapping.get("FunctionResponseTypes")).extracting(JsonNode::asText)
                .containsExactly("ReportBatchItemFailures");
        assertThat(mapping.get("BatchSize").asInt()).as("one target or shard per invocation").isEqualTo(1);
    }

    @Test
    void targetQueue_deadLetterQueueWithItsAlarm_visibilityAboveTheWorkersTimeout() {
        JsonNode queue = resource("TargetQueue").get("Properties");
        int timeout = resource("WorkerFunction").get("Properties").get("Timeout").asInt();

        assertThat(queue.get("RedrivePolicy").get("deadLetterTargetArn").asText())
                .isEqualTo("TargetDeadLetterQueue.Arn");
        assertThat(queue.get("RedrivePolicy").get("maxReceiveCount").asInt()).isBetween(2, 5);
        assertThat(queue.get("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
        JsonNode alarm = resource("TargetDeadLetterAlarm").get("Properties");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(alarm.get("Dimensions").get(0).get("Value").asText()).isEqualTo("TargetDeadLetterQueue.QueueName");
        assertThat(alarm.get("AlarmActions")).extracting(JsonNode::asText).containsExactly("AlarmTopic");
    }

    @Test
    void coordinatorFunction_onlyWithTargets_sendsToTheQueueListsAccountsOnlyWithOrganizations() {
        JsonNode coordinator = resource("CoordinatorFunction");
        JsonNode policies = coordinator.get("Properties").get("Policies");

        assertThat(coordinator.get("Condition").asText()).isEqualTo("MultiAccount");
        assertThat(statementActions("CoordinatorFunction", "SendTargets"))
                .containsExactlyElementsOf(SqsTargetQueue.REQUIRED_ACTIONS);
        assertThat(policies).hasSize(2);
        assertThat(policies.get(1).get(0).asText()).as("ListAccounts only with UseOrganizations")
                .isEqualTo("UseOrganizationAccounts");
        assertThat(policies.get(1).get(1).get("Statement").get(0).get("Action").asText())
                .isEqualTo(OrganizationAccounts.REQUIRED_ACTIONS.getFirst());
        assertThat(coordinator.get("Properties").get("Events").get("Schedule").get("Properties").get("Schedule"))
                .isEqualTo(resource("ScanFunction").get("Properties").get("Events").get("Schedule")
                        .get("Properties").get("Schedule"));
        JsonNode worker = resource("WorkerFunction").get("Properties").get("Policies");
        assertThat(worker.get(2).get(0).asText()).as("sts:AssumeRole only when member accounts are scanned")
                .isEqualTo("MultiAccount");
        assertThat(worker.get(2).get(1).get("Statement").get(0).get("Action").asText())
                .isEqualTo(MemberAccess.REQUIRED_ACTIONS.getFirst());
    }

    @Test
    void memberBus_ruleForwardsTheChangeSourcesToTheQueue_queuePolicyOnlyForThatRule() {
        JsonNode rule = resource("MemberChangesRule");
        Set<String> sources = new TreeSet<>();
        for (String changeRule : List.of("LmusInstanceEventsRule", "Ec2StateChangeRule", "CloudTrailChangesRule",
                "ConfigItemChangeRule", "SsmComplianceRule")) {
            resource(changeRule).get("Properties").get("EventPattern").get("source").forEach(s -> sources.add(
                    s.asText()));
        }

        assertThat(rule.get("Condition").asText()).isEqualTo("MultiAccount");
        assertThat(rule.get("Properties").get("EventBusName").asText()).isEqualTo("MemberEventBus");
        assertThat(rule.get("Properties").get("EventPattern").get("source")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(sources);
        assertThat(rule.get("Properties").get("Targets")).singleElement()
                .satisfies(t -> assertThat(t.get("Arn").asText()).isEqualTo("TargetQueue.Arn"));
        JsonNode statement = resource("TargetQueuePolicy").get("Properties").get("PolicyDocument").get("Statement")
                .get(0);
        assertThat(statement.get("Principal").get("Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(statement.get("Condition").get("ArnEquals").get("aws:SourceArn").asText())
                .isEqualTo("MemberChangesRule.Arn");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void configRule_customLambdaOnInstancesChangeOversizedAndPeriodic() {
        JsonNode rule = resource("InstanceComplianceRule");
        JsonNode source = rule.get("Properties").get("Source");
        JsonNode permission = resource("ConfigRulePermission");

        assertThat(rule.get("Condition").asText()).isEqualTo("ConfigRuleEnabled");
        assertThat(texts(rule.get("Properties").get("Scope").get("ComplianceResourceTypes")))
                .containsExactly("AWS::EC2::Instance");
        assertThat(source.get("Owner").asText()).isEqualTo("CUSTOM_LAMBDA");
        assertThat(source.get("SourceIdentifier").asText()).isEqualTo("ConfigRuleFunction.Alias");
        assertThat(source.get("SourceDetails")).extracting(d -> d.get("EventSource").asText() + " "
                + d.get("MessageType").asText()).containsExactlyInAnyOrder(
                        "aws.config ConfigurationItemChangeNotification",
                        "aws.config OversizedConfigurationItemChangeNotification",
                        "aws.config ScheduledNotification");
        assertThat(source.get("SourceDetails")).filteredOn(d -> d.has("MaximumExecutionFrequency"))
                .singleElement().satisfies(d -> assertThat(d.get("MaximumExecutionFrequency").asText())
                        .isEqualTo("ConfigRuleFrequency"));
        assertThat(permission.get("Condition").asText()).isEqualTo("ConfigRuleEnabled");
        assertThat(permission.get("Properties").get("Principal").asText()).isEqualTo("config.amazonaws.com");
        assertThat(permission.get("Properties").get("SourceAccount").asText()).isEqualTo("AWS::AccountId");
        assertThat(permission.get("Properties").get("FunctionName").asText()).isEqualTo("ConfigRuleFunction.Alias");
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
