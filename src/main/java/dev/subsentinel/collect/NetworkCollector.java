package dev.subsentinel.collect;

import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * The network facts of a fleet: its VPCs (those of the instances and identity providers, and their active peers) with
 * their DNS attributes, subnets, route tables, ACLs, endpoints and their addresses, gateways, DHCP options, the
 * security groups that matter and the prefix lists their rules and routes use. Calls that do not depend on each
 * other run in parallel.
 */
final class NetworkCollector {

    /**
     * The network of a fleet.
     *
     * @param vpcIds             the VPCs covered
     * @param peeringConnections the peering connections of the base VPCs
     */
    record Network(Set<String> vpcIds, List<PeeringConnection> peeringConnections,
            List<SecurityGroup> securityGroups, List<Vpc> vpcs, List<Subnet> subnets, List<RouteTable> routeTables,
            List<NetworkAcl> networkAcls, List<VpcEndpoint> vpcEndpoints, List<NatGateway> natGateways,
            List<InternetGateway> internetGateways, List<PrefixList> prefixLists, List<DhcpOptions> dhcpOptions,
            List<EgressOnlyInternetGateway> egressOnlyInternetGateways) {
    }

    private final Ec2NetworkReader network;
    private final AwsCalls calls;

    NetworkCollector(Ec2NetworkReader network, AwsCalls calls) {
        this.network = network;
        this.calls = calls;
    }

    /**
     * Collects the network of the base VPCs and their active peers.
     *
     * @param baseVpcIds the instances' and the identity providers' VPCs
     * @param instances  the instances (their groups)
     * @param providers  the identity providers (their groups)
     */
    Network collect(Set<String> baseVpcIds, List<Ec2Instance> instances, List<IdentityProvider> providers,
            Unknowns unknowns) {
        return collect(baseVpcIds, instances, providers, Set.of(), unknowns);
    }

    /**
     * Collects the network of the base VPCs and their active peers, reading {@code extraGroupIds} (the domain
     * controllers' groups, those of License Manager's interfaces) with the other groups.
     */
    Network collect(Set<String> baseVpcIds, List<Ec2Instance> instances, List<IdentityProvider> providers,
            Set<String> extraGroupIds, Unknowns unknowns) {
        if (baseVpcIds.isEmpty()) {
            return new Network(Set.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), List.of());
        }
        List<PeeringConnection> peerings = unknowns.known(network.peeringConnections(baseVpcIds),
                FactKind.PEERING_CONNECTIONS, List.of(), List.of());
        Set<String> vpcIds = new TreeSet<>(baseVpcIds);
        for (PeeringConnection peering : peerings) {
            if (peering.active()) {
                vpcIds.add(baseVpcIds.contains(peering.requesterVpcId()) ? peering.accepterVpcId()
                        : peering.requesterVpcId());
            }
        }

        Future<Fetched<List<Vpc>>> vpcCall = calls.fork(() -> network.vpcs(vpcIds));
        Future<Fetched<List<Subnet>>> subnetCall = calls.fork(() -> network.subnets("vpc-id", vpcIds));
        Future<Fetched<List<RouteTable>>> routeCall = calls.fork(() -> network.routeTables(vpcIds));
        Future<Fetched<List<NetworkAcl>>> aclCall = calls.fork(() -> network.networkAcls(vpcIds));
        Future<Fetched<List<software.amazon.awssdk.services.ec2.model.VpcEndpoint>>> endpointCall =
                calls.fork(() -> network.vpcEndpoints(vpcIds));

        // DNS attributes only for the instances' VPCs, the only ones VPC_DNS reads (DescribeVpcAttribute is the one
        // per-VPC call), and only when EC2 describes them: a peer VPC of another account would only fail.
        Set<String> instanceVpcIds = new TreeSet<>();
        instances.forEach(i -> i.networkInterfaces().forEach(eni -> instanceVpcIds.add(eni.vpcId())));
        List<Vpc> describedVpcs = unknowns.known(AwsCalls.join(vpcCall), FactKind.VPCS, vpcIds, List.of());
        Map<String, Future<Fetched<Boolean>>> dnsSupport = new LinkedHashMap<>();
        Map<String, Future<Fetched<Boolean>>> dnsHostnames = new LinkedHashMap<>();
        for (Vpc vpc : describedVpcs) {
            if (!instanceVpcIds.contains(vpc.vpcId())) {
                continue;
            }
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
                unknowns.known(AwsCalls.join(endpointCall), FactKind.VPC_ENDPOINTS, vpcIds, List.of());
        List<String> interfaceIds = rawEndpoints.stream().flatMap(e -> e.networkInterfaceIds().stream())
                .distinct().sorted().toList();
        List<Future<Batch<Map<String, EndpointInterface>>>> interfaceCalls = calls.forkEach(
                Clients.batches(interfaceIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                batch -> new Batch<>(batch, network.endpointInterfaces(batch)));

        Set<String> groupIds = new TreeSet<>();
        instances.forEach(i -> i.networkInterfaces().forEach(eni -> groupIds.addAll(eni.groupIds())));
        rawEndpoints.forEach(e -> e.groups().forEach(g -> addIfPresent(groupIds, g.groupId())));
        providers.forEach(p -> addIfPresent(groupIds, p.securityGroupId()));
        groupIds.addAll(extraGroupIds);
        List<Future<Batch<List<SecurityGroup>>>> groupCalls = calls.forkEach(
                Clients.batches(groupIds, Ec2InstanceReader.MAX_FILTER_VALUES),
                batch -> new Batch<>(batch, network.securityGroups(batch)));

        List<VpcEndpoint> endpoints = endpoints(rawEndpoints, AwsCalls.joinAll(interfaceCalls), unknowns);
        List<SecurityGroup> groups = new ArrayList<>();
        for (Batch<List<SecurityGroup>> batch : AwsCalls.joinAll(groupCalls)) {
            groups.addAll(unknowns.known(batch.result(), FactKind.SECURITY_GROUPS, batch.ids(), List.of()));
        }
        Fetched<List<RouteTable>> routeResult = AwsCalls.join(routeCall);
        List<RouteTable> routeTables = unknowns.known(routeResult, FactKind.ROUTE_TABLES, List.of(), List.of());
        // Gateways only when a route leads to one (the checks follow routes to them); when the routes are unknown,
        // every kind is read.
        boolean routesKnown = routeResult.ok();
        boolean toNat = !routesKnown || routesTo(routeTables, "nat-");
        boolean toIgw = !routesKnown || routesTo(routeTables, "igw-");
        Future<Fetched<List<NatGateway>>> natCall = toNat ? calls.fork(() -> network.natGateways(vpcIds)) : null;
        Future<Fetched<List<InternetGateway>>> igwCall = toIgw ? calls.fork(() -> network.internetGateways(vpcIds))
                : null;
        boolean toEigw = !routesKnown || routesTo(routeTables, "eigw-");
        Future<Fetched<List<EgressOnlyInternetGateway>>> eigwCall = toEigw
                ? calls.fork(() -> network.egressOnlyInternetGateways(vpcIds)) : null;
        List<PrefixList> prefixLists = prefixLists(groups, routeTables, unknowns);

        List<Vpc> vpcs = new ArrayList<>();
        for (Vpc vpc : describedVpcs) {
            if (!dnsSupport.containsKey(vpc.vpcId())) {
                vpcs.add(vpc);
                continue;
            }
            Fetched<Boolean> support = AwsCalls.join(dnsSupport.get(vpc.vpcId()));
            Fetched<Boolean> hostnames = AwsCalls.join(dnsHostnames.get(vpc.vpcId()));
            if (!support.ok() || !hostnames.ok()) {
                unknowns.add(FactKind.VPC_ATTRIBUTES, vpc.vpcId(),
                        support.ok() ? hostnames.failed() : support.failed());
            }
            vpcs.add(Ec2Mapper.withDns(vpc, support.orElse(null), hostnames.orElse(null)));
        }
        List<DhcpOptions> dhcp = dhcpCall == null ? List.of()
                : unknowns.known(AwsCalls.join(dhcpCall), FactKind.DHCP_OPTIONS, dhcpIds, List.of());

        return new Network(vpcIds,
                sorted(peerings, PeeringConnection::peeringConnectionId),
                sorted(groups, SecurityGroup::groupId),
                sorted(vpcs, Vpc::vpcId),
                sorted(unknowns.known(AwsCalls.join(subnetCall), FactKind.SUBNETS, List.of(), List.of()),
                        Subnet::subnetId),
                sorted(routeTables, RouteTable::routeTableId),
                sorted(unknowns.known(AwsCalls.join(aclCall), FactKind.NETWORK_ACLS, List.of(), List.of()),
                        NetworkAcl::networkAclId),
                endpoints,
                natCall == null ? List.of() : sorted(unknowns.known(AwsCalls.join(natCall), FactKind.NAT_GATEWAYS,
                        List.of(), List.of()), NatGateway::natGatewayId),
                igwCall == null ? List.of() : sorted(unknowns.known(AwsCalls.join(igwCall),
                        FactKind.INTERNET_GATEWAYS, List.of(), List.of()), InternetGateway::internetGatewayId),
                prefixLists,
                sorted(dhcp, DhcpOptions::dhcpOptionsId),
                eigwCall == null ? List.of() : sorted(unknowns.known(AwsCalls.join(eigwCall),
                        FactKind.EGRESS_ONLY_INTERNET_GATEWAYS, List.of(), List.of()),
                        EgressOnlyInternetGateway::egressOnlyInternetGatewayId));
    }

    /**
     * The endpoints with their interfaces' addresses. When interfaces cannot be read, the endpoints of the VPCs
     * concerned are unknown (their addresses decide the paths).
     */
    private static List<VpcEndpoint> endpoints(List<software.amazon.awssdk.services.ec2.model.VpcEndpoint> raw,
            List<Batch<Map<String, EndpointInterface>>> interfaceBatches, Unknowns unknowns) {
        Map<String, EndpointInterface> interfaces = new HashMap<>();
        for (Batch<Map<String, EndpointInterface>> batch : interfaceBatches) {
            if (batch.result() instanceof Fetched.Ok<Map<String, EndpointInterface>> ok) {
                interfaces.putAll(ok.value());
            } else {
                Set<String> affectedVpcs = new TreeSet<>();
                raw.stream()
                        .filter(e -> e.networkInterfaceIds().stream().anyMatch(batch.ids()::contains))
                        .forEach(e -> affectedVpcs.add(e.vpcId()));
                affectedVpcs.forEach(vpcId -> unknowns.add(FactKind.VPC_ENDPOINTS, vpcId, batch.result().failed()));
            }
        }
        return sorted(raw.stream().map(e -> Ec2Mapper.vpcEndpoint(e, interfaces)).toList(),
                VpcEndpoint::vpcEndpointId);
    }

    /** Every prefix list a security group rule or a route refers to: one call each, in parallel. */
    private List<PrefixList> prefixLists(List<SecurityGroup> groups, List<RouteTable> routeTables,
            Unknowns unknowns) {
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
        List<PrefixList> found = new ArrayList<>();
        for (Batch<PrefixList> batch : AwsCalls.joinAll(calls.forkEach(ids,
                id -> new Batch<>(List.of(id), network.prefixList(id))))) {
            PrefixList list = unknowns.known(batch.result(), FactKind.PREFIX_LISTS, batch.ids(), null);
            if (list != null) {
                found.add(list);
            }
        }
        return found;
    }

    static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    static <T> List<T> sorted(List<T> values, Function<T, String> id) {
        return values.stream().sorted(Comparator.comparing(id)).toList();
    }

    /** Whether a route of the tables leads to a target of this kind ({@code nat-}, {@code igw-}). */
    private static boolean routesTo(List<RouteTable> tables, String prefix) {
        return tables.stream().flatMap(t -> t.routes().stream()).anyMatch(r -> r.target().startsWith(prefix));
    }
}
