package dev.subsentinel.publish.securityhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.core.Transition;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.SampleAlerts;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.track.TrackingFleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * The publisher through the SDK against the WireMock front (in front of moto 5.2.1), with the exact requests asserted.
 * What is canned: the refusals ({@code FailedFindings}, {@link AwsFront#refuseFindings}) and the outage
 * ({@link AwsFront#failSecurityHub}); AWS's own semantics (a newer {@code UpdatedAt} wins, PASSED sets the workflow
 * RESOLVED, ARCHIVED to ACTIVE reopens it as NEW) are not emulated by moto and are asserted as the requests that rely
 * on them. moto does show that it accepts the requests and that a re-import with the same {@code Id} updates one
 * finding instead of adding one.
 */
@ExtendWith(AwsFrontExtension.class)
class SecurityHubPublisherFrontTest {

    private static final String INSTANCE = SampleAlerts.A;
    private static final String PRODUCT = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default";

    private final AwsFront front;
    private SecurityHubClient client;
    private SecurityHubPublisher publisher;

    SecurityHubPublisherFrontTest(AwsFront front) {
        this.front = front;
    }

    @BeforeEach
    void client() {
        client = SecurityHubClient.builder()
                .endpointOverride(front.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
        publisher = new SecurityHubPublisher(client);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void send_newUnhealthy_oneRequestWithAFailedActiveFindingPerFailingCheck() {
        Alert alert = SampleAlerts.newUnhealthy();

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(alert));

        assertThat(deliveries).extracting(AlertSink.Delivery::alertId, AlertSink.Delivery::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alert-new", true));
        List<JsonNode> requests = front.batchImportFindingsRequests();
        assertThat(requests).hasSize(1);
        Map<String, JsonNode> findings = byCheck(requests.get(0));
        assertThat(findings).containsOnlyKeys("SSM_PING", "RDP_INGRESS");
        JsonNode ping = findings.get("SSM_PING");
        assertThat(ping.get("SchemaVersion").asText()).isEqualTo("2018-10-08");
        assertThat(ping.get("Id").asText())
                .isEqualTo("subscription-sentinel/123456789012/us-east-1/" + INSTANCE + "/SSM_PING");
        assertThat(ping.get("ProductArn").asText()).isEqualTo(PRODUCT);
        assertThat(ping.get("GeneratorId").asText()).isEqualTo("subscription-sentinel/SSM_PING");
        assertThat(ping.get("AwsAccountId").asText()).isEqualTo(TrackingFleet.ACCOUNT);
        assertThat(ping.get("Types")).extracting(JsonNode::asText)
                .containsExactly(SecurityHubFindings.BEST_PRACTICES_TYPE);
        assertThat(ping.get("FindingProviderFields").get("Severity").get("Label").asText()).isEqualTo("CRITICAL");
        assertThat(ping.get("FindingProviderFields").get("Types")).extracting(JsonNode::asText)
                .containsExactly(SecurityHubFindings.BEST_PRACTICES_TYPE);
        assertThat(ping.get("Severity").get("Label").asText()).isEqualTo("CRITICAL");
        assertThat(ping.get("Compliance").get("Status").asText()).isEqualTo("FAILED");
        assertThat(ping.get("RecordState").asText()).isEqualTo("ACTIVE");
        assertThat(ping.get("CreatedAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(ping.get("UpdatedAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(ping.get("Title").asText()).startsWith("SSM_PING on " + INSTANCE + ": ");
        assertThat(ping.get("Description").asText()).contains("ConnectionLost");
        assertThat(ping.get("Resources").get(0).get("Type").asText()).isEqualTo("AwsEc2Instance");
        assertThat(ping.get("Resources").get(0).get("Id").asText())
                .isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/" + INSTANCE);
        // The ping check carries its fix plan (issue 13): the documented manual steps, first one first.
        assertThat(ping.get("Remediation").get("Recommendation").get("Text").asText())
                .startsWith(alert.failingChecks().stream().filter(c -> c.id().name().equals("SSM_PING"))
                        .findFirst().orElseThrow().fix().manualSteps().get(0));
        assertThat(ping.has("Workflow")).as("BatchImportFindings may not set the workflow").isFalse();
        JsonNode rdp = findings.get("RDP_INGRESS");
        assertThat(rdp.get("Types")).extracting(JsonNode::asText).containsExactly(SecurityHubFindings.NETWORK_TYPE);
        assertThat(rdp.get("Resources")).extracting(r -> r.get("Type").asText())
                .as("the instance and the security group at fault").contains("AwsEc2Instance", "AwsEc2SecurityGroup");
        assertThat(client.getFindings(b -> b.maxResults(100)).findings()).extracting(AwsSecurityFinding::id)
                .contains(ping.get("Id").asText(), rdp.get("Id").asText());
    }

    @Test
    void send_newResolvedRecurrence_sameIdsPassedArchivedThenFailedActiveAndMotoKeepsOneFindingPerId() {
        Alert first = SampleAlerts.newUnhealthy();
        Alert resolved = SampleAlerts.resolved();
        Alert again = SampleAlerts.newFor(INSTANCE, "alert-again");

        publisher.send(List.of(first));
        publisher.send(List.of(resolved));
        publisher.send(List.of(again));

        List<JsonNode> requests = front.batchImportFindingsRequests();
        assertThat(requests).hasSize(3);
        JsonNode passed = byCheck(requests.get(1)).get("SSM_PING");
        assertThat(passed.get("Id").asText()).isEqualTo(byCheck(requests.get(0)).get("SSM_PING").get("Id").asText());
        assertThat(passed.get("Compliance").get("Status").asText()).isEqualTo("PASSED");
        assertThat(passed.get("RecordState").asText()).isEqualTo("ARCHIVED");
        assertThat(passed.get("FindingProviderFields").get("Severity").get("Label").asText())
                .isEqualTo("INFORMATIONAL");
        assertThat(passed.get("UpdatedAt").asText()).isEqualTo("2026-03-02T12:00:00Z");
        JsonNode reopened = byCheck(requests.get(2)).get("SSM_PING");
        assertThat(reopened.get("Id").asText()).isEqualTo(passed.get("Id").asText());
        assertThat(reopened.get("Compliance").get("Status").asText()).isEqualTo("FAILED");
        assertThat(reopened.get("RecordState").asText()).isEqualTo("ACTIVE");
        List<AwsSecurityFinding> stored = client.getFindings(b -> b.maxResults(100)).findings().stream()
                .filter(f -> f.id().equals(passed.get("Id").asText())).toList();
        assertThat(stored).as("one finding for the id, updated, not duplicated").hasSize(1);
        assertThat(stored.get(0).recordStateAsString()).isEqualTo("ACTIVE");
        assertThat(stored.get(0).compliance().statusAsString()).isEqualTo("FAILED");
    }

    @Test
    void send_terminated_everyCheckNotAvailableAndArchived() {
        publisher.send(List.of(SampleAlerts.terminated()));

        JsonNode finding = byCheck(front.batchImportFindingsRequests().get(0)).get("SSM_PING");
        assertThat(finding.get("Compliance").get("Status").asText()).isEqualTo("NOT_AVAILABLE");
        assertThat(finding.get("RecordState").asText()).isEqualTo("ARCHIVED");
    }

    @Test
    void send_securityHubNotEnabled_everyAlertFailedWithInvalidAccess() {
        front.refuseFindings("InvalidAccess", "Account 123456789012 is not subscribed to AWS Security Hub");

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(),
                SampleAlerts.newFor("i-0bbb2222cccc3333d", "alert-b")));

        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.accepted()).isFalse();
            assertThat(d.error()).startsWith("InvalidAccess: Account 123456789012 is not subscribed");
        });
        assertThat(deliveries).hasSize(2);
    }

    @Test
    void send_oneFindingRefused_onlyItsAlertFails() {
        Alert b = SampleAlerts.newFor("i-0bbb2222cccc3333d", "alert-b");
        front.refuseFindings("InvalidInput", "Finding does not adhere to ASFF",
                SecurityHubFindings.findingId("123456789012", "us-east-1", "i-0bbb2222cccc3333d",
                        dev.subsentinel.core.report.CheckId.SSM_PING));

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy(), b));

        assertThat(deliveries).extracting(AlertSink.Delivery::alertId, AlertSink.Delivery::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alert-new", true),
                        org.assertj.core.groups.Tuple.tuple("alert-b", false));
        assertThat(deliveries.get(1).error()).isEqualTo("InvalidInput: Finding does not adhere to ASFF");
    }

    @Test
    void send_serviceFailsAfterRetries_everyAlertFailedNothingThrown() {
        front.failSecurityHub();

        List<AlertSink.Delivery> deliveries = publisher.send(List.of(SampleAlerts.newUnhealthy()));

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.accepted()).isFalse();
            assertThat(d.error()).contains("Internal service error");
        });
    }

    @Test
    void send_150Alerts_requestsOfAtMost100FindingsEachBelowTheLimits() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            alerts.add(SampleAlerts.newFor(String.format("i-%017x", i + 1), "alert-" + i));
        }

        List<AlertSink.Delivery> deliveries = publisher.send(alerts);

        assertThat(deliveries).hasSize(150).allMatch(AlertSink.Delivery::accepted);
        List<JsonNode> requests = front.batchImportFindingsRequests();
        assertThat(requests).extracting(r -> r.get("Findings").size()).containsExactly(100, 50);
        assertThat(front.batchImportFindingsSizes()).allSatisfy(size -> assertThat(size)
                .isLessThanOrEqualTo((int) SecurityHubPublisher.MAX_REQUEST_BYTES));
        for (JsonNode request : requests) {
            for (JsonNode finding : request.get("Findings")) {
                assertThat(finding.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(SecurityHubFindings.MAX_FINDING_BYTES);
            }
        }
    }

    @Test
    void send_worstCaseAlert_everyTextWithinSecurityHubsLimitsAndTheFindingBelowItsBound() {
        Alert base = SampleAlerts.newUnhealthy();
        List<String> evidence = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            evidence.add(String.format("sg-%017x egress rule %d and acl-%017x entry %d and rtb-%017x route %d ", i, i,
                    i, i, i, i) + "x".repeat(150));
        }
        List<dev.subsentinel.core.report.CheckResult> checks = base.failingChecks().stream()
                .map(c -> new dev.subsentinel.core.report.CheckResult(c.id(), c.status(), c.severity(),
                        "s".repeat(2000), evidence, "r".repeat(5000))).toList();
        Alert worst = new Alert(base.schema(), base.alertId(), base.transition(), base.severity(), base.createdAt(),
                "scan-".repeat(100), base.accountId(), base.region(), base.instanceId(), List.of("p".repeat(64),
                "q".repeat(64)), base.verdict(), base.previousVerdict(), base.unhealthySince(),
                base.failingMinutes(), base.reason(), checks, List.of(), List.of(), List.of(), List.of(),
                base.links(), List.of());

        assertThat(publisher.send(List.of(worst))).allMatch(AlertSink.Delivery::accepted);

        for (JsonNode finding : front.batchImportFindingsRequests().get(0).get("Findings")) {
            assertThat(finding.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(SecurityHubFindings.MAX_FINDING_BYTES);
            assertThat(finding.get("Title").asText().length()).isLessThanOrEqualTo(256);
            assertThat(finding.get("Description").asText().length()).isLessThanOrEqualTo(1024);
            assertThat(finding.get("Remediation").get("Recommendation").get("Text").asText().length())
                    .isLessThanOrEqualTo(512);
            assertThat(finding.get("Resources").size()).isEqualTo(SecurityHubFindings.MAX_RESOURCES);
            finding.get("ProductFields").properties().forEach(field -> {
                assertThat(field.getKey().length()).isLessThanOrEqualTo(128);
                assertThat(field.getValue().asText().length()).isLessThanOrEqualTo(2048);
            });
        }
    }

    private static Map<String, JsonNode> byCheck(JsonNode request) {
        Map<String, JsonNode> out = new TreeMap<>();
        request.get("Findings").forEach(f -> out.put(f.get("GeneratorId").asText().substring(
                SecurityHubFindings.PREFIX.length() + 1), f));
        return out;
    }

    @Test
    void findings_transitionUnchangedWithResolvedCheck_onlyThatCheckPassed() {
        Alert failing = SampleAlerts.newUnhealthy();
        Alert unchanged = new Alert(failing.schema(), "alert-unchanged", Transition.UNCHANGED, failing.severity(),
                failing.createdAt().plusSeconds(600), failing.scanId(), failing.accountId(), failing.region(),
                failing.instanceId(), failing.products(), failing.verdict(), failing.previousVerdict(),
                failing.unhealthySince(), failing.failingMinutes(), failing.reason(),
                failing.failingChecks().stream().filter(c -> c.id().name().equals("SSM_PING")).toList(),
                List.of(), List.of(), List.of(dev.subsentinel.core.report.CheckId.RDP_INGRESS), List.of(),
                failing.links());

        List<AwsSecurityFinding> findings = SecurityHubFindings.of(unchanged);

        assertThat(findings).extracting(f -> f.generatorId(), f -> f.compliance().statusAsString(),
                f -> f.recordStateAsString()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("subscription-sentinel/SSM_PING", "FAILED", "ACTIVE"),
                        org.assertj.core.groups.Tuple.tuple("subscription-sentinel/RDP_INGRESS", "PASSED", "ARCHIVED"));
    }
}
