package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.FleetAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fleet-level problems alert once: 50 instances behind one directory that turns Impaired give one message naming the
 * directory and listing the 50 instances; its recovery gives one RESOLVED message. Every instance still records its
 * own NEW and RESOLVED, and each alert is confirmed with the group message's id.
 */
class FleetAlertGroupingTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** A sink that renders the run's alerts as FleetAlerts does and accepts every message. */
    private static final class GroupingSink implements AlertSink {
        private final List<dev.subsentinel.publish.AlertMessage> messages = new ArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public List<Delivery> send(List<Alert> alerts) {
            List<Delivery> deliveries = new ArrayList<>();
            for (var message : FleetAlerts.messages(alerts, 10)) {
                messages.add(message);
                String messageId = "msg-" + ids.incrementAndGet();
                message.alertIds().forEach(id -> deliveries.add(Delivery.accepted(id, messageId)));
            }
            return deliveries;
        }
    }

    @Test
    void deliver_fiftyInstancesBehindADirectoryThatTurnsImpairedThenRecovers_oneAlertEachTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(String.format("i-0%016x", 0xa000 + i));
        }
        TrackingFleet fleet = TrackingFleet.of(ids.toArray(String[]::new));
        InMemoryStateStore store = new InMemoryStateStore();
        Tracker tracker = new Tracker(store, new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
                Duration.ofDays(30), true));
        tracker.deliver(tracker.track(fleet.scan("scan-0", T0), true, T0), new GroupingSink(), T0);

        fleet.directoryStage("Impaired");
        Instant t1 = T0.plus(Duration.ofMinutes(5));
        ScanReport impaired = fleet.scan("scan-1", t1);
        TrackingResult broken = tracker.track(impaired, true, t1);
        GroupingSink sink = new GroupingSink();
        var delivered = tracker.deliver(broken, sink, t1);

        assertThat(broken.transitions()).hasSize(50)
                .allSatisfy(t -> assertThat(t.transition()).isEqualTo(Transition.NEW));
        assertThat(sink.messages).hasSize(1);
        var message = sink.messages.get(0);
        assertThat(message.subject()).isEqualTo("[UNHEALTHY] 50 instances: directory d-9067abcdef"
                + " (corp.example.com) is Impaired");
        assertThat(message.text()).contains("DIRECTORY_HEALTH - directory d-9067abcdef (corp.example.com) is"
                + " Impaired").contains("DescribeDirectories Stage Impaired: The directory's domain controllers"
                + " stopped answering health checks.").contains("Instances (50):")
                .contains("- i-0000000000000a000 (Office LTSC Pro Plus), unhealthy since " + t1);
        assertThat(message.document()).contains("\"schema\":\"" + FleetAlerts.SCHEMA + "\"")
                .contains("\"instanceCount\":50");
        assertThat(message.alertIds()).hasSize(50);
        assertThat(delivered.sent()).isEqualTo(50);
        assertThat(delivered.messages()).isEqualTo(1);
        assertThat(store.list(TrackingFleet.ACCOUNT, TrackingFleet.REGION))
                .allSatisfy(row -> assertThat(row.outbox()).isEmpty());
        assertThat(impaired.summary().unhealthy()).isEqualTo(50);

        fleet.directoryStage("Active");
        Instant t2 = t1.plus(Duration.ofMinutes(30));
        TrackingResult fixed = tracker.track(fleet.scan("scan-2", t2), true, t2);
        GroupingSink after = new GroupingSink();
        tracker.deliver(fixed, after, t2);

        assertThat(fixed.transitions()).hasSize(50)
                .allSatisfy(t -> assertThat(t.transition()).isEqualTo(Transition.RESOLVED));
        assertThat(after.messages).hasSize(1);
        assertThat(after.messages.get(0).subject()).isEqualTo("[RESOLVED] 50 instances: directory d-9067abcdef"
                + " (corp.example.com) is Impaired");
        assertThat(after.messages.get(0).text()).contains("What had failed:\n- DIRECTORY_HEALTH: directory"
                + " d-9067abcdef (corp.example.com) is Impaired");
    }

    @Test
    void messages_oneInstanceAlsoFailsForItsOwnReason_keepsItsOwnAlert() {
        TrackingFleet fleet = TrackingFleet.of(String.format("i-0%016x", 0xb000), String.format("i-0%016x", 0xb001),
                String.format("i-0%016x", 0xb002));
        fleet.directoryStage("Impaired");
        fleet.change(String.format("i-0%016x", 0xb002), i -> i.rdpOpen(true));
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Duration.ofMinutes(10), Duration.ofDays(30), true));
        TrackingResult result = tracker.track(fleet.scan("scan-1", T0), true, T0);
        GroupingSink sink = new GroupingSink();
        tracker.deliver(result, sink, T0);

        assertThat(sink.messages).hasSize(2);
        assertThat(sink.messages.get(0).subject()).startsWith("[UNHEALTHY] 2 instances: directory d-9067abcdef");
        assertThat(sink.messages.get(1).subject()).startsWith("[UNHEALTHY] i-0000000000000b002:");
    }
}
