package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.PROFILE_ARN;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstanceProfileCheckTest {

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("associated", Status.PASS),
                Arguments.of("associating", Status.WARN),
                Arguments.of("disassociating", Status.FAIL),
                Arguments.of("disassociated", Status.FAIL));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("states")
    void evaluate_associationState_statusWithAssociationEvidence(String state, Status expected) {
        CheckResult result = healthy()
                .with(instance(INSTANCE).profile(new InstanceProfileAssociation("iip-assoc-0abc", PROFILE_ARN,
                        state)).build())
                .result(CheckId.INSTANCE_PROFILE);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(evidence(result)).contains("iip-assoc-0abc: " + PROFILE_ARN + " is " + state);
    }

    @Test
    void evaluate_noAssociation_failNamingTheInstance() {
        CheckResult result = healthy().with(instance(INSTANCE).profile(null).build()).result(CheckId.INSTANCE_PROFILE);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).contains("i-0healthy has no instance profile association");
    }

    @Test
    void evaluate_associationsUnreadable_unknownNotFail() {
        CheckResult result = healthy().with(instance(INSTANCE).profile(null).build(),
                unknown(FactKind.INSTANCE_PROFILES, "*")).result(CheckId.INSTANCE_PROFILE);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("DescribeIamInstanceProfileAssociations failed: AccessDenied");
    }

    @Test
    void evaluate_stoppedWithoutProfile_stillFails() {
        CheckResult result = healthy().with(instance(INSTANCE).state("stopped").profile(null).build())
                .result(CheckId.INSTANCE_PROFILE);

        assertThat(result.status()).isEqualTo(Status.FAIL);
    }
}
