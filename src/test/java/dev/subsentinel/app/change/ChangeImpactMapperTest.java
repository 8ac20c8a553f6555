package dev.subsentinel.app.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.event.ChangeOrigin;
import dev.subsentinel.event.EventEnvelope;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.LmusEventKind;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceKind;
import dev.subsentinel.event.ResourceRef;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Change mapping against moto: each test seeds a small network, maps one change and asserts the exact instances. */
@ExtendWith(MotoExtension.class)
class ChangeImpactMapperTest {

    private static final String DIRECTORY = "d-9067a1b2c3";
    private static final String PROVIDER_ARN =
            "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:identity-provider/idp-office";
    private static final String ENDPOINT_ARN =
            "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:license-server-endpoint/lse-1";

    private Ec2World world;
    private FakeIdentityProviders identityProviders;
    private ChangeImpactMapper mapper;

    @BeforeEach
    void setUp(MotoServer moto) {
        world = new Ec2World(moto);
        identityProviders = new FakeIdentityProviders();
        mapper = new ChangeImpactMapper(world.ec2, identityProviders, Ec2World.TAG_KEY, Ec2World.TAG_VALUE);
    }

    /**
     * A fake of our own port: returns the providers, directories and licence server endpoints it is given and counts
     * how often it is asked (one call each).
     */
    private static final class FakeIdentityProviders implements IdentityProviderSource {

        private final List<IdentityProvider> providers = new ArrayList<>();
        private final List<Directory> directories = new ArrayList<>();
        private final Map<String, String> endpoints = new LinkedHashMap<>();
        private int asked;
        /** When set, listing the licence server endpoints fails with it. */
        private RuntimeException endpointsFailure;

        @Override
        public IdentityProviderListing identityProviders() {
            asked++;
            return new IdentityProviderListing(providers, 1);
        }

        @Override
        public Listed<List<Directory>> directories() {
            asked++;
            return new Listed<>(List.copyOf(directories), 1);
        }

        @Override
        public Listed<Map<String, String>> licenseServerEndpoints() {
            asked++;
            if (endpointsFailure != null) {
                throw endpointsFailure;
            }
            return new Listed<>(Map.copyOf(endpoints), 1);
        }

        void add(String securityGroupId, String... subnets) {
            providers.add(new IdentityProvider(DIRECTORY, "OFFICE_PROFESSIONAL_PLUS", "REGISTERED",
                    List.of(subnets), securityGroupId, "AWS_MANAGED", null, List.of(), List.of(), null,
                    PROVIDER_ARN));
        }

        /** The directory of the providers, its controllers in {@code vpc} behind {@code controllersGroup}. */
        void directory(String vpc, String controllersGroup) {
            directories.add(new Directory(DIRECTORY, "corp.example.com", vpc, List.of(), List.of(), "Active", null,
                    controllersGroup, "MicrosoftAD"));
        }
    }

    private static ResourceChange change(ResourceKind kind, String... ids) {
        return changeWithContext(kind, List.of(), ids);
    }

    private static ResourceChange changeWithContext(ResourceKind kind, List<ResourceRef> context, String... ids) {
        EventEnvelope envelope = new EventEnvelope("e-1", "aws.ec2", "AWS API Call via CloudTrail", "123456789012",
                "us-east-1", Instant.parse("2026-11-25T12:00:00Z"), List.of());
        List<ResourceRef> subjects = java.util.Arrays.stream(ids).map(id -> new ResourceRef(kind, id)).toList();
        return new ResourceChange(envelope, ChangeOrigin.CLOUDTRAIL, "Test", envelope.time(), subjects, context);
    }

    private ChangeImpact map(ResourceChange change) {
        return map(change, Set.of());
    }

    private ChangeImpact map(ResourceChange change, Set<String> tracked) {
        world.resetRequests();
        identityProviders.asked = 0;
        ChangeImpact impact = mapper.affectedInstances(change, tracked);
        assertThat(impact.apiCalls()).as("counted calls: " + impact.explanation())
                .isEqualTo(world.requests() + identityProviders.asked);
        assertThat(impact.explanation()).startsWith(change.describe());
        return impact;
    }

    /** VPC a (a1, a2, a3) peered with b (b1); c (c1) apart. */
    private final class Network {
        final String vpcA = world.vpc("10.0.0.0/16");
        final String a1 = world.subnet(vpcA, "10.0.1.0/24");
        final String a2 = world.subnet(vpcA, "10.0.2.0/24");
        final String a3 = world.subnet(vpcA, "10.0.3.0/24");
        final String vpcB = world.vpc("10.1.0.0/16");
        final String b1 = world.subnet(vpcB, "10.1.1.0/24");
        final String vpcC = world.vpc("10.2.0.0/16");
        final String c1 = world.subnet(vpcC, "10.2.1.0/24");
        final String peering = world.peering(vpcA, vpcB);
    }

    @Test
    void affectedInstances_noMonitoredInstance_oneCall() {
        Network net = new Network();
        world.unmonitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.VPC, net.vpcA));

        assertThat(impact.none()).isTrue();
        assertThat(impact.apiCalls()).isEqualTo(1);
        assertThat(impact.explanation()).contains("no monitored instance");
    }

    @Test
    void affectedInstances_securityGroupOnInstances_onlyItsMonitoredUsers() {
        Network net = new Network();
        String sgApp = world.securityGroup(net.vpcA, "app");
        String sgOther = world.securityGroup(net.vpcA, "other");
        String user = world.monitored(net.a1, sgApp);
        world.monitored(net.a2, sgOther);
        world.unmonitored(net.a1, sgApp);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, sgApp));

        assertThat(impact.instanceIds()).containsExactly(user);
        assertThat(impact.widened()).isFalse();
        assertThat(impact.explanation()).contains(sgApp + " is on 1 monitored instance(s)");
    }

    @Test
    void affectedInstances_securityGroupOnSecondInterface_instanceIncluded() {
        Network net = new Network();
        String sgPrimary = world.securityGroup(net.vpcA, "primary");
        String sgSecond = world.securityGroup(net.vpcA, "second");
        String instance = world.monitored(net.a1, sgPrimary);
        world.secondInterface(instance, net.a2, sgSecond);
        world.monitored(net.a2, sgPrimary);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, sgSecond));

        assertThat(impact.instanceIds()).containsExactly(instance);
    }

    @Test
    void affectedInstances_securityGroupOfAnEndpoint_instancesInItsVpcAndPeeredVpcs() {
        Network net = new Network();
        String sgEndpoint = world.securityGroup(net.vpcA, "vpce");
        String endpoint = world.interfaceEndpoint(net.vpcA, net.a3, sgEndpoint, "ssm");
        assertThat(world.groupsOfEndpoint(endpoint)).containsExactly(sgEndpoint);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);
        world.unmonitored(net.a2);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, sgEndpoint));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.explanation()).contains("guards endpoint " + endpoint).contains("peered " + net.vpcB);
        assertThat(identityProviders.asked).isEqualTo(1);
    }

    @Test
    void affectedInstances_identityProviderActivationGroup_instancesInItsVpcAndPeers() {
        Network net = new Network();
        String sgActivation = world.securityGroup(net.vpcA, "activation");
        identityProviders.add(sgActivation, net.a3);
        String inA = world.monitored(net.a2);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, sgActivation));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.explanation()).contains("activation group of identity provider d-9067a1b2c3");
    }

    @Test
    void affectedInstances_deletedGroupStillNamedByIdentityProvider_instancesOfTheProviderVpc() {
        Network net = new Network();
        String deleted = world.securityGroup(net.vpcA, "gone");
        world.ec2.deleteSecurityGroup(r -> r.groupId(deleted));
        identityProviders.add(deleted, net.a3);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, deleted));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
    }

    @Test
    void affectedInstances_groupFarFromMonitoredInstances_noEndpointLookupAndNoDirectoryOfItsOwn() {
        Network net = new Network();
        String lonelyVpc = world.vpc("10.9.0.0/16");
        String sgLonely = world.securityGroup(lonelyVpc, "lonely");
        world.monitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, sgLonely));

        // The fleet, the group's VPC, the peerings; and the identity providers, because a group on no monitored
        // instance could be a registered directory's (none is registered here, so no directory lookup).
        assertThat(impact.none()).isTrue();
        assertThat(impact.apiCalls()).isEqualTo(4);
        assertThat(identityProviders.asked).isEqualTo(1);
    }

    @Test
    void affectedInstances_domainControllersGroupInAnUnpeeredVpc_instancesOfTheDirectorysProviders() {
        Network net = new Network();
        String directoryVpc = world.vpc("10.9.0.0/16");
        String controllers = world.securityGroup(directoryVpc, "d-9067a1b2c3_controllers");
        String sgActivation = world.securityGroup(net.vpcA, "activation");
        identityProviders.add(sgActivation, net.a3);
        identityProviders.directory(directoryVpc, controllers);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, controllers));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.widened()).isFalse();
        assertThat(impact.explanation()).contains(controllers + " is the domain controllers' group of directory "
                + DIRECTORY + " (corp.example.com)").contains("registered in " + net.vpcA);
    }

    @Test
    void affectedInstances_groupOfLicenseManagersInterfaces_instancesOfTheDirectorysProviders() {
        Network net = new Network();
        String directoryVpc = world.vpc("10.9.0.0/16");
        String directorySubnet = world.subnet(directoryVpc, "10.9.1.0/24");
        String controllers = world.securityGroup(directoryVpc, "d-9067a1b2c3_controllers");
        String lmGroup = world.securityGroup(directoryVpc, "lm-default");
        String other = world.securityGroup(directoryVpc, "unrelated");
        String lmInterface = world.ec2.createNetworkInterface(r -> r.subnetId(directorySubnet).groups(lmGroup)
                .description("AWS created network interface for LicenseManager " + DIRECTORY)).networkInterface()
                .networkInterfaceId();
        identityProviders.add(world.securityGroup(net.vpcA, "activation"), net.a3);
        identityProviders.directory(directoryVpc, controllers);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.SECURITY_GROUP, lmGroup));
        ChangeImpact unrelated = map(change(ResourceKind.SECURITY_GROUP, other));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.explanation()).contains(lmGroup + " guards License Manager's interface " + lmInterface
                + " of directory " + DIRECTORY);
        assertThat(unrelated.none()).isTrue();
    }

    @Test
    void instancesOfIdentityProviders_byArnDirectoryIdOrLicenseServerEndpoint_theProvidersVpcAndPeers() {
        Network net = new Network();
        identityProviders.add(world.securityGroup(net.vpcA, "activation"), net.a3);
        identityProviders.endpoints.put(ENDPOINT_ARN, PROVIDER_ARN);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        for (IdentityProviderEvent event : List.of(
                providerEvent(LmusEventKind.IDENTITY_PROVIDER_REGISTRATION_FAILED, List.of(PROVIDER_ARN), List.of(),
                        List.of()),
                providerEvent(LmusEventKind.IDENTITY_PROVIDER_DEREGISTERED, List.of(), List.of(),
                        List.of(DIRECTORY)),
                providerEvent(LmusEventKind.LICENSE_SERVER_ENDPOINT_UNHEALTHY, List.of(), List.of(ENDPOINT_ARN),
                        List.of()))) {
            ChangeImpact impact = mapProviders(event);

            assertThat(impact.instanceIds()).as(event.describe()).containsExactlyInAnyOrder(inA, inB);
            assertThat(impact.widened()).isFalse();
            assertThat(impact.explanation()).contains("identity provider " + DIRECTORY
                    + " (OFFICE_PROFESSIONAL_PLUS) is registered in " + net.vpcA);
        }
    }

    @Test
    void instancesOfIdentityProviders_nothingIdentifiesAProvider_everyMonitoredInstanceWidened() {
        Network net = new Network();
        identityProviders.add(world.securityGroup(net.vpcA, "activation"), net.a3);
        String inA = world.monitored(net.a1);
        String inC = world.monitored(net.c1);
        world.unmonitored(net.b1);

        ChangeImpact none = mapProviders(providerEvent(LmusEventKind.LICENSE_SERVER_ENDPOINT_PROVISIONING_FAILED,
                List.of(), List.of(), List.of()));
        ChangeImpact unlisted = mapProviders(providerEvent(LmusEventKind.IDENTITY_PROVIDER_DEREGISTERED, List.of(),
                List.of(), List.of("d-9067ffffff")));

        assertThat(none.instanceIds()).containsExactlyInAnyOrder(inA, inC);
        assertThat(none.widened()).isTrue();
        assertThat(none.explanation()).contains("the event names no identity provider, licence server endpoint or"
                + " directory, so every monitored instance is re-evaluated");
        assertThat(unlisted.instanceIds()).containsExactlyInAnyOrder(inA, inC);
        assertThat(unlisted.widened()).isTrue();
        assertThat(unlisted.explanation()).contains("LM-US lists no identity provider the event names");
    }

    private static IdentityProviderEvent providerEvent(LmusEventKind kind, List<String> providerArns,
            List<String> endpointArns, List<String> directoryIds) {
        EventEnvelope envelope = new EventEnvelope("e-1", "aws.license-manager-user-subscriptions", kind.detailType(),
                "123456789012", "us-east-1", Instant.parse("2026-11-25T12:00:00Z"), List.of());
        return new IdentityProviderEvent(envelope, kind, providerArns, endpointArns, directoryIds, null);
    }

    @Test
    void instancesOfIdentityProviders_endpointListingRefused_everyMonitoredInstanceWidenedNamingTheAction() {
        Network net = new Network();
        identityProviders.add(world.securityGroup(net.vpcA, "activation"), net.a3);
        String inA = world.monitored(net.a1);
        String inC = world.monitored(net.c1);
        identityProviders.endpointsFailure = MappingReadException.of(
                "license-manager-user-subscriptions:ListLicenseServerEndpoints",
                AwsServiceException.builder().statusCode(403).message("not authorized")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build())
                        .build());

        ChangeImpact impact = mapper.instancesOfIdentityProviders(providerEvent(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_UNHEALTHY, List.of(), List.of(ENDPOINT_ARN), List.of()),
                Set.of());

        assertThat(impact.widened()).isTrue();
        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inC);
        assertThat(impact.explanation()).contains("license-manager-user-subscriptions:ListLicenseServerEndpoints was"
                + " refused (AccessDenied)");
    }

    @Test
    void instancesOfIdentityProviders_endpointListingThrottled_failsForLambdaToRetry() {
        Network net = new Network();
        identityProviders.add(world.securityGroup(net.vpcA, "activation"), net.a3);
        world.monitored(net.a1);
        MappingReadException throttled = MappingReadException.of(
                "license-manager-user-subscriptions:ListLicenseServerEndpoints",
                AwsServiceException.builder().statusCode(400).message("Rate exceeded")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
                        .build());
        identityProviders.endpointsFailure = throttled;

        assertThat(throttled.retryable()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapper.instancesOfIdentityProviders(providerEvent(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_UNHEALTHY, List.of(), List.of(ENDPOINT_ARN), List.of()),
                Set.of())).isSameAs(throttled);
    }

    private ChangeImpact mapProviders(IdentityProviderEvent event) {
        world.resetRequests();
        identityProviders.asked = 0;
        ChangeImpact impact = mapper.instancesOfIdentityProviders(event, Set.of());
        assertThat(impact.apiCalls()).as("counted calls: " + impact.explanation())
                .isEqualTo(world.requests() + identityProviders.asked);
        assertThat(impact.explanation()).startsWith(event.describe());
        return impact;
    }

    @Test
    void affectedInstances_vpc_instancesInItAndActivePeersOnly() {
        Network net = new Network();
        String vpcD = world.vpc("10.3.0.0/16");
        String d1 = world.subnet(vpcD, "10.3.1.0/24");
        world.pendingPeering(net.vpcA, vpcD);
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);
        world.monitored(d1);

        ChangeImpact impact = map(change(ResourceKind.VPC, net.vpcA));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.apiCalls()).isEqualTo(2);
    }

    @Test
    void affectedInstances_endpoint_instancesInItsVpcAndPeers() {
        Network net = new Network();
        String sg = world.securityGroup(net.vpcB, "vpce");
        String endpoint = world.interfaceEndpoint(net.vpcB, net.b1, sg, "ssmmessages");
        String inA = world.monitored(net.a2);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.VPC_ENDPOINT, endpoint));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.apiCalls()).isEqualTo(3);
    }

    @Test
    void affectedInstances_deletedEndpointWithVpcInContext_thatVpcAndPeers() {
        Network net = new Network();
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(changeWithContext(ResourceKind.VPC_ENDPOINT,
                List.of(new ResourceRef(ResourceKind.VPC, net.vpcA)), "vpce-0123456789abcdef0"));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.widened()).isFalse();
        assertThat(impact.explanation()).contains("vpce-0123456789abcdef0 no longer exist");
    }

    @Test
    void affectedInstances_deletedEndpointWithoutContext_widenedToEveryLiveMonitoredInstance() {
        Network net = new Network();
        String inA = world.monitored(net.a1);
        String inC = world.monitored(net.c1);
        String stopped = world.monitored(net.b1);
        world.ec2.stopInstances(r -> r.instanceIds(stopped));
        String terminated = world.monitored(net.b1);
        world.ec2.terminateInstances(r -> r.instanceIds(terminated));
        world.unmonitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.VPC_ENDPOINT, "vpce-0123456789abcdef0"));

        assertThat(impact.widened()).isTrue();
        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inC, stopped);
    }

    @Test
    void affectedInstances_subnet_instancesWithAnInterfaceInIt() {
        Network net = new Network();
        String inA2 = world.monitored(net.a2);
        String secondInA2 = world.monitored(net.a1);
        world.secondInterface(secondInA2, net.a2);
        world.monitored(net.a1);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.SUBNET, net.a2));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA2, secondInA2);
    }

    @Test
    void affectedInstances_subnetHoldingAnEndpoint_endpointUsersToo() {
        Network net = new Network();
        String sg = world.securityGroup(net.vpcA, "vpce");
        world.interfaceEndpoint(net.vpcA, net.a3, sg, "ssm");
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.SUBNET, net.a3));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
    }

    @Test
    void affectedInstances_subnetHoldingANatGateway_subnetsRoutingThroughIt() {
        Network net = new Network();
        String nat = world.natGateway(net.a3);
        String privateTable = world.routeTable(net.vpcA);
        world.associate(privateTable, net.a1);
        world.defaultRouteVia(privateTable, nat);
        String routed = world.monitored(net.a1);
        String elsewhere = world.routeTable(net.vpcA);
        world.associate(elsewhere, net.a2);
        world.monitored(net.a2);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.SUBNET, net.a3));

        assertThat(impact.instanceIds()).containsExactly(routed);
        assertThat(impact.explanation()).contains(nat + " is the route of " + privateTable);
    }

    @Test
    void affectedInstances_routeTable_onlyItsAssociatedSubnets() {
        Network net = new Network();
        String table = world.routeTable(net.vpcA);
        world.associate(table, net.a2);
        String inA2 = world.monitored(net.a2);
        world.monitored(net.a1);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.ROUTE_TABLE, table));

        assertThat(impact.instanceIds()).containsExactly(inA2);
    }

    @Test
    void affectedInstances_mainRouteTable_subnetsWithoutAnExplicitAssociation() {
        Network net = new Network();
        String custom = world.routeTable(net.vpcA);
        world.associate(custom, net.a2);
        String inA1 = world.monitored(net.a1);
        String inA3 = world.monitored(net.a3);
        world.monitored(net.a2);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.ROUTE_TABLE, world.mainRouteTable(net.vpcA).routeTableId()));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA1, inA3);
        assertThat(impact.explanation())
                .contains("every subnet of " + net.vpcA + " without an explicit association");
    }

    @Test
    void affectedInstances_routeTableAssociationReplaced_onlyThatSubnet() {
        Network net = new Network();
        String first = world.routeTable(net.vpcA);
        String second = world.routeTable(net.vpcA);
        world.associate(first, net.a1);
        String oldAssociation = world.associate(first, net.a2);
        String newAssociation = world.ec2.replaceRouteTableAssociation(r -> r.associationId(oldAssociation)
                .routeTableId(second)).newAssociationId();
        String inA2 = world.monitored(net.a2);
        world.monitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.ROUTE_TABLE_ASSOCIATION, oldAssociation, newAssociation));

        assertThat(impact.instanceIds()).containsExactly(inA2);
        assertThat(impact.widened()).isFalse();
    }

    @Test
    void affectedInstances_disassociatedRouteTable_widenedBecauseTheSubnetIsUnknowable() {
        Network net = new Network();
        String table = world.routeTable(net.vpcA);
        String association = world.associate(table, net.a2);
        world.ec2.disassociateRouteTable(r -> r.associationId(association));
        String inA = world.monitored(net.a1);
        String inC = world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.ROUTE_TABLE_ASSOCIATION, association));

        assertThat(impact.widened()).isTrue();
        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inC);
    }

    @Test
    void affectedInstances_customNetworkAcl_itsSubnets() {
        Network net = new Network();
        String acl = world.networkAcl(net.vpcA);
        world.moveToNetworkAcl(net.a2, acl);
        String inA2 = world.monitored(net.a2);
        world.monitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.NETWORK_ACL, acl));

        assertThat(impact.instanceIds()).containsExactly(inA2);
    }

    @Test
    void affectedInstances_defaultNetworkAcl_subnetsNotOnACustomOne() {
        Network net = new Network();
        String acl = world.networkAcl(net.vpcA);
        world.moveToNetworkAcl(net.a2, acl);
        String inA1 = world.monitored(net.a1);
        String inA3 = world.monitored(net.a3);
        world.monitored(net.a2);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.NETWORK_ACL, world.defaultNetworkAcl(net.vpcA)));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA1, inA3);
    }

    @Test
    void affectedInstances_networkAclAssociation_thatSubnet() {
        Network net = new Network();
        String acl = world.networkAcl(net.vpcA);
        String association = world.moveToNetworkAcl(net.a3, acl);
        String inA3 = world.monitored(net.a3);
        world.monitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.NETWORK_ACL_ASSOCIATION, association));

        assertThat(impact.instanceIds()).containsExactly(inA3);
    }

    @Test
    void affectedInstances_natGateway_explicitAndImplicitSubnetsOfTheTablesRoutingThroughIt() {
        Network net = new Network();
        String nat = world.natGateway(net.a3);
        String natTable = world.routeTable(net.vpcA);
        world.associate(natTable, net.a3);
        world.defaultRouteVia(world.mainRouteTable(net.vpcA).routeTableId(), nat);
        String inA1 = world.monitored(net.a1);
        String inA2 = world.monitored(net.a2);
        world.monitored(net.a3);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.NAT_GATEWAY, nat));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA1, inA2);
    }

    @Test
    void affectedInstances_internetGateway_instancesOfTheAttachedVpcWithoutPeers() {
        Network net = new Network();
        String igw = world.internetGateway(net.vpcA);
        String inA = world.monitored(net.a1);
        world.monitored(net.b1);

        ChangeImpact impact = map(change(ResourceKind.INTERNET_GATEWAY, igw));

        assertThat(impact.instanceIds()).containsExactly(inA);
    }

    @Test
    void affectedInstances_networkInterfaceOfMonitoredInstance_thatInstanceInOneCall() {
        Network net = new Network();
        String instance = world.monitored(net.a1);
        String eni = world.secondInterface(instance, net.a2);
        world.monitored(net.a2);

        ChangeImpact impact = map(change(ResourceKind.NETWORK_INTERFACE, eni));

        assertThat(impact.instanceIds()).containsExactly(instance);
        assertThat(impact.apiCalls()).isEqualTo(1);
    }

    @Test
    void affectedInstances_networkInterfaceOfUnmonitoredInstance_none() {
        Network net = new Network();
        String other = world.unmonitored(net.a1);
        String eni = world.secondInterface(other, net.a2);
        world.monitored(net.a2);

        ChangeImpact impact = map(change(ResourceKind.NETWORK_INTERFACE, eni));

        assertThat(impact.none()).isTrue();
    }

    @Test
    void affectedInstances_peeringConnection_instancesOfBothVpcs() {
        Network net = new Network();
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        world.monitored(net.c1);

        ChangeImpact impact = map(change(ResourceKind.PEERING_CONNECTION, net.peering));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
    }

    @Test
    void affectedInstances_instance_itselfWhenMonitoredOrTracked() {
        Network net = new Network();
        String tagged = world.monitored(net.a1);
        String trackedOnly = world.unmonitored(net.a1);
        String neither = world.unmonitored(net.a1);

        ChangeImpact impact = map(change(ResourceKind.INSTANCE, tagged, trackedOnly, neither), Set.of(trackedOnly));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(tagged, trackedOnly);
        assertThat(impact.apiCalls()).isEqualTo(2);
    }

    @Test
    void affectedInstances_terminatedMonitoredInstance_stillItself() {
        Network net = new Network();
        String instance = world.monitored(net.a1);
        world.ec2.terminateInstances(r -> r.instanceIds(instance));

        ChangeImpact impact = map(change(ResourceKind.INSTANCE, instance));

        assertThat(impact.instanceIds()).containsExactly(instance);
    }

    @Test
    void affectedInstances_replacedProfileAssociation_resolvedToItsInstance() throws Exception {
        Network net = new Network();
        world.instanceProfile("SSMInstanceProfile");
        world.instanceProfile("WebServerProfile");
        String instance = world.monitored(net.a1);
        world.monitored(net.a2);
        String association = world.associateProfile(instance, "SSMInstanceProfile");
        String replaced = world.replaceProfile(association, "WebServerProfile");

        ChangeImpact impact = map(change(ResourceKind.INSTANCE_PROFILE_ASSOCIATION, replaced));

        assertThat(impact.instanceIds()).containsExactly(instance);
        assertThat(impact.apiCalls()).isEqualTo(2);
    }

    @Test
    void affectedInstances_parsedCloudTrailEvent_mapsItsSubject() throws IOException {
        Network net = new Network();
        String sg = world.securityGroup(net.vpcA, "vpce");
        world.interfaceEndpoint(net.vpcA, net.a3, sg, "ssm");
        String inA = world.monitored(net.a1);
        String inB = world.monitored(net.b1);
        String json = Files.readString(Path.of("src/test/resources/events/cloudtrail-authorize-sg-ingress.json"))
                .replace("sg-0123456789abcdef0", sg);

        ChangeImpact impact = map((ResourceChange) EventParser.parse(json));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(inA, inB);
        assertThat(impact.explanation()).startsWith("CloudTrail AuthorizeSecurityGroupIngress on " + sg);
    }

    @Test
    void monitoredAmong_taggedOrTracked_oneCallForTheUntracked() {
        Network net = new Network();
        String tagged = world.monitored(net.a1);
        String tracked = world.unmonitored(net.a1);
        String other = world.unmonitored(net.a1);
        world.resetRequests();

        ChangeImpact impact = mapper.monitoredAmong(List.of(tagged, tracked, other), Set.of(tracked));

        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(tagged, tracked);
        assertThat(impact.apiCalls()).isEqualTo(1).isEqualTo(world.requests());
    }

    @Test
    void monitoredAmong_allTracked_noCall() {
        ChangeImpact impact = mapper.monitoredAmong(List.of("i-0123456789abcdef0"), Set.of("i-0123456789abcdef0"));

        assertThat(impact.instanceIds()).containsExactly("i-0123456789abcdef0");
        assertThat(impact.apiCalls()).isZero();
    }
}
