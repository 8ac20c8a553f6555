package dev.subsentinel.core;

import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.net.Cidr;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lookups over one snapshot, built once: by id, by VPC, by subnet. Evaluation never scans the whole fleet per
 * instance, so its cost grows linearly with the fleet.
 */
public final class FleetIndex {

    private final FleetSnapshot snapshot;
    private final Map<String, Ec2Instance> instances;
    private final Map<String, SsmInstance> ssm;
    private final Map<String, LmusInstance> lmus;
    private final Map<String, SecurityGroup> groups;
    private final Map<String, Vpc> vpcs;
    private final Map<String, Subnet> subnets;
    private final Map<String, RouteTable> routeTableBySubnet = new HashMap<>();
    private final Map<String, RouteTable> mainRouteTableByVpc = new HashMap<>();
    private final Map<String, NetworkAcl> aclBySubnet = new HashMap<>();
    private final Map<String, NetworkAcl> defaultAclByVpc = new HashMap<>();
    private final Map<String, List<VpcEndpoint>> endpointsByVpc = new HashMap<>();
    private final Map<String, List<VpcEndpoint>> endpointsBySubnet = new HashMap<>();
    private final Map<String, NatGateway> natGateways;
    private final Map<String, InternetGateway> internetGateways;
    private final Map<String, EgressOnlyInternetGateway> egressOnlyInternetGateways;
    private final Map<String, List<LicenseServerEndpoint>> licenseServerEndpointsByProvider = new HashMap<>();
    private final Map<Cidr, LicenseServerInterface> licenseServerInterfaces = new HashMap<>();
    private final Map<String, PeeringConnection> peerings;
    private final Map<String, List<PeeringConnection>> peeringsByVpc = new HashMap<>();
    private final Map<String, PrefixList> prefixLists;
    private final Map<String, List<ResolverRule>> resolverRulesByVpc = new HashMap<>();
    private final Map<String, DhcpOptions> dhcpOptions;
    private final Map<String, Directory> directories;
    private final Map<String, DirectoryInterfaces> directoryInterfaces;
    private final Map<String, ServiceLinkedRole> serviceLinkedRoles;
    private final Map<FactKind, List<UnknownFact>> unknowns = new EnumMap<>(FactKind.class);
    private final Map<String, Cidr> cidrs = new ConcurrentHashMap<>();
    private final ThreadLocal<Set<UnknownFact>> consulted = new ThreadLocal<>();
    private final Map<String, Object> memo = new ConcurrentHashMap<>();

    /** Indexes the snapshot. */
    public FleetIndex(FleetSnapshot snapshot) {
        this.snapshot = snapshot;
        instances = byId(snapshot.instances(), Ec2Instance::instanceId);
        ssm = byId(snapshot.ssmInstances(), SsmInstance::instanceId);
        lmus = byId(snapshot.lmusInstances(), LmusInstance::instanceId);
        groups = byId(snapshot.securityGroups(), SecurityGroup::groupId);
        vpcs = byId(snapshot.vpcs(), Vpc::vpcId);
        subnets = byId(snapshot.subnets(), Subnet::subnetId);
        natGateways = byId(snapshot.natGateways(), NatGateway::natGatewayId);
        internetGateways = byId(snapshot.internetGateways(), InternetGateway::internetGatewayId);
        egressOnlyInternetGateways = byId(snapshot.egressOnlyInternetGateways(),
                EgressOnlyInternetGateway::egressOnlyInternetGatewayId);
        if (snapshot.licenseServersListed()) {
            for (LicenseServerEndpoint endpoint : snapshot.licenseServerEndpoints()) {
                licenseServerEndpointsByProvider.computeIfAbsent(endpoint.identityProviderArn(),
                        k -> new ArrayList<>()).add(endpoint);
            }
        }
        for (LicenseServerInterface eni : snapshot.licenseServerInterfaces()) {
            licenseServerInterfaces.put(cidr(eni.privateIp()), eni);
            eni.ipv6Addresses().forEach(address -> licenseServerInterfaces.put(cidr(address), eni));
        }
        peerings = byId(snapshot.peeringConnections(), PeeringConnection::peeringConnectionId);
        prefixLists = byId(snapshot.prefixLists(), PrefixList::prefixListId);
        dhcpOptions = byId(snapshot.dhcpOptions(), DhcpOptions::dhcpOptionsId);
        directories = byId(snapshot.directories(), Directory::directoryId);
        directoryInterfaces = byId(snapshot.directoryInterfaces(), DirectoryInterfaces::directoryId);
        serviceLinkedRoles = byId(snapshot.serviceLinkedRoles(), ServiceLinkedRole::roleName);
        for (RouteTable table : snapshot.routeTables()) {
            if (table.main()) {
                mainRouteTableByVpc.put(table.vpcId(), table);
            }
            for (String subnetId : table.subnetIds()) {
                routeTableBySubnet.put(subnetId, table);
            }
        }
        for (NetworkAcl acl : snapshot.networkAcls()) {
            if (acl.isDefault()) {
                defaultAclByVpc.put(acl.vpcId(), acl);
            }
            for (String subnetId : acl.subnetIds()) {
                aclBySubnet.put(subnetId, acl);
            }
        }
        for (VpcEndpoint endpoint : snapshot.vpcEndpoints()) {
            endpointsByVpc.computeIfAbsent(endpoint.vpcId(), k -> new ArrayList<>()).add(endpoint);
            for (String subnetId : endpoint.subnetIds()) {
                endpointsBySubnet.computeIfAbsent(subnetId, k -> new ArrayList<>()).add(endpoint);
            }
        }
        for (PeeringConnection peering : snapshot.peeringConnections()) {
            peeringsByVpc.computeIfAbsent(peering.requesterVpcId(), k -> new ArrayList<>()).add(peering);
            peeringsByVpc.computeIfAbsent(peering.accepterVpcId(), k -> new ArrayList<>()).add(peering);
        }
        for (ResolverRule rule : snapshot.resolverRules()) {
            for (String vpcId : rule.associatedVpcIds()) {
                resolverRulesByVpc.computeIfAbsent(vpcId, k -> new ArrayList<>()).add(rule);
            }
        }
        for (UnknownFact fact : snapshot.unknownFacts()) {
            unknowns.computeIfAbsent(fact.kind(), k -> new ArrayList<>()).add(fact);
        }
    }

    private static <T> Map<String, T> byId(List<T> values, Function<T, String> id) {
        Map<String, T> map = HashMap.newHashMap(values.size());
        for (T value : values) {
            map.put(id.apply(value), value);
        }
        return map;
    }

    /**
     * The parsed block of a CIDR string of the snapshot. Rules and routes are evaluated for every instance, so each
     * string is parsed once per snapshot.
     */
    public Cidr cidr(String text) {
        Cidr parsed = cidrs.get(text);
        if (parsed == null) {
            parsed = Cidr.parse(text);
            cidrs.put(text, parsed);
        }
        return parsed;
    }

    /**
     * A value that depends only on the snapshot (e.g. whether a directory's own interfaces reach its domain
     * controllers), computed once however many instances ask for it.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> compute) {
        Object value = memo.get(key);
        if (value == null) {
            value = compute.get();
            memo.put(key, value);
        }
        return (T) value;
    }

    /** The snapshot. */
    public FleetSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The ids to evaluate: every EC2 instance of the snapshot and every instance LM-US lists, in that order,
     * without duplicates.
     */
    public Set<String> monitoredInstanceIds() {
        Set<String> ids = new LinkedHashSet<>();
        snapshot.instances().forEach(i -> ids.add(i.instanceId()));
        snapshot.lmusInstances().forEach(i -> ids.add(i.instanceId()));
        return ids;
    }

    /** Why a fact is unknown, or null when it is known. {@code resourceId} may be null for fleet-wide facts. */
    public String unknown(FactKind kind, String resourceId) {
        UnknownFact fact = unknownFact(kind, resourceId);
        return fact == null ? null : fact.reason();
    }

    /**
     * The unknown fact that covers a resource, or null when it is known. While {@link #recordConsulted} is on for
     * the calling thread, every fact returned here is also noted, so that the evaluation knows which instances
     * depend on which missing facts.
     */
    public UnknownFact unknownFact(FactKind kind, String resourceId) {
        List<UnknownFact> facts = unknowns.get(kind);
        if (facts == null) {
            return null;
        }
        for (UnknownFact fact : facts) {
            if (UnknownFact.ALL.equals(fact.resourceId()) || fact.resourceId().equals(resourceId)) {
                Set<UnknownFact> noted = consulted.get();
                if (noted != null) {
                    noted.add(fact);
                }
                return fact;
            }
        }
        return null;
    }

    /**
     * Notes every unknown fact the calling thread looks up from now on into {@code sink}, until called with null.
     * The evaluator notes them per check, to count the instances each missing fact leaves UNKNOWN.
     */
    public void recordConsulted(Set<UnknownFact> sink) {
        if (sink == null) {
            consulted.remove();
        } else {
            consulted.set(sink);
        }
    }

    /** The instance, or null. */
    public Ec2Instance instance(String instanceId) {
        return instances.get(instanceId);
    }

    /** Its managed-node information, or null when SSM does not list it. */
    public SsmInstance ssm(String instanceId) {
        return ssm.get(instanceId);
    }

    /** Its LM-US record, or null when LM-US does not list it. */
    public LmusInstance lmus(String instanceId) {
        return lmus.get(instanceId);
    }

    /** The group, or null. */
    public SecurityGroup securityGroup(String groupId) {
        return groups.get(groupId);
    }

    /** The VPC, or null. */
    public Vpc vpc(String vpcId) {
        return vpcs.get(vpcId);
    }

    /** The subnet, or null. */
    public Subnet subnet(String subnetId) {
        return subnets.get(subnetId);
    }

    /** The route table the subnet uses: its explicit association, else its VPC's main table; or null. */
    public RouteTable routeTableFor(Subnet subnet) {
        RouteTable table = routeTableBySubnet.get(subnet.subnetId());
        return table != null ? table : mainRouteTableByVpc.get(subnet.vpcId());
    }

    /** The network ACL the subnet uses: its association, else its VPC's default ACL; or null. */
    public NetworkAcl aclFor(Subnet subnet) {
        NetworkAcl acl = aclBySubnet.get(subnet.subnetId());
        return acl != null ? acl : defaultAclByVpc.get(subnet.vpcId());
    }

    /** The VPC endpoints of a VPC. */
    public List<VpcEndpoint> endpointsInVpc(String vpcId) {
        return endpointsByVpc.getOrDefault(vpcId, List.of());
    }

    /** The VPC endpoints with an interface in a subnet. */
    public List<VpcEndpoint> endpointsInSubnet(String subnetId) {
        return endpointsBySubnet.getOrDefault(subnetId, List.of());
    }

    /** The NAT gateway, or null. */
    public NatGateway natGateway(String id) {
        return natGateways.get(id);
    }

    /** The internet gateway, or null. */
    public InternetGateway internetGateway(String id) {
        return internetGateways.get(id);
    }

    /** The egress-only internet gateway, or null. */
    public EgressOnlyInternetGateway egressOnlyInternetGateway(String id) {
        return egressOnlyInternetGateways.get(id);
    }

    /**
     * The licence server endpoints of an identity provider (by its ARN); empty when it has none or when
     * ListLicenseServerEndpoints was not listed ({@link FleetSnapshot#licenseServersListed()}).
     */
    public List<LicenseServerEndpoint> licenseServerEndpoints(String identityProviderArn) {
        return identityProviderArn == null ? List.of()
                : licenseServerEndpointsByProvider.getOrDefault(identityProviderArn, List.of());
    }

    /** The network interface that holds a licence server's address, or null when none was found. */
    public LicenseServerInterface licenseServerInterface(Cidr address) {
        return licenseServerInterfaces.get(address);
    }

    /** Whether an address lies in one of the subnet's CIDR blocks of its family. */
    public boolean inSubnet(Subnet subnet, Cidr address) {
        if (!address.ipv6()) {
            return subnet.cidrBlock() != null && cidr(subnet.cidrBlock()).contains(address);
        }
        for (String block : subnet.ipv6CidrBlocks()) {
            if (cidr(block).contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The peering connection, or null. */
    public PeeringConnection peering(String id) {
        return peerings.get(id);
    }

    /** The peering connections that touch a VPC. */
    public List<PeeringConnection> peeringsOf(String vpcId) {
        return peeringsByVpc.getOrDefault(vpcId, List.of());
    }

    /** Whether an active peering connection joins the two VPCs. */
    public boolean activelyPeered(String vpcA, String vpcB) {
        for (PeeringConnection peering : peeringsOf(vpcA)) {
            if (peering.active() && vpcB.equals(peering.otherSide(vpcA))) {
                return true;
            }
        }
        return false;
    }

    /** The prefix list, or null. */
    public PrefixList prefixList(String id) {
        return prefixLists.get(id);
    }

    /** The resolver rules associated with a VPC. */
    public List<ResolverRule> resolverRulesOf(String vpcId) {
        return resolverRulesByVpc.getOrDefault(vpcId, List.of());
    }

    /** The DHCP options set, or null. */
    public DhcpOptions dhcpOptions(String id) {
        return id == null ? null : dhcpOptions.get(id);
    }

    /** The directory, or null. */
    public Directory directory(String id) {
        return id == null ? null : directories.get(id);
    }

    /**
     * What the collector found when it looked up License Manager's network interfaces of a directory, or null when it
     * did not look (or the lookup failed: see {@link #unknown}).
     */
    public DirectoryInterfaces directoryInterfaces(String directoryId) {
        return directoryId == null ? null : directoryInterfaces.get(directoryId);
    }

    /** What IAM said about the role, or null when it was not asked (or the call failed: see {@link #unknown}). */
    public ServiceLinkedRole serviceLinkedRole(String roleName) {
        return serviceLinkedRoles.get(roleName);
    }

    /** LM-US identity providers. */
    public List<IdentityProvider> identityProviders() {
        return snapshot.identityProviders();
    }
}
