package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.subsentinel.app.change.ChangeImpactMapper;
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

        assertThat(functions).containsExactlyInAnyOrder("ScanFunction", "ChangeFunction", "ConfigRuleFunction");
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

        assertThat(allRules).containsExactlyInAnyOrderElementsOf(rules.keySet());
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
