package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.track.DeliveryResult;
import dev.subsentinel.track.TrackingResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line {@code scan} ends with, for the runs the emulator tests do not make. */
class ScanSummaryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

    private static ScanOutcome outcome(DeliveryResult delivery, Transition... transitions) {
        FleetSnapshot snapshot = FleetSnapshot.builder("123456789012", "us-east-1", NOW).build();
        ScanReport report = ScanReport.of("scan-1", "123456789012", "us-east-1", NOW, 2345, 31, false, List.of(),
                List.of());
        List<TrackingResult.InstanceTransition> list = java.util.Arrays.stream(transitions)
                .map(t -> new TrackingResult.InstanceTransition("i-0123456789abcdef0", t, Verdict.UNHEALTHY, NOW,
                        "test")).toList();
        return new ScanOutcome(snapshot, report, List.of(), delivery, list);
    }

    @Test
    void summary_untracked_saysSo() {
        String line = ScanCommand.summary(outcome(DeliveryResult.NONE), AppConfig.fromEnvironment(Map.of()), false);

        assertThat(line).isEqualTo("scan: 0 instances evaluated; not tracked (no state table); alerts: 0 printed,"
                + " none sent (no topic); 31 AWS API calls; 2.3 s");
    }

    @Test
    void summary_trackedWithFailures_countsEachTransitionAndEachOutcome() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("SENTINEL_STATE_TABLE", "t", "SENTINEL_TOPIC_ARN",
                TOPIC));

        String line = ScanCommand.summary(outcome(new DeliveryResult(1, 2, 1, 0, 1, List.of("NotFound")),
                Transition.NEW, Transition.NEW, Transition.RESOLVED, Transition.UNCHANGED), config, false);

        assertThat(line).isEqualTo("scan: 0 instances evaluated, 3 transitions (2 NEW, 1 RESOLVED) in table t;"
                + " alerts: 1 published, 2 failed, 1 left to another run to topic " + TOPIC
                + "; 31 AWS API calls; 2.3 s");
    }
}
