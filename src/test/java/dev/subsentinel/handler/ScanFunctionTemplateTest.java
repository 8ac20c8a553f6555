package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.testing.TemplateYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The ScanFunction of template.yaml against the code: handler, runtime, and least privilege. */
class ScanFunctionTemplateTest {

    private static JsonNode properties() {
        return TemplateYaml.resource("ScanFunction").get("Properties");
    }

    @Test
    void scanFunction_readOnlyStatement_grantsExactlyTheActionsTheChecksDeclare() {
        List<String> granted = new ArrayList<>();
        for (JsonNode policy : properties().get("Policies")) {
            if (policy.has("Statement")) {
                for (JsonNode statement : policy.get("Statement")) {
                    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                    if ("SendShards".equals(statement.path("Sid").asText())) {
                        // split scans (issue 11): the shards go to the worker's queue, nothing else is sent
                        assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
                        assertThat(statement.get("Resource").asText()).isEqualTo("TargetQueue.Arn");
                        continue;
                    }
                    JsonNode action = statement.get("Action");
                    if (action.isArray()) {
                        assertThat(statement.get("Resource").asText()).isEqualTo("*");
                        action.forEach(a -> granted.add(a.asText()));
                    } else {
                        // the one resource-scoped read: GetRole on the LM-US service-linked role
                        assertThat(action.asText()).isEqualTo("iam:GetRole");
                        assertThat(statement.get("Resource").asText())
                                .endsWith("/" + dev.subsentinel.core.model.ServiceLinkedRole.LMUS_ROLE_NAME);
                        granted.add(action.asText());
                    }
                }
            }
        }

        assertThat(granted).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(granted)).containsExactlyElementsOf(CheckRegistry.defaults().requiredActions());
        assertThat(granted).allSatisfy(action -> assertThat(action).matches("[a-z0-9-]+:(Describe|List|Get)\\w+"));
    }

    @Test
    void scanFunction_otherPolicies_trackingAndAlertingAndTheOptionalChannels() {
        List<String> managed = new ArrayList<>();
        for (JsonNode policy : properties().get("Policies")) {
            if (policy.isArray()) {
                // !If [Condition, !Ref Policy, !Ref AWS::NoValue]: the optional channels' policies (issue 14)
                managed.add(policy.get(0).asText() + "?" + policy.get(1).asText());
            } else if (!policy.has("Statement")) {
                managed.add(policy.asText());
            }
        }

        assertThat(managed).containsExactly("TrackingAndAlertingPolicy", "ChatEnabled?ChatPublishPolicy",
                "SecurityHubEnabled?SecurityHubFindingsPolicy");
    }

    @Test
    void scanFunction_handlerRuntimeAndSchedule_matchTheCode() {
        JsonNode globals = TemplateYaml.template().get("Globals").get("Function");

        assertThat(properties().get("Handler").asText())
                .isEqualTo(ScanHandler.class.getName() + "::handleRequest");
        assertThat(globals.get("Runtime").asText()).isEqualTo("java21");
        assertThat(globals.get("Architectures").get(0).asText()).isEqualTo("arm64");
        JsonNode schedule = properties().get("Events").get("Schedule");
        assertThat(schedule.get("Type").asText()).isEqualTo("Schedule");
        assertThat(schedule.get("Properties").get("Schedule")).extracting(JsonNode::asText)
                .containsExactly("ScanSchedule", "ScanIntervalMinutes", "Expression");
        assertThat(TemplateYaml.template().get("Parameters").get("ScanIntervalMinutes").get("Default").asInt())
                .isEqualTo(5);
        assertThat(properties().get("Timeout").asInt()).isLessThan(600);
    }

    @Test
    void globals_environment_coversEverySettingOfTheFunctions() {
        JsonNode variables = TemplateYaml.template().get("Globals").get("Function").get("Environment")
                .get("Variables");

        List<String> names = new ArrayList<>();
        variables.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("SENTINEL_TOPIC_ARN", "SENTINEL_STATE_TABLE", "SENTINEL_INSTANCE_TAG",
                "SENTINEL_PING_STALE_MINUTES", "SENTINEL_MIN_AGENT_VERSION", "SENTINEL_APPROVED_RDP_SOURCES",
                "SENTINEL_REPEAT_ALERT_HOURS", "SENTINEL_DIGEST_THRESHOLD", "POWERTOOLS_METRICS_NAMESPACE",
                "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL");
    }
}
