package dev.subsentinel.app.change;

import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * Maps a change to the monitored instances it affects (DESIGN section 5), with batched EC2 Describe calls.
 *
 * <p>The monitored fleet (instances tagged {@code AppConfig.instanceTagKey=instanceTagValue}, plus the ids the caller
 * tracks) is read first, in one call per thousand instances: an account without monitored instances costs that one
 * call, and the rest of the mapping matches the fleet's interfaces (every ENI's VPC, subnet and groups) without
 * further instance queries. Then, by kind of subject:
 * <ul>
 *   <li>security group: the instances with it on any interface; when an endpoint in its VPC uses it, or an LM-US
 *       identity provider names it as {@code Settings.SecurityGroupId}, every instance in that VPC and in VPCs peered
 *       with it (active peering). Endpoints and identity providers are only consulted when a monitored instance sits
 *       in the group's VPC or a peer. A group on no monitored instance may be a registered directory's: the domain
 *       controllers' group (Directory Service {@code VpcSettings.SecurityGroupId}) or the group of License Manager's
 *       network interfaces for the directory; then the instances of the directory's identity providers (their VPCs
 *       and the VPCs peered with them), wherever the directory's own VPC is;</li>
 *   <li>VPC, VPC endpoint: the instances in the VPC and in its peers; internet gateway: in the VPCs it is attached
 *       to; peering connection: in both VPCs;</li>
 *   <li>subnet, route table, network ACL (and their associations): the instances in the affected subnets, where a
 *       main route table or default ACL covers every subnet of its VPC without an explicit association; when an
 *       affected subnet holds a VPC endpoint, the instances of that endpoint's VPC and peers; when it holds a NAT
 *       gateway, the instances in the subnets whose route tables route through it;</li>
 *   <li>NAT gateway: the instances in the subnets whose route tables route through it;</li>
 *   <li>instance, network interface, instance-profile association: the instance itself (associations resolved with
 *       DescribeIamInstanceProfileAssociations when the event names no instance).</li>
 * </ul>
 * When nothing the event names exists any more, the VPCs the event mentions stand in; without any, every monitored
 * instance is affected and the impact says it was widened.
 *
 * <p>An LM-US identity-provider or licence-server-endpoint event ({@link IdentityProviderEvent}) is mapped to the
 * instances its identity providers serve (the VPCs of their {@code Settings.Subnets} and the VPCs peered with them, by
 * License Manager's rule): providers named by ARN or directory id, or by a licence server endpoint
 * (ListLicenseServerEndpoints gives the endpoint's identity provider). An event that identifies no provider LM-US still
 * lists (a deregistered provider may be gone) re-evaluates every monitored instance, and the impact says so.
 */
public final class ChangeImpactMapper implements ChangeImpacts {

    /**
     * The IAM actions a mapping may call: the EC2 Describe calls of its reader, LM-US ListIdentityProviders (the
     * identity providers' activation group) and ListLicenseServerEndpoints (the provider of a licence server
     * endpoint), Directory Service DescribeDirectories (the domain controllers' groups), sorted. A test compares them
     * with what a mapping of every kind of subject calls, and the change function's policy grants them.
     */
    public static final List<String> REQUIRED_ACTIONS = List.of(
            "ds:DescribeDirectories",
            "ec2:DescribeIamInstanceProfileAssociations",
            "ec2:DescribeInstances",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeNatGateways",
            "ec2:DescribeNetworkAcls",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeVpcPeeringConnections",
            "license-manager-user-subscriptions:ListIdentityProviders",
            "license-manager-user-subscriptions:ListLicenseServerEndpoints");


    private final Ec2Client ec2;
    private final IdentityProviderSource identityProviders;
    private final String tagKey;
    private final String tagValue;

    /**
     * A mapper.
     *
     * @param ec2               the EC2 client of the account and region
     * @param identityProviders where the LM-US identity providers come from
     * @param tagKey            the key of the tag that marks monitored instances
     * @param tagValue          its value
     */
    public ChangeImpactMapper(Ec2Client ec2, IdentityProviderSource identityProviders, String tagKey,
            String tagValue) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.identityProviders = Objects.requireNonNull(identityProviders, "identityProviders");
        this.tagKey = Objects.requireNonNull(tagKey, "tagKey");
        this.tagValue = Objects.requireNonNull(tagValue, "tagValue");
    }

    /** A mapper for the configured instance tag. */
    public static ChangeImpactMapper of(AppConfig config, Ec2Client ec2, IdentityProviderSource identityProviders) {
        return new ChangeImpactMapper(ec2, identityProviders, config.instanceTagKey(), config.instanceTagValue());
    }

    /**
     * The monitored instances a change affects.
     *
     * @param change             the change
     * @param trackedInstanceIds instances that count as monitored even without the tag (e.g. from the state store or
     *                           LM-US ListInstances); may be empty
     */
    @Override
    public ChangeImpact affectedInstances(ResourceChange change, Set<String> trackedInstanceIds) {
        Objects.requireNonNull(change, "change");
        Resolution resolution = new Resolution(change.describe(), change, new Ec2Reader(ec2));
        resolution.loadFleet(trackedInstanceIds == null ? Set.of() : trackedInstanceIds);
        return resolution.guarded(resolution::resolve);
    }

    @Override
    public ChangeImpact instancesOfIdentityProviders(IdentityProviderEvent event, Set<String> trackedInstanceIds) {
        Objects.requireNonNull(event, "event");
        Resolution resolution = new Resolution(event.describe(), null, new Ec2Reader(ec2));
        resolution.loadFleet(trackedInstanceIds == null ? Set.of() : trackedInstanceIds);
        return resolution.guarded(() -> resolution.resolveProviders(event));
    }

    /**
     * The instances among these that are monitored: tracked by the caller, or carrying the tag (one DescribeInstances
     * call per 200 untracked ids, none when all are tracked). For instance-level events (EC2 state changes, SSM
     * compliance), which arrive for every instance of the account.
     */
    @Override
    public ChangeImpact monitoredAmong(Collection<String> instanceIds, Set<String> trackedInstanceIds) {
        Set<String> tracked = trackedInstanceIds == null ? Set.of() : trackedInstanceIds;
        Set<String> monitored = new LinkedHashSet<>();
        Set<String> untracked = new LinkedHashSet<>();
        for (String id : instanceIds) {
            (tracked.contains(id) ? monitored : untracked).add(id);
        }
        Ec2Reader reader = new Ec2Reader(ec2);
        if (!untracked.isEmpty()) {
            reader.instances(untracked, tagKey, tagValue).forEach(i -> monitored.add(i.instanceId()));
        }
        String explanation = monitored.size() + " of " + new LinkedHashSet<>(instanceIds).size()
                + " instance(s) monitored (tag " + tagKey + "=" + tagValue + " or tracked)";
        return new ChangeImpact(new ArrayList<>(monitored), explanation, reader.calls(), false);
    }

    /** The state of one mapping. */
    private final class Resolution {

        private static final int MAX_EXPLANATION = 600;

        private final String description;
        /** The resource change being mapped, or null for an identity-provider event. */
        private final ResourceChange change;
        private final Ec2Reader reader;
        private final List<String> notes = new ArrayList<>();
        private final Set<String> instances = new LinkedHashSet<>();
        private final Set<String> groups = new LinkedHashSet<>();
        private final Set<String> vpcs = new LinkedHashSet<>();
        private final Set<String> subnets = new LinkedHashSet<>();
        /** VPC to the subnets that have an explicit association elsewhere: every other subnet is affected. */
        private final Map<String, Set<String>> implicitSubnets = new HashMap<>();
        /** VPCs holding affected subnets, whose endpoints and NAT gateways may carry the change further. */
        private final Set<String> subnetVpcs = new LinkedHashSet<>();
        private MonitoredFleet fleet;
        private boolean widened;
        private int otherCalls;
        private List<IdentityProvider> providersRead;

        Resolution(String description, ResourceChange change, Ec2Reader reader) {
            this.description = description;
            this.change = change;
            this.reader = reader;
        }

        void loadFleet(Set<String> tracked) {
            List<Instance> found = new ArrayList<>(reader.instancesTagged(tagKey, tagValue));
            Set<String> known = found.stream().map(Instance::instanceId).collect(Collectors.toSet());
            List<String> missing = tracked.stream().filter(id -> !known.contains(id)).toList();
            if (!missing.isEmpty()) {
                found.addAll(reader.instances(missing, null, null));
            }
            fleet = new MonitoredFleet(found);
        }

        /**
         * Traces the change, or, when a read it needs is refused for good (access denied, a bad request), re-evaluates
         * every monitored instance and says which read failed: a change that cannot be traced is never dropped. A read
         * that failed in passing (throttled, a server error, a timeout) fails the invocation so that Lambda retries it.
         */
        ChangeImpact guarded(Supplier<ChangeImpact> trace) {
            if (fleet.isEmpty()) {
                return impact(List.of(), "no monitored instance in this account and region");
            }
            try {
                return trace.get();
            } catch (MappingReadException e) {
                if (e.retryable()) {
                    throw e;
                }
                widened = true;
                note(e.action() + " was refused (" + e.errorCode() + "), so the change cannot be traced and every"
                        + " monitored instance is re-evaluated");
                return matched();
            }
        }

        ChangeImpact resolve() {
            boolean resolved = false;
            Set<ResourceKind> kinds = new LinkedHashSet<>();
            change.subjects().forEach(ref -> kinds.add(ref.kind()));
            for (ResourceKind kind : kinds) {
                resolved |= resolve(kind, change.subjectIds(kind));
            }
            if (!resolved) {
                fallBack();
            }
            expandSubnetServices();
            return matched();
        }

        ChangeImpact resolveProviders(IdentityProviderEvent event) {
            List<IdentityProvider> providers = providers();
            Set<IdentityProvider> named = new LinkedHashSet<>();
            for (IdentityProvider provider : providers) {
                if (event.names(provider.identityProviderArn(), provider.directoryId())) {
                    named.add(provider);
                }
            }
            if (!event.licenseServerEndpointArns().isEmpty()) {
                IdentityProviderSource.Listed<Map<String, String>> endpoints =
                        identityProviders.licenseServerEndpoints();
                otherCalls += endpoints.apiCalls();
                for (String endpoint : event.licenseServerEndpointArns()) {
                    String providerArn = endpoints.value().get(endpoint);
                    if (providerArn == null) {
                        note("ListLicenseServerEndpoints does not list " + endpoint);
                    } else {
                        providers.stream().filter(p -> providerArn.equals(p.identityProviderArn()))
                                .forEach(named::add);
                    }
                }
            }
            if (named.isEmpty()) {
                widened = true;
                note((event.identifiesProvider() ? "LM-US lists no identity provider the event names (a deregistered"
                        + " one is no longer listed)" : "the event names no identity provider, licence server endpoint"
                        + " or directory") + ", so every monitored instance is re-evaluated");
            }
            for (IdentityProvider provider : named) {
                addProviderVpcs(provider, label(provider));
            }
            return matched();
        }

        private ChangeImpact matched() {
            List<String> matched = fleet.members().stream().filter(this::matches)
                    .map(MonitoredFleet.Member::id).toList();
            return impact(matched, String.join("; ", notes));
        }

        /** The identity providers, listed once per mapping. */
        private List<IdentityProvider> providers() {
            if (providersRead == null) {
                IdentityProviderListing listing = identityProviders.identityProviders();
                otherCalls += listing.apiCalls();
                providersRead = listing.providers();
            }
            return providersRead;
        }

        /** The instances a provider serves: its VPC (of {@code Settings.Subnets}) and the VPCs peered with it. */
        private void addProviderVpcs(IdentityProvider provider, String label) {
            Collection<String> providerVpcs = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (String subnet : provider.subnetIds()) {
                String vpc = fleet.vpcOfSubnet(subnet);
                if (vpc != null) {
                    providerVpcs.add(vpc);
                } else {
                    unknown.add(subnet);
                }
            }
            if (providerVpcs.isEmpty() && !unknown.isEmpty()) {
                providerVpcs.addAll(reader.subnetVpcs(unknown).values());
            }
            if (providerVpcs.isEmpty()) {
                note(label + ": its subnets no longer exist");
            }
            for (String providerVpc : providerVpcs) {
                addVpcWithPeers(providerVpc, label + " is registered in " + providerVpc);
            }
        }

        /**
         * Whether some of these groups (on no monitored instance) belong to a registered directory: its domain
         * controllers' group, or the group of License Manager's interfaces for it. Then the directory's instances are
         * affected.
         */
        private boolean directoryGroups(List<String> groupIds, Map<String, String> groupVpcs) {
            List<IdentityProvider> providers = providers();
            Set<String> registered = new LinkedHashSet<>();
            providers.stream().filter(p -> !p.selfManaged()).forEach(p -> registered.add(p.directoryId()));
            if (registered.isEmpty()) {
                return false;
            }
            IdentityProviderSource.Listed<List<Directory>> listed = identityProviders.directories();
            otherCalls += listed.apiCalls();
            List<Directory> directories = listed.value().stream()
                    .filter(d -> registered.contains(d.directoryId())).toList();
            boolean hit = false;
            Set<String> controllerGroups = new LinkedHashSet<>();
            for (Directory directory : directories) {
                if (directory.securityGroupId() != null && groupIds.contains(directory.securityGroupId())) {
                    controllerGroups.add(directory.securityGroupId());
                    hit |= addDirectory(directory, providers, directory.securityGroupId()
                            + " is the domain controllers' group of " + label(directory));
                }
            }
            Set<String> directoryVpcs = new LinkedHashSet<>();
            directories.forEach(d -> directoryVpcs.add(d.vpcId()));
            List<String> inDirectoryVpcs = groupIds.stream().filter(g -> !controllerGroups.contains(g)
                    && directoryVpcs.contains(groupVpcs.get(g))).toList();
            if (inDirectoryVpcs.isEmpty()) {
                return hit;
            }
            for (NetworkInterface eni : reader.licenseManagerInterfaces(inDirectoryVpcs)) {
                for (Directory directory : directories) {
                    if (eni.description() != null && eni.description().contains(directory.directoryId())) {
                        List<String> carried = eni.groups().stream().map(g -> g.groupId())
                                .filter(inDirectoryVpcs::contains).toList();
                        hit |= addDirectory(directory, providers, String.join(", ", carried) + " guards License"
                                + " Manager's interface " + eni.networkInterfaceId() + " of " + label(directory));
                    }
                }
            }
            return hit;
        }

        private boolean addDirectory(Directory directory, List<IdentityProvider> providers, String label) {
            boolean any = false;
            for (IdentityProvider provider : providers) {
                if (directory.directoryId().equals(provider.directoryId())) {
                    any = true;
                    addProviderVpcs(provider, label + ", registered for " + provider.product());
                }
            }
            return any;
        }

        private ChangeImpact impact(List<String> ids, String why) {
            String line = description + ": " + why + " -> " + ids.size() + " monitored instance(s)";
            if (line.length() > MAX_EXPLANATION) {
                line = line.substring(0, MAX_EXPLANATION - 1) + "…";
            }
            List<Ec2Instance> descriptions = fleet == null ? null
                    : fleet.descriptions(ids).stream().map(Prefetched::describe).toList();
            return new ChangeImpact(ids, line, reader.calls() + otherCalls, widened,
                    new Prefetched(null, descriptions, providersRead));
        }

        private boolean resolve(ResourceKind kind, List<String> ids) {
            return switch (kind) {
                case INSTANCE -> instances(ids);
                case INSTANCE_PROFILE_ASSOCIATION -> profileAssociations(ids);
                case SECURITY_GROUP -> securityGroups(ids);
                case VPC -> vpcs(ids);
                case VPC_ENDPOINT -> endpoints(ids);
                case SUBNET -> subnets(ids);
                case ROUTE_TABLE -> routeTables(ids);
                case ROUTE_TABLE_ASSOCIATION -> routeTableAssociations(ids);
                case NETWORK_ACL -> networkAcls(ids);
                case NETWORK_ACL_ASSOCIATION -> networkAclAssociations(ids);
                case NAT_GATEWAY -> natGateways(ids);
                case INTERNET_GATEWAY -> internetGateways(ids);
                case NETWORK_INTERFACE -> networkInterfaces(ids);
                case PEERING_CONNECTION -> peeringConnections(ids);
            };
        }

        private boolean instances(List<String> ids) {
            instances.addAll(ids);
            note(String.join(", ", ids) + " itself");
            return true;
        }

        private boolean profileAssociations(List<String> ids) {
            if (!change.subjectIds(ResourceKind.INSTANCE).isEmpty()) {
                return false;
            }
            List<IamInstanceProfileAssociation> found = reader.profileAssociations(ids);
            for (IamInstanceProfileAssociation association : found) {
                instances.add(association.instanceId());
                note(association.associationId() + " is on " + association.instanceId());
            }
            return !found.isEmpty();
        }

        private boolean securityGroups(List<String> ids) {
            groups.addAll(ids);
            long users = fleet.members().stream().filter(m -> m.live() && m.groupIds().stream()
                    .anyMatch(ids::contains)).count();
            note(String.join(", ", ids) + " is on " + users + " monitored instance(s)");
            // A group on a monitored instance is in that instance's VPC; only the others are looked up.
            Map<String, String> groupVpcs = new LinkedHashMap<>();
            List<String> elsewhere = new ArrayList<>();
            for (String id : ids) {
                String vpc = fleet.vpcOfGroup(id);
                if (vpc != null) {
                    groupVpcs.put(id, vpc);
                } else {
                    elsewhere.add(id);
                }
            }
            if (!elsewhere.isEmpty()) {
                groupVpcs.putAll(reader.securityGroupVpcs(elsewhere));
            }
            Set<String> homeVpcs = new LinkedHashSet<>(groupVpcs.values());
            boolean allKnown = groupVpcs.keySet().containsAll(ids);
            boolean ofDirectory = !elsewhere.isEmpty() && directoryGroups(elsewhere, groupVpcs);
            if (allKnown && !ofDirectory && !monitoredIn(homeVpcs)) {
                note("no monitored instance in " + String.join(", ", homeVpcs) + " or a VPC peered with it");
                return true;
            }
            if (!homeVpcs.isEmpty()) {
                for (VpcEndpoint endpoint : reader.endpointsInVpcs(homeVpcs)) {
                    List<String> used = endpoint.groups().stream().map(g -> g.groupId()).filter(ids::contains)
                            .toList();
                    if (!used.isEmpty()) {
                        addVpcWithPeers(endpoint.vpcId(), String.join(", ", used) + " guards endpoint "
                                + endpoint.vpcEndpointId() + " in " + endpoint.vpcId());
                    }
                }
            }
            for (IdentityProvider provider : providers()) {
                if (provider.securityGroupId() == null || !ids.contains(provider.securityGroupId())) {
                    continue;
                }
                String label = provider.securityGroupId() + " is the activation group of " + label(provider);
                String vpc = groupVpcs.get(provider.securityGroupId());
                if (vpc != null) {
                    addVpcWithPeers(vpc, label + " in " + vpc);
                } else {
                    addProviderVpcs(provider, label);
                }
            }
            return true;
        }

        private boolean vpcs(List<String> ids) {
            for (String vpc : ids) {
                addVpcWithPeers(vpc, vpc);
            }
            return true;
        }

        private boolean endpoints(List<String> ids) {
            List<VpcEndpoint> found = reader.endpoints(ids);
            for (VpcEndpoint endpoint : found) {
                addVpcWithPeers(endpoint.vpcId(), "endpoint " + endpoint.vpcEndpointId() + " in " + endpoint.vpcId());
            }
            missing(ids, found.stream().map(VpcEndpoint::vpcEndpointId).toList());
            return !found.isEmpty();
        }

        private boolean subnets(List<String> ids) {
            Map<String, String> subnetVpc = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String subnet : ids) {
                String vpc = fleet.vpcOfSubnet(subnet);
                if (vpc == null) {
                    unknown.add(subnet);
                } else {
                    subnetVpc.put(subnet, vpc);
                }
            }
            if (!unknown.isEmpty()) {
                subnetVpc.putAll(reader.subnetVpcs(unknown));
            }
            subnetVpc.forEach((subnet, vpc) -> {
                subnets.add(subnet);
                subnetVpcs.add(vpc);
                note(subnet + " in " + vpc);
            });
            missing(ids, subnetVpc.keySet());
            return !subnetVpc.isEmpty();
        }

        private boolean routeTables(List<String> ids) {
            List<RouteTable> found = reader.routeTables(ids);
            found.forEach(table -> addRouteTable(table, true, "route table " + table.routeTableId()));
            missing(ids, found.stream().map(RouteTable::routeTableId).toList());
            return !found.isEmpty();
        }

        private boolean routeTableAssociations(List<String> ids) {
            boolean found = false;
            for (RouteTable table : reader.routeTablesWithAssociations(ids)) {
                for (RouteTableAssociation association : table.associations()) {
                    if (!ids.contains(association.routeTableAssociationId())) {
                        continue;
                    }
                    found = true;
                    subnetVpcs.add(table.vpcId());
                    if (Boolean.TRUE.equals(association.main())) {
                        implicitSubnets.put(table.vpcId(), explicitRouteTableSubnets(table.vpcId()));
                        note(association.routeTableAssociationId() + " makes " + table.routeTableId()
                                + " the main route table of " + table.vpcId());
                    } else if (association.subnetId() != null) {
                        subnets.add(association.subnetId());
                        note(association.routeTableAssociationId() + " puts " + association.subnetId() + " on "
                                + table.routeTableId());
                    }
                }
            }
            if (!found) {
                note(String.join(", ", ids) + " no longer exist(s)");
            }
            return found;
        }

        private boolean networkAcls(List<String> ids) {
            List<NetworkAcl> found = reader.networkAcls(ids);
            for (NetworkAcl acl : found) {
                addNetworkAcl(acl);
            }
            missing(ids, found.stream().map(NetworkAcl::networkAclId).toList());
            return !found.isEmpty();
        }

        private boolean networkAclAssociations(List<String> ids) {
            boolean found = false;
            for (NetworkAcl acl : reader.networkAclsWithAssociations(ids)) {
                for (NetworkAclAssociation association : acl.associations()) {
                    if (ids.contains(association.networkAclAssociationId()) && association.subnetId() != null) {
                        found = true;
                        subnets.add(association.subnetId());
                        subnetVpcs.add(acl.vpcId());
                        note(association.networkAclAssociationId() + " puts " + association.subnetId() + " on "
                                + acl.networkAclId());
                    }
                }
            }
            if (!found) {
                note(String.join(", ", ids) + " no longer exist(s)");
            }
            return found;
        }

        private boolean natGateways(List<String> ids) {
            List<RouteTable> tables = reader.routeTablesThroughNatGateways(ids);
            if (tables.isEmpty()) {
                note("no route table routes through " + String.join(", ", ids));
            }
            tables.forEach(table -> addRouteTable(table, false, String.join(", ", ids) + " is the route of "
                    + table.routeTableId()));
            return true;
        }

        private boolean internetGateways(List<String> ids) {
            boolean found = false;
            var gateways = reader.internetGateways(ids);
            for (var gateway : gateways) {
                for (InternetGatewayAttachment attachment : gateway.attachments()) {
                    found = true;
                    vpcs.add(attachment.vpcId());
                    note(gateway.internetGatewayId() + " attached to " + attachment.vpcId());
                }
            }
            if (!found) {
                note(String.join(", ", ids) + " is not attached to a VPC");
            }
            return found;
        }

        private boolean networkInterfaces(List<String> ids) {
            boolean found = false;
            List<String> elsewhere = new ArrayList<>();
            for (String id : ids) {
                List<String> owners = fleet.withInterface(id);
                if (owners.isEmpty()) {
                    elsewhere.add(id);
                } else {
                    found = true;
                    instances.addAll(owners);
                    note(id + " is on monitored " + String.join(", ", owners));
                }
            }
            if (elsewhere.isEmpty()) {
                return found;
            }
            List<NetworkInterface> interfaces = reader.networkInterfaces(elsewhere);
            for (NetworkInterface eni : interfaces) {
                found = true;
                if ("vpc_endpoint".equals(eni.interfaceTypeAsString())) {
                    addVpcWithPeers(eni.vpcId(), eni.networkInterfaceId() + " belongs to an endpoint in "
                            + eni.vpcId());
                } else if (eni.attachment() != null && eni.attachment().instanceId() != null) {
                    instances.add(eni.attachment().instanceId());
                    note(eni.networkInterfaceId() + " is on " + eni.attachment().instanceId());
                } else {
                    note(eni.networkInterfaceId() + " (" + eni.interfaceTypeAsString() + ") is on no instance");
                }
            }
            missing(elsewhere, interfaces.stream().map(NetworkInterface::networkInterfaceId).toList());
            return found;
        }

        private boolean peeringConnections(List<String> ids) {
            boolean found = false;
            for (VpcPeeringConnection peering : reader.peerings()) {
                if (!ids.contains(peering.vpcPeeringConnectionId())) {
                    continue;
                }
                found = true;
                String requester = peering.requesterVpcInfo() == null ? null : peering.requesterVpcInfo().vpcId();
                String accepter = peering.accepterVpcInfo() == null ? null : peering.accepterVpcInfo().vpcId();
                for (String vpc : new String[] {requester, accepter}) {
                    if (vpc != null) {
                        vpcs.add(vpc);
                    }
                }
                note(peering.vpcPeeringConnectionId() + " joins " + requester + " and " + accepter);
            }
            if (!found) {
                note(String.join(", ", ids) + " no longer exist(s)");
            }
            return found;
        }

        private void fallBack() {
            List<String> contextVpcs = change.contextIds(ResourceKind.VPC);
            if (!contextVpcs.isEmpty()) {
                for (String vpc : contextVpcs) {
                    addVpcWithPeers(vpc, "using " + vpc + " named in the event instead");
                }
                return;
            }
            widened = true;
            note("cannot trace the change to a VPC, so every monitored instance is re-evaluated");
        }

        /** The endpoints and NAT gateways in the affected subnets carry the change to the instances that use them. */
        private void expandSubnetServices() {
            if (subnetVpcs.isEmpty()) {
                return;
            }
            boolean monitoredHere = fleet.anyLiveIn(subnetVpcs);
            if (!monitoredHere && !fleet.anyLiveIn(peersOf(subnetVpcs))) {
                return;
            }
            for (VpcEndpoint endpoint : reader.endpointsInVpcs(subnetVpcs)) {
                List<String> hit = endpoint.subnetIds().stream().filter(s -> affected(endpoint.vpcId(), s)).toList();
                if (!hit.isEmpty()) {
                    addVpcWithPeers(endpoint.vpcId(), String.join(", ", hit) + " holds endpoint "
                            + endpoint.vpcEndpointId());
                }
            }
            if (!monitoredHere) {
                return;
            }
            List<String> nats = reader.natGatewaysInVpcs(subnetVpcs).stream()
                    .filter(nat -> !"deleted".equals(nat.stateAsString()) && affected(nat.vpcId(), nat.subnetId()))
                    .map(NatGateway::natGatewayId).toList();
            if (!nats.isEmpty()) {
                for (RouteTable table : reader.routeTablesThroughNatGateways(nats)) {
                    addRouteTable(table, false, "affected " + String.join(", ", nats) + " is the route of "
                            + table.routeTableId());
                }
            }
        }

        private void addRouteTable(RouteTable table, boolean carriesFurther, String label) {
            List<String> explicit = new ArrayList<>();
            boolean main = false;
            for (RouteTableAssociation association : table.associations()) {
                if (Boolean.TRUE.equals(association.main())) {
                    main = true;
                } else if (association.subnetId() != null) {
                    explicit.add(association.subnetId());
                }
            }
            subnets.addAll(explicit);
            if (carriesFurther && (main || !explicit.isEmpty())) {
                subnetVpcs.add(table.vpcId());
            }
            if (main) {
                implicitSubnets.put(table.vpcId(), explicitRouteTableSubnets(table.vpcId()));
            }
            List<String> covered = new ArrayList<>(explicit);
            if (main) {
                covered.add("every subnet of " + table.vpcId() + " without an explicit association");
            }
            note(label + (main ? " (main)" : "") + ": " + (covered.isEmpty() ? "no subnet"
                    : String.join(", ", covered)));
        }

        private Set<String> explicitRouteTableSubnets(String vpc) {
            Set<String> explicit = new LinkedHashSet<>();
            for (RouteTable table : reader.routeTablesInVpc(vpc)) {
                for (RouteTableAssociation association : table.associations()) {
                    if (!Boolean.TRUE.equals(association.main()) && association.subnetId() != null) {
                        explicit.add(association.subnetId());
                    }
                }
            }
            return explicit;
        }

        private void addNetworkAcl(NetworkAcl acl) {
            List<String> associated = acl.associations().stream().map(NetworkAclAssociation::subnetId)
                    .filter(Objects::nonNull).toList();
            subnets.addAll(associated);
            subnetVpcs.add(acl.vpcId());
            if (Boolean.TRUE.equals(acl.isDefault())) {
                Set<String> elsewhere = new LinkedHashSet<>();
                for (NetworkAcl other : reader.networkAclsInVpc(acl.vpcId())) {
                    if (!other.networkAclId().equals(acl.networkAclId())) {
                        other.associations().forEach(a -> elsewhere.add(a.subnetId()));
                    }
                }
                implicitSubnets.put(acl.vpcId(), elsewhere);
            }
            List<String> covered = new ArrayList<>(associated);
            if (Boolean.TRUE.equals(acl.isDefault())) {
                covered.add("every subnet of " + acl.vpcId() + " not on another ACL");
            }
            note("network ACL " + acl.networkAclId() + ": " + (covered.isEmpty() ? "no subnet"
                    : String.join(", ", covered)));
        }

        private void addVpcWithPeers(String vpc, String label) {
            vpcs.add(vpc);
            Set<String> peers = peersOf(List.of(vpc));
            vpcs.addAll(peers);
            note(label + (peers.isEmpty() ? "" : " (+ peered " + String.join(", ", peers) + ")"));
        }

        /** Whether a live monitored instance sits in these VPCs or in a VPC peered with one of them. */
        private boolean monitoredIn(Collection<String> vpcIds) {
            return fleet.anyLiveIn(vpcIds) || fleet.anyLiveIn(peersOf(vpcIds));
        }

        /** The VPCs joined to these by an active peering connection. */
        private Set<String> peersOf(Collection<String> vpcIds) {
            Set<String> peers = new LinkedHashSet<>();
            for (VpcPeeringConnection peering : reader.peerings()) {
                if (peering.status() == null || !"active".equals(peering.status().codeAsString())
                        || peering.requesterVpcInfo() == null || peering.accepterVpcInfo() == null) {
                    continue;
                }
                String requester = peering.requesterVpcInfo().vpcId();
                String accepter = peering.accepterVpcInfo().vpcId();
                if (vpcIds.contains(requester) && !vpcIds.contains(accepter)) {
                    peers.add(accepter);
                } else if (vpcIds.contains(accepter) && !vpcIds.contains(requester)) {
                    peers.add(requester);
                }
            }
            return peers;
        }

        private boolean affected(String vpc, String subnet) {
            if (subnets.contains(subnet)) {
                return true;
            }
            Set<String> excluded = implicitSubnets.get(vpc);
            return excluded != null && !excluded.contains(subnet);
        }

        private boolean matches(MonitoredFleet.Member member) {
            if (instances.contains(member.id())) {
                return true;
            }
            if (!member.live()) {
                return false;
            }
            if (widened || member.groupIds().stream().anyMatch(groups::contains)) {
                return true;
            }
            return member.placements().stream().anyMatch(p -> vpcs.contains(p.vpcId())
                    || affected(p.vpcId(), p.subnetId()));
        }

        private void missing(Collection<String> asked, Collection<String> found) {
            List<String> gone = asked.stream().filter(id -> !found.contains(id)).toList();
            if (!gone.isEmpty()) {
                note(String.join(", ", gone) + " no longer exist(s)");
            }
        }

        private void note(String text) {
            notes.add(text);
        }
    }

    private static String label(IdentityProvider provider) {
        return "identity provider " + (provider.directoryId() == null ? provider.product()
                : provider.directoryId() + " (" + provider.product() + ")");
    }

    private static String label(Directory directory) {
        return "directory " + directory.directoryId() + " (" + directory.domainName() + ")";
    }
}
