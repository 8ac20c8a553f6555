package dev.subsentinel.testing;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.check.LmNetworkInterfacesCheck;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.net.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.directory.model.DirectoryEdition;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AddPrefixListEntry;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.NewDhcpConfiguration;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.route53resolver.model.RuleTypeOption;
import software.amazon.awssdk.services.route53resolver.model.TargetAddress;

/**
 * Builds a {@link FleetSnapshot}'s world in moto and the {@link AwsFront}, so that collecting it back gives the same
 * verdicts: VPCs with their DNS attributes and DHCP options, subnets, prefix lists, security groups with every rule
 * (a VPC's {@code default} group and a directory's domain controllers' group are the ones moto created, their rules
 * replaced), peering, gateways, route tables, network ACLs, interface endpoints (their addresses corrected in the
 * front), directories (their stage, controllers' addresses and subnets corrected in the front), License Manager's
 * network interfaces for them, the LM-US service-linked role, resolver rules, instances with their addresses, groups,
 * tags, state and instance profile, and the canned LM-US (identity providers with their status, licence server
 * endpoints) and SSM answers; the licence servers' interfaces at their addresses with their groups. IPv6: VPC blocks
 * (moto assigns a random /56; the snapshot's IPv6 addresses and CIDRs inside a VPC's block move to the same place in
 * moto's), subnets' IPv6 CIDRs, IPv6 group rules, ACL entries (the default ACL's too: moto gives it none), IPv6
 * routes, egress-only gateways, instances' and licence servers' IPv6 addresses, dual-stack controllers (corrected in
 * the front). Not reproduced: endpoints' IpAddressType and DnsRecordIpType (moto stores neither; see notes). A
 * prefix list the snapshot could not read is denied in the front the way IAM would.
 *
 * <p>moto chooses the ids, so the world keeps the snapshot's shape and names (the {@code Name} tags) but not its ids:
 * {@link #id(String)} maps a snapshot id to the seeded one. The account is moto's. SSM pings keep their age relative
 * to the time of each answer, so a long-running emulator stays as healthy as when it was seeded.
 */
public final class SnapshotSeeder {

    private final Ec2Client ec2;
    private final Clients clients;
    private final MotoServer moto;
    private final AwsFront front;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** Each VPC's IPv6 block in the snapshot, and the one moto assigned it. */
    private final Map<Cidr, Cidr> ipv6Blocks = new LinkedHashMap<>();

    private SnapshotSeeder(Clients clients, MotoServer moto, AwsFront front) {
        this.clients = clients;
        this.ec2 = clients.ec2();
        this.moto = moto;
        this.front = front;
    }

    /**
     * Seeds the snapshot into moto (through the SDK, straight to moto) and into the front's canned answers.
     *
     * @param snapshot what to build
     * @param moto     the emulator
     * @param front    the front in front of it
     * @return the seeder, which maps the snapshot's ids to the seeded ones
     */
    public static SnapshotSeeder seed(FleetSnapshot snapshot, MotoServer moto, AwsFront front) {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", snapshot.region(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString()));
        try (Clients clients = Clients.create(config)) {
            SnapshotSeeder seeder = new SnapshotSeeder(clients, moto, front);
            seeder.build(snapshot);
            return seeder;
        }
    }

    /** The seeded id of a snapshot id. */
    public String id(String snapshotId) {
        return Objects.requireNonNull(ids.get(snapshotId), () -> "nothing seeded for " + snapshotId);
    }

    /** Every snapshot id and the id it was seeded as. */
    public Map<String, String> ids() {
        return Map.copyOf(ids);
    }

    /** What the emulator could not reproduce (empty for the demo fleet). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void build(FleetSnapshot snapshot) {
        Instant capturedAt = snapshot.capturedAt();
        for (Vpc vpc : snapshot.vpcs()) {
            var created = ec2.createVpc(r -> r.cidrBlock(vpc.cidrBlocks().get(0))
                    .amazonProvidedIpv6CidrBlock(!vpc.ipv6CidrBlocks().isEmpty())).vpc();
            String id = created.vpcId();
            ids.put(vpc.vpcId(), id);
            if (!vpc.ipv6CidrBlocks().isEmpty()) {
                // moto assigns the VPC a random /56 (an Amazon-provided block cannot be chosen): the snapshot's
                // IPv6 addresses and CIDRs inside its block are moved into moto's.
                ipv6Blocks.put(Cidr.parse(vpc.ipv6CidrBlocks().get(0)),
                        Cidr.parse(created.ipv6CidrBlockAssociationSet().get(0).ipv6CidrBlock()));
                if (vpc.ipv6CidrBlocks().size() > 1) {
                    notes.add("not reproduced: the IPv6 CIDR blocks of " + vpc.vpcId() + " after the first");
                }
            }
            ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(bool(!Boolean.FALSE.equals(
                    vpc.enableDnsSupport()))));
            ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(bool(Boolean.TRUE.equals(
                    vpc.enableDnsHostnames()))));
        }
        for (DhcpOptions options : snapshot.dhcpOptions()) {
            String id = ec2.createDhcpOptions(r -> r.dhcpConfigurations(NewDhcpConfiguration.builder()
                    .key("domain-name-servers").values(options.domainNameServers()).build()))
                    .dhcpOptions().dhcpOptionsId();
            ids.put(options.dhcpOptionsId(), id);
            snapshot.vpcs().stream().filter(v -> options.dhcpOptionsId().equals(v.dhcpOptionsId()))
                    .forEach(v -> ec2.associateDhcpOptions(r -> r.dhcpOptionsId(id).vpcId(id(v.vpcId()))));
        }
        for (Subnet subnet : snapshot.subnets()) {
            ids.put(subnet.subnetId(), ec2.createSubnet(r -> r.vpcId(id(subnet.vpcId()))
                    .cidrBlock(subnet.cidrBlock()).availabilityZone(subnet.availabilityZone())
                    .ipv6CidrBlock(subnet.ipv6CidrBlocks().isEmpty() ? null : v6(subnet.ipv6CidrBlocks().get(0))))
                    .subnet().subnetId());
        }
        for (PeeringConnection peering : snapshot.peeringConnections()) {
            String id = ec2.createVpcPeeringConnection(r -> r.vpcId(id(peering.requesterVpcId()))
                    .peerVpcId(id(peering.accepterVpcId()))).vpcPeeringConnection().vpcPeeringConnectionId();
            ids.put(peering.peeringConnectionId(), id);
            if ("active".equals(peering.status())) {
                ec2.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
            }
        }
        prefixLists(snapshot);
        createDirectories(snapshot);
        securityGroups(snapshot);
        for (InternetGateway gateway : snapshot.internetGateways()) {
            String id = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
            ids.put(gateway.internetGatewayId(), id);
            gateway.attachments().forEach(a -> ec2.attachInternetGateway(r -> r.internetGatewayId(id)
                    .vpcId(id(a.vpcId()))));
        }
        for (EgressOnlyInternetGateway gateway : snapshot.egressOnlyInternetGateways()) {
            gateway.attachments().stream().findFirst().ifPresent(a -> ids.put(gateway.egressOnlyInternetGatewayId(),
                    ec2.createEgressOnlyInternetGateway(r -> r.vpcId(id(a.vpcId()))).egressOnlyInternetGateway()
                            .egressOnlyInternetGatewayId()));
        }
        for (NatGateway nat : snapshot.natGateways()) {
            String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
            ids.put(nat.natGatewayId(), ec2.createNatGateway(r -> r.subnetId(id(nat.subnetId()))
                    .allocationId(allocation)).natGateway().natGatewayId());
        }
        snapshot.routeTables().forEach(this::routeTable);
        snapshot.networkAcls().forEach(this::networkAcl);
        snapshot.vpcEndpoints().forEach(this::endpoint);
        directorySide(snapshot);
        licenseServers(snapshot);
        instances(snapshot, capturedAt);
        for (UnknownFact fact : snapshot.unknownFacts()) {
            if (fact.kind() == FactKind.PREFIX_LISTS) {
                front.denyEc2("GetManagedPrefixListEntries");
            } else {
                notes.add("not reproduced: " + fact.kind() + " " + fact.resourceId() + " unknown (" + fact.reason()
                        + ")");
            }
        }
    }

    private void prefixLists(FleetSnapshot snapshot) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (PrefixList list : snapshot.prefixLists()) {
            lists.put(list.prefixListId(), list.cidrs());
        }
        // A list that rules name but the snapshot could not read still exists; its entries are denied later.
        for (SecurityGroup group : snapshot.securityGroups()) {
            for (SgRule rule : rules(group)) {
                if (rule.prefixListId() != null) {
                    lists.putIfAbsent(rule.prefixListId(), List.of("10.255.255.0/24"));
                }
            }
        }
        lists.forEach((id, cidrs) -> ids.put(id, ec2.createManagedPrefixList(r -> r.prefixListName(id)
                .addressFamily("IPv4").maxEntries(Math.max(1, cidrs.size()))
                .entries(cidrs.stream().map(c -> AddPrefixListEntry.builder().cidr(c).build()).toList()))
                .prefixList().prefixListId()));
    }

    /**
     * Every group with its rules. The groups EC2 and Directory Service create themselves (a VPC's {@code default}
     * group, a directory's domain controllers' group) are taken as moto created them; every group's rules are then
     * exactly the snapshot's.
     */
    private void securityGroups(FleetSnapshot snapshot) {
        Map<String, String> created = new LinkedHashMap<>();
        for (Directory directory : snapshot.directories()) {
            if (directory.securityGroupId() != null && ids.containsKey(directory.directoryId())) {
                created.put(directory.securityGroupId(), clients.directory().describeDirectories(r -> r
                        .directoryIds(id(directory.directoryId()))).directoryDescriptions().get(0).vpcSettings()
                        .securityGroupId());
            }
        }
        for (SecurityGroup group : snapshot.securityGroups()) {
            String id = created.get(group.groupId());
            if (id == null && "default".equals(group.groupName())) {
                id = ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", id(group.vpcId())),
                        filter("group-name", "default"))).securityGroups().get(0).groupId();
            }
            ids.put(group.groupId(), id != null ? id : ec2.createSecurityGroup(r -> r.vpcId(id(group.vpcId()))
                    .groupName(group.groupName()).description(group.groupName())).groupId());
        }
        for (SecurityGroup group : snapshot.securityGroups()) {
            String id = id(group.groupId());
            var existing = ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
            if (!existing.ipPermissions().isEmpty()) {
                ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(existing.ipPermissions()));
            }
            if (!existing.ipPermissionsEgress().isEmpty()) {
                ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(existing.ipPermissionsEgress()));
            }
            if (!group.ingress().isEmpty()) {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(permissions(group.ingress())));
            }
            if (!group.egress().isEmpty()) {
                ec2.authorizeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(permissions(group.egress())));
            }
        }
    }

    private List<IpPermission> permissions(List<SgRule> rules) {
        List<IpPermission> permissions = new ArrayList<>();
        for (SgRule rule : rules) {
            IpPermission.Builder permission = IpPermission.builder().ipProtocol(rule.protocol())
                    .fromPort(rule.fromPort()).toPort(rule.toPort());
            if (rule.cidr() != null && rule.cidr().contains(":")) {
                permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(v6(rule.cidr())).build());
            } else if (rule.cidr() != null) {
                permission.ipRanges(IpRange.builder().cidrIp(rule.cidr()).build());
            } else if (rule.prefixListId() != null) {
                permission.prefixListIds(PrefixListId.builder().prefixListId(id(rule.prefixListId())).build());
            } else {
                UserIdGroupPair.Builder pair = UserIdGroupPair.builder().groupId(id(rule.group().groupId()));
                if (rule.group().peeringConnectionId() != null) {
                    pair.vpcPeeringConnectionId(id(rule.group().peeringConnectionId()));
                }
                permission.userIdGroupPairs(pair.build());
            }
            permissions.add(permission.build());
        }
        return permissions;
    }

    private void routeTable(RouteTable table) {
        String vpc = id(table.vpcId());
        String id;
        if (Boolean.TRUE.equals(table.main())) {
            id = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpc), filter("association.main", "true")))
                    .routeTables().get(0).routeTableId();
        } else {
            id = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        }
        ids.put(table.routeTableId(), id);
        for (String subnet : table.subnetIds()) {
            ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(id(subnet)));
        }
        for (Route route : table.routes()) {
            String target = route.target();
            if ("local".equals(target) || route.destination() == null) {
                continue;
            }
            String seeded = id(target);
            ec2.createRoute(r -> {
                r.routeTableId(id);
                if (route.destination().contains(":")) {
                    r.destinationIpv6CidrBlock(v6(route.destination()));
                } else {
                    r.destinationCidrBlock(route.destination());
                }
                if (target.startsWith("pcx-")) {
                    r.vpcPeeringConnectionId(seeded);
                } else if (target.startsWith("nat-")) {
                    r.natGatewayId(seeded);
                } else if (target.startsWith("eigw-")) {
                    r.egressOnlyInternetGatewayId(seeded);
                } else {
                    r.gatewayId(seeded);
                }
            });
        }
    }

    private void networkAcl(NetworkAcl acl) {
        String vpc = id(acl.vpcId());
        if (Boolean.TRUE.equals(acl.isDefault())) {
            // EC2's default ACL allows everything both ways, as the snapshots of open ACLs say; moto gives it no IPv6
            // entries (AWS adds rule 101 for a VPC with an IPv6 CIDR), so the snapshot's IPv6 entries are added.
            String id = ec2.describeNetworkAcls(r -> r.filters(filter("vpc-id", vpc), filter("default", "true")))
                    .networkAcls().get(0).networkAclId();
            ids.put(acl.networkAclId(), id);
            acl.entries().stream().filter(e -> e.cidr().contains(":")).forEach(e -> aclEntry(id, e));
            return;
        }
        String id = ec2.createNetworkAcl(r -> r.vpcId(vpc)).networkAcl().networkAclId();
        ids.put(acl.networkAclId(), id);
        acl.entries().forEach(e -> aclEntry(id, e));
        for (String subnet : acl.subnetIds()) {
            String association = ec2.describeNetworkAcls(r -> r.filters(filter("association.subnet-id",
                    id(subnet)))).networkAcls().stream().flatMap(a -> a.associations().stream())
                    .filter(a -> id(subnet).equals(a.subnetId())).findFirst().orElseThrow()
                    .networkAclAssociationId();
            ec2.replaceNetworkAclAssociation(r -> r.associationId(association).networkAclId(id));
        }
    }

    /** One entry of an ACL; the {@code *} entries (32767, 32768) are the ACL's own. */
    private void aclEntry(String aclId, NaclEntry entry) {
        if (entry.ruleNumber() >= 32767) {
            return;
        }
        ec2.createNetworkAclEntry(r -> {
            r.networkAclId(aclId).ruleNumber(entry.ruleNumber()).egress(entry.egress()).protocol(entry.protocol())
                    .ruleAction("allow".equals(entry.action()) ? RuleAction.ALLOW : RuleAction.DENY);
            if (entry.cidr().contains(":")) {
                r.ipv6CidrBlock(v6(entry.cidr()));
            } else {
                r.cidrBlock(entry.cidr());
            }
            if (entry.portFrom() != null) {
                r.portRange(p -> p.from(entry.portFrom()).to(entry.portTo()));
            }
        });
    }

    /**
     * The licence servers: their interfaces at their addresses with their groups, and the canned licence server
     * endpoints (moto has no LM-US) naming the seeded identity providers.
     */
    private void licenseServers(FleetSnapshot snapshot) {
        for (LicenseServerInterface eni : snapshot.licenseServerInterfaces()) {
            ids.put(eni.networkInterfaceId(), ec2.createNetworkInterface(r -> r.subnetId(id(eni.subnetId()))
                    .privateIpAddress(eni.privateIp()).groups(eni.groupIds().stream().map(this::id).toList())
                    .ipv6Addresses(eni.ipv6Addresses().stream().map(a -> InstanceIpv6Address.builder()
                            .ipv6Address(v6(a)).build()).toList())
                    .description("RDS licence server")).networkInterface().networkInterfaceId());
        }
        if (!snapshot.licenseServersListed()) {
            return;
        }
        for (LicenseServerEndpoint endpoint : snapshot.licenseServerEndpoints()) {
            IdentityProvider provider = snapshot.identityProviders().stream()
                    .filter(p -> endpoint.identityProviderArn().equals(p.identityProviderArn())
                            && p.directoryId() != null)
                    .findFirst().orElse(null);
            if (provider == null) {
                notes.add("not reproduced: licence server endpoint " + endpoint.label() + " of an identity provider"
                        + " the snapshot does not hold");
                continue;
            }
            String providerArn = new CannedAws.Lmus.Provider(id(provider.directoryId()), provider.product(),
                    List.of(), null).arn();
            front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint(endpoint.licenseServerEndpointArn(),
                    providerArn, endpoint.provisioningStatus(), endpoint.licenseServers().stream()
                            .map(s -> new CannedAws.Lmus.Server(s.ipv4Address(), v6(s.ipv6Address()),
                                    s.provisioningStatus(), s.healthStatus()))
                            .toList()));
        }
    }

    /**
     * An IPv6 address or CIDR of the snapshot as seeded: inside a VPC's IPv6 block it moves to the block moto gave
     * that VPC (same position); anything else (::/0, another network) is kept.
     */
    private String v6(String text) {
        if (text == null || !text.contains(":")) {
            return text;
        }
        Cidr block = Cidr.parse(text);
        for (Map.Entry<Cidr, Cidr> entry : ipv6Blocks.entrySet()) {
            if (entry.getKey().contains(block)) {
                long mask = entry.getKey().prefix() == 0 ? 0 : -1L << (64 - entry.getKey().prefix());
                return new Cidr(true, (entry.getValue().hi() & mask) | (block.hi() & ~mask), block.lo(),
                        block.prefix()).toString();
            }
        }
        return text;
    }

    private void endpoint(VpcEndpoint endpoint) {
        if (!"Interface".equalsIgnoreCase(endpoint.type())) {
            notes.add("not reproduced: " + endpoint.type() + " endpoint " + endpoint.vpcEndpointId());
            return;
        }
        var created = ec2.createVpcEndpoint(r -> r.vpcId(id(endpoint.vpcId())).serviceName(endpoint.serviceName())
                .vpcEndpointType(VpcEndpointType.INTERFACE)
                .subnetIds(endpoint.subnetIds().stream().map(this::id).toList())
                .securityGroupIds(endpoint.groupIds().stream().map(this::id).toList())
                .privateDnsEnabled(endpoint.privateDnsEnabled())).vpcEndpoint();
        ids.put(endpoint.vpcEndpointId(), created.vpcEndpointId());
        if (endpoint.ipAddressType() != null || endpoint.dnsRecordIpType() != null) {
            notes.add("not reproduced: IpAddressType and DnsRecordIpType of " + endpoint.vpcEndpointId() + " (moto"
                    + " stores neither)");
        }
        Map<String, String> groups = new LinkedHashMap<>();
        endpoint.groupIds().forEach(g -> groups.put(id(g), g));
        var interfaces = ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(created.networkInterfaceIds()))
                .networkInterfaces();
        for (var eni : interfaces) {
            String address = endpoint.interfaces().stream()
                    .filter(i -> id(i.subnetId()).equals(eni.subnetId()))
                    .map(EndpointInterface::privateIp).findFirst().orElse(eni.privateIpAddress());
            front.correctEndpointInterface(eni.networkInterfaceId(), created.vpcEndpointId(), address, groups);
        }
    }

    /**
     * The directories, before the groups (Directory Service creates the domain controllers' group). moto creates each
     * Active with a controller at a random address in each of two subnets; the front answers with the snapshot's
     * stage, controllers and subnets.
     */
    private void createDirectories(FleetSnapshot snapshot) {
        for (Directory directory : snapshot.directories()) {
            List<String> subnets = directorySubnets(snapshot, directory);
            String id = clients.directory().createMicrosoftAD(r -> r.name(directory.domainName())
                    .shortName(directory.domainName().split("\\.")[0].toUpperCase(java.util.Locale.ROOT))
                    .password("Sup3r-S3cret!").edition(DirectoryEdition.STANDARD)
                    .vpcSettings(v -> v.vpcId(id(directory.vpcId())).subnetIds(subnets))).directoryId();
            ids.put(directory.directoryId(), id);
            front.correctDirectory(id, directory.stage() == null ? "Active" : directory.stage(),
                    directory.stageReason(), directory.dnsIps(), directory.subnetIds().stream().map(this::id)
                            .toList(), directory.dnsIpv6s().stream().map(this::v6).toList());
        }
    }

    /**
     * What LM-US and IAM know about the directories: the identity providers (with their status), License Manager's
     * network interfaces (at their addresses, with their groups, described with the seeded directory's id), the
     * service-linked role when the snapshot says it exists, and the resolver rules for the directories' domains.
     */
    private void directorySide(FleetSnapshot snapshot) {
        for (IdentityProvider provider : snapshot.identityProviders()) {
            if (provider.directoryId() == null) {
                notes.add("not reproduced: self-managed identity provider " + provider.domainName() + " ("
                        + provider.product() + ")");
                continue;
            }
            front.lmus().add(new CannedAws.Lmus.Provider(id(provider.directoryId()), provider.product(),
                    provider.subnetIds().stream().map(this::id).toList(), id(provider.securityGroupId()),
                    provider.status(), provider.failureMessage()));
        }
        for (DirectoryInterfaces found : snapshot.directoryInterfaces()) {
            String directoryId = id(found.directoryId());
            for (DirectoryInterface eni : found.interfaces()) {
                String description = eni.description() == null
                        ? LmNetworkInterfacesCheck.DESCRIPTION_PREFIX + directoryId
                        : eni.description().replace(found.directoryId(), directoryId);
                ids.put(eni.networkInterfaceId(), ec2.createNetworkInterface(r -> r.subnetId(id(eni.subnetId()))
                        .privateIpAddress(eni.privateIp()).groups(eni.groupIds().stream().map(this::id).toList())
                        .description(description)).networkInterface().networkInterfaceId());
            }
        }
        for (ServiceLinkedRole role : snapshot.serviceLinkedRoles()) {
            if (role.exists() && ServiceLinkedRole.LMUS_ROLE_NAME.equals(role.roleName())) {
                MotoIam.createLmusServiceLinkedRole(clients.iam());
            } else if (role.exists()) {
                notes.add("not reproduced: service-linked role " + role.roleName());
            }
        }
        if (snapshot.serviceLinkedRoles().isEmpty() && !snapshot.instances().isEmpty()) {
            notes.add("the snapshot records no service-linked role, so IAM has none (SERVICE_LINKED_ROLE fails)");
        }
        for (ResolverRule rule : snapshot.resolverRules()) {
            String domain = rule.domainName().endsWith(".") ? rule.domainName().substring(0,
                    rule.domainName().length() - 1) : rule.domainName();
            List<String> targets = snapshot.directories().stream().filter(d -> d.domainName().equals(domain))
                    .findFirst().map(Directory::dnsIps).orElse(List.of("10.255.255.53"));
            String id = clients.route53Resolver().createResolverRule(r -> r.creatorRequestId(rule.resolverRuleId())
                    .name(rule.resolverRuleId()).ruleType(RuleTypeOption.fromValue(rule.ruleType())).domainName(domain)
                    .targetIps(targets.stream().map(ip -> TargetAddress.builder().ip(ip).port(53).build()).toList()))
                    .resolverRule().id();
            ids.put(rule.resolverRuleId(), id);
            for (String vpc : rule.associatedVpcIds()) {
                clients.route53Resolver().associateResolverRule(r -> r.resolverRuleId(id).vpcId(id(vpc))
                        .name(rule.resolverRuleId() + "-" + vpc));
            }
        }
    }

    /** The directory's subnets, completed to the two subnets in two zones that Directory Service requires. */
    private List<String> directorySubnets(FleetSnapshot snapshot, Directory directory) {
        Set<String> chosen = new LinkedHashSet<>(directory.subnetIds());
        Set<String> zones = new LinkedHashSet<>();
        snapshot.subnets().stream().filter(s -> chosen.contains(s.subnetId()))
                .forEach(s -> zones.add(s.availabilityZone()));
        for (Subnet subnet : snapshot.subnets()) {
            if (chosen.size() >= 2) {
                break;
            }
            if (subnet.vpcId().equals(directory.vpcId()) && zones.add(subnet.availabilityZone())) {
                chosen.add(subnet.subnetId());
            }
        }
        return chosen.stream().map(this::id).toList();
    }

    private void instances(FleetSnapshot snapshot, Instant capturedAt) {
        Set<String> profiles = new LinkedHashSet<>();
        for (Ec2Instance instance : snapshot.instances()) {
            NetworkInterface primary = instance.primaryInterface();
            String profile = instance.profileAssociation() == null ? null
                    : instance.profileAssociation().profileArn().substring(
                            instance.profileAssociation().profileArn().lastIndexOf('/') + 1);
            if (profile != null && profiles.add(profile)) {
                MotoIam.createInstanceProfile(moto, profile);
            }
            List<Tag> tags = instance.tags().entrySet().stream()
                    .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
            RunInstancesRequest.Builder request = RunInstancesRequest.builder().imageId("ami-12c6146b")
                    .instanceType("m5.large").minCount(1).maxCount(1)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags)
                            .build())
                    .networkInterfaces(InstanceNetworkInterfaceSpecification.builder().deviceIndex(0)
                            .subnetId(id(primary.subnetId())).privateIpAddress(primary.privateIp())
                            .groups(primary.groupIds().stream().map(this::id).toList())
                            .associatePublicIpAddress(primary.publicIp() != null).build());
            if (profile != null) {
                request.iamInstanceProfile(p -> p.name(profile));
            }
            var launched = ec2.runInstances(request.build()).instances().get(0);
            String id = launched.instanceId();
            ids.put(instance.instanceId(), id);
            if (!primary.ipv6Addresses().isEmpty()) {
                ec2.assignIpv6Addresses(r -> r.networkInterfaceId(launched.networkInterfaces().get(0)
                        .networkInterfaceId()).ipv6Addresses(primary.ipv6Addresses().stream().map(this::v6)
                                .toList()));
            }
            if ("stopped".equals(instance.state()) || "stopping".equals(instance.state())) {
                ec2.stopInstances(r -> r.instanceIds(id));
            } else if ("terminated".equals(instance.state()) || "shutting-down".equals(instance.state())) {
                ec2.terminateInstances(r -> r.instanceIds(id));
            }
        }
        for (LmusInstance lmus : snapshot.lmusInstances()) {
            front.lmus().add(new CannedAws.Lmus.Instance(id(lmus.instanceId()), lmus.status(), lmus.statusMessage(),
                    lmus.products(), lmus.directoryId() == null ? null : id(lmus.directoryId())));
        }
        for (SsmInstance ssm : snapshot.ssmInstances()) {
            Duration age = ssm.lastPingAt() == null ? null : Duration.between(ssm.lastPingAt(), capturedAt);
            front.ssm().add(new CannedAws.Ssm.Node(id(ssm.instanceId()), ssm.pingStatus(), null, ssm.agentVersion(),
                    age));
        }
    }

    private static List<SgRule> rules(SecurityGroup group) {
        List<SgRule> all = new ArrayList<>(group.ingress());
        all.addAll(group.egress());
        return all;
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static AttributeBooleanValue bool(boolean value) {
        return AttributeBooleanValue.builder().value(value).build();
    }
}
