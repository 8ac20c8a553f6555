package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.ssm;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SsmAgentVersionCheckTest {

    private static final EvaluationSettings MINIMUM = new EvaluationSettings(15, "3.3.40.0", List.of());

    static Stream<Arguments> versions() {
        return Stream.of(
                Arguments.of("3.3.40.0", "3.3.131.0", -1),
                Arguments.of("3.3.131.0", "3.3.40.0", 1),
                Arguments.of("3.3.40.0", "3.3.40.0", 0),
                Arguments.of("3.3.40", "3.3.40.0", 0),
                Arguments.of("3.2.2303.0", "3.3.40.0", -1),
                Arguments.of("10.0.0.0", "9.9.9999.9", 1),
                Arguments.of("3.3.x.0", "3.3.0.0", 0));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("versions")
    void compare_dottedVersions_numericPerPart(String a, String b, int expected) {
        assertThat(Integer.signum(SsmAgentVersionCheck.compare(a, b))).isEqualTo(expected);
    }

    static Stream<Arguments> agents() {
        return Stream.of(
                Arguments.of("older than the minimum", "3.2.2303.0", Status.FAIL, "SSM Agent 3.2.2303.0, minimum"
                        + " 3.3.40.0"),
                Arguments.of("equal to the minimum", "3.3.40.0", Status.PASS, "SSM Agent 3.3.40.0, minimum 3.3.40.0"),
                Arguments.of("newer than the minimum (numeric, not text, order)", "3.3.131.0", Status.PASS,
                        "SSM Agent 3.3.131.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void evaluate_agentVersionAgainstMinimum_failWhenOlder(String name, String version, Status expected,
            String evidence) {
        CheckResult result = healthy().with(ssm(INSTANCE, "Online", 1, version)).settings(MINIMUM)
                .result(CheckId.SSM_AGENT_VERSION);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(evidence(result)).contains(evidence);
    }

    @Test
    void evaluate_noMinimumConfigured_skipped() {
        CheckResult result = healthy().result(CheckId.SSM_AGENT_VERSION);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.summary()).contains("no minimum agent version configured");
    }

    @Test
    void evaluate_noMinimumAndNoVersionReported_skippedAndInstanceStaysHealthy() {
        InstanceReport report = healthy().with(ssm(INSTANCE, "Online", 1, null)).report(INSTANCE);

        assertThat(report.check(CheckId.SSM_AGENT_VERSION).status()).isEqualTo(Status.SKIPPED);
        assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void evaluate_minimumButNoVersionReported_unknown() {
        CheckResult result = healthy().with(ssm(INSTANCE, "Online", 1, null)).settings(MINIMUM)
                .result(CheckId.SSM_AGENT_VERSION);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("no AgentVersion");
    }

    @Test
    void evaluate_notRegistered_skipped() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).settings(MINIMUM)
                .result(CheckId.SSM_AGENT_VERSION);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void evaluate_ssmUnreadable_unknown() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).with(unknown(FactKind.SSM_INFO, "*"))
                .settings(MINIMUM).result(CheckId.SSM_AGENT_VERSION);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("DescribeInstanceInformation failed: AccessDenied");
    }
}
