package dev.subsentinel.track;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionDecision;
import dev.subsentinel.core.TransitionRules;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertFactory;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Tracking and alert delivery: compares each report with the stored state, decides the transition
 * ({@link TransitionRules}, pure), stores the new state together with the alert it calls for, and later sends
 * stored alerts exactly once per live run and at least once overall.
 *
 * <h2>Call sequence (ScanService)</h2>
 * <pre>{@code
 * ScanReport report = ...evaluate...;
 * TrackingResult tracking = dryRun ? tracker.preview(report, completeScope, now)
 *                                  : tracker.track(report, completeScope, now);
 * DeliveryResult delivery = tracker.deliver(tracking, dryRun ? SnsAlertPublisher.dryRun(out, topic, threshold)
 *                                                            : snsPublisher, now);
 * metrics.record(tracking.report(), completeScope, delivery.sent(), now);  // flushes in finally
 * }</pre>
 * {@code completeScope} is true only for a run that evaluated the whole fleet of the account and region (the
 * scheduled scan); only such a run, and only when its report is not partial, turns a tracked instance that is missing
 * from the report into TERMINATED. Event-driven runs pass false: they touch only the instances they evaluated. Before
 * collecting, a run may ask {@link #trackedInstanceIds} so that the collector also describes tracked instances that
 * left the tag/LM-US listing (their terminated state then gives TERMINATED even in a partial run). A missing instance
 * whose row another run evaluated after this run listed it is kept, not TERMINATED. A run whose collection was cut
 * short by its deadline resolves nothing: an open incident stays open until a complete run confirms the recovery.
 *
 * <h2>Concurrency: no lost update</h2>
 * Every row carries a version. {@link #track} reads the rows of all the report's instances at once (strongly
 * consistent: the listing of a complete scope, else one {@link StateStore#getAll}), decides each, and writes all the
 * decided rows at once ({@link StateStore#putAll}), each with the condition "version is still the one I read" (or
 * "no row yet"); every other write (claim, confirm, release) increments the version too. The rows that lost a race
 * are re-read and decided again from the new state, and only they are written again; the others stay written. So
 * two runs at once (a scheduled scan and an event) never overwrite each other, and the second one sees the first
 * one's incident and pending alert: it decides UNCHANGED instead of a second NEW.
 *
 * <h2>Alerts: recorded as sent only after SNS accepted them</h2>
 * <ol>
 * <li><b>Outbox, already claimed.</b> A transition that calls for an alert stores the alert (the full JSON document,
 * with a fresh {@code alertId}) in the row's {@code outbox} in the same conditional write as the new state, claimed
 * by this run: the entry carries the run's delivery token and {@code claimedUntil = now + claimLease}, so the write
 * that decides the alert is also the exclusive right to send it (a run that raced for the row lost the version
 * condition and re-decided). Nothing is sent yet; {@code lastAlertAt} is not touched. While an alert waits, no
 * REMINDER is added for the same instance.</li>
 * <li><b>Claim of older alerts.</b> {@link #deliver} claims each pending alert of an earlier run with a conditional
 * update: the entry must exist and be unclaimed, or its claim must have lapsed ({@code claimedUntil < now}). The claim
 * stores the run's token and {@code claimedUntil = now + claimLease}. Of two runs that try, exactly one succeeds; the
 * other skips the alert. These are rare: an alert whose publish failed, or whose run died.</li>
 * <li><b>Publish.</b> The claimed alerts go to the {@link AlertSink} (one message each, or digests above the
 * threshold; {@code SnsAlertPublisher} sends up to 10 messages per {@code PublishBatch}).</li>
 * <li><b>Confirm.</b> For the alerts SNS accepted (it returned a MessageId), one {@link StateStore#confirmAll}, per
 * row conditional on the claim token, removes the entries and sets {@code lastAlertAt} and
 * {@code lastAlertMessageId}; if that write fails, each alert is confirmed on its own. A digest confirms all its
 * alerts only after the digest was accepted. A row whose claim was taken over is not confirmed (counted lost,
 * logged).</li>
 * <li><b>Release.</b> A failed publish gives the claim back and records the error; the alert stays in the outbox and
 * the next run that touches the row (the next scheduled scan at the latest) sends it.</li>
 * <li><b>Crash.</b> A run that dies between its state write and the confirm leaves claims that lapse after
 * {@code claimLease}; the next run after that takes them over and sends them. (A run that fails with a
 * {@link TrackingConflictException} after writing some rows is such a run.)</li>
 * </ol>
 * Guarantee: among live runs an alert is published once (the claim is exclusive); overall at least once (no alert
 * is removed before SNS accepted it). The one window for a duplicate is a run that dies after SNS accepted and before
 * the confirm write, or one that takes longer than the lease; subscribers can drop such duplicates by
 * {@code alertId}, which is stable across retries.
 *
 * <h2>Cost</h2>
 * Without conflicts, a run that alerts about up to 10 instances makes four calls for tracking and alerting, whatever
 * their number: one read (BatchGetItem, or the Query of a complete scope), one state write (TransactWriteItems), one
 * PublishBatch and one confirm (TransactWriteItems); a run without alerts makes the first two. Up to 100 instances
 * per read and write call, 10 messages per publish; each lost race, older alert to claim and failed publish adds a
 * call.
 *
 * <h2>Channels</h2>
 * An alert goes to every enabled {@link Channel} (the alert topic, the chat topic, Security Hub): the write that
 * decides it stores one outbox entry per channel, each claimed, published, confirmed and released on its own by the
 * steps above, so a channel that fails is retried by the next run without sending the alert again where it was
 * accepted, and a channel that works is never held back by one that does not. The first enabled channel (the alert
 * topic when there is one) paces reminders: only its entries count as "an alert waiting" and only its confirmations
 * set {@code lastAlertAt}, so a broken secondary channel neither silences nor multiplies the alert topic's
 * reminders. Security Hub also gets an entry, and nothing else does, when a check stops failing while the instance
 * still fails (an UNCHANGED transition with resolved checks): its finding is then set PASSED and archived. Entries
 * of a channel that is no longer enabled are dropped when the row is next written.
 *
 * <p>The outbox is bounded ({@value #MAX_OUTBOX} entries per channel, {@value #MAX_OUTBOX_BYTES} bytes per row, below
 * DynamoDB's 400 KB item limit): when an instance piles up that many unsent alerts, a waiting REMINDER is dropped
 * first (a newer alert tells the same story), then the oldest entry, with a warning in the log.
 */
public final class Tracker {

    /** Most alerts waiting in one row, per enabled channel. */
    public static final int MAX_OUTBOX = 20;
    /** Most bytes of waiting alerts in one row. */
    public static final int MAX_OUTBOX_BYTES = 300_000;
    /** How often a write is retried after losing a race before the run gives up (retryably). */
    static final int MAX_ATTEMPTS = 8;

    private static final Logger LOG = LogManager.getLogger(Tracker.class);

    /**
     * How tracking behaves.
     *
     * @param repeatInterval      a failing instance is reminded about when its last alert is this old
     * @param claimLease          how long a claim protects an alert being sent; a crashed run's claim is taken over
     *                            after it. Longer than the longest publish phase of a run
     * @param terminatedRetention how long the row of a gone instance is kept (DynamoDB TTL)
     * @param channels            where alerts go, in {@link Channel} order (the first paces reminders); empty
     *                            without any: transitions are tracked, nothing is queued, and an alerting transition
     *                            counts as notified (so REMINDERs keep their rhythm)
     */
    public record Settings(Duration repeatInterval, Duration claimLease, Duration terminatedRetention,
            List<Channel> channels) {

        /** The claim lease used unless told otherwise. */
        public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(10);
        /** How long gone instances stay in the table unless told otherwise. */
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

        public Settings {
            Objects.requireNonNull(repeatInterval, "repeatInterval");
            Objects.requireNonNull(claimLease, "claimLease");
            Objects.requireNonNull(terminatedRetention, "terminatedRetention");
            channels = channels == null ? List.of()
                    : channels.stream().distinct().sorted().toList();
        }

        /** Settings with the alert topic as the only channel, or none. */
        public Settings(Duration repeatInterval, Duration claimLease, Duration terminatedRetention,
                boolean alertsEnabled) {
            this(repeatInterval, claimLease, terminatedRetention,
                    alertsEnabled ? List.of(Channel.ALERTS) : List.<Channel>of());
        }

        /**
         * From the application settings: SENTINEL_REPEAT_ALERT_HOURS, and the channels configured (the alert topic,
         * the chat topic, Security Hub).
         */
        public static Settings of(AppConfig config) {
            List<Channel> channels = new ArrayList<>();
            if (config.topicArn() != null) {
                channels.add(Channel.ALERTS);
            }
            if (config.channels().chatTopicArn() != null) {
                channels.add(Channel.CHAT);
            }
            if (config.channels().securityHub()) {
                channels.add(Channel.SECURITY_HUB);
            }
            return new Settings(Duration.ofHours(config.repeatAlertHours()), DEFAULT_CLAIM_LEASE, DEFAULT_RETENTION,
                    channels);
        }

        /** Whether any channel is enabled. */
        public boolean alertsEnabled() {
            return !channels.isEmpty();
        }

        /** The channel whose deliveries pace reminders: the first enabled one; null when there is none. */
        public Channel pacing() {
            return channels.isEmpty() ? null : channels.get(0);
        }
    }

    private final StateStore store;
    private final Settings settings;
    private final Supplier<String> ids;

    /** A tracker over a store. */
    public Tracker(StateStore store, Settings settings) {
        this(store, settings, () -> UUID.randomUUID().toString());
    }

    /** A tracker with a source of alert ids and claim tokens (tests and documentation use predictable ones). */
    public Tracker(StateStore store, Settings settings, Supplier<String> ids) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Decides the transition of every instance of the report, writes the new states and queues the alerts they call
     * for. Does not send anything: pass the result to {@link #deliver}.
     *
     * @param report        the run's report (one account and region)
     * @param completeScope whether the run evaluated the whole fleet of the account and region
     * @param now           the time of the run
     * @throws TrackingConflictException when a row kept changing under this run (retryable)
     */
    public TrackingResult track(ScanReport report, boolean completeScope, Instant now) {
        return run(report, completeScope, now, false);
    }

    /** Like {@link #track} but writes nothing: what a run would decide and send now (a dry run). */
    public TrackingResult preview(ScanReport report, boolean completeScope, Instant now) {
        return run(report, completeScope, now, true);
    }

    /** The tracked instances of an account and region that are not known to be gone. */
    public Set<String> trackedInstanceIds(String accountId, String region) {
        Set<String> out = new LinkedHashSet<>();
        for (StoredState row : store.list(accountId, region)) {
            if (!row.state().terminated()) {
                out.add(row.key().instanceId());
            }
        }
        return out;
    }

    /** Sends the alert topic's pending alerts through the sink, as {@link #deliver(TrackingResult, Map, Instant)}. */
    public DeliveryResult deliver(TrackingResult tracking, AlertSink sink, Instant now) {
        Objects.requireNonNull(sink, "sink");
        return deliver(tracking, Map.of(Channel.ALERTS, sink), now);
    }

    /**
     * Sends the pending alerts of a tracking result through the sink of their channel: claim (the older ones; the
     * run's own are claimed already), publish, confirm or release (see the class comment), every channel on its own.
     * An entry of a channel without a sink here is left for a run that has one. For a preview, only shows the alerts
     * through the sinks and records nothing. If a sink throws (it should not), the claims stay until they lapse and a
     * later run sends the alerts.
     */
    public DeliveryResult deliver(TrackingResult tracking, Map<Channel, AlertSink> sinks, Instant now) {
        Objects.requireNonNull(sinks, "sinks");
        if (tracking.pending().isEmpty()) {
            return DeliveryResult.NONE;
        }
        if (tracking.preview()) {
            for (Channel channel : Channel.values()) {
                List<Alert> alerts = tracking.alerts(channel);
                if (sinks.containsKey(channel) && !alerts.isEmpty()) {
                    sinks.get(channel).send(alerts);
                }
            }
            return DeliveryResult.NONE;
        }
        String token = tracking.claimToken() != null ? tracking.claimToken() : ids.get();
        Instant until = now.plus(settings.claimLease());
        Map<Channel, Map<String, TrackingResult.PendingAlert>> claimed = new EnumMap<>(Channel.class);
        Map<Channel, Integer> skipped = new EnumMap<>(Channel.class);
        for (TrackingResult.PendingAlert pending : tracking.pending()) {
            if (!sinks.containsKey(pending.channel())) {
                continue;
            }
            if (pending.claimed() || store.claim(pending.key(), pending.entryId(), token, now, until)) {
                claimed.computeIfAbsent(pending.channel(), c -> new LinkedHashMap<>())
                        .put(pending.alert().alertId(), pending);
            } else {
                skipped.merge(pending.channel(), 1, Integer::sum);
            }
        }
        List<StateStore.Confirmation> accepted = new ArrayList<>();
        Map<Channel, Outcome> outcomes = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            Map<String, TrackingResult.PendingAlert> mine = claimed.getOrDefault(channel, Map.of());
            Outcome outcome = new Outcome(skipped.getOrDefault(channel, 0));
            outcomes.put(channel, outcome);
            if (!mine.isEmpty()) {
                send(channel, sinks.get(channel), mine, token, accepted, outcome);
            }
        }
        Set<String> lost = accepted.isEmpty() ? Set.of() : confirm(accepted, token, now);
        for (StateStore.Confirmation confirmation : accepted) {
            Channel channel = channelOf(claimed, confirmation.alertId());
            if (lost.contains(confirmation.alertId())) {
                outcomes.get(channel).lost++;
                LOG.warn("alert {} for {} was accepted by {} but its claim had lapsed; another run may send it"
                        + " again", confirmation.alertId(), confirmation.key().instanceId(), channel.metricName());
            } else {
                outcomes.get(channel).sent++;
            }
        }
        Map<Channel, DeliveryResult.ChannelResult> results = new EnumMap<>(Channel.class);
        outcomes.forEach((channel, outcome) -> {
            if (sinks.containsKey(channel)) {
                results.put(channel, outcome.result());
            }
        });
        Outcome alerts = outcomes.get(Channel.ALERTS);
        return new DeliveryResult(alerts.sent, alerts.failed, alerts.skipped, alerts.lost, alerts.messages,
                alerts.errors(), results);
    }

    /** Publishes one channel's claimed alerts and sorts the outcome into confirmations and releases. */
    private void send(Channel channel, AlertSink sink, Map<String, TrackingResult.PendingAlert> claimed, String token,
            List<StateStore.Confirmation> accepted, Outcome outcome) {
        List<AlertSink.Delivery> deliveries = sink.send(claimed.values().stream()
                .map(TrackingResult.PendingAlert::alert).toList());
        boolean pacing = channel == settings.pacing();
        Set<String> answered = new HashSet<>();
        for (AlertSink.Delivery delivery : deliveries) {
            TrackingResult.PendingAlert pending = claimed.get(delivery.alertId());
            if (pending == null || !answered.add(delivery.alertId())) {
                continue;
            }
            if (delivery.accepted()) {
                accepted.add(new StateStore.Confirmation(pending.key(), pending.entryId(),
                        pacing ? delivery.messageId() : null));
            } else {
                outcome.failed++;
                outcome.errors.add(delivery.error());
                store.release(pending.key(), pending.entryId(), token, delivery.error());
            }
        }
        for (TrackingResult.PendingAlert pending : claimed.values()) {
            if (!answered.contains(pending.alert().alertId())) {
                outcome.failed++;
                store.release(pending.key(), pending.entryId(), token, "the sink reported no outcome");
            }
        }
        outcome.messages = (int) deliveries.stream().filter(AlertSink.Delivery::accepted)
                .map(AlertSink.Delivery::messageId).distinct().count();
        if (outcome.failed > 0) {
            LOG.warn("{}: {} of {} alert(s) not accepted ({}); they stay in the outbox for the next run",
                    channel.metricName(), outcome.failed, claimed.size(), String.join("; ", outcome.errors()));
        }
    }

    private static Channel channelOf(Map<Channel, Map<String, TrackingResult.PendingAlert>> claimed, String entryId) {
        for (Map.Entry<Channel, Map<String, TrackingResult.PendingAlert>> byChannel : claimed.entrySet()) {
            for (TrackingResult.PendingAlert pending : byChannel.getValue().values()) {
                if (pending.entryId().equals(entryId)) {
                    return byChannel.getKey();
                }
            }
        }
        return Channel.ALERTS;
    }

    /** What happened to one channel's alerts in {@link #deliver}. */
    private static final class Outcome {
        private final int skipped;
        private int sent;
        private int failed;
        private int lost;
        private int messages;
        private final Set<String> errors = new LinkedHashSet<>();

        Outcome(int skipped) {
            this.skipped = skipped;
        }

        List<String> errors() {
            return errors.stream().filter(Objects::nonNull).toList();
        }

        DeliveryResult.ChannelResult result() {
            return new DeliveryResult.ChannelResult(sent, failed, skipped, lost, errors());
        }
    }

    /**
     * Records the alerts SNS accepted as sent: one batch write, or, when the batch write fails, one write per alert
     * (SNS has them: every alert recorded now is one that a later run will not send again after its claim lapses).
     * When the single writes fail too, the batch's failure is thrown: the claims lapse and the alerts are sent again,
     * under the same alertIds.
     */
    private Set<String> confirm(List<StateStore.Confirmation> accepted, String token, Instant now) {
        try {
            return store.confirmAll(accepted, token, now);
        } catch (RuntimeException batchFailure) {
            Set<String> lost = new LinkedHashSet<>();
            for (StateStore.Confirmation confirmation : accepted) {
                try {
                    if (!store.confirm(confirmation.key(), confirmation.alertId(), token, now,
                            confirmation.messageId())) {
                        lost.add(confirmation.alertId());
                    }
                } catch (RuntimeException single) {
                    batchFailure.addSuppressed(single);
                    throw batchFailure;
                }
            }
            LOG.warn("confirming {} published alert(s) in one write failed ({}); confirmed them one by one",
                    accepted.size(), batchFailure.getClass().getSimpleName());
            return lost;
        }
    }

    private TrackingResult run(ScanReport report, boolean completeScope, Instant now, boolean preview) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(now, "now");
        Map<String, StoredState> listed = new HashMap<>();
        if (completeScope) {
            for (StoredState row : store.list(report.accountId(), report.region())) {
                listed.put(row.key().instanceId(), row);
            }
        }
        Run run = new Run(report.scanId(), now, preview, !report.cutByDeadline());
        List<Item> items = new ArrayList<>(report.instances().size());
        Set<String> seen = new HashSet<>();
        for (InstanceReport instance : report.instances()) {
            InstanceKey key = new InstanceKey(first(instance.accountId(), report.accountId()),
                    first(instance.region(), report.region()), instance.instanceId());
            seen.add(instance.instanceId());
            boolean inListing = completeScope && key.accountId().equals(report.accountId())
                    && key.region().equals(report.region());
            items.add(new Item(key, instance, inListing, inListing ? listed.get(key.instanceId()) : null));
        }
        if (completeScope) {
            boolean mayInferGone = !report.partial();
            for (StoredState row : listed.values().stream()
                    .sorted(Comparator.comparing(r -> r.key().instanceId())).toList()) {
                if (seen.contains(row.key().instanceId())) {
                    continue;
                }
                if (mayInferGone && !row.state().terminated()) {
                    items.add(new Item(row.key(), null, true, row));
                } else {
                    run.collectOutbox(row);
                }
            }
        }
        run.settle(items);
        List<InstanceReport> reports = new ArrayList<>(report.instances().size());
        for (Item item : items) {
            run.record(item.key, item.decision, item.report);
            if (item.report != null) {
                TransitionState next = item.decision.next();
                reports.add(item.report.withUnhealthySince(next != null && next.failing() ? next.unhealthySince()
                        : null));
            }
        }
        List<TrackingResult.PendingAlert> pending = new ArrayList<>(run.pending.values());
        pending.sort(Comparator.comparing((TrackingResult.PendingAlert p) -> p.alert().createdAt())
                .thenComparing(p -> p.key().instanceId())
                .thenComparing(p -> p.alert().alertId())
                .thenComparing(TrackingResult.PendingAlert::channel));
        return new TrackingResult(report.withInstances(reports), run.transitions, pending, run.conflicts, preview,
                run.token);
    }

    /** One row to decide: an evaluated instance, or (no report) a tracked instance missing from a complete scope. */
    private static final class Item {
        private final InstanceKey key;
        private final InstanceReport report;
        private final Instant listedEvaluation;
        private StoredState row;
        private boolean read;
        private TransitionDecision decision;

        Item(InstanceKey key, InstanceReport report, boolean read, StoredState row) {
            this.key = key;
            this.report = report;
            this.read = read;
            this.row = row;
            this.listedEvaluation = row == null ? null : row.state().lastEvaluatedAt();
        }

        long version() {
            return row == null ? 0 : row.version();
        }
    }

    /** The state of one tracking run. */
    private final class Run {
        private final String scanId;
        private final Instant now;
        private final boolean preview;
        private final boolean mayResolve;
        private final List<TrackingResult.InstanceTransition> transitions = new ArrayList<>();
        private final Map<String, TrackingResult.PendingAlert> pending = new LinkedHashMap<>();
        private int conflicts;
        /** The token that claims this run's alerts (drawn with the first one; null while there is none). */
        private String token;

        Run(String scanId, Instant now, boolean preview, boolean mayResolve) {
            this.scanId = scanId;
            this.now = now;
            this.preview = preview;
            this.mayResolve = mayResolve;
        }

        /**
         * Decides and writes every item. A row is decided once per write, so an instance that appears twice in a
         * report (it should not) is decided again, from the re-read row, after the first decision was written.
         */
        void settle(List<Item> items) {
            List<Item> rest = items;
            while (!rest.isEmpty()) {
                Set<InstanceKey> keys = new HashSet<>();
                List<Item> pass = new ArrayList<>();
                List<Item> later = new ArrayList<>();
                for (Item item : rest) {
                    if (keys.add(item.key)) {
                        pass.add(item);
                    } else {
                        item.read = false;
                        later.add(item);
                    }
                }
                settlePass(pass);
                rest = later;
            }
        }

        /** Reads what is not known yet (one batch), decides, writes (one batch); again for the rows that lost races. */
        private void settlePass(List<Item> items) {
            List<Item> unread = items.stream().filter(item -> !item.read).toList();
            if (!unread.isEmpty()) {
                Map<InstanceKey, StoredState> rows = store.getAll(unread.stream().map(item -> item.key).toList());
                for (Item item : unread) {
                    item.row = rows.get(item.key);
                    item.read = true;
                }
            }
            List<Item> open = items;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                List<Item> writing = new ArrayList<>();
                List<StateStore.Write> writes = new ArrayList<>();
                for (Item item : open) {
                    StoredState next = decide(item, attempt);
                    if (next == null) {
                        collectOutbox(item.row);
                    } else {
                        writing.add(item);
                        writes.add(new StateStore.Write(next, item.version()));
                    }
                }
                Set<InstanceKey> lost = preview || writes.isEmpty() ? Set.of() : store.putAll(writes);
                List<Item> retry = new ArrayList<>();
                for (int i = 0; i < writing.size(); i++) {
                    Item item = writing.get(i);
                    StoredState written = writes.get(i).row();
                    if (lost.contains(item.key)) {
                        conflicts++;
                        retry.add(item);
                    } else {
                        collectOutbox(preview ? written : written.with(written.outbox(), item.version() + 1));
                    }
                }
                if (retry.isEmpty()) {
                    return;
                }
                if (retry.size() == 1) {
                    retry.get(0).row = store.get(retry.get(0).key);
                } else {
                    Map<InstanceKey, StoredState> rows = store.getAll(retry.stream().map(item -> item.key).toList());
                    retry.forEach(item -> item.row = rows.get(item.key));
                }
                open = retry;
            }
            throw new TrackingConflictException(open.get(0).key, MAX_ATTEMPTS);
        }

        /** Decides one item from its current row: the row to write, or null when nothing is to be written. */
        private StoredState decide(Item item, int attempt) {
            StoredState row = item.row;
            if (item.report == null && attempt > 1 && row != null
                    && row.state().lastEvaluatedAt().isAfter(item.listedEvaluation)) {
                // Another run evaluated the instance after this one listed it: it is not gone.
                item.decision = new TransitionDecision(Transition.UNCHANGED, row.state(), null,
                        "evaluated by another run meanwhile", List.of(), List.of());
                return null;
            }
            TransitionState previous = row == null ? null : row.state();
            Channel pacing = settings.pacing();
            boolean alertPending = row != null && row.outbox().stream().anyMatch(e -> e.channel() == pacing);
            item.decision = item.report == null
                    ? TransitionRules.disappeared(previous, "no longer in the monitored fleet (neither tagged nor"
                            + " listed by License Manager)", now)
                    : TransitionRules.decide(previous, alertPending, item.report, settings.repeatInterval(), now,
                            mayResolve);
            return item.decision.next() == null ? null : next(item.key, row, item.decision, item.report);
        }

        private StoredState next(InstanceKey key, StoredState row, TransitionDecision decision,
                InstanceReport report) {
            TransitionState state = decision.next();
            List<OutboxEntry> outbox = new ArrayList<>(row == null ? List.of() : row.outbox());
            Transition lastTransition = row == null ? null : row.lastTransition();
            if (settings.alertsEnabled() && outbox.removeIf(entry -> !settings.channels().contains(entry.channel()))) {
                LOG.warn("outbox of {}: dropped the unsent alerts of channels no longer enabled", key.instanceId());
            }
            if (decision.alerts()) {
                lastTransition = decision.transition();
                if (settings.alertsEnabled()) {
                    Alert alert = AlertFactory.create(decision, report, key.accountId(), key.region(),
                            key.instanceId(), scanId, ids.get(), now);
                    outbox.removeIf(entry -> entry.transition() == Transition.REMINDER && entry.claimable(now));
                    queue(outbox, alert, settings.channels());
                    bound(key, outbox);
                } else {
                    state = state.withLastAlertAt(now);
                }
            } else if (settings.channels().contains(Channel.SECURITY_HUB) && !decision.resolvedChecks().isEmpty()
                    && report != null && state.failing()) {
                // A check stopped failing while the instance still fails: no message, but its finding is PASSED now.
                queue(outbox, AlertFactory.checksResolved(decision, report, key.accountId(), key.region(),
                        key.instanceId(), scanId, ids.get(), now), List.of(Channel.SECURITY_HUB));
                bound(key, outbox);
            }
            Instant expiresAt = state.terminated()
                    ? state.terminatedAt().plus(settings.terminatedRetention()) : null;
            return new StoredState(key, state, outbox, row == null ? 0 : row.version(), lastTransition, scanId,
                    row == null ? null : row.lastAlertMessageId(), expiresAt);
        }

        /** One entry per channel for the alert, claimed by this run unless it is a preview. */
        private void queue(List<OutboxEntry> outbox, Alert alert, List<Channel> channels) {
            String document = AlertRenderer.document(alert);
            for (Channel channel : channels) {
                OutboxEntry entry = OutboxEntry.of(channel, alert.alertId(), alert.transition(), now, document);
                outbox.add(preview ? entry : entry.claimed(token(), now.plus(settings.claimLease())));
            }
        }

        private String token() {
            if (token == null) {
                token = ids.get();
            }
            return token;
        }

        private void bound(InstanceKey key, List<OutboxEntry> outbox) {
            int most = MAX_OUTBOX * Math.max(1, settings.channels().size());
            while (outbox.size() > most || outbox.stream().mapToInt(OutboxEntry::sizeBytes).sum()
                    > MAX_OUTBOX_BYTES) {
                OutboxEntry drop = outbox.stream()
                        .filter(e -> e.transition() == Transition.REMINDER && e.claimable(now))
                        .findFirst()
                        .orElseGet(() -> outbox.stream().filter(e -> e.claimable(now)).findFirst()
                                .orElse(outbox.get(0)));
                outbox.remove(drop);
                LOG.warn("outbox of {} is full: dropped unsent {} alert {} from {}", key.instanceId(),
                        drop.transition(), drop.alertId(), drop.createdAt());
            }
        }

        void collectOutbox(StoredState row) {
            if (row == null) {
                return;
            }
            for (OutboxEntry entry : row.outbox()) {
                Alert alert = parse(entry);
                if (alert != null) {
                    boolean ours = token != null && token.equals(entry.claimToken());
                    pending.put(entry.alertId(), new TrackingResult.PendingAlert(row.key(), alert, ours,
                            entry.channel()));
                }
            }
        }

        void record(InstanceKey key, TransitionDecision decision, InstanceReport report) {
            TransitionState state = decision.next() != null ? decision.next() : decision.previous();
            transitions.add(new TrackingResult.InstanceTransition(key.instanceId(), decision.transition(),
                    state != null ? state.verdict() : report != null ? report.verdict() : null,
                    state != null && state.failing() ? state.unhealthySince() : null, decision.reason()));
        }
    }

    /** The alert of an entry, or null (logged) when the document cannot be read: one bad entry must not stop runs. */
    private static Alert parse(OutboxEntry entry) {
        try {
            Alert alert = Json.mapper().readValue(entry.document(), Alert.class);
            if (!entry.channel().alertId(entry.alertId()).equals(alert.alertId())) {
                LOG.warn("outbox entry {} holds alert {}; skipped", entry.alertId(), alert.alertId());
                return null;
            }
            return alert;
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("outbox entry {} is not an alert document; skipped: {}", entry.alertId(), e.getMessage());
            return null;
        }
    }

    private static String first(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
