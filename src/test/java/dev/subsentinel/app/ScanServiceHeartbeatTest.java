package dev.subsentinel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.collect.SnapshotSource;
import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.event.ManualRun;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.EmfDocuments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only the scheduled scan feeds the heartbeat (ScanCompleted): a direct full-fleet invocation, a dry run or an event
 * run must not hide a schedule that stopped. The runs evaluate the offline demo fleet with metrics on stdout.
 */
class ScanServiceHeartbeatTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final FleetSnapshot DEMO = DemoFleet.snapshot(NOW);

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    private static ScanService service(SnapshotSource source) {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", DemoFleet.REGION));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        return new ScanService(source, new Evaluator(CheckRegistry.defaults(), config.evaluation()),
                new ScanService.Outputs(null, null, SnsAlertPublisher.dryRun(discard, null, 10),
                        new FleetMetrics(FleetMetrics.stdoutMetrics("HeartbeatTest"))),
                new ApiCallCounter(), () -> DemoFleet.ACCOUNT, DemoFleet.REGION, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> "scan-1");
    }

    @Test
    void scan_scheduled_emitsTheHeartbeatOnce() throws IOException {
        service(scope -> DEMO).scan(ScanRequest.scheduled("schedule"));

        assertThat(heartbeats()).containsExactly(1.0);
        assertThat(fleetScoped("InstancesEvaluated")).isTrue();
    }

    @Test
    void scan_scheduledRunFails_heartbeatZero() throws IOException {
        ScanService failing = service(scope -> {
            throw new IllegalStateException("no snapshot");
        });

        assertThatThrownBy(() -> failing.scan(ScanRequest.scheduled("schedule")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(heartbeats()).containsExactly(0.0);
    }

    @Test
    void scan_directFullFleetInvocations_fleetCountsButNoHeartbeat() throws IOException {
        ScanService scans = service(scope -> DEMO);

        scans.scan(ScanRequest.manual(new ManualRun(List.of(), false)));
        scans.scan(ScanRequest.manual(new ManualRun(List.of(), true)));
        scans.scan(ScanRequest.fleet("cli", false));

        assertThat(heartbeats()).isEmpty();
        assertThat(fleetScoped("InstancesEvaluated")).isTrue();
    }

    @Test
    void scan_onDemandRunFails_noHeartbeat() throws IOException {
        ScanService failing = service(scope -> {
            throw new IllegalStateException("no snapshot");
        });

        assertThatThrownBy(() -> failing.scan(ScanRequest.fleet("direct", false)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(heartbeats()).isEmpty();
    }

    @Test
    void scan_priming_summaryOnlyAtDebug() {
        try (CapturedLog log = CapturedLog.start()) {
            service(scope -> DEMO).scan(ScanRequest.priming("SnapStart priming"));

            assertThat(log.lines()).noneMatch(line -> line.contains("evaluated"));
        }
    }

    @Test
    void scheduled_dryRunOrNarrowed_rejected() {
        assertThatThrownBy(() -> new ScanRequest("schedule", Scope.fleet(), true, true,
                Prefetched.NONE, ScanRequest.Kind.SCHEDULED, Deadline.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never a dry run");
        assertThatThrownBy(() -> new ScanRequest("schedule", Scope.instances(List.of("i-0aaa1111bbbb2222c")), false,
                false, Prefetched.NONE, ScanRequest.Kind.SCHEDULED, Deadline.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole fleet");
    }

    /** The ScanCompleted values emitted so far, in order. */
    private List<Double> heartbeats() throws IOException {
        List<Double> out = new ArrayList<>();
        for (JsonNode document : documents()) {
            if (document.has("ScanCompleted")) {
                assertThat(document.get("Scope").asText()).isEqualTo(FleetMetrics.FLEET);
                out.add(document.get("ScanCompleted").asDouble());
            }
        }
        return out;
    }

    private boolean fleetScoped(String metric) throws IOException {
        return documents().stream().anyMatch(d -> d.has(metric) && FleetMetrics.FLEET.equals(d.get("Scope").asText()));
    }

    private List<JsonNode> documents() throws IOException {
        return EmfDocuments.parse(captured.toString(StandardCharsets.UTF_8));
    }
}
