package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.testing.TemplateYaml;
import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.track.DynamoDbStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against the code: the dashboard body is valid JSON and shows only metrics the code emits, with the
 * dimensions it emits them with; the alarms watch emitted metrics and notify the alarm topic; the table matches the
 * adapter. CloudFormation tags (!Ref, !Sub, !GetAtt) are read as their plain values.
 */
class ObservabilityTemplateTest {

    private static final JsonNode TEMPLATE = TemplateYaml.template();

    @Test
    void dashboardBody_substituted_isValidJsonWithMetricAndAlarmWidgets() throws IOException {
        JsonNode body = TemplateYaml.dashboard();

        assertThat(body.get("widgets")).isNotEmpty();
        assertThat(body.get("widgets")).extracting(w -> w.get("type").asText()).contains("metric", "alarm", "text");
        for (JsonNode widget : body.get("widgets")) {
            assertThat(widget.get("x").asInt() + widget.get("width").asInt()).isLessThanOrEqualTo(24);
        }
    }

    @Test
    void dashboardBody_subVariables_onlyParametersPseudoParametersAndResourceAttributes() {
        String raw = resource("Dashboard").get("Properties").get("DashboardBody").asText();
        Matcher matcher = TemplateYaml.SUB_VARIABLE.matcher(raw);
        Set<String> variables = new HashSet<>();
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }

        for (String variable : variables) {
            String name = variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable;
            assertThat(variable.startsWith("AWS::") || TEMPLATE.get("Parameters").has(name)
                    || TEMPLATE.get("Resources").has(name)).as(variable).isTrue();
        }
    }

    @Test
    void dashboardMetrics_onlyWhatTheCodeEmitsWithItsDimensions() throws IOException {
        List<List<String>> metrics = TemplateYaml.dashboardMetrics();
        Map<String, FleetMetrics.Metric> emitted = emitted();

        assertThat(metrics).isNotEmpty();
        for (List<String> metric : metrics) {
            assertThat(metric.get(0)).as("namespace of %s", metric).isEqualTo("TestNamespace");
            FleetMetrics.Metric known = emitted.get(metric.get(1));
            assertThat(known).as("metric %s is emitted by FleetMetrics", metric.get(1)).isNotNull();
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (int i = 2; i + 1 < metric.size(); i += 2) {
                dimensions.put(metric.get(i), metric.get(i + 1));
            }
            assertThat(dimensions.keySet()).as("dimensions of %s", metric).containsExactlyElementsOf(
                    known.dimensions());
            assertThat(dimensions.get(FleetMetrics.SCOPE)).isIn(FleetMetrics.FLEET, FleetMetrics.PARTIAL);
            if (dimensions.containsKey(FleetMetrics.CHECK_ID)) {
                assertThat(CheckId.valueOf(dimensions.get(FleetMetrics.CHECK_ID))).isNotNull();
            }
        }
    }

    @Test
    void dashboardMetrics_showEveryEmittedMetricAndEveryCheck() throws IOException {
        List<List<String>> metrics = TemplateYaml.dashboardMetrics();

        assertThat(metrics.stream().map(m -> m.get(1)).distinct())
                .containsExactlyInAnyOrderElementsOf(emitted().keySet());
        assertThat(metrics.stream().filter(m -> m.get(1).equals("CheckFailures")).map(m -> m.get(5)))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(CheckId.values()).map(Enum::name).toList());
    }

    @Test
    void alarms_onSentinelMetrics_watchEmittedMetricsWithEmittedDimensionsAndNotifyTheAlarmTopic() {
        Map<String, FleetMetrics.Metric> emitted = emitted();
        int sentinelAlarms = 0;
        for (Map.Entry<String, JsonNode> resource : TEMPLATE.get("Resources").properties()) {
            JsonNode properties = resource.getValue().get("Properties");
            if (!"AWS::CloudWatch::Alarm".equals(resource.getValue().get("Type").asText())) {
                continue;
            }
            assertThat(properties.get("AlarmActions")).extracting(JsonNode::asText).containsExactly("AlarmTopic");
            properties.path("OKActions").forEach(action -> assertThat(action.asText()).isEqualTo("AlarmTopic"));
            if (properties.get("Namespace").asText().equals("MetricsNamespace")) {
                sentinelAlarms++;
                String name = properties.get("MetricName").asText();
                List<String> names = new ArrayList<>();
                properties.get("Dimensions").forEach(d -> names.add(d.get("Name").asText()));
                String scope = properties.get("Dimensions").get(0).get("Value").asText();
                if (name.equals(TargetMetrics.TARGET_SCAN_FAILED)) {
                    assertThat(names).as(resource.getKey()).containsExactly(FleetMetrics.SCOPE);
                } else {
                    FleetMetrics.Metric metric = emitted.get(name);
                    assertThat(metric).as(resource.getKey()).isNotNull();
                    assertThat(names).containsExactlyElementsOf(metric.dimensions());
                }
                // the member scans' alarms exist only in a multi-account deployment (issue 11)
                if (scope.equals(FleetMetrics.MEMBER)) {
                    assertThat(resource.getValue().get("Condition").asText()).as(resource.getKey())
                            .isEqualTo("MultiAccount");
                } else {
                    assertThat(scope).as(resource.getKey()).isEqualTo(FleetMetrics.FLEET);
                }
            }
        }
        assertThat(sentinelAlarms).isEqualTo(7);
    }

    @Test
    void alarms_heartbeatAndUnhealthy_asSpecified() {
        JsonNode heartbeat = resource("ScanHeartbeatAlarm").get("Properties");
        JsonNode unhealthy = resource("UnhealthyInstancesAlarm").get("Properties");
        JsonNode errors = resource("ScanFunctionErrorsAlarm").get("Properties");

        assertThat(heartbeat.get("MetricName").asText()).isEqualTo("ScanCompleted");
        assertThat(heartbeat.get("TreatMissingData").asText()).isEqualTo("breaching");
        // Its window derives from the scan interval: ScanScheduleTemplateTest.
        assertThat(heartbeat.get("EvaluationPeriods").get(0).asText()).isEqualTo("ScanSchedule");
        assertThat(heartbeat.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(unhealthy.get("MetricName").asText()).isEqualTo("UnhealthyInstances");
        assertThat(unhealthy.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        assertThat(unhealthy.get("Threshold").asInt()).isZero();
        assertThat(errors.get("Namespace").asText()).isEqualTo("AWS/Lambda");
        assertThat(errors.get("Dimensions").get(0).get("Value").asText()).isEqualTo("ScanFunction");
    }

    @Test
    void stateTable_matchesTheDynamoDbAdapter() {
        JsonNode table = resource("StateTable").get("Properties");

        assertThat(table.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
        assertThat(table.get("TimeToLiveSpecification").get("AttributeName").asText())
                .isEqualTo(DynamoDbStateStore.TTL_ATTRIBUTE);
        assertThat(table.get("KeySchema")).extracting(k -> k.get("AttributeName").asText() + "/"
                + k.get("KeyType").asText()).containsExactly(DynamoDbStateStore.PARTITION_KEY + "/HASH",
                DynamoDbStateStore.SORT_KEY + "/RANGE");
    }

    @Test
    void trackingAndAlertingPolicy_exactlyTheActionsOfTheStoreAndThePublisherOnTheirResources() {
        Map<String, JsonNode> statements = new LinkedHashMap<>();
        resource("TrackingAndAlertingPolicy").get("Properties").get("PolicyDocument").get("Statement")
                .forEach(statement -> statements.put(statement.get("Sid").asText(), statement));

        assertThat(statements).containsOnlyKeys("TrackingTable", "PublishAlerts", "UseTheTopicKey");
        assertThat(actions(statements.get("TrackingTable")))
                .containsExactlyInAnyOrderElementsOf(DynamoDbStateStore.REQUIRED_ACTIONS)
                .contains("dynamodb:BatchGetItem")
                .doesNotContain("dynamodb:ConditionCheckItem", "dynamodb:DeleteItem");
        assertThat(statements.get("TrackingTable").get("Resource").asText()).isEqualTo("StateTable.Arn");
        assertThat(actions(statements.get("PublishAlerts")))
                .containsExactlyInAnyOrderElementsOf(SnsAlertPublisher.REQUIRED_ACTIONS);
        assertThat(statements.get("PublishAlerts").get("Resource").asText()).isEqualTo("AlertTopic");
    }

    @Test
    void alertTopic_encryptedWithTheKeyCloudWatchMayUse() {
        JsonNode topic = resource("AlertTopic").get("Properties");
        JsonNode statements = resource("AlertKey").get("Properties").get("KeyPolicy").get("Statement");

        assertThat(topic.get("KmsMasterKeyId").asText()).isEqualTo("AlertKey");
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
            assertThat(statement.get("Action")).extracting(JsonNode::asText).contains("kms:Decrypt",
                    "kms:GenerateDataKey*");
        });
        assertThat(resource("AlertEmailSubscription").get("Condition").asText()).isEqualTo("HasAlertEmail");
    }

    @Test
    void alarmTopic_ownTopicEncryptedWithTheAlertKeyOnlyCloudWatchOfTheAccountPublishesOverTls() {
        JsonNode topic = resource("AlarmTopic").get("Properties");
        JsonNode policy = resource("AlarmTopicPolicy").get("Properties");
        Map<String, JsonNode> statements = new LinkedHashMap<>();
        policy.get("PolicyDocument").get("Statement").forEach(s -> statements.put(s.get("Sid").asText(), s));

        assertThat(topic.get("KmsMasterKeyId").asText()).isEqualTo("AlertKey");
        assertThat(policy.get("Topics")).extracting(JsonNode::asText).containsExactly("AlarmTopic");
        assertThat(statements).containsOnlyKeys("CloudWatchAlarmsOfThisAccountPublish", "OnlyOverTls");
        JsonNode publish = statements.get("CloudWatchAlarmsOfThisAccountPublish");
        assertThat(publish.get("Principal").get("Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
        assertThat(publish.get("Resource").asText()).isEqualTo("AlarmTopic");
        assertThat(publish.get("Condition").get("StringEquals").get("aws:SourceAccount").asText())
                .isEqualTo("AWS::AccountId");
        assertThat(statements.get("OnlyOverTls").get("Effect").asText()).isEqualTo("Deny");
        assertThat(resource("AlarmEmailSubscription").get("Properties").get("TopicArn").asText())
                .isEqualTo("AlarmTopic");
        assertThat(resource("AlarmEmailSubscription").get("Condition").asText()).isEqualTo("HasAlertEmail");
        assertThat(actions(statementsOf("TrackingAndAlertingPolicy").get("PublishAlerts"))).isNotEmpty();
        assertThat(statementsOf("TrackingAndAlertingPolicy").get("PublishAlerts").get("Resource").asText())
                .as("the functions publish alerts only").isEqualTo("AlertTopic");
    }

    private static Map<String, JsonNode> statementsOf(String policy) {
        Map<String, JsonNode> statements = new LinkedHashMap<>();
        resource(policy).get("Properties").get("PolicyDocument").get("Statement")
                .forEach(statement -> statements.put(statement.get("Sid").asText(), statement));
        return statements;
    }

    private static Map<String, FleetMetrics.Metric> emitted() {
        Map<String, FleetMetrics.Metric> out = new LinkedHashMap<>();
        for (FleetMetrics.Metric metric : FleetMetrics.Metric.values()) {
            out.put(metric.metricName(), metric);
        }
        return out;
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.get("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = TEMPLATE.get("Resources").get(logicalId);
        assertThat(resource).as(logicalId).isNotNull();
        return resource;
    }
}
