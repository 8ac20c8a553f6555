package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstanceStateCheckTest {

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("running", Status.PASS),
                Arguments.of("pending", Status.PASS),
                Arguments.of("stopping", Status.FAIL),
                Arguments.of("stopped", Status.FAIL),
                Arguments.of("shutting-down", Status.FAIL));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("states")
    void evaluate_state_infoResultNamingTheState(String state, Status expected) {
        CheckResult result = healthy().with(instance(INSTANCE).state(state).build()).result(CheckId.INSTANCE_STATE);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.severity()).isEqualTo(Severity.INFO);
        assertThat(result.failing()).as("an INFO result never counts against the instance").isFalse();
        assertThat(evidence(result)).isEqualTo("i-0healthy is " + state);
    }
}
