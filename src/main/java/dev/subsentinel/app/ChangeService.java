package dev.subsentinel.app;

import dev.subsentinel.app.change.ChangeImpact;
import dev.subsentinel.app.change.ChangeImpacts;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.core.check.LmusStatusCheck;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.event.ChangeOrigin;
import dev.subsentinel.event.ConfigRuleInvocation;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.IgnoredEvent;
import dev.subsentinel.event.InstanceStateChange;
import dev.subsentinel.event.LmusEventKind;
import dev.subsentinel.event.LmusInstanceEvent;
import dev.subsentinel.event.ManualRun;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ScheduledScan;
import dev.subsentinel.event.SsmComplianceChange;
import dev.subsentinel.event.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Change events (DESIGN section 5): finds the monitored instances a change affects, re-reads their state with Describe
 * calls and re-evaluates only them through the {@link ScanService} engine, with tracking and alerts as for the scan
 * but {@code completeScope = false} (an event run never infers that an instance it did not look at is gone). Also
 * answers manual runs ({@code {"instanceIds": [...], "dryRun": true}}) with the report.
 *
 * <ul>
 *   <li>A resource change (CloudTrail API call, Config item change) is mapped by {@link ChangeImpacts} over the
 *       tagged fleet and the tracked instances ({@link ScanService#trackedInstanceIds()}).</li>
 *   <li>An EC2 state change or SSM compliance change names one instance, of any kind in the account: it is
 *       re-evaluated when it carries the monitoring tag (one DescribeInstances call) or is tracked (the tracking
 *       table is only read when the tag does not decide).</li>
 *   <li>An LM-US instance event names instances LM-US manages, which are monitored by definition (DESIGN section 2):
 *       no lookup.</li>
 *   <li>An LM-US identity-provider or licence-server-endpoint event is mapped by {@link ChangeImpacts} to the
 *       instances its identity providers serve; one that identifies no provider re-evaluates every monitored
 *       instance, with a WARN line saying so.</li>
 * </ul>
 * An event that affects no monitored instance ends there: one INFO line, and the few calls the lookup took.
 *
 * <h2>Eventual consistency</h2>
 * EC2, LM-US and SSM read APIs are eventually consistent: an event can arrive before Describe calls show the change
 * it reports. Two bounded measures, both timed by the injected {@link Clock} and {@link Sleeper}:
 * <ol>
 *   <li><b>Settle.</b> The first look (for a resource change: the mapping, which reads the changed topology too) is
 *       taken no earlier than {@link Settings#settle()} after the change ({@code eventTime} of CloudTrail, the
 *       capture time of a Config item, the event's time otherwise). An event delivered later than that, the usual
 *       case for CloudTrail, does not wait at all; the wait never exceeds {@code settle}, whatever the clocks say.</li>
 *   <li><b>Second look.</b> When the first look was taken within {@link Settings#consistencyWindow()} of the change
 *       and shows no sign of it, the service waits {@link Settings#recheckDelay()} and re-reads and re-evaluates the
 *       same instances once more; the second look counts, whatever it shows. "No sign of it" is checked exactly
 *       where the event says what must be true: an EC2 state change whose instance is still described in a state
 *       that precedes the event's (e.g. {@code running} for a {@code stopped} event, or not described at all for a
 *       {@code pending} one); an LM-US event whose instance LM-US still lists with a status of the other kind
 *       (healthy for Unhealthy, Activation Failed and Terminated; failed for Activated); an Identity Provider
 *       Registration Failed or Deregistered event whose provider LM-US still lists as REGISTERED. For a CloudTrail API
 *       call, which names a resource but not the resulting verdicts, it is a heuristic: tracking decided UNCHANGED for
 *       every re-evaluated instance. A Config item change is never re-checked (Config recorded the state by
 *       describing it), nor is an SSM compliance change (no check reads compliance).</li>
 * </ol>
 * An event older than the window is therefore handled with one look and no wait; a missed change is in any case
 * caught by the next scheduled scan.
 */
public final class ChangeService {

    private static final Logger LOG = LogManager.getLogger(ChangeService.class);

    /** For each state of an EC2 state-change event, the states an instance passes through before it. */
    private static final Map<String, Set<String>> EARLIER_STATES = Map.of(
            "pending", Set.of("stopped"),
            "running", Set.of("pending", "stopped"),
            "stopping", Set.of("pending", "running"),
            "stopped", Set.of("pending", "running", "stopping"),
            "shutting-down", Set.of("pending", "running", "stopping", "stopped"),
            "terminated", Set.of("pending", "running", "stopping", "stopped", "shutting-down"));

    /**
     * How the service waits for eventual consistency.
     *
     * @param settle            the least age of a change before the first look (the most the service waits for it)
     * @param recheckDelay      the wait before a second look
     * @param consistencyWindow a first look taken later than this after the change is trusted without a second look
     */
    public record Settings(Duration settle, Duration recheckDelay, Duration consistencyWindow) {

        public Settings {
            nonNegative(settle, "settle");
            nonNegative(recheckDelay, "recheckDelay");
            nonNegative(consistencyWindow, "consistencyWindow");
        }

        /**
         * 10 s settle, 30 s before a second look, 2 min window: EC2's read-after-write lag is normally seconds, and
         * the function's timeout (template.yaml) leaves room for both waits and two looks.
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2));
        }

        private static void nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
        }
    }

    private final ScanService scans;
    private final ChangeImpacts impacts;
    private final ApiCallCounter counter;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * A service over the engine.
     *
     * @param scans    the engine (its tracking supplies the tracked instances)
     * @param impacts  the change mapping
     * @param counter  the API call counter of every client the mapping and the engine use
     * @param settings the waits
     * @param clock    the clock the waits are measured with
     * @param sleeper  how to wait
     */
    public ChangeService(ScanService scans, ChangeImpacts impacts, ApiCallCounter counter, Settings settings,
            Clock clock, Sleeper sleeper) {
        this.scans = Objects.requireNonNull(scans, "scans");
        this.impacts = Objects.requireNonNull(impacts, "impacts");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Handles one trigger.
     *
     * @throws dev.subsentinel.collect.CollectionException when nothing could be collected and a retry could help
     * @throws dev.subsentinel.track.TrackingConflictException when the state kept changing under the run
     */
    public ChangeOutcome handle(Trigger trigger) {
        return handle(trigger, Deadline.NONE);
    }

    /**
     * Handles one trigger, collecting only until the deadline's margin (a Lambda function's remaining time).
     *
     * @throws dev.subsentinel.collect.CollectionException as {@link #handle(Trigger)}
     * @throws dev.subsentinel.track.TrackingConflictException as {@link #handle(Trigger)}
     */
    public ChangeOutcome handle(Trigger trigger, Deadline deadline) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(deadline, "deadline");
        long callsBefore = counter.total();
        return switch (trigger) {
            case ResourceChange change -> {
                settle(change.changedAt());
                ChangeImpact impact = impacts.affectedInstances(change, scans.trackedInstanceIds());
                yield reevaluate(trigger, impact, change.changedAt(), callsBefore, false, deadline);
            }
            case InstanceStateChange change -> reevaluate(trigger, monitored(List.of(change.instanceId())),
                    change.envelope().time(), callsBefore, true, deadline);
            case SsmComplianceChange change -> reevaluate(trigger, monitored(List.of(change.instanceId())),
                    change.envelope().time(), callsBefore, true, deadline);
            case IdentityProviderEvent event -> {
                settle(event.envelope().time());
                ChangeImpact impact = impacts.instancesOfIdentityProviders(event, scans.trackedInstanceIds());
                yield reevaluate(trigger, impact, event.envelope().time(), callsBefore, false, deadline);
            }
            case LmusInstanceEvent event -> reevaluate(trigger, new ChangeImpact(event.instanceIds(),
                    event.describe() + ": LM-US manages these instances, so they are monitored", 0, false),
                    event.envelope().time(), callsBefore, true, deadline);
            case ManualRun manual -> new ChangeOutcome.Reported(scans.scan(ScanRequest.manual(manual)
                    .withDeadline(deadline)));
            case ScheduledScan scheduled -> ignore(trigger, "the scan function runs the schedule", callsBefore);
            case ConfigRuleInvocation invocation -> ignore(trigger, "Config rule invocations go to the Config rule"
                    + " function", callsBefore);
            case IgnoredEvent ignored -> ignore(trigger, ignored.reason(), callsBefore);
        };
    }

    /** The monitored instances among these: tagged (one call), else tracked (read only when needed). */
    private ChangeImpact monitored(List<String> instanceIds) {
        ChangeImpact tagged = impacts.monitoredAmong(instanceIds, Set.of());
        Set<String> untagged = new LinkedHashSet<>(instanceIds);
        untagged.removeAll(tagged.instanceIds());
        if (untagged.isEmpty()) {
            return tagged;
        }
        Set<String> tracked = scans.trackedInstanceIds();
        List<String> monitored = new ArrayList<>(tagged.instanceIds());
        untagged.stream().filter(tracked::contains).forEach(monitored::add);
        String explanation = monitored.size() + " of " + new LinkedHashSet<>(instanceIds).size()
                + " instance(s) monitored (tagged, or tracked among " + tracked.size() + ")";
        return new ChangeImpact(monitored, explanation, tagged.apiCalls(), false);
    }

    private ChangeOutcome reevaluate(Trigger trigger, ChangeImpact impact, Instant changedAt, long callsBefore,
            boolean settleFirst, Deadline deadline) {
        if (impact.none()) {
            return ignore(trigger, "no monitored instance affected: " + impact.explanation(), callsBefore);
        }
        if (impact.widened()) {
            LOG.warn("change {}: cannot be traced to the instances it affects, so every monitored instance ({}) is"
                    + " re-evaluated: {}", trigger.describe(), impact.instanceIds().size(), impact.explanation());
        } else {
            LOG.info("change {}: re-evaluating {} instance(s): {}", trigger.describe(), impact.instanceIds().size(),
                    impact.explanation());
        }
        if (settleFirst) {
            settle(changedAt);
        }
        ScanRequest request = new ScanRequest(trigger.describe(), Scope.instances(impact.instanceIds()), false,
                false).withDeadline(deadline);
        // What the mapping read can stand in for the first look's reads only when it was read after the change
        // settled (no wait was needed); after a wait, and on a second look, everything is read again.
        ScanRequest first = settleFirst ? request : new ScanRequest(request.trigger(), request.scope(), false, false,
                impact.prefetched()).withDeadline(deadline);
        Instant firstLook = clock.instant();
        ScanOutcome outcome = scans.scan(first);
        String stale = staleness(trigger, outcome, changedAt, firstLook);
        int looks = 1;
        if (stale != null) {
            LOG.info("change {}: second look in {} s: {}", trigger.describe(), settings.recheckDelay().toSeconds(),
                    stale);
            sleep(settings.recheckDelay());
            outcome = scans.scan(request);
            looks = 2;
        }
        return new ChangeOutcome.Reevaluated(trigger.describe(), impact, outcome, looks, stale,
                calls(callsBefore));
    }

    private ChangeOutcome ignore(Trigger trigger, String reason, long callsBefore) {
        int calls = calls(callsBefore);
        LOG.info("change {}: ignored, {} ({} AWS API calls)", trigger.describe(), reason, calls);
        return new ChangeOutcome.Ignored(trigger.describe(), reason, calls);
    }

    /** Waits until the change is {@code settle} old, at most {@code settle}. */
    private void settle(Instant changedAt) {
        if (changedAt == null) {
            return;
        }
        Duration wait = Duration.between(clock.instant(), changedAt.plus(settings.settle()));
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        sleep(wait.compareTo(settings.settle()) > 0 ? settings.settle() : wait);
    }

    /** Why the first look may predate the change, or null when it can be trusted. */
    private String staleness(Trigger trigger, ScanOutcome outcome, Instant changedAt, Instant lookedAt) {
        if (changedAt == null || lookedAt.isAfter(changedAt.plus(settings.consistencyWindow()))) {
            return null;
        }
        return switch (trigger) {
            case InstanceStateChange change -> stateLags(change, outcome.snapshot());
            case LmusInstanceEvent event -> lmusLags(event, outcome.snapshot());
            case IdentityProviderEvent event -> providerLags(event, outcome.snapshot());
            case ResourceChange change -> change.origin() == ChangeOrigin.CLOUDTRAIL && scans.tracking()
                    && !outcome.changedAnything()
                    ? change.action() + " changed nothing tracking sees; EC2 may not show it yet" : null;
            default -> null;
        };
    }

    private static String stateLags(InstanceStateChange change, FleetSnapshot snapshot) {
        Ec2Instance instance = snapshot.instances().stream()
                .filter(i -> i.instanceId().equals(change.instanceId())).findFirst().orElse(null);
        if (instance == null) {
            return change.terminal() ? null : "EC2 does not describe " + change.instanceId() + " yet";
        }
        Set<String> earlier = EARLIER_STATES.getOrDefault(change.state(), Set.of());
        return earlier.contains(instance.state())
                ? "EC2 still describes " + change.instanceId() + " as " + instance.state() + ", not " + change.state()
                : null;
    }

    /** A failed or removed registration that LM-US still lists as REGISTERED has not reached the read API yet. */
    private static String providerLags(IdentityProviderEvent event, FleetSnapshot snapshot) {
        if (event.kind() != LmusEventKind.IDENTITY_PROVIDER_REGISTRATION_FAILED
                && event.kind() != LmusEventKind.IDENTITY_PROVIDER_DEREGISTERED) {
            return null;
        }
        for (IdentityProvider provider : snapshot.identityProviders()) {
            if (event.names(provider.identityProviderArn(), provider.directoryId()) && provider.registered()) {
                return "LM-US still lists the identity provider of " + (provider.directoryId() != null
                        ? provider.directoryId() : provider.identityProviderArn()) + " (" + provider.product()
                        + ") as " + provider.status() + " after " + event.kind().detailType();
            }
        }
        return null;
    }

    private static String lmusLags(LmusInstanceEvent event, FleetSnapshot snapshot) {
        Status expected = event.kind() == LmusEventKind.ACTIVATED ? Status.PASS : Status.FAIL;
        for (String id : event.instanceIds()) {
            LmusInstance listed = snapshot.lmusInstances().stream().filter(l -> l.instanceId().equals(id))
                    .findFirst().orElse(null);
            if (listed == null) {
                if (event.kind() != LmusEventKind.TERMINATED) {
                    return "LM-US does not list " + id + " yet";
                }
            } else if (LmusStatusCheck.classify(listed.status()) != expected) {
                return "LM-US still lists " + id + " as " + listed.status() + " after " + event.kind().detailType();
            }
        }
        return null;
    }

    private void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int calls(long before) {
        return (int) (counter.total() - before);
    }
}
