package dev.subsentinel.publish.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.event.ConfigItem;
import dev.subsentinel.event.ConfigMessageType;
import dev.subsentinel.event.ConfigRuleInvocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigEvaluationsTest {

    private static final Instant CAPTURED = Instant.parse("2026-11-25T12:00:57.456Z");
    private static final String I1 = "i-0123456789abcdef0";
    private static final String I2 = "i-0fedcba9876543210";
    private static final String DENIED = "AccessDenied on DescribeInstanceInformation";

    private static CheckResult result(CheckId id, Status status, Severity severity, String summary) {
        return new CheckResult(id, status, severity, summary, List.of(), "fix it");
    }

    private static InstanceReport report(String id, Verdict verdict, CheckResult... checks) {
        return new InstanceReport(id, "123456789012", "us-east-1", "running",
                List.of("OFFICE_PROFESSIONAL_PLUS"), verdict, null,
                List.of(checks));
    }

    private static final ConfigEvaluations SKIP_UNKNOWN = new ConfigEvaluations(UnknownVerdictPolicy.SKIP);

    @Test
    void evaluate_healthyInstance_compliant() {
        InstanceReport healthy = report(I1, Verdict.HEALTHY,
                result(CheckId.SSM_PING, Status.PASS, Severity.CRITICAL, "online"),
                result(CheckId.VPC_DNS, Status.PASS, Severity.CRITICAL, "on"),
                result(CheckId.INSTANCE_STATE, Status.PASS, Severity.INFO, "instance running"));

        EvaluationSet set = SKIP_UNKNOWN.evaluate(List.of(healthy), List.of(), CAPTURED);

        assertThat(set.evaluations()).containsExactly(ConfigEvaluation.instance(I1, Compliance.COMPLIANT,
                "HEALTHY: 3 checks pass", CAPTURED));
        assertThat(set.skippedUnknown()).isEmpty();
    }

    @Test
    void evaluate_healthyStoppedInstance_annotationSaysStopped() {
        InstanceReport stopped = report(I1, Verdict.HEALTHY,
                result(CheckId.INSTANCE_PROFILE, Status.PASS, Severity.CRITICAL, "associated"),
                result(CheckId.SSM_PING, Status.SKIPPED, Severity.CRITICAL, "the instance is stopped"),
                result(CheckId.INSTANCE_STATE, Status.FAIL, Severity.INFO, "instance stopped"));

        ConfigEvaluation evaluation = SKIP_UNKNOWN.evaluate(List.of(stopped), List.of(), CAPTURED).evaluations()
                .get(0);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(evaluation.annotation())
                .isEqualTo("HEALTHY: 1 check pass; instance stopped, checks that need it running were skipped");
    }

    @Test
    void evaluate_unhealthyInstance_nonCompliantNamingFailingChecksWorstFirst() {
        InstanceReport unhealthy = report(I1, Verdict.UNHEALTHY,
                result(CheckId.SSM_AGENT_VERSION, Status.FAIL, Severity.LOW, "agent 3.2.0 older than 3.3.40.0"),
                result(CheckId.SSM_PING, Status.FAIL, Severity.CRITICAL, "PingStatus ConnectionLost for 42 min"),
                result(CheckId.RDP_INGRESS, Status.WARN, Severity.HIGH, "no approved source reaches 3389"),
                result(CheckId.VPC_DNS, Status.PASS, Severity.CRITICAL, "on"));

        ConfigEvaluation evaluation = SKIP_UNKNOWN.evaluate(List.of(unhealthy), List.of(I1), CAPTURED)
                .evaluations().get(0);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).isEqualTo("UNHEALTHY: failing SSM_PING, SSM_AGENT_VERSION, RDP_INGRESS."
                + " SSM_PING: PingStatus ConnectionLost for 42 min");
        assertThat(evaluation.resourceType()).isEqualTo("AWS::EC2::Instance");
        assertThat(evaluation.orderingTimestamp()).isEqualTo(CAPTURED);
    }

    @Test
    void evaluate_atRiskInstance_nonCompliant() {
        InstanceReport atRisk = report(I1, Verdict.AT_RISK,
                result(CheckId.SSM_AGENT_VERSION, Status.FAIL, Severity.LOW, "agent 3.2.0 older than 3.3.40.0"));

        ConfigEvaluation evaluation = SKIP_UNKNOWN.evaluate(List.of(atRisk), List.of(), CAPTURED).evaluations()
                .get(0);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).startsWith("AT_RISK: failing SSM_AGENT_VERSION.");
    }

    @Test
    void evaluate_unknownVerdictByDefault_noEvaluationAndListedAsSkipped() {
        InstanceReport unknown = report(I1, Verdict.UNKNOWN,
                result(CheckId.SSM_PING, Status.UNKNOWN, Severity.CRITICAL, DENIED));

        EvaluationSet set = SKIP_UNKNOWN.evaluate(List.of(unknown), List.of(I1), CAPTURED);

        assertThat(set.evaluations()).isEmpty();
        assertThat(set.skippedUnknown()).containsExactly(I1);
    }

    @Test
    void evaluate_unknownVerdictWithNonCompliantPolicy_nonCompliantNamingUnevaluatedChecks() {
        InstanceReport unknown = report(I1, Verdict.UNKNOWN,
                result(CheckId.SSM_PING, Status.UNKNOWN, Severity.CRITICAL, DENIED),
                result(CheckId.VPC_DNS, Status.PASS, Severity.CRITICAL, "on"));

        EvaluationSet set = new ConfigEvaluations(UnknownVerdictPolicy.NON_COMPLIANT)
                .evaluate(List.of(unknown), List.of(), CAPTURED);

        assertThat(set.evaluations()).containsExactly(ConfigEvaluation.instance(I1, Compliance.NON_COMPLIANT,
                "UNKNOWN: could not evaluate SSM_PING. SSM_PING: AccessDenied on DescribeInstanceInformation",
                CAPTURED));
        assertThat(set.skippedUnknown()).isEmpty();
    }

    @Test
    void evaluate_requestedInstanceWithoutReport_notApplicable() {
        EvaluationSet set = SKIP_UNKNOWN.evaluate(List.of(), List.of(I2), CAPTURED);

        assertThat(set.evaluations()).containsExactly(ConfigEvaluation.instance(I2, Compliance.NOT_APPLICABLE,
                ConfigEvaluations.NOT_MONITORED, CAPTURED));
    }

    @Test
    void evaluate_elevenChecksFailingWithLongFindings_annotationNamesThemAllAndCutsTheFindingCleanly() {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckId id : List.of(CheckId.values()).subList(0, 11)) {
            checks.add(result(id, Status.FAIL, Severity.CRITICAL, "the finding for " + id + " is explained at length "
                    + "with evidence about security group rules, route tables and network ACL entries".repeat(3)));
        }
        InstanceReport unhealthy = report(I1, Verdict.UNHEALTHY, checks.toArray(CheckResult[]::new));

        String annotation = SKIP_UNKNOWN.evaluate(List.of(unhealthy), List.of(), CAPTURED).evaluations().get(0)
                .annotation();

        assertThat(annotation.length()).isLessThanOrEqualTo(256);
        assertThat(annotation).startsWith("UNHEALTHY: failing LMUS_STATUS, SSM_REGISTERED, SSM_PING,");
        assertThat(annotation).contains(checks.get(10).id().name()).doesNotContain("more)");
        assertThat(annotation).endsWith("…");
        String body = annotation.substring(0, annotation.length() - 1);
        assertThat(body).doesNotEndWith(" ").doesNotEndWith(",");
        assertThat(unhealthy.checks().get(0).summary()).contains(body.substring(body.lastIndexOf(": ") + 2));
    }

    @Test
    void evaluate_everyCheckFailing_namesAsManyAsFitWorstFirstAndCountsTheRest() {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckId id : CheckId.values()) {
            checks.add(result(id, Status.FAIL, id == CheckId.SSM_AGENT_VERSION ? Severity.LOW : Severity.CRITICAL,
                    "the finding for " + id));
        }
        InstanceReport unhealthy = report(I1, Verdict.UNHEALTHY, checks.toArray(CheckResult[]::new));

        String annotation = SKIP_UNKNOWN.evaluate(List.of(unhealthy), List.of(), CAPTURED).evaluations().get(0)
                .annotation();

        // The 17 ids alone take more than 256 characters: the annotation names the worst ones that fit and says how
        // many more fail, rather than cutting an id in half or dropping the count.
        assertThat(annotation.length()).isLessThanOrEqualTo(256);
        Matcher matcher = Pattern.compile("UNHEALTHY: failing ((?:[A-Z_]+, )*[A-Z_]+) \\(\\+(\\d+) more\\)")
                .matcher(annotation);
        assertThat(matcher.matches()).as(annotation).isTrue();
        List<String> named = List.of(matcher.group(1).split(", "));
        int more = Integer.parseInt(matcher.group(2));
        List<String> worstFirst = unhealthy.failingChecks().stream().map(c -> c.id().name()).toList();
        assertThat(named).isEqualTo(worstFirst.subList(0, named.size()));
        assertThat(named.size() + more).isEqualTo(CheckId.values().length);
        assertThat(named).doesNotContain(CheckId.SSM_AGENT_VERSION.name());
        String withNext = "UNHEALTHY: failing " + matcher.group(1) + ", " + worstFirst.get(named.size()) + " (+"
                + (more - 1) + " more)";
        assertThat(withNext.length()).as("one more id would not fit").isGreaterThan(256);
    }

    @Test
    void fit_longText_cutAtAWordBoundaryWithEllipsis() {
        String text = "alpha beta gamma delta ".repeat(20);

        String fitted = Annotations.fit(text, 256);

        assertThat(fitted.length()).isLessThanOrEqualTo(256).isGreaterThan(200);
        assertThat(fitted).endsWith("…");
        String body = fitted.substring(0, fitted.length() - 1);
        assertThat(text).startsWith(body);
        assertThat(text.charAt(body.length())).isEqualTo(' ');
    }

    @Test
    void fit_surrogatePairAtTheCut_notSplit() {
        String text = "x".repeat(254) + "😀" + "tail";

        String fitted = Annotations.fit(text, 256);

        assertThat(fitted.length()).isLessThanOrEqualTo(256);
        assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 2))).isFalse();
    }

    @Test
    void fit_shortText_unchanged() {
        assertThat(Annotations.fit("HEALTHY: 9 checks pass", 256)).isEqualTo("HEALTHY: 9 checks pass");
    }

    private static ConfigRuleInvocation invocation(boolean leftScope, String resourceType, String status) {
        return new ConfigRuleInvocation("lmus-instance-compliance", null, "123456789012", "token", leftScope,
                ConfigMessageType.CONFIGURATION_ITEM_CHANGE, Map.of(),
                new ConfigItem(resourceType, I1, status, CAPTURED), CAPTURED.plusSeconds(1), null);
    }

    @Test
    void withoutScan_eventLeftScope_notApplicableAtCaptureTime() {
        ConfigEvaluation evaluation = ConfigEvaluations.withoutScan(invocation(true, "AWS::EC2::Instance", "OK"));

        assertThat(evaluation).isEqualTo(ConfigEvaluation.instance(I1, Compliance.NOT_APPLICABLE,
                "the resource left the rule's scope", CAPTURED));
    }

    @Test
    void withoutScan_deletedInstance_notApplicable() {
        ConfigEvaluation evaluation = ConfigEvaluations.withoutScan(invocation(false, "AWS::EC2::Instance",
                "ResourceDeleted"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.annotation()).contains("deleted");
    }

    @Test
    void withoutScan_otherResourceType_notApplicableForThatType() {
        ConfigEvaluation evaluation = ConfigEvaluations.withoutScan(invocation(false, "AWS::EC2::Volume", "OK"));

        assertThat(evaluation.resourceType()).isEqualTo("AWS::EC2::Volume");
        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void withoutScan_liveInstance_null() {
        assertThat(ConfigEvaluations.withoutScan(invocation(false, "AWS::EC2::Instance", "OK"))).isNull();
    }

    @Test
    void fromRuleParameters_absentOrValid_policy() {
        assertThat(UnknownVerdictPolicy.fromRuleParameters(Map.of())).isEqualTo(UnknownVerdictPolicy.SKIP);
        assertThat(UnknownVerdictPolicy.fromRuleParameters(Map.of("unknownVerdict", "non_compliant")))
                .isEqualTo(UnknownVerdictPolicy.NON_COMPLIANT);
    }

    @Test
    void fromRuleParameters_unknownValue_errorNamesTheParameter() {
        assertThatThrownBy(() -> UnknownVerdictPolicy.fromRuleParameters(Map.of("unknownVerdict", "INSUFFICIENT_DATA")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknownVerdict");
    }

    @Test
    void new_annotationLongerThanTheLimit_rejected() {
        assertThatThrownBy(() -> ConfigEvaluation.instance(I1, Compliance.COMPLIANT, "x".repeat(257), CAPTURED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
