package dev.subsentinel.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "running, HEALTHY, 1, 0, 0, 0, 0, 0",
        "pending, UNHEALTHY, 0, 0, 1, 0, 0, 0",
        "stopped, HEALTHY, 1, 0, 0, 0, 1, 0",
        "stopping, AT_RISK, 0, 1, 0, 0, 1, 0",
        "stopped, UNHEALTHY, 0, 0, 1, 0, 1, 0",
        "terminated, HEALTHY, 0, 0, 0, 0, 0, 1",
        "terminated, UNKNOWN, 0, 0, 0, 0, 0, 1",
        "shutting-down, UNKNOWN, 0, 0, 0, 0, 0, 1",
        "not-found, UNKNOWN, 0, 0, 0, 0, 0, 1",
        ", UNKNOWN, 0, 0, 0, 1, 0, 0"})
    void of_instanceInState_countedOnceAndGoneNeverInAVerdictCount(String state, Verdict verdict, int healthy,
            int atRisk, int unhealthy, int unknown, int stopped, int terminated) {
        Summary summary = Summary.of(List.of(report(state, verdict)));

        assertThat(summary).isEqualTo(new Summary(1, healthy, atRisk, unhealthy, unknown, stopped, terminated));
        assertThat(summary.healthy() + summary.atRisk() + summary.unhealthy() + summary.unknown()
                + summary.terminated()).as("evaluated = verdict counts + terminated").isEqualTo(summary.evaluated());
    }

    private static InstanceReport report(String state, Verdict verdict) {
        return new InstanceReport("i-0123456789abcdef0", "123456789012", "us-east-1", state, List.of(), verdict,
                null, List.of());
    }
}
