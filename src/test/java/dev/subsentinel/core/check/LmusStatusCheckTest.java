package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.OFFICE;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LmusStatusCheckTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("ACTIVE", Status.PASS),
                Arguments.of("ACTIVATED", Status.PASS),
                Arguments.of("active", Status.PASS),
                Arguments.of(" Activated ", Status.PASS),
                Arguments.of("FAILED", Status.FAIL),
                Arguments.of("ACTIVATION_FAILED", Status.FAIL),
                Arguments.of("UNHEALTHY", Status.FAIL),
                Arguments.of("Unhealthy", Status.FAIL),
                Arguments.of("TERMINATING", Status.FAIL),
                Arguments.of("TERMINATED", Status.FAIL),
                Arguments.of("INACTIVE", Status.WARN),
                Arguments.of("PENDING", Status.WARN),
                Arguments.of("Provisioning", Status.WARN),
                Arguments.of("ACTIVE_PENDING_REVIEW", Status.WARN),
                Arguments.of("¯\\_(ツ)_/¯", Status.WARN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("statuses")
    void classify_statusText_passFailOrWarn(String text, Status expected) {
        assertThat(LmusStatusCheck.classify(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("statuses")
    void evaluate_statusText_resultCarriesRawStatus(String text, Status expected) {
        CheckResult result = healthy()
                .with(new LmusInstance(INSTANCE, text, "Instance is not managed by SSM", List.of(OFFICE),
                        "2026-11-25T11:50:00Z", DIRECTORY))
                .result(CheckId.LMUS_STATUS);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(evidence(result)).contains("LM-US status " + text + ", last checked 2026-11-25T11:50:00Z")
                .contains("LM-US status message: Instance is not managed by SSM");
    }

    @Test
    void evaluate_notListedByLmus_warnNamingTheInstance() {
        CheckResult result = healthy().withoutAll(LmusInstance.class).result(CheckId.LMUS_STATUS);

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(evidence(result)).contains("LM-US ListInstances does not return i-0healthy");
    }

    @Test
    void evaluate_listInstancesFailed_unknown() {
        CheckResult result = healthy().withoutAll(LmusInstance.class)
                .with(unknown(FactKind.LMUS_INSTANCES, "*")).result(CheckId.LMUS_STATUS);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("ListInstances failed: AccessDenied");
    }

    @Test
    void evaluate_instanceMissingFromEc2_stillReportsLmusStatus() {
        CheckResult result = healthy().without(INSTANCE)
                .with(new LmusInstance(INSTANCE, "UNHEALTHY", null, List.of(OFFICE), null, DIRECTORY))
                .result(CheckId.LMUS_STATUS);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).isEqualTo("LM-US status UNHEALTHY");
    }
}
