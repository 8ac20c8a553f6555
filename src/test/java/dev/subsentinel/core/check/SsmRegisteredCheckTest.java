package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsmRegisteredCheckTest {

    @Test
    void evaluate_listedBySsm_passNamingComputer() {
        CheckResult result = healthy().result(CheckId.SSM_REGISTERED);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(evidence(result)).isEqualTo("SSM lists i-0healthy as EC2AMAZ-0HEA (ping Online)");
    }

    @Test
    void evaluate_runningButNotListed_fail() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).result(CheckId.SSM_REGISTERED);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).contains("DescribeInstanceInformation does not return i-0healthy, although it"
                + " is running");
    }

    @Test
    void evaluate_ssmUnreadable_unknown() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).with(unknown(FactKind.SSM_INFO, "*"))
                .result(CheckId.SSM_REGISTERED);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("DescribeInstanceInformation failed: AccessDenied");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pending", "stopping", "stopped"})
    void evaluate_notRunning_skipped(String state) {
        CheckResult result = healthy().withoutAll(SsmInstance.class).with(instance(INSTANCE).state(state).build())
                .result(CheckId.SSM_REGISTERED);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.summary()).contains(state);
    }
}
