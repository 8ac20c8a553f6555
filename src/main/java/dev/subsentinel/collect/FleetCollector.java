package dev.subsentinel.collect;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * Builds a {@link FleetSnapshot} from the AWS APIs: the scope (LM-US ListInstances united with the tagged EC2
 * instances), then every fact the checks need about those instances, their VPCs, the identity providers' VPCs and the
 * VPCs peered with them.
 *
 * <p><b>Batched, not per instance.</b> Every API that takes a list filter (instance-id, vpc-id, group-id, ...) is
 * called once for the whole fleet (once per 200 filter values, EC2's limit; once per 100 ids for SSM) and every page
 * is followed. DescribeVpcAttribute is the only per-VPC call, GetManagedPrefixListEntries the only per-prefix-list
 * call. Calls run on virtual threads, at most {@link Settings#maxConcurrentCalls()} at once; each result is used for
 * the whole scan.
 *
 * <p><b>Failures are contained.</b> A failed call never turns into a verdict: it becomes an {@link UnknownFact} of
 * its kind, for the resources it concerned (or {@code "*"}), whose reason names the IAM action when access was denied
 * ("AccessDenied: ec2:DescribeVpcAttribute is not allowed"). The checks that need it say UNKNOWN, the snapshot is
 * partial, and everything else is still collected. Only when the scope itself cannot be listed at all (neither the
 * tagged instances nor LM-US's; or none of the named instances) and a retry could change that (throttling, a service
 * error, a network failure) does {@link #collect(Scope)} throw {@link CollectionException}.
 *
 * <p><b>API calls per scan</b> are a function of the fleet's shape, not a multiple of its size. With
 * {@code pages(n, p) = max(1, ceil(n / p))}, {@code batches(n, b) = ceil(n / b)} and {@code [condition]} counting 1
 * when it holds:
 *
 * <pre>
 * calls = pages(L, pL)                       LM-US ListInstances: L instances; pL = LM-US's page size (no MaxResults
 *                                            is sent: the API documents no range for it)
 *       + pages(I, pL)                       LM-US ListIdentityProviders: I providers
 *       + pages(T, 1000)                     DescribeInstances, tagged, live states: T instances (fleet scope only)
 *       + batches(X, 200)                    DescribeInstances by instance-id: X = the named ids (narrowed scope), or
 *                                            the LM-US and tracked ids the tagged listing did not return
 *       + batches(N, 200)                    DescribeIamInstanceProfileAssociations: N live instances
 *       + sum over b of pages(M_b, 50)       SSM DescribeInstanceInformation: b = batches of up to 100 running
 *                                            instances, M_b = the nodes SSM returns for b (so at most 2 per batch)
 *       + [a directory is named] pages(D, pD)  DS DescribeDirectories (the account's directories)
 *       + pages(RR, 100) + pages(RA, 100)    Route 53 Resolver rules and rule associations of the account
 *       + [no reservation names the account] 1                 STS GetCallerIdentity
 *       + [the providers name subnets] 1     DescribeSubnets of those subnets (to find the providers' VPCs)
 *       + [B &gt; 0] 2                          DescribeVpcPeeringConnections, requester side and accepter side;
 *                                            B = the instances' VPCs and the providers' VPCs
 *       + [V &gt; 0] (7 + 2 V)                  DescribeVpcs, DescribeSubnets, DescribeRouteTables,
 *                                            DescribeNetworkAcls, DescribeVpcEndpoints, DescribeNatGateways,
 *                                            DescribeInternetGateways, and DescribeVpcAttribute twice per VPC;
 *                                            V = B plus the VPCs actively peered with them (that EC2 describes)
 *       + [DO &gt; 0] 1                         DescribeDhcpOptions: DO options sets of those VPCs
 *       + batches(E, 200)                    DescribeNetworkInterfaces: E interfaces of their VPC endpoints
 *       + batches(G, 200)                    DescribeSecurityGroups: G groups of instances, endpoints, providers
 *       + sum over p of pages(entries_p, 100)  GetManagedPrefixListEntries: each prefix list rules and routes use
 * </pre>
 *
 * The VPC-level terms assume one page each (up to 1000 subnets, ACLs, endpoints, NAT and internet gateways, 100 route
 * tables) and up to 200 VPCs; beyond that each grows by its page or batch count. Retried attempts count too. Only
 * {@code L}, {@code T}, {@code X}, {@code N} and {@code M_b} grow with the fleet, by a page or batch per 50 to 1000
 * instances. Example: 1,000 running instances, tagged, listed by LM-US (pL = 50) and managed by SSM, in 10 VPCs with
 * 2 providers, 3 DHCP options sets, 30 endpoint interfaces, 20 groups, 2 prefix lists: 20 + 1 + 1 + 0 + 5 + 20 + 1
 * + 2 + 0 + 1 + 2 + 27 + 1 + 1 + 1 + 2 = 85 calls. ApiCallCountTest measures a three-VPC shape on the emulator at 50
 * instances (28 calls) and at 500 instances (48 calls), operation by operation.
 */
public final class FleetCollector {

    /**
     * What the collector needs besides the clients.
     *
     * @param tagKey             the tag key that marks monitored instances
     * @param tagValue           its value
     * @param maxConcurrentCalls how many AWS calls may be in flight at once
     */
    public record Settings(String tagKey, String tagValue, int maxConcurrentCalls) {

        public Settings {
            Objects.requireNonNull(tagKey, "tagKey");
            Objects.requireNonNull(tagValue, "tagValue");
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
            }
        }

        /** The tag of the configuration and the default parallelism. */
        public static Settings of(AppConfig config) {
            return new Settings(config.instanceTagKey(), config.instanceTagValue(), AwsCalls.DEFAULT_LIMIT);
        }
    }

    private static final Set<String> LIVE_STATES = Set.copyOf(Ec2InstanceReader.LIVE_STATES);
    private static final String UNKNOWN_ACCOUNT = "unknown";

    private final String region;
    private final Settings settings;
    private final Clock clock;
    private final AwsCalls calls;
    private final Ec2InstanceReader instances;
    private final Ec2NetworkReader network;
    private final SsmReader ssm;
    private final LmusReader lmus;
    private final DirectoryReader directories;
    private final ResolverReader resolver;
    private final AccountReader account;

    /** A collector over these clients. */
    public FleetCollector(Clients clients, Settings settings, Clock clock) {
        this.region = clients.region().id();
        this.settings = settings;
        this.clock = clock;
        this.calls = new AwsCalls(settings.maxConcurrentCalls());
        this.instances = new Ec2InstanceReader(clients.ec2(), calls);
        this.network = new Ec2NetworkReader(clients.ec2(), calls);
        this.ssm = new SsmReader(clients.ssm(), calls);
        this.lmus = new LmusReader(clients.licenseManagerUserSubscriptions(), calls);
        this.directories = new DirectoryReader(clients.directory(), calls);
        this.resolver = new ResolverReader(clients.route53Resolver(), calls);
        this.account = new AccountReader(clients.sts(), calls);
    }

    /** The production collector: the configuration's tag, default parallelism, the system clock. */
    public static FleetCollector create(Clients clients, AppConfig config) {
        return new FleetCollector(clients, Settings.of(config), Clock.systemUTC());
    }

    /**
     * Collects a snapshot of the scope. Evaluate it with {@code Evaluator.evaluate(snapshot,
     * scope.idsToEvaluate(snapshot), now)} so that requested instances the snapshot does not hold are reported too.
     *
     * @throws CollectionException when the scope cannot be listed at all for reasons a retry can fix
     */
    public FleetSnapshot collect(Scope scope) {
        return new Run(scope).collect();
    }

    /** The state of one collection. */
    private final class Run {
        private final Scope scope;
        private final List<UnknownFact> unknowns = new ArrayList<>();

        Run(Scope scope) {
            this.scope = scope;
        }

        FleetSnapshot collect() {
            Future<Fetched<List<LmusInstance>>> lmusListing = calls.fork(lmus::instances);
            Future<Fetched<List<IdentityProvider>>> providerListing = calls.fork(lmus::identityProviders);
            Future<Fetched<List<ResolverReader.Rule>>> ruleListing = calls.fork(resolver::rules);
            Future<Fetched<Map<String, List<String>>>> associationListing = calls.fork(resolver::associations);
            Future<Fetched<Ec2InstanceReader.Described>> taggedListing = scope.narrowed() ? null
                    : calls.fork(() -> instances.tagged(settings.tagKey(), settings.tagValue()));
            Future<List<Batch<Ec2InstanceReader.Described>>> namedListing = scope.narrowed()
                    ? calls.fork(() -> describeByIds(scope.instanceIds())) : null;

            InScope inScope = scope.narrowed()
                    ? narrowedScope(AwsCalls.join(namedListing), AwsCalls.join(lmusListing))
                    : fleetScope(AwsCalls.join(taggedListing), AwsCalls.join(lmusListing));
            List<Ec2Instance> described = inScope.instances();

            List<String> liveIds = described.stream().filter(i -> LIVE_STATES.contains(i.state()))
                    .map(Ec2Instance::instanceId).toList();
            List<String> runningIds = described.stream().filter(i -> "running".equals(i.state()))
                    .map(Ec2Instance::instanceId).toList();
            List<Future<Batch<Map<String, InstanceProfileAssociation>>>> profileCalls = calls.forkEach(
                    AwsCalls.batches(liveIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                    batch -> new Batch<>(batch, instances.profileAssociations(batch)));
            List<Future<Batch<List<SsmInstance>>>> ssmCalls = calls.forkEach(
                    AwsCalls.batches(runningIds, SsmReader.MAX_IDS),
                    batch -> new Batch<>(batch, ssm.managedNodes(batch)));
            Future<Fetched<String>> accountCall = inScope.ownerIds().isEmpty() ? calls.fork(account::accountId)
                    : null;

            List<IdentityProvider> providers = known(AwsCalls.join(providerListing), FactKind.IDENTITY_PROVIDERS,
                    List.of(), List.of());
            Set<String> directoryIds = new TreeSet<>();
            providers.forEach(p -> addIfPresent(directoryIds, p.directoryId()));
            inScope.lmusInstances().forEach(l -> addIfPresent(directoryIds, l.directoryId()));
            Future<Fetched<List<Directory>>> directoryListing = directoryIds.isEmpty() ? null
                    : calls.fork(directories::directories);

            Set<String> providerSubnetIds = new TreeSet<>();
            providers.forEach(p -> {
                providerSubnetIds.addAll(p.subnetIds());
                providerSubnetIds.addAll(p.domainSubnetIds());
            });
            List<Subnet> providerSubnets = providerSubnetIds.isEmpty() ? List.of()
                    : known(network.subnets("subnet-id", providerSubnetIds), FactKind.SUBNETS, List.of(), List.of());

            Set<String> baseVpcIds = new TreeSet<>();
            for (Ec2Instance instance : described) {
                addIfPresent(baseVpcIds, instance.vpcId());
                instance.networkInterfaces().forEach(eni -> baseVpcIds.add(eni.vpcId()));
            }
            providerSubnets.forEach(s -> baseVpcIds.add(s.vpcId()));
            List<PeeringConnection> peerings = baseVpcIds.isEmpty() ? List.of()
                    : known(network.peeringConnections(baseVpcIds), FactKind.PEERING_CONNECTIONS, List.of(),
                            List.of());
            Set<String> vpcIds = new TreeSet<>(baseVpcIds);
            for (PeeringConnection peering : peerings) {
                if (peering.active()) {
                    String requester = peering.requesterVpcId();
                    String accepter = peering.accepterVpcId();
                    vpcIds.add(baseVpcIds.contains(requester) ? accepter : requester);
                }
            }

            Network net = collectNetwork(vpcIds, described, providers);

            FleetSnapshot.Builder snapshot = FleetSnapshot.builder(accountId(inScope, accountCall), region,
                    clock.instant());
            Map<String, InstanceProfileAssociation> profiles = new HashMap<>();
            for (Batch<Map<String, InstanceProfileAssociation>> batch : AwsCalls.joinAll(profileCalls)) {
                profiles.putAll(known(batch.result(), FactKind.INSTANCE_PROFILES, batch.ids(), Map.of()));
            }
            snapshot.instances(described.stream()
                    .map(i -> profiles.containsKey(i.instanceId())
                            ? i.withProfileAssociation(profiles.get(i.instanceId())) : i)
                    .toList());
            List<SsmInstance> nodes = new ArrayList<>();
            for (Batch<List<SsmInstance>> batch : AwsCalls.joinAll(ssmCalls)) {
                nodes.addAll(known(batch.result(), FactKind.SSM_INFO, batch.ids(), List.of()));
            }
            snapshot.ssmInstances(sorted(nodes, SsmInstance::instanceId));
            snapshot.lmusInstances(inScope.lmusInstances());
            snapshot.identityProviders(providers);
            if (directoryListing != null) {
                List<Directory> all = known(AwsCalls.join(directoryListing), FactKind.DIRECTORIES, List.of(),
                        List.of());
                snapshot.directories(all.stream().filter(d -> directoryIds.contains(d.directoryId())).toList());
            }
            snapshot.resolverRules(resolverRules(AwsCalls.join(ruleListing), AwsCalls.join(associationListing),
                    vpcIds));
            snapshot.securityGroups(net.securityGroups())
                    .vpcs(net.vpcs())
                    .subnets(merge(providerSubnets, net.subnets()))
                    .routeTables(net.routeTables())
                    .networkAcls(net.networkAcls())
                    .vpcEndpoints(net.vpcEndpoints())
                    .natGateways(net.natGateways())
                    .internetGateways(net.internetGateways())
                    .peeringConnections(sorted(peerings, PeeringConnection::peeringConnectionId))
                    .prefixLists(net.prefixLists())
                    .dhcpOptions(net.dhcpOptions());
            unknowns.addAll(inScope.unknowns());
            snapshot.unknownFacts(unknowns);
            return snapshot.build();
        }

        /** The whole fleet: the tagged instances, LM-US's instances, and the tracked ones. */
        private InScope fleetScope(Fetched<Ec2InstanceReader.Described> tagged, Fetched<List<LmusInstance>> listed) {
            if (!tagged.ok() && !listed.ok() && (retryable(tagged) || retryable(listed))) {
                throw new CollectionException("the fleet could not be listed: " + tagged.failure() + "; "
                        + listed.failure());
            }
            List<UnknownFact> scopeUnknowns = new ArrayList<>();
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
                scopeUnknowns.add(new UnknownFact(FactKind.INSTANCES, UnknownFact.ALL, tagged.failure()));
            }
            Map<String, LmusInstance> lmusById = lmusById(listed, scopeUnknowns);
            Set<String> toDescribe = new TreeSet<>(lmusById.keySet());
            toDescribe.addAll(scope.trackedIds());
            toDescribe.removeAll(taggedIds);
            Set<String> failedIds = new TreeSet<>();
            for (Batch<Ec2InstanceReader.Described> batch : describeByIds(toDescribe)) {
                addDescribed(batch, byId, owners, failedIds, scopeUnknowns);
            }
            Set<String> included = new TreeSet<>(taggedIds);
            for (String id : toDescribe) {
                Ec2Instance instance = byId.get(id);
                boolean tracked = scope.trackedIds().contains(id);
                if (failedIds.contains(id) || (instance != null && (tracked
                        || LIVE_STATES.contains(instance.state())))) {
                    included.add(id);
                }
            }
            return inScope(byId, included, lmusById, owners, scopeUnknowns);
        }

        /** Only the named instances, whatever their state. */
        private InScope narrowedScope(List<Batch<Ec2InstanceReader.Described>> described,
                Fetched<List<LmusInstance>> listed) {
            boolean allFailed = described.stream().noneMatch(b -> b.result().ok());
            if (allFailed && described.stream().anyMatch(b -> retryable(b.result()))) {
                throw new CollectionException("the instances could not be described: "
                        + described.get(0).result().failure());
            }
            List<UnknownFact> scopeUnknowns = new ArrayList<>();
            Map<String, Ec2Instance> byId = new LinkedHashMap<>();
            Set<String> owners = new TreeSet<>();
            Set<String> failedIds = new TreeSet<>();
            for (Batch<Ec2InstanceReader.Described> batch : described) {
                addDescribed(batch, byId, owners, failedIds, scopeUnknowns);
            }
            Map<String, LmusInstance> lmusById = lmusById(listed, scopeUnknowns);
            return inScope(byId, new TreeSet<>(scope.instanceIds()), lmusById, owners, scopeUnknowns);
        }

        private InScope inScope(Map<String, Ec2Instance> byId, Set<String> included,
                Map<String, LmusInstance> lmusById, Set<String> owners, List<UnknownFact> scopeUnknowns) {
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
            return new InScope(described, lmusInstances, owners, scopeUnknowns);
        }

        private Map<String, LmusInstance> lmusById(Fetched<List<LmusInstance>> listed,
                List<UnknownFact> scopeUnknowns) {
            Map<String, LmusInstance> byId = new LinkedHashMap<>();
            if (listed instanceof Fetched.Ok<List<LmusInstance>> ok) {
                ok.value().forEach(l -> byId.putIfAbsent(l.instanceId(), l));
            } else {
                scopeUnknowns.add(new UnknownFact(FactKind.LMUS_INSTANCES, UnknownFact.ALL, listed.failure()));
            }
            return byId;
        }

        private void addDescribed(Batch<Ec2InstanceReader.Described> batch, Map<String, Ec2Instance> byId,
                Set<String> owners, Set<String> failedIds, List<UnknownFact> scopeUnknowns) {
            if (batch.result() instanceof Fetched.Ok<Ec2InstanceReader.Described> ok) {
                ok.value().instances().forEach(i -> byId.putIfAbsent(i.instanceId(), i));
                owners.addAll(ok.value().ownerIds());
            } else {
                failedIds.addAll(batch.ids());
                batch.ids().forEach(id -> scopeUnknowns.add(new UnknownFact(FactKind.INSTANCES, id,
                        batch.result().failure())));
            }
        }

        private List<Batch<Ec2InstanceReader.Described>> describeByIds(Collection<String> ids) {
            return AwsCalls.joinAll(calls.forkEach(AwsCalls.batches(ids, Ec2InstanceReader.MAX_FILTER_VALUES),
                    batch -> new Batch<>(batch, instances.byIds(batch))));
        }

        private String accountId(InScope inScope, Future<Fetched<String>> accountCall) {
            if (!inScope.ownerIds().isEmpty()) {
                return inScope.ownerIds().iterator().next();
            }
            Fetched<String> fetched = AwsCalls.join(accountCall);
            return fetched.ok() && !fetched.orElse("").isBlank() ? fetched.orElse(UNKNOWN_ACCOUNT) : UNKNOWN_ACCOUNT;
        }

        /** Everything about the VPCs; the calls that do not depend on each other run in parallel. */
        private Network collectNetwork(Set<String> vpcIds, List<Ec2Instance> described,
                List<IdentityProvider> providers) {
            if (vpcIds.isEmpty()) {
                return Network.EMPTY;
            }
            Future<Fetched<List<Vpc>>> vpcCall = calls.fork(() -> network.vpcs(vpcIds));
            Future<Fetched<List<Subnet>>> subnetCall = calls.fork(() -> network.subnets("vpc-id", vpcIds));
            Future<Fetched<List<RouteTable>>> routeCall = calls.fork(() -> network.routeTables(vpcIds));
            Future<Fetched<List<NetworkAcl>>> aclCall = calls.fork(() -> network.networkAcls(vpcIds));
            Future<Fetched<List<NatGateway>>> natCall = calls.fork(() -> network.natGateways(vpcIds));
            Future<Fetched<List<InternetGateway>>> igwCall = calls.fork(() -> network.internetGateways(vpcIds));
            Future<Fetched<List<software.amazon.awssdk.services.ec2.model.VpcEndpoint>>> endpointCall =
                    calls.fork(() -> network.vpcEndpoints(vpcIds));

            // Attributes only for the VPCs EC2 describes: a peer VPC of another account would only fail.
            List<Vpc> describedVpcs = known(AwsCalls.join(vpcCall), FactKind.VPCS, vpcIds, List.of());
            Map<String, Future<Fetched<Boolean>>> dnsSupport = new LinkedHashMap<>();
            Map<String, Future<Fetched<Boolean>>> dnsHostnames = new LinkedHashMap<>();
            for (Vpc vpc : describedVpcs) {
                dnsSupport.put(vpc.vpcId(), calls.fork(() -> network.vpcAttribute(vpc.vpcId(),
                        VpcAttributeName.ENABLE_DNS_SUPPORT)));
                dnsHostnames.put(vpc.vpcId(), calls.fork(() -> network.vpcAttribute(vpc.vpcId(),
                        VpcAttributeName.ENABLE_DNS_HOSTNAMES)));
            }
            Set<String> dhcpIds = new TreeSet<>();
            describedVpcs.forEach(v -> addIfPresent(dhcpIds, v.dhcpOptionsId()));
            Future<Fetched<List<DhcpOptions>>> dhcpCall = dhcpIds.isEmpty() ? null
                    : calls.fork(() -> network.dhcpOptions(dhcpIds));

            List<software.amazon.awssdk.services.ec2.model.VpcEndpoint> rawEndpoints =
                    known(AwsCalls.join(endpointCall), FactKind.VPC_ENDPOINTS, vpcIds, List.of());
            List<String> interfaceIds = rawEndpoints.stream().flatMap(e -> e.networkInterfaceIds().stream())
                    .distinct().sorted().toList();
            List<Future<Batch<Map<String, EndpointInterface>>>> interfaceCalls = calls.forkEach(
                    AwsCalls.batches(interfaceIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                    batch -> new Batch<>(batch, network.endpointInterfaces(batch)));

            Set<String> groupIds = new TreeSet<>();
            for (Ec2Instance instance : described) {
                instance.networkInterfaces().forEach(eni -> groupIds.addAll(eni.groupIds()));
            }
            rawEndpoints.forEach(e -> e.groups().forEach(g -> addIfPresent(groupIds, g.groupId())));
            providers.forEach(p -> addIfPresent(groupIds, p.securityGroupId()));
            List<Future<Batch<List<SecurityGroup>>>> groupCalls = calls.forkEach(
                    AwsCalls.batches(groupIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                    batch -> new Batch<>(batch, network.securityGroups(batch)));

            Map<String, EndpointInterface> interfaces = new HashMap<>();
            for (Batch<Map<String, EndpointInterface>> batch : AwsCalls.joinAll(interfaceCalls)) {
                if (batch.result() instanceof Fetched.Ok<Map<String, EndpointInterface>> ok) {
                    interfaces.putAll(ok.value());
                } else {
                    Set<String> affectedVpcs = new TreeSet<>();
                    rawEndpoints.stream()
                            .filter(e -> e.networkInterfaceIds().stream().anyMatch(batch.ids()::contains))
                            .forEach(e -> affectedVpcs.add(e.vpcId()));
                    affectedVpcs.forEach(vpcId -> unknowns.add(new UnknownFact(FactKind.VPC_ENDPOINTS, vpcId,
                            batch.result().failure())));
                }
            }
            List<VpcEndpoint> endpoints = sorted(rawEndpoints.stream()
                    .map(e -> Ec2Mapper.vpcEndpoint(e, interfaces)).toList(), VpcEndpoint::vpcEndpointId);

            List<SecurityGroup> groups = new ArrayList<>();
            for (Batch<List<SecurityGroup>> batch : AwsCalls.joinAll(groupCalls)) {
                groups.addAll(known(batch.result(), FactKind.SECURITY_GROUPS, batch.ids(), List.of()));
            }
            List<RouteTable> routeTables = known(AwsCalls.join(routeCall), FactKind.ROUTE_TABLES, List.of(),
                    List.of());
            List<PrefixList> prefixLists = prefixLists(groups, routeTables);

            List<Vpc> vpcs = new ArrayList<>();
            for (Vpc vpc : describedVpcs) {
                Fetched<Boolean> support = AwsCalls.join(dnsSupport.get(vpc.vpcId()));
                Fetched<Boolean> hostnames = AwsCalls.join(dnsHostnames.get(vpc.vpcId()));
                if (!support.ok() || !hostnames.ok()) {
                    unknowns.add(new UnknownFact(FactKind.VPC_ATTRIBUTES, vpc.vpcId(),
                            support.ok() ? hostnames.failure() : support.failure()));
                }
                vpcs.add(Ec2Mapper.withDns(vpc, support.orElse(null), hostnames.orElse(null)));
            }
            List<DhcpOptions> dhcp = dhcpCall == null ? List.of()
                    : known(AwsCalls.join(dhcpCall), FactKind.DHCP_OPTIONS, dhcpIds, List.of());

            return new Network(
                    sorted(groups, SecurityGroup::groupId),
                    sorted(vpcs, Vpc::vpcId),
                    known(AwsCalls.join(subnetCall), FactKind.SUBNETS, List.of(), List.of()),
                    sorted(routeTables, RouteTable::routeTableId),
                    sorted(known(AwsCalls.join(aclCall), FactKind.NETWORK_ACLS, List.of(), List.of()),
                            NetworkAcl::networkAclId),
                    endpoints,
                    sorted(known(AwsCalls.join(natCall), FactKind.NAT_GATEWAYS, List.of(), List.of()),
                            NatGateway::natGatewayId),
                    sorted(known(AwsCalls.join(igwCall), FactKind.INTERNET_GATEWAYS, List.of(), List.of()),
                            InternetGateway::internetGatewayId),
                    prefixLists,
                    sorted(dhcp, DhcpOptions::dhcpOptionsId));
        }

        /** Every prefix list a security group rule or a route refers to: one call each, in parallel. */
        private List<PrefixList> prefixLists(List<SecurityGroup> groups, List<RouteTable> routeTables) {
            Set<String> ids = new TreeSet<>();
            for (SecurityGroup group : groups) {
                for (SgRule rule : group.ingress()) {
                    addIfPresent(ids, rule.prefixListId());
                }
                for (SgRule rule : group.egress()) {
                    addIfPresent(ids, rule.prefixListId());
                }
            }
            for (RouteTable table : routeTables) {
                for (Route route : table.routes()) {
                    addIfPresent(ids, route.destinationPrefixListId());
                }
            }
            List<Future<Batch<PrefixList>>> lists = calls.forkEach(ids,
                    id -> new Batch<>(List.of(id), network.prefixList(id)));
            List<PrefixList> found = new ArrayList<>();
            for (Batch<PrefixList> batch : AwsCalls.joinAll(lists)) {
                PrefixList list = known(batch.result(), FactKind.PREFIX_LISTS, batch.ids(), null);
                if (list != null) {
                    found.add(list);
                }
            }
            return found;
        }

        /** The rules associated with the VPCs, each with those of its associations. */
        private List<ResolverRule> resolverRules(Fetched<List<ResolverReader.Rule>> rules,
                Fetched<Map<String, List<String>>> associations, Set<String> vpcIds) {
            if (!rules.ok() || !associations.ok()) {
                unknowns.add(new UnknownFact(FactKind.RESOLVER_RULES, UnknownFact.ALL,
                        rules.ok() ? associations.failure() : rules.failure()));
                return List.of();
            }
            Map<String, List<String>> vpcsByRule = associations.orElse(Map.of());
            List<ResolverRule> relevant = new ArrayList<>();
            for (ResolverReader.Rule rule : rules.orElse(List.of())) {
                List<String> associated = vpcsByRule.getOrDefault(rule.id(), List.of()).stream()
                        .filter(vpcIds::contains).distinct().sorted().toList();
                if (!associated.isEmpty()) {
                    relevant.add(ResolverReader.rule(rule, associated));
                }
            }
            return sorted(relevant, ResolverRule::resolverRuleId);
        }

        /**
         * The value of a call, or {@code fallback} after recording the failure as unknown for each of
         * {@code resourceIds} (all resources of the kind when there are none).
         */
        private <T> T known(Fetched<T> fetched, FactKind kind, Collection<String> resourceIds, T fallback) {
            if (fetched instanceof Fetched.Ok<T> ok) {
                return ok.value();
            }
            if (resourceIds.isEmpty()) {
                unknowns.add(new UnknownFact(kind, UnknownFact.ALL, fetched.failure()));
            } else {
                resourceIds.forEach(id -> unknowns.add(new UnknownFact(kind, id, fetched.failure())));
            }
            return fallback;
        }
    }

    private static boolean retryable(Fetched<?> fetched) {
        return fetched instanceof Fetched.Failed<?> failed && failed.retryable();
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    private static <T> List<T> sorted(List<T> values, Function<T, String> id) {
        return values.stream().sorted(Comparator.comparing(id)).toList();
    }

    private static List<Subnet> merge(List<Subnet> first, List<Subnet> second) {
        Map<String, Subnet> byId = new LinkedHashMap<>();
        first.forEach(s -> byId.put(s.subnetId(), s));
        second.forEach(s -> byId.put(s.subnetId(), s));
        return sorted(new ArrayList<>(byId.values()), Subnet::subnetId);
    }

    /**
     * One call over a batch of resource ids.
     *
     * @param ids    the ids it concerned (its unknown facts name them when it fails)
     * @param result its outcome
     */
    private record Batch<T>(List<String> ids, Fetched<T> result) {
    }

    /**
     * The instances in scope.
     *
     * @param instances     their EC2 descriptions
     * @param lmusInstances their LM-US records (and those of requested ids EC2 no longer describes)
     * @param ownerIds      the accounts their reservations name
     * @param unknowns      what could not be listed or described
     */
    private record InScope(List<Ec2Instance> instances, List<LmusInstance> lmusInstances, Set<String> ownerIds,
            List<UnknownFact> unknowns) {
    }

    /** The network facts of the VPCs. */
    private record Network(List<SecurityGroup> securityGroups, List<Vpc> vpcs, List<Subnet> subnets,
            List<RouteTable> routeTables, List<NetworkAcl> networkAcls, List<VpcEndpoint> vpcEndpoints,
            List<NatGateway> natGateways, List<InternetGateway> internetGateways, List<PrefixList> prefixLists,
            List<DhcpOptions> dhcpOptions) {

        static final Network EMPTY = new Network(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
    }
}
