package dev.subsentinel.core.model;

import dev.subsentinel.core.EvaluationSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Everything the checks need about one account and region, captured at one moment. Immutable, serialisable to
 * JSON and back without loss: the unit of offline evaluation, of test fixtures and of support cases.
 *
 * @param accountId          the account
 * @param region             the region
 * @param capturedAt         when collection finished
 * @param instances          the monitored EC2 instances (and terminated ones that are being tracked)
 * @param ssmInstances       managed-node information for them
 * @param lmusInstances      LM-US ListInstances
 * @param identityProviders  LM-US ListIdentityProviders
 * @param directories        Directory Service directories of those identity providers
 * @param securityGroups     the groups of the instances, of the endpoints and of the identity providers
 * @param vpcs               the VPCs of the instances, of the endpoints they use and their peers
 * @param subnets            the subnets of those VPCs
 * @param routeTables        their route tables
 * @param networkAcls        their network ACLs
 * @param vpcEndpoints       their VPC endpoints
 * @param natGateways        their NAT gateways
 * @param internetGateways   their internet gateways
 * @param peeringConnections their peering connections
 * @param prefixLists        the managed prefix lists that their rules and routes reference
 * @param resolverRules      Route 53 Resolver rules with their associations
 * @param dhcpOptions        DHCP options sets of those VPCs
 * @param directoryInterfaces the network interfaces License Manager created for each directory looked up
 * @param serviceLinkedRoles what IAM said about the service-linked roles the checks need
 * @param unknownFacts       what could not be established, and why
 * @param settings           the evaluation settings in force when the snapshot was taken (the demo's, or the
 *                           environment's of {@code snapshot}), so that an offline evaluation gives the verdicts they
 *                           gave; null when not recorded (older snapshots)
 * @param egressOnlyInternetGateways the egress-only internet gateways routes lead to
 * @param licenseServerEndpoints LM-US ListLicenseServerEndpoints (every endpoint of the account and region); null
 *                           when it was not listed (no instance in the scope has REMOTE_DESKTOP_SERVICES, or an older
 *                           snapshot), which a snapshot that lists none (empty) is not
 * @param licenseServerInterfaces the network interfaces that hold the licence servers' addresses
 */
public record FleetSnapshot(
        String accountId,
        String region,
        Instant capturedAt,
        List<Ec2Instance> instances,
        List<SsmInstance> ssmInstances,
        List<LmusInstance> lmusInstances,
        List<IdentityProvider> identityProviders,
        List<Directory> directories,
        List<SecurityGroup> securityGroups,
        List<Vpc> vpcs,
        List<Subnet> subnets,
        List<RouteTable> routeTables,
        List<NetworkAcl> networkAcls,
        List<VpcEndpoint> vpcEndpoints,
        List<NatGateway> natGateways,
        List<InternetGateway> internetGateways,
        List<PeeringConnection> peeringConnections,
        List<PrefixList> prefixLists,
        List<ResolverRule> resolverRules,
        List<DhcpOptions> dhcpOptions,
        List<UnknownFact> unknownFacts,
        List<DirectoryInterfaces> directoryInterfaces,
        List<ServiceLinkedRole> serviceLinkedRoles,
        EvaluationSettings settings,
        List<EgressOnlyInternetGateway> egressOnlyInternetGateways,
        List<LicenseServerEndpoint> licenseServerEndpoints,
        List<LicenseServerInterface> licenseServerInterfaces) {

    public FleetSnapshot {
        Fields.requiredText(accountId, "accountId");
        Fields.requiredText(region, "region");
        Fields.required(capturedAt, "capturedAt");
        instances = Fields.list(instances, "instances");
        ssmInstances = Fields.list(ssmInstances, "ssmInstances");
        lmusInstances = Fields.list(lmusInstances, "lmusInstances");
        identityProviders = Fields.list(identityProviders, "identityProviders");
        directories = Fields.list(directories, "directories");
        securityGroups = Fields.list(securityGroups, "securityGroups");
        vpcs = Fields.list(vpcs, "vpcs");
        subnets = Fields.list(subnets, "subnets");
        routeTables = Fields.list(routeTables, "routeTables");
        networkAcls = Fields.list(networkAcls, "networkAcls");
        vpcEndpoints = Fields.list(vpcEndpoints, "vpcEndpoints");
        natGateways = Fields.list(natGateways, "natGateways");
        internetGateways = Fields.list(internetGateways, "internetGateways");
        peeringConnections = Fields.list(peeringConnections, "peeringConnections");
        prefixLists = Fields.list(prefixLists, "prefixLists");
        resolverRules = Fields.list(resolverRules, "resolverRules");
        dhcpOptions = Fields.list(dhcpOptions, "dhcpOptions");
        unknownFacts = Fields.list(unknownFacts, "unknownFacts");
        directoryInterfaces = Fields.list(directoryInterfaces, "directoryInterfaces");
        serviceLinkedRoles = Fields.list(serviceLinkedRoles, "serviceLinkedRoles");
        egressOnlyInternetGateways = Fields.list(egressOnlyInternetGateways, "egressOnlyInternetGateways");
        licenseServerEndpoints = licenseServerEndpoints == null ? null
                : Fields.list(licenseServerEndpoints, "licenseServerEndpoints");
        licenseServerInterfaces = Fields.list(licenseServerInterfaces, "licenseServerInterfaces");
    }

    /** Whether ListLicenseServerEndpoints was listed into this snapshot (see {@link #licenseServerEndpoints}). */
    public boolean licenseServersListed() {
        return licenseServerEndpoints != null;
    }

    /** Whether some fact could not be established: a report built from this snapshot is partial. */
    public boolean partial() {
        return !unknownFacts.isEmpty();
    }

    /** A builder that starts from this snapshot. */
    public Builder toBuilder() {
        Builder builder = builder(accountId, region, capturedAt);
        builder.instances.addAll(instances);
        builder.ssmInstances.addAll(ssmInstances);
        builder.lmusInstances.addAll(lmusInstances);
        builder.identityProviders.addAll(identityProviders);
        builder.directories.addAll(directories);
        builder.securityGroups.addAll(securityGroups);
        builder.vpcs.addAll(vpcs);
        builder.subnets.addAll(subnets);
        builder.routeTables.addAll(routeTables);
        builder.networkAcls.addAll(networkAcls);
        builder.vpcEndpoints.addAll(vpcEndpoints);
        builder.natGateways.addAll(natGateways);
        builder.internetGateways.addAll(internetGateways);
        builder.peeringConnections.addAll(peeringConnections);
        builder.prefixLists.addAll(prefixLists);
        builder.resolverRules.addAll(resolverRules);
        builder.dhcpOptions.addAll(dhcpOptions);
        builder.unknownFacts.addAll(unknownFacts);
        builder.directoryInterfaces.addAll(directoryInterfaces);
        builder.serviceLinkedRoles.addAll(serviceLinkedRoles);
        builder.settings = settings;
        builder.egressOnlyInternetGateways.addAll(egressOnlyInternetGateways);
        if (licenseServerEndpoints != null) {
            builder.licenseServerEndpoints(licenseServerEndpoints);
        }
        builder.licenseServerInterfaces.addAll(licenseServerInterfaces);
        return builder;
    }

    /** A builder for a snapshot of one account and region. */
    public static Builder builder(String accountId, String region, Instant capturedAt) {
        return new Builder(accountId, region, capturedAt);
    }

    /** Collects the parts of a snapshot; not thread-safe. */
    public static final class Builder {
        private String accountId;
        private String region;
        private Instant capturedAt;
        private final List<Ec2Instance> instances = new ArrayList<>();
        private final List<SsmInstance> ssmInstances = new ArrayList<>();
        private final List<LmusInstance> lmusInstances = new ArrayList<>();
        private final List<IdentityProvider> identityProviders = new ArrayList<>();
        private final List<Directory> directories = new ArrayList<>();
        private final List<SecurityGroup> securityGroups = new ArrayList<>();
        private final List<Vpc> vpcs = new ArrayList<>();
        private final List<Subnet> subnets = new ArrayList<>();
        private final List<RouteTable> routeTables = new ArrayList<>();
        private final List<NetworkAcl> networkAcls = new ArrayList<>();
        private final List<VpcEndpoint> vpcEndpoints = new ArrayList<>();
        private final List<NatGateway> natGateways = new ArrayList<>();
        private final List<InternetGateway> internetGateways = new ArrayList<>();
        private final List<PeeringConnection> peeringConnections = new ArrayList<>();
        private final List<PrefixList> prefixLists = new ArrayList<>();
        private final List<ResolverRule> resolverRules = new ArrayList<>();
        private final List<DhcpOptions> dhcpOptions = new ArrayList<>();
        private final List<UnknownFact> unknownFacts = new ArrayList<>();
        private final List<DirectoryInterfaces> directoryInterfaces = new ArrayList<>();
        private final List<ServiceLinkedRole> serviceLinkedRoles = new ArrayList<>();
        private EvaluationSettings settings;
        private final List<EgressOnlyInternetGateway> egressOnlyInternetGateways = new ArrayList<>();
        private List<LicenseServerEndpoint> licenseServerEndpoints;
        private final List<LicenseServerInterface> licenseServerInterfaces = new ArrayList<>();

        private Builder(String accountId, String region, Instant capturedAt) {
            this.accountId = accountId;
            this.region = region;
            this.capturedAt = capturedAt;
        }

        /** Sets the account. */
        public Builder accountId(String value) {
            this.accountId = value;
            return this;
        }

        /** Sets the capture time. */
        public Builder capturedAt(Instant value) {
            this.capturedAt = value;
            return this;
        }

        /** Adds instances. */
        public Builder instances(Collection<? extends Ec2Instance> values) {
            instances.addAll(values);
            return this;
        }

        /** Adds instances. */
        public Builder instances(Ec2Instance... values) {
            instances.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds ssmInstances. */
        public Builder ssmInstances(Collection<? extends SsmInstance> values) {
            ssmInstances.addAll(values);
            return this;
        }

        /** Adds ssmInstances. */
        public Builder ssmInstances(SsmInstance... values) {
            ssmInstances.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds lmusInstances. */
        public Builder lmusInstances(Collection<? extends LmusInstance> values) {
            lmusInstances.addAll(values);
            return this;
        }

        /** Adds lmusInstances. */
        public Builder lmusInstances(LmusInstance... values) {
            lmusInstances.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds identityProviders. */
        public Builder identityProviders(Collection<? extends IdentityProvider> values) {
            identityProviders.addAll(values);
            return this;
        }

        /** Adds identityProviders. */
        public Builder identityProviders(IdentityProvider... values) {
            identityProviders.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds directories. */
        public Builder directories(Collection<? extends Directory> values) {
            directories.addAll(values);
            return this;
        }

        /** Adds directories. */
        public Builder directories(Directory... values) {
            directories.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds securityGroups. */
        public Builder securityGroups(Collection<? extends SecurityGroup> values) {
            securityGroups.addAll(values);
            return this;
        }

        /** Adds securityGroups. */
        public Builder securityGroups(SecurityGroup... values) {
            securityGroups.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds vpcs. */
        public Builder vpcs(Collection<? extends Vpc> values) {
            vpcs.addAll(values);
            return this;
        }

        /** Adds vpcs. */
        public Builder vpcs(Vpc... values) {
            vpcs.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds subnets. */
        public Builder subnets(Collection<? extends Subnet> values) {
            subnets.addAll(values);
            return this;
        }

        /** Adds subnets. */
        public Builder subnets(Subnet... values) {
            subnets.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds routeTables. */
        public Builder routeTables(Collection<? extends RouteTable> values) {
            routeTables.addAll(values);
            return this;
        }

        /** Adds routeTables. */
        public Builder routeTables(RouteTable... values) {
            routeTables.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds networkAcls. */
        public Builder networkAcls(Collection<? extends NetworkAcl> values) {
            networkAcls.addAll(values);
            return this;
        }

        /** Adds networkAcls. */
        public Builder networkAcls(NetworkAcl... values) {
            networkAcls.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds vpcEndpoints. */
        public Builder vpcEndpoints(Collection<? extends VpcEndpoint> values) {
            vpcEndpoints.addAll(values);
            return this;
        }

        /** Adds vpcEndpoints. */
        public Builder vpcEndpoints(VpcEndpoint... values) {
            vpcEndpoints.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds natGateways. */
        public Builder natGateways(Collection<? extends NatGateway> values) {
            natGateways.addAll(values);
            return this;
        }

        /** Adds natGateways. */
        public Builder natGateways(NatGateway... values) {
            natGateways.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds internetGateways. */
        public Builder internetGateways(Collection<? extends InternetGateway> values) {
            internetGateways.addAll(values);
            return this;
        }

        /** Adds internetGateways. */
        public Builder internetGateways(InternetGateway... values) {
            internetGateways.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds peeringConnections. */
        public Builder peeringConnections(Collection<? extends PeeringConnection> values) {
            peeringConnections.addAll(values);
            return this;
        }

        /** Adds peeringConnections. */
        public Builder peeringConnections(PeeringConnection... values) {
            peeringConnections.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds prefixLists. */
        public Builder prefixLists(Collection<? extends PrefixList> values) {
            prefixLists.addAll(values);
            return this;
        }

        /** Adds prefixLists. */
        public Builder prefixLists(PrefixList... values) {
            prefixLists.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds resolverRules. */
        public Builder resolverRules(Collection<? extends ResolverRule> values) {
            resolverRules.addAll(values);
            return this;
        }

        /** Adds resolverRules. */
        public Builder resolverRules(ResolverRule... values) {
            resolverRules.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds dhcpOptions. */
        public Builder dhcpOptions(Collection<? extends DhcpOptions> values) {
            dhcpOptions.addAll(values);
            return this;
        }

        /** Adds dhcpOptions. */
        public Builder dhcpOptions(DhcpOptions... values) {
            dhcpOptions.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds unknownFacts. */
        public Builder unknownFacts(Collection<? extends UnknownFact> values) {
            unknownFacts.addAll(values);
            return this;
        }

        /** Adds unknownFacts. */
        public Builder unknownFacts(UnknownFact... values) {
            unknownFacts.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds directoryInterfaces. */
        public Builder directoryInterfaces(Collection<? extends DirectoryInterfaces> values) {
            directoryInterfaces.addAll(values);
            return this;
        }

        /** Adds directoryInterfaces. */
        public Builder directoryInterfaces(DirectoryInterfaces... values) {
            directoryInterfaces.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds serviceLinkedRoles. */
        public Builder serviceLinkedRoles(Collection<? extends ServiceLinkedRole> values) {
            serviceLinkedRoles.addAll(values);
            return this;
        }

        /** Adds serviceLinkedRoles. */
        public Builder serviceLinkedRoles(ServiceLinkedRole... values) {
            serviceLinkedRoles.addAll(Arrays.asList(values));
            return this;
        }

        /** Adds egressOnlyInternetGateways. */
        public Builder egressOnlyInternetGateways(Collection<? extends EgressOnlyInternetGateway> values) {
            egressOnlyInternetGateways.addAll(values);
            return this;
        }

        /** Adds egressOnlyInternetGateways. */
        public Builder egressOnlyInternetGateways(EgressOnlyInternetGateway... values) {
            egressOnlyInternetGateways.addAll(Arrays.asList(values));
            return this;
        }

        /** Records that ListLicenseServerEndpoints was listed, and adds what it returned (none: an empty call). */
        public Builder licenseServerEndpoints(Collection<? extends LicenseServerEndpoint> values) {
            if (licenseServerEndpoints == null) {
                licenseServerEndpoints = new ArrayList<>();
            }
            licenseServerEndpoints.addAll(values);
            return this;
        }

        /** Records that ListLicenseServerEndpoints was listed, and adds what it returned. */
        public Builder licenseServerEndpoints(LicenseServerEndpoint... values) {
            return licenseServerEndpoints(Arrays.asList(values));
        }

        /** Adds licenseServerInterfaces. */
        public Builder licenseServerInterfaces(Collection<? extends LicenseServerInterface> values) {
            licenseServerInterfaces.addAll(values);
            return this;
        }

        /** Adds licenseServerInterfaces. */
        public Builder licenseServerInterfaces(LicenseServerInterface... values) {
            licenseServerInterfaces.addAll(Arrays.asList(values));
            return this;
        }

        /** Records the evaluation settings in force (null: not recorded). */
        public Builder settings(EvaluationSettings value) {
            settings = value;
            return this;
        }

        /** The snapshot. */
        public FleetSnapshot build() {
            return new FleetSnapshot(accountId, region, capturedAt,
                    instances,
                    ssmInstances,
                    lmusInstances,
                    identityProviders,
                    directories,
                    securityGroups,
                    vpcs,
                    subnets,
                    routeTables,
                    networkAcls,
                    vpcEndpoints,
                    natGateways,
                    internetGateways,
                    peeringConnections,
                    prefixLists,
                    resolverRules,
                    dhcpOptions,
                    unknownFacts,
                    directoryInterfaces,
                    serviceLinkedRoles,
                    settings,
                    egressOnlyInternetGateways,
                    licenseServerEndpoints,
                    licenseServerInterfaces);
        }
    }
}
