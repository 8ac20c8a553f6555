package dev.subsentinel.app;

import dev.subsentinel.app.change.ChangeImpact;
import dev.subsentinel.app.change.ChangeImpacts;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.SnapshotSource;
import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceRef;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.InstanceKey;
import dev.subsentinel.track.StateStore;
import dev.subsentinel.track.StoredState;
import dev.subsentinel.track.Tracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The change engine over a fixture world, without AWS: the real {@link ScanService} (evaluator, tracker on an
 * in-memory store, alert creation) reads snapshots of a {@link Fixtures.World} restricted to the requested scope; a
 * table says which instances a change affects; the clock only moves when the service sleeps. Two instances besides
 * the world's own: {@link #A} carries the monitoring tag, {@link #B} does not and counts as monitored once tracked.
 */
public final class ChangeFixture {

    /** The instance the sample events name: tagged. */
    public static final String A = "i-0123456789abcdef0";
    /** The other instance of the sample events: untagged, monitored only when tracked. */
    public static final String B = "i-0fedcba9876543210";
    /** The clock's start: after every sample event's time plus the consistency window, so no sample waits. */
    public static final Instant START = Fixtures.NOW.plus(Duration.ofMinutes(50));

    public final Fixtures.World world = Fixtures.healthy();
    public final MutableClock clock = new MutableClock(START);
    public final RecordingSleeper sleeper = new RecordingSleeper(clock);
    public final WorldSource source = new WorldSource(world);
    public final CountingStore store = new CountingStore(new InMemoryStateStore());
    public final CollectingSink sink = new CollectingSink();
    public final TableImpacts impacts = new TableImpacts();
    public final ApiCallCounter counter = new ApiCallCounter();
    public final ScanService scans;
    public final ChangeService changes;

    /** The world with A and B healthy, and the default waits. */
    public ChangeFixture() {
        this(ChangeService.Settings.defaults());
    }

    /** The world with A and B healthy. */
    public ChangeFixture(ChangeService.Settings settings) {
        world.with(Fixtures.instance(A).eni(Fixtures.eni("eni-0123456789abcdef0", 0, Fixtures.SUBNET_APP,
                        Fixtures.VPC, "10.0.1.21", null, Fixtures.SG_INSTANCE)).build(),
                online(A), Fixtures.lmus(A, "ACTIVE", Fixtures.DIRECTORY, Fixtures.OFFICE),
                Fixtures.instance(B).eni(Fixtures.eni("eni-0fedcba9876543210", 0, Fixtures.SUBNET_APP,
                        Fixtures.VPC, "10.0.1.22", null, Fixtures.SG_INSTANCE)).build(),
                online(B), Fixtures.lmus(B, "ACTIVE", Fixtures.DIRECTORY, Fixtures.OFFICE));
        AtomicInteger ids = new AtomicInteger();
        Tracker tracker = new Tracker(store, new Tracker.Settings(Duration.ofHours(6), Duration.ofMinutes(10),
                Duration.ofDays(30), true), () -> "id-" + ids.incrementAndGet());
        scans = new ScanService(source, new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS),
                new ScanService.Outputs(tracker, sink, new CollectingSink(), null), counter, () -> Fixtures.ACCOUNT,
                Fixtures.REGION, clock, () -> "run-" + ids.incrementAndGet());
        changes = new ChangeService(scans, impacts, counter, settings, clock, sleeper);
        impacts.tagged(A);
        impacts.affects("sg-0fedcba9876543210", A, B).affects("sg-0123456789abcdef0", A, B)
                .affects("vpc-0a1b2c3d4e5f67890", A, B).affects("vpce-0123456789abcdef0", A, B)
                .affects("subnet-0123456789abcdef0", A).affects("rtb-0123456789abcdef0", A)
                .affects("acl-0123456789abcdef0", A).affects("eni-0123456789abcdef0", A).affects(A, A)
                // the domain controllers' group and the directory of the sample events serve both; the sample
                // licence server endpoint serves A
                .affects("sg-0d0c0a1b2c3d4e5f6", A, B).affects("d-9067abcdef", A, B)
                .affects("arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:license-server-endpoint/"
                        + "lse-0a1b2c3d4e5f60718", A);
    }

    /** SSM online, pinged two minutes before the clock's start. */
    public static SsmInstance online(String instanceId) {
        return new SsmInstance(instanceId, "Online", START.minus(Duration.ofMinutes(2)), "3.3.987.0",
                "Microsoft Windows Server 2022 Datacenter", "EC2AMAZ-" + instanceId.substring(2, 7));
    }

    /** Makes B tracked: one scan of it, as the scheduled scan would have done. */
    public ChangeFixture trackB() {
        scans.scan(new ScanRequest("setup", Scope.instances(List.of(B)), false, false));
        source.scopes.clear();
        store.reset();
        return this;
    }

    /** A clock that moves only when told. */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        /** Moves the clock. */
        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        /** Sets the clock. */
        public void set(Instant value) {
            now = value;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A sleeper that advances the clock instead of waiting, and can change the world while "asleep". */
    public static final class RecordingSleeper implements Sleeper {
        private final MutableClock clock;
        public final List<Duration> sleeps = new ArrayList<>();
        private Runnable during = () -> { };

        public RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        /** Runs the action during the next sleeps. */
        public void during(Runnable action) {
            during = action;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            clock.advance(duration);
            during.run();
        }
    }

    /** Snapshots of the world, restricted to the scope as the collector restricts them; remembers every scope. */
    public static final class WorldSource implements SnapshotSource {
        private final Fixtures.World world;
        public final List<Scope> scopes = new ArrayList<>();
        public final List<Prefetched> prefetched = new ArrayList<>();

        WorldSource(Fixtures.World world) {
            this.world = world;
        }

        @Override
        public FleetSnapshot collect(Scope scope, Prefetched reads) {
            prefetched.add(reads);
            return collect(scope);
        }

        @Override
        public FleetSnapshot collect(Scope scope) {
            scopes.add(scope);
            FleetSnapshot all = world.snapshot();
            if (!scope.narrowed()) {
                return all;
            }
            Set<String> ids = scope.instanceIds();
            return FleetSnapshot.builder(all.accountId(), all.region(), all.capturedAt())
                    .instances(all.instances().stream().filter(i -> ids.contains(i.instanceId())).toList())
                    .ssmInstances(all.ssmInstances().stream().filter(i -> ids.contains(i.instanceId())).toList())
                    .lmusInstances(all.lmusInstances().stream().filter(i -> ids.contains(i.instanceId())).toList())
                    .identityProviders(all.identityProviders()).directories(all.directories())
                    .securityGroups(all.securityGroups()).vpcs(all.vpcs()).subnets(all.subnets())
                    .routeTables(all.routeTables()).networkAcls(all.networkAcls()).vpcEndpoints(all.vpcEndpoints())
                    .natGateways(all.natGateways()).internetGateways(all.internetGateways())
                    .peeringConnections(all.peeringConnections()).prefixLists(all.prefixLists())
                    .resolverRules(all.resolverRules()).dhcpOptions(all.dhcpOptions())
                    .unknownFacts(all.unknownFacts())
                    .build();
        }
    }

    /** What the fake mapping says it read (the identity providers: none). */
    public static final Prefetched MAPPING_READS = new Prefetched(null, null, List.of());

    /**
     * A fake of the change mapping: which instances each resource (or directory, identity provider or licence server
     * endpoint) affects, and which instances are tagged. An identity-provider event that names nothing in the table
     * affects every monitored instance (tagged or tracked), widened, as the real mapping does.
     */
    public static final class TableImpacts implements ChangeImpacts {
        private final Map<String, List<String>> affected = new LinkedHashMap<>();
        private final Set<String> tagged = new LinkedHashSet<>();
        public final List<ResourceChange> changes = new ArrayList<>();
        public final List<IdentityProviderEvent> providerEvents = new ArrayList<>();
        public final List<Set<String>> trackedGiven = new ArrayList<>();

        /** The instances a resource affects. */
        public TableImpacts affects(String resourceId, String... instanceIds) {
            affected.put(resourceId, List.of(instanceIds));
            return this;
        }

        /** Instances that carry the monitoring tag. */
        public TableImpacts tagged(String... instanceIds) {
            tagged.addAll(List.of(instanceIds));
            return this;
        }

        @Override
        public ChangeImpact affectedInstances(ResourceChange change, Set<String> trackedInstanceIds) {
            changes.add(change);
            trackedGiven.add(Set.copyOf(trackedInstanceIds));
            Set<String> ids = new LinkedHashSet<>();
            for (ResourceRef subject : change.subjects()) {
                ids.addAll(affected.getOrDefault(subject.id(), List.of()));
            }
            return new ChangeImpact(new ArrayList<>(ids), "table: " + change.subjects() + " -> " + ids, 1, false,
                    MAPPING_READS);
        }

        @Override
        public ChangeImpact instancesOfIdentityProviders(IdentityProviderEvent event,
                Set<String> trackedInstanceIds) {
            providerEvents.add(event);
            trackedGiven.add(Set.copyOf(trackedInstanceIds));
            List<String> named = new ArrayList<>(event.directoryIds());
            named.addAll(event.identityProviderArns());
            named.addAll(event.licenseServerEndpointArns());
            Set<String> ids = new LinkedHashSet<>();
            named.forEach(id -> ids.addAll(affected.getOrDefault(id, List.of())));
            boolean widened = ids.isEmpty();
            if (widened) {
                ids.addAll(tagged);
                ids.addAll(trackedInstanceIds);
            }
            return new ChangeImpact(new ArrayList<>(ids), "table: " + named + " -> " + ids
                    + (widened ? ", every monitored instance" : ""), 1, widened, MAPPING_READS);
        }

        @Override
        public ChangeImpact monitoredAmong(Collection<String> instanceIds, Set<String> trackedInstanceIds) {
            trackedGiven.add(Set.copyOf(trackedInstanceIds));
            List<String> monitored = instanceIds.stream()
                    .filter(id -> tagged.contains(id) || trackedInstanceIds.contains(id)).distinct().toList();
            return new ChangeImpact(monitored, monitored.size() + " tagged or tracked", 1, false);
        }
    }

    /** An alert sink that accepts everything. */
    public static final class CollectingSink implements AlertSink {
        public final List<Alert> sent = new ArrayList<>();

        @Override
        public List<Delivery> send(List<Alert> alerts) {
            List<Delivery> out = new ArrayList<>();
            for (Alert alert : alerts) {
                sent.add(alert);
                out.add(Delivery.accepted(alert.alertId(), "m-" + sent.size()));
            }
            return out;
        }
    }

    /** A store that counts how often the whole table is listed. */
    public static final class CountingStore implements StateStore {
        private final StateStore store;
        private int lists;

        CountingStore(StateStore store) {
            this.store = store;
        }

        /** How often {@link #list} was called since the last reset. */
        public int lists() {
            return lists;
        }

        void reset() {
            lists = 0;
        }

        @Override
        public List<StoredState> list(String accountId, String region) {
            lists++;
            return store.list(accountId, region);
        }

        @Override
        public StoredState get(InstanceKey key) {
            return store.get(key);
        }

        @Override
        public boolean put(StoredState row, long expectedVersion) {
            return store.put(row, expectedVersion);
        }

        @Override
        public boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
            return store.claim(key, alertId, token, now, until);
        }

        @Override
        public boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId) {
            return store.confirm(key, alertId, token, sentAt, messageId);
        }

        @Override
        public boolean release(InstanceKey key, String alertId, String token, String error) {
            return store.release(key, alertId, token, error);
        }
    }
}
