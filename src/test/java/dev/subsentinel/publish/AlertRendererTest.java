package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.TransitionRules;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRendererTest {

    @Test
    void subject_newUnhealthy_namesVerdictInstanceMainCauseAndProduct() {
        assertThat(AlertRenderer.subject(SampleAlerts.newUnhealthy()))
                .isEqualTo("[UNHEALTHY] i-0aaa1111bbbb2222c: SSM ping lost: ConnectionLost - Office LTSC Pro Plus");
    }

    @Test
    void subject_resolvedAndTerminated_sayWhatHappenedAndForHowLong() {
        assertThat(AlertRenderer.subject(SampleAlerts.resolved()))
                .isEqualTo("[RESOLVED] i-0aaa1111bbbb2222c: healthy again after 2 h 0 min - Office LTSC Pro Plus");
        assertThat(AlertRenderer.subject(SampleAlerts.terminated()))
                .isEqualTo("[TERMINATED] i-0aaa1111bbbb2222c: terminated; UNHEALTHY 3 h 0 min (SSM_PING) - Office"
                        + " LTSC Pro Plus");
    }

    @Test
    void subject_longNonAsciiCauseFromAws_atMost99PrintableAsciiCharacters() {
        Alert alert = alertWithLmusMessage("Statut d\u00e9grad\u00e9 \u2014 " + "x".repeat(300) + "\n\u202Eevil");

        String subject = AlertRenderer.subject(alert);

        assertThat(subject.length()).isLessThanOrEqualTo(AlertRenderer.MAX_SUBJECT);
        assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(subject).startsWith("[UNHEALTHY] i-0aaa1111bbbb2222c: LM-US reports Statut d?grad? ? xxx")
                .contains("...");
    }

    @Test
    void text_newAlert_showsChecksEvidenceRemediationSinceProductsAndConsoleLinks() {
        String text = AlertRenderer.text(SampleAlerts.newUnhealthy());

        assertThat(text).startsWith("UNHEALTHY: i-0aaa1111bbbb2222c (Office LTSC Pro Plus) in account 123456789012,"
                + " us-east-1\nNew problem: the instance started failing.");
        assertThat(text).contains("Unhealthy since: 2026-03-02T10:00:00Z (0 min)")
                .contains("1. [CRITICAL] SSM_PING - SSM ping lost: ConnectionLost")
                .contains("   - PingStatus ConnectionLost, LastPingDateTime 2026-03-02T09:00:00Z (60 min ago)")
                .contains("   How to fix: Restore the SSM Agent's connection")
                .contains("[HIGH] RDP_INGRESS - RDP open to the internet")
                .contains("- Instance:       https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1"
                        + "#InstanceDetails:instanceId=i-0aaa1111bbbb2222c")
                .contains("- Security group: https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1"
                        + "#SecurityGroup:groupId=sg-0bad0000bad00000d")
                .contains("- Fleet Manager:  https://us-east-1.console.aws.amazon.com/systems-manager/fleet-manager/"
                        + "managed-nodes/i-0aaa1111bbbb2222c/general?region=us-east-1");
    }

    @Test
    void text_terminated_saysHowLongItHadBeenFailingAndWhy() {
        String text = AlertRenderer.text(SampleAlerts.terminated());

        assertThat(text).contains("Gone: terminated. It had been UNHEALTHY for 3 h 0 min (since 2026-03-02T10:00:00Z).")
                .contains("Last verdict:    UNHEALTHY\n").doesNotContain("\nVerdict:")
                .contains("What was failing when it was last seen:\n- SSM_PING: SSM ping lost: ConnectionLost");
    }

    @Test
    void text_evidenceWithControlAndFormatCharacters_sanitisedAndBounded() {
        Alert alert = alertWithLmusMessage("line one\r\nline two\u0000\u001b[31m red\u202E reversed"
                + "y".repeat(5000));

        String text = AlertRenderer.text(alert);

        String evidence = text.lines().filter(l -> l.contains("LM-US status message")).findFirst().orElseThrow();
        assertThat(evidence).contains("line one line two [31m red reversed");
        assertThat(evidence.length()).isLessThanOrEqualTo(AlertFactory.MAX_EVIDENCE_LINE + 5);
        assertThat(text).doesNotContain("\u0000", "\u001b", "\u202E", "\r");
    }

    @Test
    void single_unknownCriticalCheck_listedWithItsSeverityAndReasonLikeAFailure() throws IOException {
        Alert alert = SampleAlerts.newUnhealthyWithUnknown();

        AlertMessage message = AlertRenderer.single(alert);

        assertThat(alert.unknownChecks()).extracting(CheckResult::id).containsExactly(CheckId.INSTANCE_PROFILE);
        assertThat(message.text()).contains("Could not be checked (treat a CRITICAL one as failing until it is"
                + " known):\n1. [CRITICAL] INSTANCE_PROFILE - UNKNOWN: instance profile could not be read\n"
                + "   - DescribeIamInstanceProfileAssociations failed: AccessDenied:"
                + " ec2:DescribeIamInstanceProfileAssociations is not allowed\n");
        assertThat(message.text().indexOf("Could not be checked")).isGreaterThan(message.text().indexOf(
                "What failed"));
        assertThat(message.attributes().get("unknownCheckIds"))
                .isEqualTo(new AlertMessage.Attribute("String.Array", "[\"INSTANCE_PROFILE\"]"));
        JsonNode document = Json.mapper().readTree(message.document());
        assertThat(document.get("schema").asText()).isEqualTo("subscription-sentinel/alert/v3");
        assertThat(document.get("unknownChecks")).singleElement().satisfies(check -> {
            assertThat(check.get("id").asText()).isEqualTo("INSTANCE_PROFILE");
            assertThat(check.get("status").asText()).isEqualTo("UNKNOWN");
            assertThat(check.get("severity").asText()).isEqualTo("CRITICAL");
            assertThat(check.get("evidence").get(0).asText()).contains("ec2:DescribeIamInstanceProfileAssociations");
        });
        assertThat(AlertRenderer.digest(List.of(alert, SampleAlerts.newUnhealthy())).text())
                .contains("could not be checked: INSTANCE_PROFILE");
    }

    @Test
    void single_attributes_forSubscriptionFilterPolicies() {
        AlertMessage message = AlertRenderer.single(SampleAlerts.newUnhealthy());

        assertThat(message.attributes()).containsOnlyKeys("severity", "transition", "instanceId", "checkIds",
                "unknownCheckIds", "accountId", "region");
        assertThat(message.attributes().get("unknownCheckIds"))
                .isEqualTo(new AlertMessage.Attribute("String.Array", "[]"));
        assertThat(message.attributes().get("severity")).isEqualTo(AlertMessage.Attribute.string("CRITICAL"));
        assertThat(message.attributes().get("transition")).isEqualTo(AlertMessage.Attribute.string("NEW"));
        assertThat(message.attributes().get("instanceId"))
                .isEqualTo(AlertMessage.Attribute.string("i-0aaa1111bbbb2222c"));
        assertThat(message.attributes().get("checkIds"))
                .isEqualTo(new AlertMessage.Attribute("String.Array", "[\"SSM_PING\",\"RDP_INGRESS\"]"));
        assertThat(message.attributes().get("accountId")).isEqualTo(AlertMessage.Attribute.string("123456789012"));
        assertThat(message.attributes().get("region")).isEqualTo(AlertMessage.Attribute.string("us-east-1"));
    }

    @Test
    void structuredMessage_textForDefaultAndEmailDocumentForSqsLambdaHttps() throws Exception {
        Alert alert = SampleAlerts.newUnhealthy();
        AlertMessage message = AlertRenderer.single(alert);

        JsonNode structure = Json.mapper().readTree(message.structuredMessage());

        assertThat(structure.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("default", "email", "sqs", "lambda", "https");
        assertThat(structure.get("default").asText()).isEqualTo(message.text()).isEqualTo(structure.get("email")
                .asText());
        for (String protocol : List.of("sqs", "lambda", "https")) {
            JsonNode document = Json.mapper().readTree(structure.get(protocol).asText());
            assertThat(document.get("schema").asText()).isEqualTo(Alert.SCHEMA);
            assertThat(document.get("alertId").asText()).isEqualTo("alert-new");
        }
    }

    @Test
    void document_readBack_sameAlert() throws Exception {
        Alert alert = SampleAlerts.terminated();

        Alert read = Json.mapper().readValue(AlertRenderer.document(alert), Alert.class);

        assertThat(read).isEqualTo(alert);
    }

    @Test
    void messages_atTheThreshold_oneMessagePerAlert() {
        List<Alert> alerts = alerts(3);

        List<AlertMessage> messages = AlertRenderer.messages(alerts, 3);

        assertThat(messages).hasSize(3).noneMatch(AlertMessage::digest);
    }

    @Test
    void messages_aboveTheThreshold_oneDigestListingThemAllWithArrayAttributes() throws Exception {
        List<Alert> alerts = new ArrayList<>(alerts(3));
        alerts.add(SampleAlerts.resolved());

        List<AlertMessage> messages = AlertRenderer.messages(alerts, 3);

        assertThat(messages).singleElement().satisfies(digest -> {
            assertThat(digest.digest()).isTrue();
            assertThat(digest.alertIds()).hasSize(4);
            assertThat(digest.subject()).isEqualTo("[DIGEST] 4 alerts in 123456789012/us-east-1: 1 RESOLVED,"
                    + " 3 UNHEALTHY");
            assertThat(digest.text()).contains("[UNHEALTHY] i-0000000000000000a: SSM ping lost: ConnectionLost")
                    .contains("[RESOLVED] i-0aaa1111bbbb2222c: healthy again after 2 h 0 min");
            assertThat(digest.attributes().get("transition").dataType()).isEqualTo("String.Array");
            assertThat(digest.attributes().get("transition").value()).isEqualTo("[\"NEW\",\"RESOLVED\"]");
            assertThat(digest.attributes().get("severity").value()).isEqualTo("[\"CRITICAL\",\"INFO\"]");
            assertThat(digest.attributes().get("instanceId").value()).contains("i-0000000000000000a",
                    "i-0aaa1111bbbb2222c");
            JsonNode document = Json.mapper().readTree(digest.document());
            assertThat(document.get("schema").asText()).isEqualTo(AlertRenderer.DIGEST_SCHEMA);
            assertThat(document.get("alerts")).hasSize(4);
        });
    }

    @Test
    void messages_digestTooBigForOneMessage_splitEachUnderTheLimitAndEveryAlertOnce() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            alerts.add(bulky("i-" + String.format("%017x", i), "bulk-" + i));
        }

        List<AlertMessage> messages = AlertRenderer.messages(alerts, 10);

        assertThat(messages.size()).isGreaterThan(1);
        assertThat(messages).allSatisfy(m -> assertThat(m.sizeBytes()).isLessThanOrEqualTo(
                AlertRenderer.MAX_MESSAGE_BYTES));
        assertThat(messages).flatExtracting(AlertMessage::alertIds)
                .containsExactlyElementsOf(alerts.stream().map(Alert::alertId).toList());
    }

    @Test
    void single_evidenceTooBigForOneMessage_trimmedUnderTheLimit() {
        AlertMessage message = AlertRenderer.single(bulky("i-0huge", "huge"));

        assertThat(AlertRenderer.render(bulky("i-0huge", "huge")).sizeBytes())
                .isGreaterThan(AlertRenderer.MAX_MESSAGE_BYTES);
        assertThat(message.sizeBytes()).isLessThanOrEqualTo(AlertRenderer.MAX_MESSAGE_BYTES);
        assertThat(message.text()).contains("[CRITICAL] LMUS_STATUS");
    }

    @Test
    void textAndDocument_checkWithFixPlan_commandsUnderWhyAndStructuredFixInTheDocument() throws IOException {
        FixAction action = new FixAction("ec2:AuthorizeSecurityGroupEgress", java.util.Map.of("GroupId", "sg-0a1"),
                "aws ec2 authorize-security-group-egress --group-id sg-0a1 --ip-permissions"
                        + " '[{\"IpProtocol\":\"tcp\"}]'",
                "sg-0a1 egress admits only tcp/1688 to group sg-0e9");
        CheckResult activation = new CheckResult(CheckId.ACTIVATION_PATH, Status.FAIL, Severity.CRITICAL,
                "licence activation blocked on tcp/1688", List.of("sg-0a1 egress: no rule allows tcp/1688"),
                "Allow tcp/1688.").withFix(new FixPlan(List.of(action), List.of("Check it (https://example.org)")));
        Alert alert = alertOf(List.of(activation), "alert-fix");

        String text = AlertRenderer.text(alert);
        JsonNode document = Json.mapper().readTree(AlertRenderer.document(alert));

        assertThat(text).contains("   How to fix: Allow tcp/1688.\n   Fix plan (run in order):\n"
                + "     # sg-0a1 egress admits only tcp/1688 to group sg-0e9\n"
                + "     aws ec2 authorize-security-group-egress --group-id sg-0a1 --ip-permissions"
                + " '[{\"IpProtocol\":\"tcp\"}]'\n   Manual step: Check it (https://example.org)\n");
        assertThat(document.get("schema").asText()).isEqualTo("subscription-sentinel/alert/v3");
        JsonNode fix = document.get("failingChecks").get(0).get("fix");
        assertThat(fix.get("actions").get(0).get("operation").asText()).isEqualTo("ec2:AuthorizeSecurityGroupEgress");
        assertThat(fix.get("actions").get(0).get("parameters").get("GroupId").asText()).isEqualTo("sg-0a1");
        assertThat(fix.get("manualSteps").get(0).asText()).isEqualTo("Check it (https://example.org)");
    }

    private static List<Alert> alerts(int count) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(SampleAlerts.newFor(String.format("i-%017x", 10 + i), "alert-" + i));
        }
        return alerts;
    }

    private static Alert alertWithLmusMessage(String message) {
        CheckResult lmus = new CheckResult(CheckId.LMUS_STATUS, Status.FAIL, Severity.CRITICAL,
                "LM-US reports " + message, List.of("LM-US status message: " + message), "Read the status message.");
        return alertOf(List.of(lmus), "alert-x");
    }

    /** An alert whose every check has the most evidence an alert keeps, each line as long as kept. */
    private static Alert bulky(String instanceId, String alertId) {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckId id : CheckId.values()) {
            List<String> evidence = new ArrayList<>();
            for (int line = 0; line < 40; line++) {
                evidence.add(id + " evidence line " + line + " " + "\u00e9".repeat(400));
            }
            checks.add(new CheckResult(id, Status.FAIL, Severity.CRITICAL, id + " failed", evidence,
                    "remediation ".repeat(60)));
        }
        Alert alert = alertOf(checks, alertId);
        return new Alert(alert.schema(), alertId, alert.transition(), alert.severity(), alert.createdAt(),
                alert.scanId(), alert.accountId(), alert.region(), instanceId, alert.products(), alert.verdict(),
                alert.previousVerdict(), alert.unhealthySince(), alert.failingMinutes(), alert.reason(),
                alert.failingChecks(), alert.unknownChecks(), alert.newFailingChecks(), alert.resolvedChecks(),
                alert.lastKnownCauses(), alert.links());
    }

    private static Alert alertOf(List<CheckResult> checks, String alertId) {
        InstanceReport report = new InstanceReport(SampleAlerts.A, "123456789012", "us-east-1", "running",
                List.of("OFFICE_PROFESSIONAL_PLUS"), Verdict.UNHEALTHY, null, checks);
        return SampleAlerts.alert(TransitionRules.decide(null, false, report, SampleAlerts.REPEAT, SampleAlerts.T0),
                report, alertId, SampleAlerts.T0);
    }
}
