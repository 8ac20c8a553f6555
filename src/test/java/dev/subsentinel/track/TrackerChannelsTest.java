package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No alert is lost across channels: every enabled channel has its own outbox entry, recorded as delivered only after
 * its service accepted it; one that fails keeps its entry for the next run, which sends it there alone; the others are
 * neither marked failed nor sent twice; the alert topic paces reminders.
 */
class TrackerChannelsTest {

    private static final String A = TrackerTest.A;
    private static final Instant T0 = TrackerTest.T0;
    private static final Tracker.Settings ALL = new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
            Duration.ofDays(30), List.of(Channel.ALERTS, Channel.CHAT, Channel.SECURITY_HUB));

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Tracker tracker = new Tracker(store, ALL);
    private final RecordingSink topic = new RecordingSink();
    private final RecordingSink chat = new RecordingSink();
    private final RecordingSink hub = new RecordingSink();

    private Map<Channel, AlertSink> sinks() {
        return Map.of(Channel.ALERTS, topic, Channel.CHAT, chat, Channel.SECURITY_HUB, hub);
    }

    @Test
    void deliver_securityHubFails_othersRecordedItsEntryKeptAndSentAloneOnTheNextRun() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        hub.failNext(1);

        TrackingResult run1 = tracker.track(fleet.scan("s1", T0), true, T0);
        DeliveryResult first = tracker.deliver(run1, sinks(), T0);
        StoredState afterFirst = store.get(TrackerTest.key(A));
        Instant t1 = T0.plusSeconds(300);
        TrackingResult run2 = tracker.track(fleet.scan("s2", t1), true, t1);
        DeliveryResult second = tracker.deliver(run2, sinks(), t1);

        assertThat(run1.alerts()).as("one alert, three channels").hasSize(1);
        assertThat(first.sent()).isEqualTo(1);
        assertThat(first.failed()).isZero();
        assertThat(first.channel(Channel.ALERTS)).isEqualTo(new DeliveryResult.ChannelResult(1, 0, 0, 0,
                List.of()));
        assertThat(first.channel(Channel.CHAT).sent()).isEqualTo(1);
        assertThat(first.channel(Channel.SECURITY_HUB)).isEqualTo(new DeliveryResult.ChannelResult(0, 1, 0, 0,
                List.of("InternalErrorException: injected")));
        assertThat(first.delivered(Channel.SECURITY_HUB)).isZero();
        assertThat(first.failures(Channel.SECURITY_HUB)).isEqualTo(1);
        assertThat(afterFirst.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.channel()).isEqualTo(Channel.SECURITY_HUB);
            assertThat(entry.alertId()).isEqualTo(run1.alerts().get(0).alertId() + "/securityhub");
            assertThat(entry.lastError()).isEqualTo("InternalErrorException: injected");
            assertThat(entry.claimToken()).isNull();
        });
        assertThat(afterFirst.state().lastAlertAt()).as("the alert topic accepted it").isEqualTo(T0);
        assertThat(run2.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.UNCHANGED);
        assertThat(second.channel(Channel.SECURITY_HUB).sent()).isEqualTo(1);
        assertThat(second.sent()).as("nothing again on the alert topic").isZero();
        assertThat(topic.sent()).hasSize(1);
        assertThat(chat.sent()).hasSize(1);
        assertThat(hub.sent()).singleElement().satisfies(alert -> {
            assertThat(alert.alertId()).isEqualTo(run1.alerts().get(0).alertId());
            assertThat(alert.transition()).isEqualTo(Transition.NEW);
        });
        assertThat(store.get(TrackerTest.key(A)).outbox()).isEmpty();
        assertThat(store.get(TrackerTest.key(A)).state().lastAlertAt()).as("a late channel does not move the"
                + " reminder clock").isEqualTo(T0);
    }

    @Test
    void deliver_alertTopicFails_chatAndSecurityHubRecordedAndTheReminderClockWaitsForTheTopic() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        topic.failNext(1);

        DeliveryResult first = tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0), sinks(), T0);

        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.channel(Channel.CHAT).sent()).isEqualTo(1);
        assertThat(first.channel(Channel.SECURITY_HUB).sent()).isEqualTo(1);
        StoredState row = store.get(TrackerTest.key(A));
        assertThat(row.outbox()).singleElement().extracting(OutboxEntry::channel).isEqualTo(Channel.ALERTS);
        assertThat(row.state().lastAlertAt()).isNull();
    }

    @Test
    void deliver_channelWithoutASinkThisRun_entryLeftForARunThatHasOne() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));

        DeliveryResult result = tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0),
                Map.of(Channel.ALERTS, topic), T0);

        assertThat(result.sent()).isEqualTo(1);
        assertThat(result.channels()).containsOnlyKeys(Channel.ALERTS);
        assertThat(store.get(TrackerTest.key(A)).outbox()).extracting(OutboxEntry::channel)
                .containsExactlyInAnyOrder(Channel.CHAT, Channel.SECURITY_HUB);
    }

    @Test
    void track_checkStopsFailingWhileTheInstanceStillFails_onlySecurityHubGetsTheUpdate() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost").rdpOpen(true));
        tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0), sinks(), T0);
        fleet.change(A, i -> i.rdpOpen(false));
        Instant t1 = T0.plusSeconds(300);

        TrackingResult run2 = tracker.track(fleet.scan("s2", t1), true, t1);
        DeliveryResult second = tracker.deliver(run2, sinks(), t1);

        assertThat(run2.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.UNCHANGED);
        assertThat(run2.alerts()).as("no message for an unchanged verdict").isEmpty();
        assertThat(second.sent()).isZero();
        assertThat(second.channel(Channel.SECURITY_HUB).sent()).isEqualTo(1);
        assertThat(topic.sent()).hasSize(1);
        assertThat(chat.sent()).hasSize(1);
        Alert update = hub.sent().get(1);
        assertThat(update.transition()).isEqualTo(Transition.UNCHANGED);
        assertThat(update.resolvedChecks()).containsExactly(CheckId.RDP_INGRESS);
        assertThat(update.failingChecks()).extracting(c -> c.id()).contains(CheckId.SSM_PING)
                .doesNotContain(CheckId.RDP_INGRESS);
    }

    @Test
    void track_channelDisabledSinceTheEntryWasQueued_itsEntryDropped() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        hub.failNext(1);
        tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0), sinks(), T0);
        Tracker withoutHub = new Tracker(store, new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
                Duration.ofDays(30), List.of(Channel.ALERTS, Channel.CHAT)));
        Instant t1 = T0.plusSeconds(300);

        withoutHub.track(fleet.scan("s2", t1), true, t1);

        assertThat(store.get(TrackerTest.key(A)).outbox()).isEmpty();
    }
}
