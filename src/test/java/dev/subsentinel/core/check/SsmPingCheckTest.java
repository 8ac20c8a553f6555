package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.NOW;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SsmPingCheckTest {

    private static SsmInstance ping(String status, Instant last) {
        return new SsmInstance(INSTANCE, status, last, "3.3.987.0", null, null);
    }

    static Stream<Arguments> pings() {
        return Stream.of(
                Arguments.of("online, pinged 2 min ago", ping("Online", NOW.minusSeconds(120)), 15, Status.PASS,
                        "PingStatus Online, LastPingDateTime 2026-11-25T11:58:00Z (2 min ago)"),
                Arguments.of("online, pinged 14 min 59 s ago", ping("Online", NOW.minusSeconds(899)), 15, Status.PASS,
                        "(14 min ago)"),
                Arguments.of("online, pinged exactly 15 min ago: not older than the threshold",
                        ping("Online", NOW.minusSeconds(900)), 15, Status.PASS, "(15 min ago)"),
                Arguments.of("online, pinged 15 min 1 s ago: stale", ping("Online", NOW.minusSeconds(901)), 15,
                        Status.FAIL, "older than the 15-minute threshold while PingStatus still says Online"),
                Arguments.of("online, pinged 3 h ago: stale", ping("Online", NOW.minus(Duration.ofHours(3))), 15,
                        Status.FAIL, "(3 h 0 min ago)"),
                Arguments.of("custom threshold 5 min, pinged 6 min ago", ping("Online", NOW.minusSeconds(360)), 5,
                        Status.FAIL, "older than the 5-minute threshold"),
                Arguments.of("custom threshold 30 min, pinged 20 min ago", ping("Online", NOW.minusSeconds(1200)), 30,
                        Status.PASS, "(20 min ago)"),
                Arguments.of("connection lost", ping("ConnectionLost", NOW.minusSeconds(60)), 15, Status.FAIL,
                        "PingStatus ConnectionLost"),
                Arguments.of("inactive", ping("Inactive", NOW.minusSeconds(60)), 15, Status.FAIL,
                        "PingStatus Inactive"),
                Arguments.of("online but never pinged", ping("Online", null), 15, Status.FAIL,
                        "LastPingDateTime never"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pings")
    void evaluate_pingAgeAndStatus_staleThresholdApplied(String name, SsmInstance ssm, int staleMinutes,
            Status expected, String evidence) {
        CheckResult result = healthy().with(ssm).settings(new EvaluationSettings(staleMinutes, null, List.of()))
                .result(CheckId.SSM_PING);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(evidence(result)).contains(evidence);
    }

    @Test
    void evaluate_sameSnapshotLater_becomesStale() {
        World world = healthy().with(ping("Online", NOW.minusSeconds(120)));

        CheckResult early = world.report(INSTANCE, NOW).check(CheckId.SSM_PING);
        CheckResult late = world.report(INSTANCE, NOW.plus(Duration.ofMinutes(20))).check(CheckId.SSM_PING);

        assertThat(early.status()).isEqualTo(Status.PASS);
        assertThat(late.status()).isEqualTo(Status.FAIL);
        assertThat(late.summary()).isEqualTo("SSM ping stale: last ping 22 min ago");
    }

    @Test
    void evaluate_notRegistered_skippedInFavourOfSsmRegistered() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).result(CheckId.SSM_PING);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.summary()).contains("SSM_REGISTERED");
    }

    @Test
    void evaluate_ssmUnreadable_unknown() {
        CheckResult result = healthy().withoutAll(SsmInstance.class).with(unknown(FactKind.SSM_INFO, INSTANCE))
                .result(CheckId.SSM_PING);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("DescribeInstanceInformation failed: AccessDenied");
    }

    @Test
    void evaluate_stoppedWithStalePing_skipped() {
        CheckResult result = healthy().with(instance(INSTANCE).state("stopped").build(),
                ping("ConnectionLost", NOW.minus(Duration.ofDays(1)))).result(CheckId.SSM_PING);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.summary()).isEqualTo("the instance is stopped");
    }
}
