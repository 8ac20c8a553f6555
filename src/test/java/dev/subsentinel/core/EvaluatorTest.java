package dev.subsentinel.core;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.NOW;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Evaluator.Evaluation;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.check.Check;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.check.InstanceContext;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorTest {

    private static CheckResult result(Status status, Severity severity) {
        return new CheckResult(CheckId.SSM_PING, status, severity, status + " " + severity, List.of(), null);
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("no results", List.of(), Verdict.HEALTHY),
                Arguments.of("only passes and skips", List.of(result(Status.PASS, Severity.CRITICAL),
                        result(Status.SKIPPED, Severity.HIGH)), Verdict.HEALTHY),
                Arguments.of("CRITICAL fail", List.of(result(Status.FAIL, Severity.CRITICAL)), Verdict.UNHEALTHY),
                Arguments.of("HIGH fail", List.of(result(Status.FAIL, Severity.HIGH)), Verdict.UNHEALTHY),
                Arguments.of("MEDIUM fail", List.of(result(Status.FAIL, Severity.MEDIUM)), Verdict.AT_RISK),
                Arguments.of("LOW fail", List.of(result(Status.FAIL, Severity.LOW)), Verdict.AT_RISK),
                Arguments.of("CRITICAL warn", List.of(result(Status.WARN, Severity.CRITICAL)), Verdict.AT_RISK),
                Arguments.of("unknown", List.of(result(Status.UNKNOWN, Severity.CRITICAL)), Verdict.UNKNOWN),
                Arguments.of("AT_RISK outranks UNKNOWN", List.of(result(Status.UNKNOWN, Severity.CRITICAL),
                        result(Status.FAIL, Severity.LOW)), Verdict.AT_RISK),
                Arguments.of("UNHEALTHY outranks AT_RISK and UNKNOWN", List.of(result(Status.WARN, Severity.HIGH),
                        result(Status.FAIL, Severity.CRITICAL), result(Status.UNKNOWN, Severity.HIGH)),
                        Verdict.UNHEALTHY),
                Arguments.of("order does not matter", List.of(result(Status.FAIL, Severity.HIGH),
                        result(Status.WARN, Severity.LOW), result(Status.UNKNOWN, Severity.LOW)), Verdict.UNHEALTHY),
                Arguments.of("INFO fail is ignored", List.of(result(Status.FAIL, Severity.INFO)), Verdict.HEALTHY),
                Arguments.of("INFO unknown is ignored", List.of(result(Status.UNKNOWN, Severity.INFO)),
                        Verdict.HEALTHY),
                Arguments.of("INFO fail next to a LOW fail", List.of(result(Status.FAIL, Severity.INFO),
                        result(Status.FAIL, Severity.LOW)), Verdict.AT_RISK));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("verdicts")
    void verdict_results_worstCountingResultDecides(String name, List<CheckResult> results, Verdict expected) {
        assertThat(Evaluator.verdict(results)).isEqualTo(expected);
    }

    @Test
    void evaluate_healthyFleet_everyCheckPassesOrSkipsAndVerdictHealthy() {
        Evaluation evaluation = healthy().evaluate();

        assertThat(evaluation.checkErrors()).isZero();
        assertThat(evaluation.reports()).hasSize(1);
        InstanceReport report = evaluation.reports().get(0);
        assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(report.accountId()).isEqualTo(Fixtures.ACCOUNT);
        assertThat(report.products()).containsExactly(Fixtures.OFFICE);
        assertThat(report.checks()).extracting(CheckResult::id)
                .containsExactlyElementsOf(CheckRegistry.defaults().checks().stream().map(c -> c.id()).toList());
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.status()).isIn(Status.PASS, Status.SKIPPED));
        assertThat(report.check(CheckId.SSM_AGENT_VERSION).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void evaluate_demoFleet_pathsDrawnForFailingChecksOnlyNeverForPassingOnes() {
        Evaluation evaluation = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS)
                .evaluate(dev.subsentinel.demo.DemoFleet.snapshot(NOW), NOW);

        List<CheckResult> checks = evaluation.reports().stream().flatMap(r -> r.checks().stream()).toList();
        assertThat(checks).filteredOn(c -> c.status() == Status.PASS).isNotEmpty()
                .allSatisfy(c -> assertThat(c.paths()).as(c.id() + " passes").isEmpty());
        assertThat(checks).filteredOn(c -> c.status() == Status.FAIL && !c.paths().isEmpty())
                .extracting(CheckResult::id).contains(CheckId.ACTIVATION_PATH, CheckId.DIRECTORY_PATH);
    }

    @Test
    void evaluate_stoppedInstance_networkChecksSkippedAndStaysHealthy() {
        InstanceReport report = healthy().withoutAll(SsmInstance.class)
                .with(instance(INSTANCE).state("stopped").build()).report(INSTANCE);

        assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(report.check(CheckId.INSTANCE_STATE).status()).isEqualTo(Status.FAIL);
        assertThat(evidence(report.check(CheckId.INSTANCE_STATE))).isEqualTo("i-0healthy is stopped");
        for (CheckId skipped : List.of(CheckId.SSM_REGISTERED, CheckId.SSM_PING, CheckId.SSM_AGENT_VERSION,
                CheckId.SSM_NETWORK_PATH, CheckId.ACTIVATION_PATH, CheckId.DIRECTORY_DNS)) {
            assertThat(report.check(skipped).status()).as(skipped.name()).isEqualTo(Status.SKIPPED);
            assertThat(report.check(skipped).summary()).as(skipped.name()).contains("stopped");
        }
        for (CheckId evaluated : List.of(CheckId.LMUS_STATUS, CheckId.INSTANCE_PROFILE, CheckId.VPC_DNS,
                CheckId.RDP_INGRESS)) {
            assertThat(report.check(evaluated).status()).as(evaluated.name()).isEqualTo(Status.PASS);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"terminated", "shutting-down"})
    void evaluate_goneInstanceWithoutProfile_everyCheckButStateSkippedAndNeverHealthy(String state) {
        InstanceReport report = healthy().withoutAll(SsmInstance.class)
                .with(instance(INSTANCE).state(state).build().withProfileAssociation(null))
                .with(Fixtures.lmus(INSTANCE, "TERMINATED", Fixtures.DIRECTORY, Fixtures.OFFICE)).report(INSTANCE);

        assertThat(report.state()).isEqualTo(state);
        assertThat(report.gone()).isTrue();
        assertThat(report.verdict()).as("nothing could be judged, so not HEALTHY").isEqualTo(Verdict.UNKNOWN);
        assertThat(report.check(CheckId.INSTANCE_STATE).status()).isEqualTo(Status.FAIL);
        assertThat(report.checks()).filteredOn(c -> c.id() != CheckId.INSTANCE_STATE)
                .allSatisfy(c -> assertThat(c.status()).as(c.id().name()).isEqualTo(Status.SKIPPED));
    }

    @Test
    void evaluate_instanceMissingFromDescribeInstances_stateNotFound() {
        InstanceReport report = healthy().withoutAll(Ec2Instance.class)
                .with(Fixtures.lmus(INSTANCE, "ACTIVE", Fixtures.DIRECTORY, Fixtures.OFFICE)).report(INSTANCE);

        assertThat(report.state()).isEqualTo(InstanceReport.NOT_FOUND);
    }

    @Test
    void evaluate_describeInstancesFailed_stateUnknown() {
        InstanceReport report = healthy().withoutAll(Ec2Instance.class).with(unknown(FactKind.INSTANCES, "*"))
                .with(Fixtures.lmus(INSTANCE, "ACTIVE", Fixtures.DIRECTORY, Fixtures.OFFICE)).report(INSTANCE);

        assertThat(report.state()).isNull();
    }

    @Test
    void evaluate_stoppedInstanceWithBrokenNetwork_staysHealthy() {
        InstanceReport report = healthy().withoutAll(SsmInstance.class)
                .with(instance(INSTANCE).state("stopped").build(), sg(SG_INSTANCE, VPC).build()).report(INSTANCE);

        assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void evaluate_instanceMissingFromDescribeInstances_unknownNamingWhy() {
        InstanceReport report = healthy().withoutAll(Ec2Instance.class).report(INSTANCE);

        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.check(CheckId.LMUS_STATUS).status()).isEqualTo(Status.PASS);
        assertThat(report.check(CheckId.SERVICE_LINKED_ROLE).status()).isEqualTo(Status.PASS);
        assertThat(report.checks()).filteredOn(c -> c.id() != CheckId.LMUS_STATUS
                        && c.id() != CheckId.SERVICE_LINKED_ROLE)
                .allSatisfy(c -> {
                    assertThat(c.status()).isEqualTo(Status.UNKNOWN);
                    assertThat(evidence(c)).isEqualTo("DescribeInstances does not return i-0healthy (terminated"
                            + " long ago, or in another account or region)");
                });
    }

    @Test
    void evaluate_describeInstancesFailed_unknownWithTheReason() {
        InstanceReport report = healthy().withoutAll(Ec2Instance.class).with(unknown(FactKind.INSTANCES, "*"))
                .report(INSTANCE);

        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(evidence(report.check(CheckId.VPC_DNS))).isEqualTo("DescribeInstances failed: AccessDenied: not"
                + " allowed (INSTANCES)");
    }

    @Test
    void evaluate_lmusFailedForInstanceMissingFromEc2_unhealthy() {
        InstanceReport report = healthy().withoutAll(Ec2Instance.class)
                .with(Fixtures.lmus(INSTANCE, "TERMINATING", Fixtures.DIRECTORY, Fixtures.OFFICE)).report(INSTANCE);

        assertThat(report.verdict()).isEqualTo(Verdict.UNHEALTHY);
    }

    /** A check that fails inside, as a bug in a check would: the evaluator must contain it. */
    private record ThrowingCheck(CheckId id, Severity severity) implements Check {

        @Override
        public List<String> requiredActions() {
            return List.of();
        }

        @Override
        public String remediation() {
            return "none";
        }

        @Override
        public CheckResult evaluate(InstanceContext context) {
            throw new IllegalStateException("boom in " + id);
        }
    }

    private static CheckRegistry registryWithThrowing(CheckId... throwing) {
        List<Check> checks = new ArrayList<>();
        for (Check check : CheckRegistry.defaults().checks()) {
            checks.add(List.of(throwing).contains(check.id()) ? new ThrowingCheck(check.id(), check.severity())
                    : check);
        }
        return new CheckRegistry(checks);
    }

    @Test
    void evaluate_checkThrows_unknownAndCountedInCheckErrors() {
        Evaluation evaluation = new Evaluator(registryWithThrowing(CheckId.RDP_INGRESS), EvaluationSettings.DEFAULTS)
                .evaluate(healthy().snapshot(), NOW);

        assertThat(evaluation.checkErrors()).isEqualTo(1);
        InstanceReport report = evaluation.reports().get(0);
        CheckResult rdp = report.check(CheckId.RDP_INGRESS);
        assertThat(rdp.status()).isEqualTo(Status.UNKNOWN);
        assertThat(rdp.severity()).isEqualTo(Severity.HIGH);
        assertThat(rdp.summary()).isEqualTo("check could not be evaluated");
        assertThat(evidence(rdp)).contains("internal error: java.lang.IllegalStateException: boom in RDP_INGRESS");
        assertThat(report.check(CheckId.SSM_NETWORK_PATH).status()).isEqualTo(Status.PASS);
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void evaluate_twoChecksThrow_bothCountedOthersStillEvaluated() {
        Evaluation evaluation = new Evaluator(registryWithThrowing(CheckId.SSM_NETWORK_PATH,
                CheckId.ACTIVATION_PATH), EvaluationSettings.DEFAULTS).evaluate(healthy().snapshot(), NOW);

        assertThat(evaluation.checkErrors()).isEqualTo(2);
        InstanceReport report = evaluation.reports().get(0);
        assertThat(report.checks()).filteredOn(c -> c.status() == Status.UNKNOWN).extracting(CheckResult::id)
                .containsExactlyInAnyOrder(CheckId.SSM_NETWORK_PATH, CheckId.ACTIVATION_PATH);
        assertThat(report.check(CheckId.RDP_INGRESS).status()).isEqualTo(Status.PASS);
    }

    @Test
    void evaluate_givenIds_onlyThoseInOrderAndUnknownIdsReported() {
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS);
        World world = Fixtures.withSpoke(healthy());

        Evaluation evaluation = evaluator.evaluate(world.snapshot(), List.of(Fixtures.SPOKE_INSTANCE, "i-0nowhere"),
                NOW);

        assertThat(evaluation.reports()).extracting(InstanceReport::instanceId)
                .containsExactly(Fixtures.SPOKE_INSTANCE, "i-0nowhere");
        assertThat(evaluation.reports().get(1).check(CheckId.VPC_DNS).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void evaluate_fleet_ec2InstancesThenLmusOnlyInstancesWithoutDuplicates() {
        World world = Fixtures.withSpoke(healthy()).with(Fixtures.lmus("i-0lmusonly", "ACTIVE", null));

        Evaluation evaluation = world.evaluate();

        assertThat(evaluation.reports()).extracting(InstanceReport::instanceId)
                .containsExactly(INSTANCE, Fixtures.SPOKE_INSTANCE, "i-0lmusonly");
    }
}
