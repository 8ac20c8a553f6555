package dev.subsentinel.collect;

import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.UnknownFact;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;

/**
 * Which instances a collection covers (DESIGN section 2): the tagged EC2 instances in live states united with LM-US's
 * instances (those EC2 still reports live), plus the tracked ones in any state; or only the named instances.
 */
final class ScopeResolver {

    /**
     * The instances in scope.
     *
     * @param instances     their EC2 descriptions, sorted by id
     * @param lmusInstances their LM-US records (and those of requested ids EC2 no longer describes), sorted by id
     * @param ownerIds      the accounts their reservations name
     */
    record InScope(List<Ec2Instance> instances, List<LmusInstance> lmusInstances, Set<String> ownerIds) {
    }

    private static final Set<String> LIVE_STATES = Set.copyOf(Ec2InstanceReader.LIVE_STATES);

    private final Ec2InstanceReader instances;
    private final AwsCalls calls;
    private final String tagKey;
    private final String tagValue;

    ScopeResolver(Ec2InstanceReader instances, AwsCalls calls, String tagKey, String tagValue) {
        this.instances = instances;
        this.calls = calls;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
    }

    /**
     * The instances in scope. The LM-US listing runs meanwhile; its failure and the EC2 failures are recorded in
     * {@code unknowns}.
     *
     * @throws CollectionException when nothing of the scope could be listed (whatever the reason: a run that can see
     *                             no instance must not pass for a healthy one)
     */
    InScope resolve(Scope scope, Future<Fetched<List<LmusInstance>>> lmusListing, Unknowns unknowns,
            Prefetched prefetched) {
        return scope.narrowed() ? named(scope, lmusListing, unknowns, prefetched)
                : fleet(scope, lmusListing, unknowns);
    }

    private InScope fleet(Scope scope, Future<Fetched<List<LmusInstance>>> lmusListing, Unknowns unknowns) {
        Fetched<Ec2InstanceReader.Described> tagged = instances.tagged(tagKey, tagValue);
        Fetched<List<LmusInstance>> listed = AwsCalls.join(lmusListing);
        if (!tagged.ok() && !listed.ok()) {
            throw new CollectionException("the fleet could not be listed, so nothing is monitored: "
                    + tagged.failure() + "; " + listed.failure());
        }
        Map<String, Ec2Instance> byId = new LinkedHashMap<>();
        Set<String> owners = new TreeSet<>();
        Set<String> taggedIds = new TreeSet<>();
        if (tagged instanceof Fetched.Ok<Ec2InstanceReader.Described> ok) {
            ok.value().instances().forEach(i -> {
                byId.put(i.instanceId(), i);
                taggedIds.add(i.instanceId());
            });
            owners.addAll(ok.value().ownerIds());
        } else {
            unknowns.add(FactKind.INSTANCES, UnknownFact.ALL, tagged.failed());
        }
        Map<String, LmusInstance> lmusById = lmusById(listed, unknowns);
        Set<String> toDescribe = new TreeSet<>(lmusById.keySet());
        toDescribe.addAll(scope.trackedIds());
        toDescribe.removeAll(taggedIds);
        Set<String> failedIds = new TreeSet<>();
        for (Batch<Ec2InstanceReader.Described> batch : describe(toDescribe)) {
            add(batch, byId, owners, failedIds, unknowns);
        }
        Set<String> included = new TreeSet<>(taggedIds);
        for (String id : toDescribe) {
            Ec2Instance instance = byId.get(id);
            boolean tracked = scope.trackedIds().contains(id);
            boolean live = instance != null && LIVE_STATES.contains(instance.state());
            // An undescribable instance stays in scope (its checks say UNKNOWN) unless LM-US itself says it is
            // terminated: were EC2 readable, it would be out of scope, so it must not turn up as a failing instance.
            boolean undescribed = failedIds.contains(id) && (tracked || !terminatedPerLmus(lmusById.get(id)));
            if (undescribed || live || (instance != null && tracked)) {
                included.add(id);
            }
        }
        return inScope(scope, byId, included, lmusById, owners);
    }

    private InScope named(Scope scope, Future<Fetched<List<LmusInstance>>> lmusListing, Unknowns unknowns,
            Prefetched prefetched) {
        Map<String, Ec2Instance> byId = new LinkedHashMap<>();
        if (prefetched.instances() != null) {
            prefetched.instances().stream().filter(i -> scope.instanceIds().contains(i.instanceId()))
                    .forEach(i -> byId.putIfAbsent(i.instanceId(), i));
        }
        List<String> toDescribe = scope.instanceIds().stream().filter(id -> !byId.containsKey(id)).toList();
        List<Batch<Ec2InstanceReader.Described>> described = describe(toDescribe);
        boolean allFailed = !described.isEmpty() && byId.isEmpty()
                && described.stream().noneMatch(b -> b.result().ok());
        if (allFailed) {
            throw new CollectionException("the instances could not be described: "
                    + described.get(0).result().failure());
        }
        Set<String> owners = new TreeSet<>();
        for (Batch<Ec2InstanceReader.Described> batch : described) {
            add(batch, byId, owners, new TreeSet<>(), unknowns);
        }
        Map<String, LmusInstance> lmusById = lmusById(AwsCalls.join(lmusListing), unknowns);
        return inScope(scope, byId, new TreeSet<>(scope.instanceIds()), lmusById, owners);
    }

    private static InScope inScope(Scope scope, Map<String, Ec2Instance> byId, Set<String> included,
            Map<String, LmusInstance> lmusById, Set<String> owners) {
        List<Ec2Instance> described = byId.values().stream()
                .filter(i -> included.contains(i.instanceId()))
                .sorted(Comparator.comparing(Ec2Instance::instanceId))
                .toList();
        Set<String> withLmus = new TreeSet<>(included);
        withLmus.addAll(scope.requestedIds());
        List<LmusInstance> lmusInstances = lmusById.values().stream()
                .filter(l -> withLmus.contains(l.instanceId()))
                .sorted(Comparator.comparing(LmusInstance::instanceId))
                .toList();
        return new InScope(described, lmusInstances, owners);
    }

    private static boolean terminatedPerLmus(LmusInstance lmus) {
        return lmus != null && lmus.status().toUpperCase(Locale.ROOT).contains("TERMINAT");
    }

    private static Map<String, LmusInstance> lmusById(Fetched<List<LmusInstance>> listed, Unknowns unknowns) {
        Map<String, LmusInstance> byId = new LinkedHashMap<>();
        unknowns.known(listed, FactKind.LMUS_INSTANCES, List.of(), List.<LmusInstance>of())
                .forEach(l -> byId.putIfAbsent(l.instanceId(), l));
        return byId;
    }

    private static void add(Batch<Ec2InstanceReader.Described> batch, Map<String, Ec2Instance> byId,
            Set<String> owners, Set<String> failedIds, Unknowns unknowns) {
        if (batch.result() instanceof Fetched.Ok<Ec2InstanceReader.Described> ok) {
            ok.value().instances().forEach(i -> byId.putIfAbsent(i.instanceId(), i));
            owners.addAll(ok.value().ownerIds());
        } else {
            failedIds.addAll(batch.ids());
            batch.ids().forEach(id -> unknowns.add(FactKind.INSTANCES, id, batch.result().failed()));
        }
    }

    /** DescribeInstances by id, one call per 200 ids, in parallel. */
    private List<Batch<Ec2InstanceReader.Described>> describe(Collection<String> ids) {
        return AwsCalls.joinAll(calls.forkEach(Clients.batches(ids, Ec2InstanceReader.MAX_FILTER_VALUES),
                batch -> new Batch<>(batch, instances.byIds(batch))));
    }
}
