package dev.subsentinel.collect;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Builds a {@link FleetSnapshot} from the AWS APIs: the scope (LM-US ListInstances united with the tagged EC2
 * instances), then every fact the checks need about those instances, their VPCs, the identity providers' VPCs and the
 * VPCs peered with them.
 *
 * <p><b>Batched, not per instance.</b> Every API that takes a list filter (instance-id, vpc-id, group-id, ...) is
 * called once for the whole fleet (once per 200 filter values, EC2's limit; once per 100 ids for SSM) and every page
 * is followed. DescribeVpcAttribute is the only per-VPC call, GetManagedPrefixListEntries the only per-prefix-list
 * call. Calls run on virtual threads, at most {@link Settings#maxConcurrentCalls()} of each API action at once (the
 * clients pace each action's requests: {@link dev.subsentinel.config.RequestPacer}); each result is used for the whole
 * scan.
 *
 * <p><b>Failures are contained.</b> A failed call never turns into a verdict: it becomes an {@link UnknownFact} of
 * its kind, for the resources it concerned (or {@code "*"}), with the IAM action and the error, and a reason that
 * names the action when access was denied ("AccessDenied: ec2:DescribeVpcAttribute is not allowed"; the log says once
 * per run which action to add). The checks that need it say UNKNOWN, the snapshot is partial, and everything else is
 * still collected. Only when the scope itself cannot be established (neither the tagged instances nor LM-US's could
 * be listed, none of the named instances could be described, or the account could not be read) does
 * {@link #collect(Scope)} throw {@link CollectionException}, whatever the reason: a run that sees nothing must fail
 * loudly rather than report an empty, healthy fleet.
 *
 * <p><b>Deadline.</b> {@link #collect(Scope, Prefetched, Deadline)} stops calling AWS {@link Settings#deadlineMargin()}
 * before the deadline (a Lambda function's remaining time): calls not made or not answered by then become unknown
 * facts of error {@code DeadlineExceeded}, and the log names them.
 *
 * <p><b>API calls per scan</b> are a function of the fleet's shape, not a multiple of its size. With
 * {@code pages(n, p) = max(1, ceil(n / p))}, {@code batches(n, b) = ceil(n / b)} and {@code [condition]} counting 1
 * when it holds:
 *
 * <pre>
 * calls = pages(L, pL)                       LM-US ListInstances: L instances; pL = LM-US's page size (MaxResults
 *                                            1000 is asked, LmusReader; LM-US may return fewer). A scope narrowed to
 *                                            K &lt;= 10 instances asks for each with the InstanceId filter: K calls
 *                                            (K + pages(L, pL) once, if LM-US rejects or ignores the filter)
 *       + pages(I, pI)                       LM-US ListIdentityProviders: I providers (LM-US's own page size)
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
 *       + [B &gt; 0] 1                          DescribeVpcPeeringConnections (the account's, kept when a side is
 *                                            in B); B = the instances' VPCs and the providers' VPCs
 *       + [V &gt; 0] 5                         DescribeVpcs, DescribeSubnets, DescribeRouteTables,
 *                                            DescribeNetworkAcls, DescribeVpcEndpoints; V = B plus the VPCs actively
 *                                            peered with them
 *       + [a route leads to a NAT gateway] 1  DescribeNatGateways
 *       + [a route leads to an IGW] 1          DescribeInternetGateways
 *       + [a route leads to an EIGW] 1         DescribeEgressOnlyInternetGateways (no VPC filter exists: the
 *                                            account's, up to 255 a page, kept when attached to one of the VPCs)
 *       + 2 W                                DescribeVpcAttribute (both DNS attributes) for each of the W VPCs the
 *                                            instances are in: the only per-VPC call
 *       + [DO &gt; 0] 1                         DescribeDhcpOptions: DO options sets of those VPCs
 *       + batches(E, 200)                    DescribeNetworkInterfaces: E interfaces of their VPC endpoints
 *       + batches(G, 200)                    DescribeSecurityGroups: G groups of instances, endpoints, providers
 *       + sum over p of pages(entries_p, 100)  GetManagedPrefixListEntries: each prefix list rules and routes use
 *       + [a directory is named] batches(D, 200)  DescribeNetworkInterfaces of License Manager's interfaces: D named
 *                                            directories, one description filter value each (issue 9)
 *       + [the scope holds an instance] 1     IAM GetRole of the LM-US service-linked role (issue 9)
 *       + [RDS] pages(LSE, 100)              LM-US ListLicenseServerEndpoints: LSE endpoints of the account; [RDS]
 *                                            = an instance LM-US lists has REMOTE_DESKTOP_SERVICES, the only
 *                                            product whose checks read them (issue 10)
 *       + [RDS] batches(LS4, 200) + batches(LS6, 200)  DescribeNetworkInterfaces by address of the licence servers:
 *                                            LS4 IPv4 addresses, LS6 IPv6 addresses of servers without IPv4
 * </pre>
 * The directories' VPCs join B, and the domain controllers' groups and those of License Manager's interfaces join G,
 * so DIRECTORY_PATH and LM_NETWORK_INTERFACES add no per-instance call; so do the licence servers' VPCs and groups
 * (LICENSE_SERVER_PATH). IPv6 facts come with the calls above (CIDR blocks, addresses, routes, ACL entries, group
 * rules, prefix-list entries, endpoints' IpAddressType and DnsOptions): no call is made for IPv6 alone but the
 * egress-only gateways.
 *
 * The VPC-level terms assume one page each (up to 1000 subnets, ACLs, endpoints, NAT and internet gateways, 100 route
 * tables) and up to 200 VPCs; beyond that each grows by its page or batch count. Retried attempts count too. Only
 * {@code L}, {@code T}, {@code X}, {@code N} and {@code M_b} grow with the fleet, by a page or batch per 50 to 1000
 * instances. Example: 1,000 running instances, tagged, listed by LM-US (pL = 1000) and managed by SSM, in 10 VPCs
 * with 2 providers, 3 DHCP options sets, 30 endpoint interfaces, 20 groups, 2 prefix lists: 1 + 1 + 1 + 0 + 5 + 20 + 1
 * + 2 + 0 + 1 + 1 + 5 + 1 + 1 + 20 + 1 + 1 + 1 + 2 + 1 + 1 = 67 calls (with routes to NAT and internet gateways).
 * ApiCallCountTest measures a three-VPC shape (instances in two of them, an IPv6 route to an egress-only gateway, one
 * Remote Desktop Services instance with two licence servers) on the emulator at 50 instances (28 calls) and at 500
 * instances (39 calls), operation by operation; {@code bin/bench scan} measures generated fleets of 1,000 to 50,000
 * instances (docs/performance.md, "Scan benchmark").
 */
public final class FleetCollector implements SnapshotSource {

    /**
     * What the collector needs besides the clients.
     *
     * @param tagKey             the tag key that marks monitored instances
     * @param tagValue           its value
     * @param maxConcurrentCalls how many AWS calls of one API action may be in flight at once
     * @param deadlineMargin     how long before the run's deadline collection stops (what evaluating, tracking and
     *                           publishing may still take)
     */
    public record Settings(String tagKey, String tagValue, int maxConcurrentCalls, Duration deadlineMargin) {

        public Settings {
            Objects.requireNonNull(tagKey, "tagKey");
            Objects.requireNonNull(tagValue, "tagValue");
            Objects.requireNonNull(deadlineMargin, "deadlineMargin");
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("maxConcurrentCalls must be at least 1");
            }
        }

        /** The tag, the parallelism (SENTINEL_AWS_MAX_CONCURRENT_CALLS) and the deadline margin of a configuration. */
        public static Settings of(AppConfig config) {
            return new Settings(config.instanceTagKey(), config.instanceTagValue(),
                    config.aws().rate().maxConcurrentCalls(), config.aws().deadlineMargin());
        }
    }

    private static final Set<String> LIVE_STATES = Set.copyOf(Ec2InstanceReader.LIVE_STATES);
    private static final Logger LOG = LogManager.getLogger(FleetCollector.class);

    private final String region;
    private final Clock clock;
    private final AwsCalls calls;
    private final Ec2InstanceReader instances;
    private final Ec2NetworkReader network;
    private final SsmReader ssm;
    private final LmusReader lmus;
    private final DirectoryReader directories;
    private final DirectoryInterfaceReader directoryInterfaces;
    private final RoleReader roles;
    private final ResolverReader resolver;
    private final AccountReader account;
    private final ScopeResolver scopes;
    private final NetworkCollector networks;
    private final Duration deadlineMargin;

    /** A collector over these clients. */
    public FleetCollector(Clients clients, Settings settings, Clock clock) {
        this.region = clients.region().id();
        this.clock = clock;
        this.calls = new AwsCalls(settings.maxConcurrentCalls());
        this.instances = new Ec2InstanceReader(clients.ec2(), calls);
        this.network = new Ec2NetworkReader(clients.ec2(), calls);
        this.ssm = new SsmReader(clients.ssm(), calls);
        this.lmus = new LmusReader(clients.licenseManagerUserSubscriptions(), calls);
        this.directories = new DirectoryReader(clients.directory(), calls);
        this.directoryInterfaces = new DirectoryInterfaceReader(clients.ec2(), calls);
        this.roles = new RoleReader(clients.iam(), calls);
        this.resolver = new ResolverReader(clients.route53Resolver(), calls);
        this.account = new AccountReader(clients.sts(), calls);
        this.scopes = new ScopeResolver(instances, calls, settings.tagKey(), settings.tagValue());
        this.networks = new NetworkCollector(network, calls);
        this.deadlineMargin = settings.deadlineMargin();
    }

    /** The production collector: the configuration's tag, default parallelism, the system clock. */
    public static FleetCollector create(Clients clients, AppConfig config) {
        return new FleetCollector(clients, Settings.of(config), Clock.systemUTC());
    }

    /**
     * Collects a snapshot of the scope. Evaluate it with {@code Evaluator.evaluate(snapshot,
     * scope.idsToEvaluate(snapshot), now)} so that requested instances the snapshot does not hold are reported too.
     *
     * @throws CollectionException when the scope cannot be established (listed, described, its account read)
     */
    @Override
    public FleetSnapshot collect(Scope scope) {
        return collect(scope, Prefetched.NONE);
    }

    /**
     * Collects a snapshot of the scope, reusing the instance descriptions and identity providers the run already read
     * (a change run's mapping): those calls are not made again.
     */
    @Override
    public FleetSnapshot collect(Scope scope, Prefetched prefetched) {
        return collect(scope, prefetched, Deadline.NONE);
    }

    /**
     * Collects as {@link #collect(Scope, Prefetched)}, calling AWS only until {@link Settings#deadlineMargin()} before
     * the deadline; what was not read by then is unknown (error {@code DeadlineExceeded}) and logged.
     */
    @Override
    public FleetSnapshot collect(Scope scope, Prefetched prefetched, Deadline deadline) {
        FleetSnapshot snapshot = calls.within(new AwsCalls.Budget(deadline, deadlineMargin),
                () -> collectNow(scope, prefetched));
        logFailures(snapshot.unknownFacts());
        return snapshot;
    }

    /**
     * Lists the scope of a full scan without collecting anything else: the tagged instances and LM-US's (the same
     * calls as the first step of {@link #collect(Scope)}), plus the tracked instances, with their VPCs. A split scan
     * (issue 11) divides the fleet by it.
     *
     * @param trackedIds the instances tracking remembers in this account and region
     * @throws CollectionException when the fleet cannot be listed at all
     */
    public ScopeListing listScope(Set<String> trackedIds) {
        Unknowns unknowns = new Unknowns();
        Future<Fetched<List<LmusInstance>>> lmusListing = calls.fork(lmus::instances);
        ScopeResolver.InScope inScope = scopes.resolve(Scope.fleet(trackedIds), lmusListing, unknowns,
                Prefetched.NONE);
        Map<String, String> vpcs = new LinkedHashMap<>();
        inScope.instances().forEach(i -> vpcs.put(i.instanceId(), i.vpcId() == null ? "" : i.vpcId()));
        inScope.lmusInstances().forEach(l -> vpcs.putIfAbsent(l.instanceId(), ""));
        List<String> notListed = trackedIds.stream().filter(id -> !vpcs.containsKey(id)).sorted().toList();
        Set<String> failed = new TreeSet<>();
        unknowns.all().forEach(f -> failed.add(f.action() + " " + f.errorCode()));
        return new ScopeListing(vpcs, notListed, List.copyOf(failed));
    }

    /**
     * The account of the credentials (STS GetCallerIdentity).
     *
     * @throws CollectionException when it cannot be read: nothing can be tracked without it
     */
    public String accountId() {
        return account(account.accountId());
    }

    /** One line per denied IAM action (what to add to the policy), one for what the deadline cut. */
    private void logFailures(List<UnknownFact> facts) {
        Map<String, Integer> denied = new TreeMap<>();
        Set<String> cut = new TreeSet<>();
        for (UnknownFact fact : facts) {
            if (Failures.ACCESS_DENIED.equals(fact.errorCode()) && fact.action() != null) {
                denied.merge(fact.action(), 1, Integer::sum);
            } else if (fact.cutByDeadline()) {
                cut.add(fact.action() + " (" + fact.kind() + " " + fact.resourceId() + ")");
            }
        }
        denied.forEach((action, count) -> LOG.warn("AccessDenied: add {} to the IAM policy of this role; {} fact(s)"
                + " could not be read without it", action, count));
        if (!cut.isEmpty()) {
            LOG.warn("collection stopped {} s before the deadline; not read: {}", deadlineMargin.toSeconds(),
                    String.join(", ", cut));
        }
    }

    private FleetSnapshot collectNow(Scope scope, Prefetched prefetched) {
        Unknowns unknowns = new Unknowns();
        Future<Fetched<List<LmusInstance>>> lmusListing = calls.fork(() -> scope.narrowed()
                ? lmus.instances(scope.instanceIds()) : lmus.instances());
        Future<Fetched<List<IdentityProvider>>> providerListing = prefetched.identityProviders() != null
                ? java.util.concurrent.CompletableFuture.completedFuture(new Fetched.Ok<>(
                        prefetched.identityProviders()))
                : calls.fork(lmus::identityProviders);
        Future<Fetched<List<ResolverReader.Rule>>> ruleListing = calls.fork(resolver::rules);
        Future<Fetched<Map<String, List<String>>>> associationListing = calls.fork(resolver::associations);

        ScopeResolver.InScope inScope = scopes.resolve(scope, lmusListing, unknowns, prefetched);
        List<Ec2Instance> described = inScope.instances();
        List<String> liveIds = described.stream().filter(i -> LIVE_STATES.contains(i.state()))
                .map(Ec2Instance::instanceId).toList();
        List<String> runningIds = described.stream().filter(i -> "running".equals(i.state()))
                .map(Ec2Instance::instanceId).toList();
        List<Future<Batch<Map<String, InstanceProfileAssociation>>>> profileCalls = calls.forkEach(
                Clients.batches(liveIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                batch -> new Batch<>(batch, instances.profileAssociations(batch)));
        List<Future<Batch<List<SsmInstance>>>> ssmCalls = calls.forkEach(
                Clients.batches(runningIds, SsmReader.MAX_IDS),
                batch -> new Batch<>(batch, ssm.managedNodes(batch)));
        Future<Fetched<String>> accountCall = inScope.ownerIds().isEmpty() && prefetched.accountId() == null
                ? calls.fork(account::accountId) : null;

        List<IdentityProvider> providers = unknowns.known(AwsCalls.join(providerListing),
                FactKind.IDENTITY_PROVIDERS, List.of(), List.of());
        Set<String> directoryIds = new TreeSet<>();
        providers.forEach(p -> NetworkCollector.addIfPresent(directoryIds, p.directoryId()));
        inScope.lmusInstances().forEach(l -> NetworkCollector.addIfPresent(directoryIds, l.directoryId()));
        Future<Fetched<List<Directory>>> directoryListing = directoryIds.isEmpty() ? null
                : calls.fork(directories::directories);
        Future<Fetched<List<DirectoryInterfaces>>> interfaceListing = directoryIds.isEmpty() ? null
                : calls.fork(() -> directoryInterfaces.interfaces(directoryIds));
        Future<Fetched<ServiceLinkedRole>> roleCall = described.isEmpty() && inScope.lmusInstances().isEmpty()
                ? null : calls.fork(() -> roles.role(ServiceLinkedRole.LMUS_ROLE_NAME));
        // Licence server endpoints only when an instance in the scope has Remote Desktop Services SAL, the only
        // product whose checks read them (LICENSE_SERVER, LICENSE_SERVER_PATH).
        boolean remoteDesktop = inScope.lmusInstances().stream()
                .anyMatch(l -> l.products().stream().anyMatch(Products::isRemoteDesktop));
        Future<Fetched<List<LicenseServerEndpoint>>> endpointListing = remoteDesktop
                ? calls.fork(lmus::licenseServerEndpoints) : null;

        List<Subnet> providerSubnets = providerSubnets(providers, unknowns);
        Set<String> baseVpcIds = new TreeSet<>();
        for (Ec2Instance instance : described) {
            NetworkCollector.addIfPresent(baseVpcIds, instance.vpcId());
            instance.networkInterfaces().forEach(eni -> baseVpcIds.add(eni.vpcId()));
        }
        providerSubnets.forEach(s -> baseVpcIds.add(s.vpcId()));
        // The domain controllers' VPCs and groups, and those of License Manager's interfaces, are part of the paths
        // DIRECTORY_PATH and LM_NETWORK_INTERFACES evaluate.
        List<Directory> directoriesInUse = directoryListing == null ? List.of()
                : unknowns.known(AwsCalls.join(directoryListing), FactKind.DIRECTORIES, List.of(),
                        List.<Directory>of()).stream().filter(d -> directoryIds.contains(d.directoryId())).toList();
        List<DirectoryInterfaces> lmInterfaces = interfaceListing == null ? List.of()
                : unknowns.known(AwsCalls.join(interfaceListing), FactKind.DIRECTORY_INTERFACES, directoryIds,
                        List.of());
        Set<String> directoryGroupIds = new TreeSet<>();
        for (Directory directory : directoriesInUse) {
            NetworkCollector.addIfPresent(baseVpcIds, directory.vpcId());
            NetworkCollector.addIfPresent(directoryGroupIds, directory.securityGroupId());
        }
        lmInterfaces.forEach(found -> found.interfaces().forEach(eni -> {
            baseVpcIds.add(eni.vpcId());
            directoryGroupIds.addAll(eni.groupIds());
        }));
        List<LicenseServerEndpoint> endpoints = endpointListing == null ? null
                : unknowns.known(AwsCalls.join(endpointListing), FactKind.LICENSE_SERVER_ENDPOINTS, List.of(), null);
        List<LicenseServerInterface> serverInterfaces = licenseServerInterfaces(endpoints, unknowns);
        // The licence servers' VPCs and group are part of the paths LICENSE_SERVER_PATH evaluates.
        serverInterfaces.forEach(eni -> {
            baseVpcIds.add(eni.vpcId());
            directoryGroupIds.addAll(eni.groupIds());
        });
        NetworkCollector.Network net = networks.collect(baseVpcIds, described, providers, directoryGroupIds,
                unknowns);

        Map<String, InstanceProfileAssociation> profiles = new HashMap<>();
        for (Batch<Map<String, InstanceProfileAssociation>> batch : AwsCalls.joinAll(profileCalls)) {
            profiles.putAll(unknowns.known(batch.result(), FactKind.INSTANCE_PROFILES, batch.ids(), Map.of()));
        }
        List<SsmInstance> nodes = new ArrayList<>();
        for (Batch<List<SsmInstance>> batch : AwsCalls.joinAll(ssmCalls)) {
            nodes.addAll(unknowns.known(batch.result(), FactKind.SSM_INFO, batch.ids(), List.of()));
        }
        List<ServiceLinkedRole> serviceRoles = new ArrayList<>();
        if (roleCall != null) {
            ServiceLinkedRole role = unknowns.known(AwsCalls.join(roleCall), FactKind.SERVICE_LINKED_ROLE,
                    List.of(ServiceLinkedRole.LMUS_ROLE_NAME), null);
            if (role != null) {
                serviceRoles.add(role);
            }
        }
        List<ResolverRule> rules = resolverRules(AwsCalls.join(ruleListing), AwsCalls.join(associationListing),
                net.vpcIds(), unknowns);

        String accountId = inScope.ownerIds().isEmpty() && prefetched.accountId() != null ? prefetched.accountId()
                : accountId(inScope, accountCall);
        FleetSnapshot.Builder snapshot = FleetSnapshot.builder(accountId, region, clock.instant());
        if (endpoints != null) {
            snapshot.licenseServerEndpoints(endpoints);
        }
        return snapshot
                .instances(described.stream().map(i -> i.withProfileAssociation(profiles.get(i.instanceId())))
                        .toList())
                .ssmInstances(NetworkCollector.sorted(nodes, SsmInstance::instanceId))
                .lmusInstances(inScope.lmusInstances())
                .identityProviders(providers)
                .directories(directoriesInUse)
                .resolverRules(rules)
                .securityGroups(net.securityGroups())
                .vpcs(net.vpcs())
                .subnets(merge(providerSubnets, net.subnets()))
                .routeTables(net.routeTables())
                .networkAcls(net.networkAcls())
                .vpcEndpoints(net.vpcEndpoints())
                .natGateways(net.natGateways())
                .internetGateways(net.internetGateways())
                .egressOnlyInternetGateways(net.egressOnlyInternetGateways())
                .licenseServerInterfaces(serverInterfaces)
                .peeringConnections(net.peeringConnections())
                .prefixLists(net.prefixLists())
                .dhcpOptions(net.dhcpOptions())
                .directoryInterfaces(lmInterfaces)
                .serviceLinkedRoles(serviceRoles)
                .unknownFacts(unknowns.all())
                .build();
    }

    /** The subnets the identity providers name (Settings.Subnets and a self-managed directory's): one call. */
    private List<Subnet> providerSubnets(List<IdentityProvider> providers, Unknowns unknowns) {
        Set<String> subnetIds = new TreeSet<>();
        providers.forEach(p -> {
            subnetIds.addAll(p.subnetIds());
            subnetIds.addAll(p.domainSubnetIds());
        });
        return subnetIds.isEmpty() ? List.of()
                : unknowns.known(network.subnets("subnet-id", subnetIds), FactKind.SUBNETS, List.of(), List.of());
    }

    /**
     * The interfaces that hold the licence servers' addresses: one DescribeNetworkInterfaces by address for every
     * server (IPv6 addresses only for servers without an IPv4 address). A failure leaves each address unknown.
     */
    private List<LicenseServerInterface> licenseServerInterfaces(List<LicenseServerEndpoint> endpoints,
            Unknowns unknowns) {
        if (endpoints == null) {
            return List.of();
        }
        Set<String> ipv4 = new TreeSet<>();
        Set<String> ipv6Only = new TreeSet<>();
        Set<String> addresses = new TreeSet<>();
        for (LicenseServerEndpoint endpoint : endpoints) {
            for (LicenseServer server : endpoint.licenseServers()) {
                if (server.ipv4Address() != null) {
                    ipv4.add(server.ipv4Address());
                } else if (server.ipv6Address() != null) {
                    ipv6Only.add(server.ipv6Address());
                }
                NetworkCollector.addIfPresent(addresses, server.ipv4Address());
                NetworkCollector.addIfPresent(addresses, server.ipv6Address());
            }
        }
        if (addresses.isEmpty()) {
            return List.of();
        }
        return NetworkCollector.sorted(unknowns.known(network.interfacesHolding(ipv4, ipv6Only),
                FactKind.LICENSE_SERVER_INTERFACES, addresses, List.of()), LicenseServerInterface::networkInterfaceId);
    }

    /** The account the reservations name, else STS's: a snapshot of an unknown account cannot be tracked. */
    private static String accountId(ScopeResolver.InScope inScope, Future<Fetched<String>> accountCall) {
        if (!inScope.ownerIds().isEmpty()) {
            return inScope.ownerIds().iterator().next();
        }
        return account(AwsCalls.join(accountCall));
    }

    private static String account(Fetched<String> fetched) {
        if (!fetched.ok() || fetched.orElse("").isBlank()) {
            throw new CollectionException("the account could not be read: " + (fetched.ok()
                    ? "sts:GetCallerIdentity returned no account" : fetched.failure()));
        }
        return fetched.orElse(null);
    }

    /** The rules associated with the VPCs, each with those of its associations. */
    private static List<ResolverRule> resolverRules(Fetched<List<ResolverReader.Rule>> rules,
            Fetched<Map<String, List<String>>> associations, Set<String> vpcIds, Unknowns unknowns) {
        if (!rules.ok() || !associations.ok()) {
            unknowns.add(FactKind.RESOLVER_RULES, UnknownFact.ALL,
                    rules.ok() ? associations.failed() : rules.failed());
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
        return NetworkCollector.sorted(relevant, ResolverRule::resolverRuleId);
    }

    private static List<Subnet> merge(List<Subnet> first, List<Subnet> second) {
        Map<String, Subnet> byId = new LinkedHashMap<>();
        first.forEach(s -> byId.put(s.subnetId(), s));
        second.forEach(s -> byId.put(s.subnetId(), s));
        return NetworkCollector.sorted(new ArrayList<>(byId.values()), Subnet::subnetId);
    }
}
