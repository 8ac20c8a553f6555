package dev.subsentinel.publish.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertMessage;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.publish.FixText;
import dev.subsentinel.publish.FleetAlerts;
import dev.subsentinel.publish.SampleAlerts;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import dev.subsentinel.track.TrackingFleet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every chat notification the renderer draws is valid against the custom-notification schema written from the AWS
 * documentation (src/test/resources/chat/custom-notification.schema.json, with the documented fields, required ones and
 * values, and the project's own length bounds), and says what an operator needs: the verdict, the failing checks with
 * one or two evidence lines each, the fix in nextSteps, the console links.
 */
class ChatNotificationsTest {

    private static final Schema SCHEMA = schema();

    private static Schema schema() {
        try (InputStream in = ChatNotificationsTest.class.getResourceAsStream(
                "/chat/custom-notification.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String json) {
        try {
            return SCHEMA.validate(Json.mapper().readTree(json)).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(AlertMessage message) {
        try {
            return Json.mapper().readTree(message.document());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void single_newUnhealthy_validNotificationWithVerdictChecksEvidenceFixAndLinks() {
        Alert alert = SampleAlerts.newUnhealthy();

        AlertMessage message = ChatNotifications.RENDERER.single(alert);

        assertThat(message.structured()).as("sent as the message itself, no MessageStructure").isFalse();
        assertThat(message.message()).isEqualTo(message.document());
        assertThat(violations(message.document())).isEmpty();
        JsonNode notification = tree(message);
        assertThat(notification.get("version").asText()).isEqualTo("1.0");
        assertThat(notification.get("source").asText()).isEqualTo("custom");
        assertThat(notification.get("id").asText()).isEqualTo("alert-new");
        JsonNode content = notification.get("content");
        assertThat(content.get("textType").asText()).isEqualTo("client-markdown");
        assertThat(content.get("title").asText()).isEqualTo(AlertRenderer.subject(alert));
        String description = content.get("description").asText();
        assertThat(description).contains("Verdict UNHEALTHY").contains("`" + SampleAlerts.A + "`")
                .contains("`SSM_PING`").contains("`RDP_INGRESS`").contains(alert.links().instance());
        for (CheckResult check : alert.failingChecks()) {
            long shown = check.evidence().stream()
                    .filter(line -> description.contains(ChatNotifications.EVIDENCE_MARK + line)).count();
            assertThat(shown).as(check.id() + " evidence lines shown").isBetween(1L,
                    (long) ChatNotifications.EVIDENCE_LINES);
        }
        assertThat(content.get("nextSteps")).extracting(JsonNode::asText).containsExactlyElementsOf(
                alert.failingChecks().stream().flatMap(c -> FixText.steps(c).stream().map(s -> c.id() + ": " + s))
                        .toList());
        assertThat(content.get("keywords")).extracting(JsonNode::asText).contains("UNHEALTHY", "NEW", "SSM_PING");
        assertThat(notification.get("metadata").get("threadId").asText())
                .isEqualTo("subscription-sentinel-123456789012-us-east-1-" + SampleAlerts.A);
        assertThat(notification.get("metadata").get("relatedResources")).extracting(JsonNode::asText)
                .containsExactly("arn:aws:ec2:us-east-1:123456789012:instance/" + SampleAlerts.A);
    }

    @Test
    void single_everyTransition_validNotification() {
        for (Alert alert : List.of(SampleAlerts.newUnhealthy(), SampleAlerts.newUnhealthyWithUnknown(),
                SampleAlerts.resolved(), SampleAlerts.terminated())) {
            AlertMessage message = ChatNotifications.RENDERER.single(alert);

            assertThat(violations(message.document())).as(alert.transition().name()).isEmpty();
            assertThat(message.sizeBytes()).isLessThanOrEqualTo(AlertRenderer.MAX_MESSAGE_BYTES);
        }
        assertThat(tree(ChatNotifications.RENDERER.single(SampleAlerts.newUnhealthyWithUnknown())).get("content")
                .get("description").asText()).contains("Could not be checked").contains("INSTANCE_PROFILE");
        assertThat(tree(ChatNotifications.RENDERER.single(SampleAlerts.resolved())).get("content").get("title")
                .asText()).startsWith("[RESOLVED]");
    }

    @Test
    void single_checkWithAFixPlan_nextStepsAreThePlansCommandsAndSteps() {
        Alert alert = SampleAlerts.newUnhealthy();
        CheckResult rdp = alert.failingChecks().stream().filter(c -> c.id().name().equals("RDP_INGRESS"))
                .findFirst().orElseThrow();
        String command = "aws ec2 revoke-security-group-ingress --group-id sg-0123 --ip-permissions"
                + " 'IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=0.0.0.0/0}]'";
        CheckResult planned = rdp.withFix(new FixPlan(List.of(new FixAction("ec2:RevokeSecurityGroupIngress",
                Map.of(), command, "closes RDP to the internet")), List.of("Check who still needs RDP")));
        List<CheckResult> failing = alert.failingChecks().stream().map(c -> c == rdp ? planned : c).toList();
        Alert withPlan = new Alert(alert.schema(), alert.alertId(), alert.transition(), alert.severity(),
                alert.createdAt(), alert.scanId(), alert.accountId(), alert.region(), alert.instanceId(),
                alert.products(), alert.verdict(), alert.previousVerdict(), alert.unhealthySince(),
                alert.failingMinutes(), alert.reason(), failing, alert.unknownChecks(), alert.newFailingChecks(),
                alert.resolvedChecks(), alert.lastKnownCauses(), alert.links(), alert.fleetCauses());

        JsonNode steps = tree(ChatNotifications.RENDERER.single(withPlan)).get("content").get("nextSteps");

        assertThat(steps).extracting(JsonNode::asText).contains("RDP_INGRESS: " + command,
                "RDP_INGRESS: Check who still needs RDP").doesNotContain("RDP_INGRESS: " + rdp.remediation());
    }

    @Test
    void messages_fiftyInstancesBehindAnImpairedDirectory_oneValidFleetNotificationListingEveryInstance() {
        List<Alert> alerts = directoryImpaired(50);

        List<AlertMessage> messages = FleetAlerts.messages(alerts, 10, ChatNotifications.RENDERER);

        assertThat(messages).hasSize(1);
        assertThat(violations(messages.get(0).document())).isEmpty();
        String description = tree(messages.get(0)).get("content").get("description").asText();
        alerts.forEach(alert -> assertThat(description).contains("`" + alert.instanceId() + "`"));
        assertThat(messages.get(0).alertIds()).hasSize(50);
    }

    @Test
    void messages_manyUnrelatedAlerts_digestsSplitSoEachIsValidAndEveryAlertIsInExactlyOne() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            alerts.add(SampleAlerts.newFor(String.format("i-%017x", 0xb000 + i), "alert-" + i));
        }

        List<AlertMessage> messages = FleetAlerts.messages(alerts, 10, ChatNotifications.RENDERER);

        assertThat(messages.size()).isGreaterThan(1);
        Set<String> seen = new HashSet<>();
        for (AlertMessage message : messages) {
            assertThat(violations(message.document())).isEmpty();
            message.alertIds().forEach(id -> assertThat(seen.add(id)).as(id + " once").isTrue());
        }
        assertThat(seen).hasSize(120);
    }

    @Test
    void schema_theAlertTopicsMessage_isRefusedAsChatbotWould() {
        AlertMessage alertTopic = AlertRenderer.SNS.single(SampleAlerts.newUnhealthy());

        assertThat(violations(alertTopic.structuredMessage())).isNotEmpty();
        assertThat(violations(alertTopic.document())).isNotEmpty();
        assertThat(violations("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"textType\":\"markdown\","
                + "\"title\":\"t\",\"description\":\"d\",\"nextSteps\":[],\"keywords\":[\"k\"]}}"))
                .as("textType other than client-markdown").isNotEmpty();
        assertThat(violations("{\"version\":\"1.0\",\"source\":\"custom\",\"content\":{\"textType\":"
                + "\"client-markdown\",\"title\":\"" + "t".repeat(151) + "\",\"description\":\"d\","
                + "\"nextSteps\":[],\"keywords\":[\"k\"]}}")).as("title too long").isNotEmpty();
    }

    private static List<Alert> directoryImpaired(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(String.format("i-0%016x", 0xa000 + i));
        }
        TrackingFleet fleet = TrackingFleet.of(ids.toArray(String[]::new));
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Duration.ofMinutes(10), Duration.ofDays(30), true));
        Instant t0 = SampleAlerts.T0;
        tracker.track(fleet.scan("scan-0", t0), true, t0);
        fleet.directoryStage("Impaired");
        Instant t1 = t0.plus(Duration.ofMinutes(5));
        ScanReport impaired = fleet.scan("scan-1", t1);
        return tracker.track(impaired, true, t1).alerts();
    }
}
