package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.SnsAlertPublisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tracker over the in-memory store: transitions across runs, the outbox protocol, races, digests. */
class TrackerTest {

    static final String A = "i-0aaa1111bbbb2222c";
    static final String B = "i-0bbb2222cccc3333d";
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Tracker.Settings SETTINGS = new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
            Duration.ofDays(30), true);

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final AtomicInteger ids = new AtomicInteger();
    private final Tracker tracker = new Tracker(store, SETTINGS, () -> "id-" + ids.incrementAndGet());

    @Test
    void track_failingThenSameThenSixHoursLaterThenFixed_newUnchangedReminderResolved() {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();

        List<Transition> run1 = runAndDeliver(fleet, T0, sink);
        List<Transition> run2 = runAndDeliver(fleet, T0.plus(Duration.ofMinutes(5)), sink);
        List<Transition> run3 = runAndDeliver(fleet, T0.plus(Duration.ofHours(6)), sink);
        fleet.change(A, i -> i.ping("Online"));
        List<Transition> run4 = runAndDeliver(fleet, T0.plus(Duration.ofHours(7)), sink);

        assertThat(run1).containsExactly(Transition.NEW, Transition.UNCHANGED);
        assertThat(run2).containsExactly(Transition.UNCHANGED, Transition.UNCHANGED);
        assertThat(run3).containsExactly(Transition.REMINDER, Transition.UNCHANGED);
        assertThat(run4).containsExactly(Transition.RESOLVED, Transition.UNCHANGED);
        assertThat(sink.sent()).extracting(Alert::transition)
                .containsExactly(Transition.NEW, Transition.REMINDER, Transition.RESOLVED);
        assertThat(sink.sent()).allSatisfy(alert -> assertThat(alert.instanceId()).isEqualTo(A));
        Alert resolved = sink.sent().get(2);
        assertThat(resolved.unhealthySince()).isEqualTo(T0);
        assertThat(resolved.failingMinutes()).isEqualTo(420);
        assertThat(resolved.resolvedChecks()).containsExactly(CheckId.SSM_PING);
        StoredState row = store.get(key(A));
        assertThat(row.state().failing()).isFalse();
        assertThat(row.state().lastAlertAt()).isEqualTo(T0.plus(Duration.ofHours(7)));
        assertThat(row.outbox()).isEmpty();
        assertThat(row.lastTransition()).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void track_failingAcrossRuns_unhealthySinceSurvivesAndFillsTheReport() {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        tracker.track(fleet.scan("s1", T0), true, T0);
        Tracker restarted = new Tracker(store, SETTINGS);

        TrackingResult later = restarted.track(fleet.scan("s2", T0.plus(Duration.ofHours(2))), true,
                T0.plus(Duration.ofHours(2)));

        assertThat(later.report().instances().get(0).unhealthySince()).isEqualTo(T0);
        assertThat(later.report().instances().get(1).unhealthySince()).isNull();
        assertThat(later.transitions().get(0).unhealthySince()).isEqualTo(T0);
    }

    @Test
    void track_newFailingCheck_worsenedWithTheNewCheckFirstInTheAlert() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();
        runAndDeliver(fleet, T0, sink);
        fleet.change(A, i -> i.rdpOpen(true));

        List<Transition> run2 = runAndDeliver(fleet, T0.plusSeconds(300), sink);

        assertThat(run2).containsExactly(Transition.WORSENED);
        Alert worse = sink.sent().get(1);
        assertThat(worse.newFailingChecks()).containsExactly(CheckId.RDP_INGRESS);
        assertThat(worse.unhealthySince()).isEqualTo(T0);
        assertThat(worse.failingChecks()).extracting(c -> c.id()).contains(CheckId.SSM_PING, CheckId.RDP_INGRESS);
    }

    @Test
    void track_completeScopeAndATrackedInstanceMissing_terminatedSayingHowLongAndWhy() {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();
        runAndDeliver(fleet, T0, sink);
        fleet.remove(A);

        TrackingResult result = tracker.track(fleet.scan("s2", T0.plus(Duration.ofHours(3))), true,
                T0.plus(Duration.ofHours(3)));
        tracker.deliver(result, sink, T0.plus(Duration.ofHours(3)));

        assertThat(result.transitions()).extracting(TrackingResult.InstanceTransition::instanceId,
                TrackingResult.InstanceTransition::transition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(B, Transition.UNCHANGED),
                        org.assertj.core.groups.Tuple.tuple(A, Transition.TERMINATED));
        Alert terminated = sink.sent().get(1);
        assertThat(terminated.transition()).isEqualTo(Transition.TERMINATED);
        assertThat(terminated.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(terminated.failingMinutes()).isEqualTo(180);
        assertThat(terminated.lastKnownCauses()).containsExactly("SSM_PING: SSM ping lost: ConnectionLost");
        assertThat(terminated.reason()).startsWith("no longer in the monitored fleet");
        StoredState row = store.get(key(A));
        assertThat(row.state().terminatedAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(row.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(3)).plus(Duration.ofDays(30)));
    }

    @Test
    void track_terminatedStateInTheReport_terminatedOnceThenUnchanged() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();
        runAndDeliver(fleet, T0, sink);
        fleet.change(A, i -> i.state("terminated"));

        List<Transition> run2 = runAndDeliver(fleet, T0.plusSeconds(300), sink);
        List<Transition> run3 = runAndDeliver(fleet, T0.plusSeconds(600), sink);

        assertThat(run2).containsExactly(Transition.TERMINATED);
        assertThat(run3).containsExactly(Transition.UNCHANGED);
        assertThat(sink.sent()).extracting(Alert::transition).containsExactly(Transition.NEW, Transition.TERMINATED);
        assertThat(sink.sent().get(1).reason()).isEqualTo("terminated");
    }

    @Test
    void track_missingFromAPartialReportOrAPartialScope_notTerminated() {
        TrackingFleet fleet = TrackingFleet.of(A, B);
        tracker.track(fleet.scan("s1", T0), true, T0);
        fleet.remove(A);

        TrackingResult partialScope = tracker.track(fleet.scan("s2", T0.plusSeconds(60)), false, T0.plusSeconds(60));
        fleet.unknown(FactKind.LMUS_INSTANCES, "*", "AccessDeniedException: not allowed");
        TrackingResult partialReport = tracker.track(fleet.scan("s3", T0.plusSeconds(120)), true,
                T0.plusSeconds(120));

        assertThat(partialScope.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .doesNotContain(Transition.TERMINATED);
        assertThat(partialReport.report().partial()).isTrue();
        assertThat(partialReport.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .doesNotContain(Transition.TERMINATED);
        assertThat(store.get(key(A)).state().terminated()).isFalse();
        assertThat(tracker.trackedInstanceIds(TrackingFleet.ACCOUNT, TrackingFleet.REGION)).containsExactly(A, B);
    }

    @Test
    void track_missingInstanceEvaluatedByAnEventRunMeanwhile_notTerminated() {
        TrackingFleet fleet = TrackingFleet.of(A, B);
        tracker.track(fleet.scan("s1", T0), true, T0);
        ScanReport eventReport = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"))
                .scan("event", T0.plusSeconds(60));
        AtomicInteger writes = new AtomicInteger();
        StateStore interleaving = new ForwardingStore(store) {
            @Override
            public Set<InstanceKey> putAll(List<Write> rows) {
                if (rows.stream().anyMatch(w -> w.row().key().instanceId().equals(A))
                        && writes.getAndIncrement() == 0) {
                    new Tracker(store, SETTINGS).track(eventReport, false, T0.plusSeconds(60));
                }
                return super.putAll(rows);
            }
        };
        fleet.remove(A);

        TrackingResult scheduled = new Tracker(interleaving, SETTINGS).track(fleet.scan("s2", T0.plusSeconds(120)),
                true, T0.plusSeconds(120));

        assertThat(scheduled.transitions()).filteredOn(t -> t.instanceId().equals(A))
                .extracting(TrackingResult.InstanceTransition::transition).containsExactly(Transition.UNCHANGED);
        assertThat(scheduled.conflicts()).isEqualTo(1);
        StoredState row = store.get(key(A));
        assertThat(row.state().terminated()).isFalse();
        assertThat(row.state().failing()).isTrue();
        assertThat(row.outbox()).extracting(OutboxEntry::transition).containsExactly(Transition.NEW);
    }

    @Test
    void deliver_publishFails_nothingRecordedAndTheAlertGoesOutOnTheNextRun() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink().failNext(1);

        TrackingResult run1 = tracker.track(fleet.scan("s1", T0), true, T0);
        DeliveryResult failed = tracker.deliver(run1, sink, T0);
        StoredState afterFailure = store.get(key(A));
        TrackingResult run2 = tracker.track(fleet.scan("s2", T0.plusSeconds(300)), true, T0.plusSeconds(300));
        DeliveryResult retried = tracker.deliver(run2, sink, T0.plusSeconds(300));

        assertThat(failed.failed()).isEqualTo(1);
        assertThat(failed.sent()).isZero();
        assertThat(failed.errors()).containsExactly("InternalErrorException: injected");
        assertThat(afterFailure.state().lastAlertAt()).isNull();
        assertThat(afterFailure.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.claimToken()).isNull();
            assertThat(entry.lastError()).isEqualTo("InternalErrorException: injected");
        });
        assertThat(run2.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.UNCHANGED);
        assertThat(retried.sent()).isEqualTo(1);
        assertThat(sink.sent()).singleElement().satisfies(alert -> {
            assertThat(alert.transition()).isEqualTo(Transition.NEW);
            assertThat(alert.scanId()).isEqualTo("s1");
        });
        assertThat(store.get(key(A)).outbox()).isEmpty();
        assertThat(store.get(key(A)).state().lastAlertAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void deliver_claimLeftByACrashedRun_notSentUntilTheLeaseLapsesThenSentOnce() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        // The run writes its alert claimed by itself, then dies before delivering it.
        TrackingResult crashed = tracker.track(fleet.scan("s1", T0), true, T0);
        String alertId = crashed.alerts().get(0).alertId();
        OutboxEntry claimedByTheCrashedRun = store.get(key(A)).entry(alertId);
        RecordingSink sink = new RecordingSink();

        DeliveryResult during = tracker.deliver(tracker.track(fleet.scan("s2", T0.plusSeconds(300)), true,
                T0.plusSeconds(300)), sink, T0.plusSeconds(300));
        Instant afterLease = T0.plus(SETTINGS.claimLease()).plusSeconds(1);
        DeliveryResult after = tracker.deliver(tracker.track(fleet.scan("s3", afterLease), true, afterLease), sink,
                afterLease);

        assertThat(claimedByTheCrashedRun.claimToken()).isEqualTo(crashed.claimToken()).isNotNull();
        assertThat(claimedByTheCrashedRun.claimedUntil()).isEqualTo(T0.plus(SETTINGS.claimLease()));
        assertThat(during.skipped()).isEqualTo(1);
        assertThat(during.sent()).isZero();
        assertThat(after.sent()).isEqualTo(1);
        assertThat(sink.sent()).extracting(Alert::alertId).containsExactly(alertId);
        assertThat(store.get(key(A)).outbox()).isEmpty();
    }

    @Test
    void deliver_claimTakenOverWhileSending_countedLostAndDocumentedDuplicate() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        TrackingResult run1 = tracker.track(fleet.scan("s1", T0), true, T0);
        RecordingSink other = new RecordingSink();
        Instant lapsed = T0.plus(SETTINGS.claimLease()).plusSeconds(1);
        RecordingSink slow = new RecordingSink().during(alerts -> {
            if (other.sent().isEmpty()) {
                tracker.deliver(tracker.track(fleet.scan("s2", lapsed), true, lapsed), other, lapsed);
            }
        });

        DeliveryResult result = tracker.deliver(run1, slow, T0);

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.sent()).isZero();
        assertThat(other.sent()).hasSize(1);
        assertThat(slow.sent()).hasSize(1);
        assertThat(store.get(key(A)).outbox()).isEmpty();
    }

    @Test
    void track_twoRunsRacingOnTheSameInstance_exactlyOneAlert() throws Exception {
        BarrierStore racing = new BarrierStore(store, false);
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();
        List<TrackingResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrackingResult>> runs = new ArrayList<>();
            for (String scan : List.of("scheduled", "event")) {
                runs.add(pool.submit(() -> {
                    Tracker run = new Tracker(racing, SETTINGS);
                    TrackingResult result = run.track(fleet.scan(scan, T0), false, T0);
                    run.deliver(result, sink, T0);
                    return result;
                }));
            }
            for (Future<TrackingResult> run : runs) {
                results.add(run.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(sink.sent()).singleElement().extracting(Alert::transition).isEqualTo(Transition.NEW);
        assertThat(results).extracting(TrackingResult::conflicts).contains(0)
                .anySatisfy(conflicts -> assertThat(conflicts).isPositive());
        assertThat(results).flatExtracting(TrackingResult::transitions)
                .extracting(TrackingResult.InstanceTransition::transition)
                .containsExactlyInAnyOrder(Transition.NEW, Transition.UNCHANGED);
        // Three writes: the winner's state with its alert claimed, the loser's re-decided state, the confirm.
        assertThat(store.get(key(A)).version()).isEqualTo(3);
    }

    @Test
    void deliver_moreAlertsThanTheThreshold_oneDigestAndAllRecordedAsSent() {
        String[] ids = {A, B, "i-0ccc3333dddd4444e"};
        TrackingFleet fleet = TrackingFleet.of(ids);
        for (String id : ids) {
            fleet.change(id, i -> i.ping("ConnectionLost"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnsAlertPublisher dryRunWithThresholdTwo = SnsAlertPublisher.dryRun(
                new PrintStream(out, true, StandardCharsets.UTF_8), "arn:aws:sns:us-east-1:123456789012:alerts", 2);

        DeliveryResult result = tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0),
                dryRunWithThresholdTwo, T0);

        assertThat(result.sent()).isEqualTo(3);
        assertThat(result.messages()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Subject: [DIGEST] 3 alerts in 123456789012/us-east-1: 3 UNHEALTHY\n");
        for (String id : ids) {
            assertThat(store.get(key(id)).outbox()).isEmpty();
            assertThat(store.get(key(id)).lastAlertMessageId()).isEqualTo("dry-run-1");
        }
    }

    @Test
    void preview_failingInstance_showsTheAlertAndWritesNothing() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        RecordingSink sink = new RecordingSink();

        TrackingResult preview = tracker.preview(fleet.scan("dry", T0), true, T0);
        DeliveryResult shown = tracker.deliver(preview, sink, T0);

        assertThat(preview.preview()).isTrue();
        assertThat(preview.alerting()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.NEW);
        assertThat(sink.sent()).hasSize(1);
        assertThat(shown.sent()).isZero();
        assertThat(store.get(key(A))).isNull();
    }

    @Test
    void track_alertsDisabled_transitionsTrackedNothingQueuedAndNoReminderEveryRun() {
        Tracker quiet = new Tracker(store, new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
                Duration.ofDays(30), false));
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));

        TrackingResult run1 = quiet.track(fleet.scan("s1", T0), true, T0);
        TrackingResult run2 = quiet.track(fleet.scan("s2", T0.plusSeconds(300)), true, T0.plusSeconds(300));

        assertThat(run1.alerting()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.NEW);
        assertThat(run1.pending()).isEmpty();
        assertThat(run2.alerting()).isEmpty();
        assertThat(store.get(key(A)).state().lastAlertAt()).isEqualTo(T0);
    }

    @Test
    void track_outboxFull_dropsAWaitingReminderFirst() {
        TrackingFleet fleet = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost"));
        tracker.track(fleet.scan("s1", T0), true, T0);
        StoredState row = store.get(key(A));
        OutboxEntry first = row.outbox().get(0);
        List<OutboxEntry> full = new ArrayList<>(row.outbox());
        full.add(copy(first, "old-reminder", Transition.REMINDER, T0.plusSeconds(1)));
        while (full.size() < Tracker.MAX_OUTBOX) {
            full.add(copy(first, "filler-" + full.size(), Transition.WORSENED, T0.plusSeconds(full.size())));
        }
        store.put(row.with(full, row.version()), row.version());
        fleet.change(A, i -> i.ping("Online"));

        tracker.track(fleet.scan("s2", T0.plusSeconds(300)), true, T0.plusSeconds(300));

        List<OutboxEntry> outbox = store.get(key(A)).outbox();
        assertThat(outbox).hasSize(Tracker.MAX_OUTBOX);
        assertThat(outbox).extracting(OutboxEntry::alertId).doesNotContain("old-reminder");
        assertThat(outbox.get(outbox.size() - 1).transition()).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void track_instanceNeverFailing_trackedHealthyWithoutAlerts() {
        TrackingResult result = tracker.track(TrackingFleet.of(A).scan("s1", T0), true, T0);

        assertThat(result.pending()).isEmpty();
        assertThat(store.get(key(A)).state().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(store.get(key(A)).version()).isEqualTo(1);
    }

    @Test
    void track_fiveInstancesAlerting_oneReadOneWriteWithTheAlertsClaimedOneConfirmAndNoClaimCall() {
        String[] instances = {A, B, "i-0ccc3333dddd4444e", "i-0ddd4444eeee5555f", "i-0eee5555ffff66660"};
        TrackingFleet fleet = TrackingFleet.of(instances);
        for (String id : instances) {
            fleet.change(id, i -> i.ping("ConnectionLost"));
        }
        CountingStore counting = new CountingStore(store);
        Tracker counted = new Tracker(counting, SETTINGS, () -> "id-" + ids.incrementAndGet());
        RecordingSink sink = new RecordingSink();

        TrackingResult result = counted.track(fleet.scan("event", T0), false, T0);
        StoredState written = store.get(key(A));
        DeliveryResult delivery = counted.deliver(result, sink, T0);

        assertThat(result.pending()).hasSize(5).allMatch(TrackingResult.PendingAlert::claimed);
        assertThat(written.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.claimToken()).isEqualTo(result.claimToken()).isNotNull();
            assertThat(entry.claimedUntil()).isEqualTo(T0.plus(SETTINGS.claimLease()));
            assertThat(entry.attempts()).isEqualTo(1);
        });
        assertThat(delivery.sent()).isEqualTo(5);
        assertThat(sink.sent()).hasSize(5);
        assertThat(counting.calls()).containsExactlyInAnyOrderEntriesOf(Map.of("getAll", 1, "putAll", 1,
                "confirmAll", 1));
        for (String id : instances) {
            assertThat(store.get(key(id)).outbox()).isEmpty();
            assertThat(store.get(key(id)).version()).isEqualTo(2);
        }
    }

    @Test
    void track_oneOfThreeRowsWrittenByAnotherRunMeanwhile_onlyThatRowReadAndWrittenAgainAndOneAlert() {
        String c = "i-0ccc3333dddd4444e";
        TrackingFleet fleet = TrackingFleet.of(A, B, c).change(B, i -> i.ping("ConnectionLost"));
        Tracker event = new Tracker(store, SETTINGS, () -> "event-" + ids.incrementAndGet());
        RecordingSink sink = new RecordingSink();
        List<TrackingResult> eventRuns = new ArrayList<>();
        List<Integer> writeSizes = new ArrayList<>();
        CountingStore counting = new CountingStore(store) {
            @Override
            public Set<InstanceKey> putAll(List<Write> writes) {
                writeSizes.add(writes.size());
                if (eventRuns.isEmpty()) {
                    eventRuns.add(event.track(TrackingFleet.of(B).change(B, i -> i.ping("ConnectionLost"))
                            .scan("event", T0), false, T0));
                }
                return super.putAll(writes);
            }
        };
        Tracker scheduled = new Tracker(counting, SETTINGS);

        TrackingResult result = scheduled.track(fleet.scan("scheduled", T0), false, T0);
        DeliveryResult scheduledDelivery = scheduled.deliver(result, sink, T0);
        DeliveryResult eventDelivery = event.deliver(eventRuns.get(0), sink, T0);

        assertThat(result.conflicts()).isEqualTo(1);
        assertThat(writeSizes).containsExactly(3, 1);
        assertThat(counting.calls()).containsEntry("getAll", 1).containsEntry("get", 1).containsEntry("putAll", 2)
                .containsEntry("claim", 1).doesNotContainKey("confirmAll");
        assertThat(result.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.UNCHANGED, Transition.UNCHANGED, Transition.UNCHANGED);
        assertThat(result.pending()).singleElement().satisfies(p -> assertThat(p.claimed()).isFalse());
        assertThat(scheduledDelivery.skipped()).isEqualTo(1);
        assertThat(eventDelivery.sent()).isEqualTo(1);
        assertThat(sink.sent()).singleElement().satisfies(alert -> {
            assertThat(alert.instanceId()).isEqualTo(B);
            assertThat(alert.scanId()).isEqualTo("event");
        });
        assertThat(store.get(key(A)).version()).isEqualTo(1);
        assertThat(store.get(key(B)).version()).isEqualTo(3);
    }

    @Test
    void deliver_alertLeftByAFailedPublishAndANewAlert_onlyTheOlderOneClaimedWithACall() {
        TrackingFleet fleet = TrackingFleet.of(A, B).change(A, i -> i.ping("ConnectionLost"));
        tracker.deliver(tracker.track(fleet.scan("s1", T0), true, T0), new RecordingSink().failNext(1), T0);
        fleet.change(B, i -> i.ping("ConnectionLost"));
        CountingStore counting = new CountingStore(store);
        Tracker counted = new Tracker(counting, SETTINGS);
        RecordingSink sink = new RecordingSink();

        DeliveryResult delivery = counted.deliver(counted.track(fleet.scan("s2", T0.plusSeconds(300)), true,
                T0.plusSeconds(300)), sink, T0.plusSeconds(300));

        assertThat(delivery.sent()).isEqualTo(2);
        assertThat(sink.sent()).extracting(Alert::instanceId).containsExactlyInAnyOrder(A, B);
        assertThat(counting.calls()).containsExactlyInAnyOrderEntriesOf(Map.of("list", 1, "putAll", 1,
                "claim", 1, "confirmAll", 1));
        assertThat(store.get(key(A)).outbox()).isEmpty();
        assertThat(store.get(key(B)).outbox()).isEmpty();
    }

    @Test
    void track_instanceTwiceInOneReport_decidedAgainFromTheWrittenRowWithoutAConflict() {
        ScanReport once = TrackingFleet.of(A).change(A, i -> i.ping("ConnectionLost")).scan("s1", T0);
        ScanReport twice = once.withInstances(List.of(once.instances().get(0), once.instances().get(0)));

        TrackingResult result = tracker.track(twice, false, T0);

        assertThat(result.transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsExactly(Transition.NEW, Transition.UNCHANGED);
        assertThat(result.conflicts()).isZero();
        assertThat(result.pending()).hasSize(1);
        assertThat(store.get(key(A)).version()).isEqualTo(2);
    }

    private List<Transition> runAndDeliver(TrackingFleet fleet, Instant now, RecordingSink sink) {
        TrackingResult result = tracker.track(fleet.scan("scan-" + now.getEpochSecond(), now), true, now);
        tracker.deliver(result, sink, now);
        return result.transitions().stream().map(TrackingResult.InstanceTransition::transition).toList();
    }

    private static OutboxEntry copy(OutboxEntry entry, String alertId, Transition transition, Instant createdAt) {
        return OutboxEntry.of(alertId, transition, createdAt,
                entry.document().replace(entry.alertId(), alertId).replace("\"NEW\"", "\"" + transition + "\""));
    }

    static InstanceKey key(String instanceId) {
        return new InstanceKey(TrackingFleet.ACCOUNT, TrackingFleet.REGION, instanceId);
    }

    /** Counts the store operations a run uses, by method name. */
    private static class CountingStore extends ForwardingStore {
        private final Map<String, Integer> calls = new TreeMap<>();

        CountingStore(StateStore delegate) {
            super(delegate);
        }

        Map<String, Integer> calls() {
            return calls;
        }

        private void count(String operation) {
            calls.merge(operation, 1, Integer::sum);
        }

        @Override
        public List<StoredState> list(String accountId, String region) {
            count("list");
            return super.list(accountId, region);
        }

        @Override
        public StoredState get(InstanceKey key) {
            count("get");
            return super.get(key);
        }

        @Override
        public Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
            count("getAll");
            return super.getAll(keys);
        }

        @Override
        public boolean put(StoredState row, long expectedVersion) {
            count("put");
            return super.put(row, expectedVersion);
        }

        @Override
        public Set<InstanceKey> putAll(List<Write> writes) {
            count("putAll");
            return super.putAll(writes);
        }

        @Override
        public boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
            count("claim");
            return super.claim(key, alertId, token, now, until);
        }

        @Override
        public boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId) {
            count("confirm");
            return super.confirm(key, alertId, token, sentAt, messageId);
        }

        @Override
        public Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
            count("confirmAll");
            return super.confirmAll(confirmations, token, sentAt);
        }

        @Override
        public boolean release(InstanceKey key, String alertId, String token, String error) {
            count("release");
            return super.release(key, alertId, token, error);
        }
    }
}
