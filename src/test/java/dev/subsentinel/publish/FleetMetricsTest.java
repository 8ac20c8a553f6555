package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.testing.EmfDocuments;
import dev.subsentinel.track.TrackingFleet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EMF documents on standard output, parsed: every metric, its value, unit and dimensions. */
class FleetMetricsTest {

    private static final String NAMESPACE = "SentinelMetricsTest";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String SICK = "i-0aaa1111bbbb2222c";
    private static final String FINE = "i-0bbb2222cccc3333d";
    private static final String STOPPED = "i-0ccc3333dddd4444e";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;
    private FleetMetrics metrics;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        metrics = new FleetMetrics(FleetMetrics.stdoutMetrics(NAMESPACE));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    @Test
    void record_fleetRun_everyMetricWithValueUnitAndScopeFleet() throws IOException {
        metrics.record(trackedReport(), true, 2, NOW);

        List<JsonNode> documents = documents();
        JsonNode main = single(documents, "InstancesEvaluated");
        assertThat(directive(main).get("Namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(dimensions(main)).containsExactly(List.of("Scope"));
        assertThat(main.get("Scope").asText()).isEqualTo("Fleet");
        assertThat(main.has("_aws")).isTrue();
        assertThat(main.get("_aws").get("Timestamp").asLong()).isPositive();
        assertThat(values(main)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "InstancesEvaluated", 3.0,
                "HealthyInstances", 2.0,
                "AtRiskInstances", 0.0,
                "UnhealthyInstances", 1.0,
                "UnknownInstances", 0.0,
                "OldestUnhealthyMinutes", 90.0,
                "ScanDurationMs", 1234.0,
                "AwsApiCalls", 17.0,
                "AlertsPublished", 2.0));
        assertThat(units(main)).containsAllEntriesOf(Map.of(
                "InstancesEvaluated", "Count",
                "OldestUnhealthyMinutes", "None",
                "ScanDurationMs", "Milliseconds",
                "AwsApiCalls", "Count",
                "AlertsPublished", "Count"));
        for (FleetMetrics.Metric metric : FleetMetrics.Metric.values()) {
            if (metric != FleetMetrics.Metric.CHECK_FAILURES && metric != FleetMetrics.Metric.SCAN_COMPLETED
                    && metric != FleetMetrics.Metric.UNKNOWN_FACTS && metric != FleetMetrics.Metric.ALERTS_DELIVERED
                    && metric != FleetMetrics.Metric.DELIVERY_FAILURES) {
                assertThat(units(main)).containsEntry(metric.metricName(), metric.unit().getName());
            }
        }
    }

    @Test
    void record_fleetRun_checkFailuresPerCheckIdZerosIncluded() throws IOException {
        metrics.record(trackedReport(), true, 0, NOW);

        Map<String, Double> byCheck = new HashMap<>();
        for (JsonNode document : documents()) {
            if (document.has("CheckFailures")) {
                assertThat(dimensions(document)).containsExactly(List.of("Scope", "CheckId"));
                assertThat(document.get("Scope").asText()).isEqualTo("Fleet");
                assertThat(units(document)).containsExactly(Map.entry("CheckFailures", "Count"));
                byCheck.put(document.get("CheckId").asText(), document.get("CheckFailures").asDouble());
            }
        }
        Map<String, Double> expected = new HashMap<>();
        for (CheckId id : CheckId.values()) {
            expected.put(id.name(), 0.0);
        }
        expected.put("SSM_PING", 1.0);
        expected.put("INSTANCE_STATE", 1.0);
        assertThat(byCheck).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void record_runWithUnknownFacts_unknownFactsPerActionAndTheirTotal() throws IOException {
        TrackingFleet fleet = TrackingFleet.of(SICK, FINE)
                .unknown(FactKind.SECURITY_GROUPS, "sg-0aaa1111bbbb2222c", "AccessDenied: ec2:DescribeSecurityGroups"
                        + " is not allowed", "ec2:DescribeSecurityGroups", "AccessDenied")
                .unknown(FactKind.SSM_INFO, SICK, "Timeout: ssm:DescribeInstanceInformation did not answer in time",
                        "ssm:DescribeInstanceInformation", "Timeout")
                .unknown(FactKind.SSM_INFO, FINE, "Timeout: ssm:DescribeInstanceInformation did not answer in time",
                        "ssm:DescribeInstanceInformation", "Timeout");

        metrics.record(fleet.scan("scan-1", NOW), true, 0, NOW);

        Map<String, Double> byAction = new HashMap<>();
        for (JsonNode document : documents()) {
            if (document.has("UnknownFacts")) {
                assertThat(dimensions(document)).containsExactly(List.of("Scope", "Action"));
                assertThat(units(document)).containsExactly(Map.entry("UnknownFacts", "Count"));
                byAction.put(document.get("Action").asText(), document.get("UnknownFacts").asDouble());
            }
        }
        assertThat(byAction).containsExactlyInAnyOrderEntriesOf(Map.of("ALL", 3.0, "ec2:DescribeSecurityGroups", 1.0,
                "ssm:DescribeInstanceInformation", 2.0));
    }

    @Test
    void deliveries_threeChannelsOneFailing_perChannelDeliveredAndFailuresZerosIncluded() throws IOException {
        Map<Channel, int[]> counts = Map.of(Channel.ALERTS, new int[] {3, 0}, Channel.CHAT, new int[] {3, 0},
                Channel.SECURITY_HUB, new int[] {1, 2});
        FleetMetrics.DeliveryCounts delivery = new FleetMetrics.DeliveryCounts() {
            @Override
            public int delivered(Channel channel) {
                return counts.get(channel)[0];
            }

            @Override
            public int failures(Channel channel) {
                return counts.get(channel)[1];
            }
        };

        metrics.deliveries(true, List.of(Channel.ALERTS, Channel.CHAT, Channel.SECURITY_HUB), delivery);

        List<JsonNode> documents = documents();
        assertThat(documents).hasSize(3);
        Map<String, Map<String, Double>> byChannel = new HashMap<>();
        for (JsonNode document : documents) {
            assertThat(dimensions(document)).containsExactly(List.of("Scope", "Channel"));
            assertThat(document.get("Scope").asText()).isEqualTo("Fleet");
            assertThat(units(document)).containsExactlyInAnyOrderEntriesOf(Map.of("AlertsDelivered", "Count",
                    "DeliveryFailures", "Count"));
            byChannel.put(document.get("Channel").asText(), values(document));
        }
        assertThat(byChannel).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AlertTopic", Map.of("AlertsDelivered", 3.0, "DeliveryFailures", 0.0),
                "ChatTopic", Map.of("AlertsDelivered", 3.0, "DeliveryFailures", 0.0),
                "SecurityHub", Map.of("AlertsDelivered", 1.0, "DeliveryFailures", 2.0)));
    }

    @Test
    void record_partialRun_scopePartial() throws IOException {
        metrics.record(trackedReport(), false, 0, NOW);

        assertThat(documents()).allSatisfy(document -> assertThat(document.get("Scope").asText())
                .isEqualTo("Partial"));
    }

    @Test
    void record_emptyFleet_zerosForEveryMetric() throws IOException {
        metrics.record(new ScanReport("empty", TrackingFleet.ACCOUNT, TrackingFleet.REGION, NOW, 5, 3, false, null,
                List.of(), List.of()), true, 0, NOW);

        List<JsonNode> documents = documents();
        JsonNode main = single(documents, "InstancesEvaluated");
        assertThat(values(main)).containsEntry("InstancesEvaluated", 0.0).containsEntry("UnhealthyInstances", 0.0)
                .containsEntry("OldestUnhealthyMinutes", 0.0);
        assertThat(documents.stream().filter(d -> d.has("CheckFailures"))).hasSize(CheckId.values().length);
        assertThat(single(documents, "UnknownFacts").get("Action").asText()).isEqualTo("ALL");
        assertThat(single(documents, "UnknownFacts").get("UnknownFacts").asDouble()).isZero();
    }

    @Test
    void record_wholeRunDurationAndCalls_replaceTheReportsOwn() throws IOException {
        metrics.record(trackedReport(), true, 1, 2500, 23, NOW);

        JsonNode main = single(documents(), "InstancesEvaluated");
        assertThat(values(main)).containsEntry("ScanDurationMs", 2500.0).containsEntry("AwsApiCalls", 23.0)
                .containsEntry("InstancesEvaluated", 3.0);
    }

    @Test
    void recordFailure_failedRun_durationAndCallsWithoutFleetCountsOrHeartbeat() throws IOException {
        metrics.recordFailure(true, 900, 4);

        JsonNode main = single(documents(), "ScanDurationMs");
        assertThat(values(main)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ScanDurationMs", 900.0, "AwsApiCalls", 4.0, "AlertsPublished", 0.0));
    }

    @Test
    void record_anyRun_emitsNoHeartbeat() throws IOException {
        metrics.record(trackedReport(), true, 1, NOW);
        metrics.record(trackedReport(), false, 0, NOW);
        metrics.recordFailure(true, 900, 4);

        assertThat(documents()).isNotEmpty().noneMatch(document -> document.has("ScanCompleted"));
    }

    @Test
    void heartbeat_completedAndFailed_scanCompletedOneAndZeroWithScopeFleet() throws IOException {
        metrics.heartbeat(true);
        metrics.heartbeat(false);

        List<JsonNode> documents = documents();
        assertThat(documents).hasSize(2).allSatisfy(document -> {
            assertThat(dimensions(document)).containsExactly(List.of("Scope"));
            assertThat(document.get("Scope").asText()).isEqualTo("Fleet");
            assertThat(units(document)).containsExactly(Map.entry("ScanCompleted", "Count"));
        });
        assertThat(documents).extracting(d -> values(d)).containsExactly(Map.of("ScanCompleted", 1.0),
                Map.of("ScanCompleted", 0.0));
    }

    @Test
    void record_twoRunsOnOneInstance_eachFlushedSeparately() throws IOException {
        metrics.record(trackedReport(), true, 1, NOW);
        metrics.record(trackedReport(), false, 0, NOW);

        List<JsonNode> mains = documents().stream().filter(d -> d.has("InstancesEvaluated")).toList();
        assertThat(mains).extracting(d -> d.get("Scope").asText()).containsExactly("Fleet", "Partial");
        assertThat(mains).extracting(d -> d.get("AlertsPublished").asDouble()).containsExactly(1.0, 0.0);
    }

    /** One unhealthy instance (failing for 90 minutes per tracking), one healthy, one stopped. */
    private static ScanReport trackedReport() {
        TrackingFleet fleet = TrackingFleet.of(SICK, FINE, STOPPED)
                .change(SICK, i -> i.ping("ConnectionLost"))
                .change(STOPPED, i -> i.state("stopped"));
        ScanReport report = fleet.scan("scan-1", NOW);
        List<InstanceReport> tracked = new ArrayList<>();
        for (InstanceReport instance : report.instances()) {
            tracked.add(instance.verdict().failing() ? instance.withUnhealthySince(NOW.minus(Duration.ofMinutes(90)))
                    : instance);
        }
        return report.withInstances(tracked);
    }

    private List<JsonNode> documents() throws IOException {
        return EmfDocuments.parse(captured.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode single(List<JsonNode> documents, String metric) {
        List<JsonNode> matching = documents.stream().filter(d -> d.has(metric)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static JsonNode directive(JsonNode document) {
        JsonNode directives = document.get("_aws").get("CloudWatchMetrics");
        assertThat(directives).hasSize(1);
        return directives.get(0);
    }

    private static List<List<String>> dimensions(JsonNode document) {
        List<List<String>> out = new ArrayList<>();
        directive(document).get("Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(name -> names.add(name.asText()));
            out.add(names);
        });
        return out;
    }

    private static Map<String, Double> values(JsonNode document) {
        Map<String, Double> out = new HashMap<>();
        directive(document).get("Metrics").forEach(metric -> out.put(metric.get("Name").asText(),
                document.get(metric.get("Name").asText()).asDouble()));
        return out;
    }

    private static Map<String, String> units(JsonNode document) {
        Map<String, String> out = new HashMap<>();
        directive(document).get("Metrics").forEach(metric -> out.put(metric.get("Name").asText(),
                metric.get("Unit").asText()));
        return out;
    }
}
