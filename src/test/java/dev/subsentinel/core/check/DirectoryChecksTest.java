package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.ACCOUNT;
import static dev.subsentinel.core.Fixtures.DC_A;
import static dev.subsentinel.core.Fixtures.DC_B;
import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.DOMAIN;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.LM_ENI_A;
import static dev.subsentinel.core.Fixtures.LM_ENI_B;
import static dev.subsentinel.core.Fixtures.OFFICE;
import static dev.subsentinel.core.Fixtures.SG_DC;
import static dev.subsentinel.core.Fixtures.SG_DEFAULT;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SPOKE_INSTANCE;
import static dev.subsentinel.core.Fixtures.SPOKE_PCX;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.lmInterface;
import static dev.subsentinel.core.Fixtures.lmus;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.unknown;
import static dev.subsentinel.core.Fixtures.withSpoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.net.ActiveDirectoryPorts;
import dev.subsentinel.core.net.ServicePort;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The directory side of the health contract, table-driven: each row changes one thing of the healthy world and
 * states the status, summary and evidence of one check (DIRECTORY_HEALTH, IDENTITY_PROVIDER, DIRECTORY_PATH,
 * LM_NETWORK_INTERFACES, SUBSCRIPTION_TAG, SERVICE_LINKED_ROLE).
 */
class DirectoryChecksTest {

    private static Directory directory(String stage, String reason) {
        return new Directory(DIRECTORY, DOMAIN, VPC, List.of(SUBNET_VPCE_A, SUBNET_VPCE_B), List.of(DC_A, DC_B),
                stage, reason, SG_DC, "MicrosoftAD");
    }

    private static IdentityProvider provider(String status, String failure) {
        return new IdentityProvider(DIRECTORY, OFFICE, status, List.of(SUBNET_VPCE_A, SUBNET_VPCE_B), SG_KMS,
                "AWS_MANAGED", null, List.of(), List.of(), failure, "arn:aws:license-manager-user-subscriptions:"
                        + "us-east-1:" + ACCOUNT + ":identity-provider/" + DIRECTORY + "/" + OFFICE);
    }

    private static IdentityProvider selfManaged() {
        return new IdentityProvider(null, OFFICE, "REGISTERED", List.of(SUBNET_VPCE_A), SG_KMS, "SELF_MANAGED",
                "onprem.example.com", List.of(DC_A), List.of(SUBNET_VPCE_A));
    }

    private static UnaryOperator<World> dcGroup(SgRule... ingress) {
        return w -> w.with(sg(SG_DC, VPC).ingress(ingress).egress(allTraffic("0.0.0.0/0")).build());
    }

    private static UnaryOperator<World> instanceTags(Map<String, String> tags) {
        return w -> {
            Ec2Instance i = w.get(Ec2Instance.class, INSTANCE);
            return w.with(new Ec2Instance(i.instanceId(), i.state(), i.vpcId(), i.subnetId(), i.platform(),
                    i.launchTime(), i.networkInterfaces(), i.productCodes(), tags, i.profileAssociation()));
        };
    }

    /** Every port of the table except one, from the VPC: what a group that forgot that port admits. */
    private static SgRule[] allBut(int protocol, int port) {
        List<SgRule> rules = new ArrayList<>();
        String name = protocol == 6 ? "tcp" : "udp";
        rules.add(SgRule.cidr(name, 0, port - 1, VPC_CIDR));
        rules.add(SgRule.cidr(name, port + 1, 65535, VPC_CIDR));
        rules.add(SgRule.cidr(protocol == 6 ? "udp" : "tcp", 0, 65535, VPC_CIDR));
        return rules.toArray(SgRule[]::new);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // DIRECTORY_HEALTH
                Arguments.of("directory Active", CheckId.DIRECTORY_HEALTH, UnaryOperator.<World>identity(),
                        Status.PASS, "directory d-0123456789 (corp.example.com) is Active", "Stage Active"),
                Arguments.of("directory Impaired", CheckId.DIRECTORY_HEALTH,
                        (UnaryOperator<World>) w -> w.with(directory("Impaired", "Domain controllers unreachable")),
                        Status.FAIL, "directory d-0123456789 (corp.example.com) is Impaired",
                        "DescribeDirectories Stage Impaired: Domain controllers unreachable"),
                Arguments.of("directory Deleting without a reason", CheckId.DIRECTORY_HEALTH,
                        (UnaryOperator<World>) w -> w.with(directory("Deleting", null)), Status.FAIL,
                        "directory d-0123456789 (corp.example.com) is Deleting", "(no StageReason given)"),
                Arguments.of("directories unreadable", CheckId.DIRECTORY_HEALTH,
                        (UnaryOperator<World>) w -> w.withoutAll(Directory.class).with(
                                unknown(FactKind.DIRECTORIES, "*")), Status.UNKNOWN,
                        "directory could not be read", "AccessDenied: not allowed (DIRECTORIES)"),
                Arguments.of("stage not recorded", CheckId.DIRECTORY_HEALTH,
                        (UnaryOperator<World>) w -> w.with(directory(null, null)), Status.UNKNOWN,
                        "directory stage unknown", "records no Stage"),
                Arguments.of("self-managed directory", CheckId.DIRECTORY_HEALTH,
                        (UnaryOperator<World>) w -> w.withoutAll(IdentityProvider.class).with(selfManaged())
                                .with(lmus(INSTANCE, "ACTIVE", null, OFFICE)), Status.SKIPPED,
                        "self-managed directory onprem.example.com: Directory Service reports no stage for it", ""),
                // IDENTITY_PROVIDER
                Arguments.of("registered", CheckId.IDENTITY_PROVIDER, UnaryOperator.<World>identity(), Status.PASS,
                        "identity provider d-0123456789 for OFFICE_PROFESSIONAL_PLUS is REGISTERED", "REGISTERED"),
                Arguments.of("registration failed", CheckId.IDENTITY_PROVIDER,
                        (UnaryOperator<World>) w -> w.with(provider("REGISTRATION_FAILED", "Subnet not found")),
                        Status.FAIL, "identity provider d-0123456789 for OFFICE_PROFESSIONAL_PLUS is"
                                + " REGISTRATION_FAILED", "FailureMessage: Subnet not found"),
                Arguments.of("product without registration", CheckId.IDENTITY_PROVIDER,
                        (UnaryOperator<World>) w -> w.with(lmus(INSTANCE, "ACTIVE", DIRECTORY, OFFICE,
                                "VISUAL_STUDIO_ENTERPRISE")), Status.FAIL,
                        "no identity provider registered for VISUAL_STUDIO_ENTERPRISE",
                        "no registration for product VISUAL_STUDIO_ENTERPRISE"),
                Arguments.of("providers unreadable", CheckId.IDENTITY_PROVIDER,
                        (UnaryOperator<World>) w -> w.with(unknown(FactKind.IDENTITY_PROVIDERS, "*")),
                        Status.UNKNOWN, "identity providers unknown", "ListIdentityProviders failed"),
                // DIRECTORY_PATH
                Arguments.of("every port open", CheckId.DIRECTORY_PATH, UnaryOperator.<World>identity(),
                        Status.PASS, "directory d-0123456789 (corp.example.com) reachable on the Active Directory"
                                + " ports", "every entry of the Active Directory port table (14)"),
                // tcp/1000 is in the span tcp/53-65535 the first pass evaluates, but in no entry of the table: the
                // entries are then evaluated one by one, and all pass
                Arguments.of("DC group without a port the table does not need", CheckId.DIRECTORY_PATH,
                        dcGroup(allBut(6, 1000)), Status.PASS, "reachable on the Active Directory ports",
                        "every entry of the Active Directory port table (14)"),
                Arguments.of("DC group without SMB", CheckId.DIRECTORY_PATH, dcGroup(allBut(6, 445)), Status.FAIL,
                        "the domain controllers' group sg-0dc of directory d-0123456789 (corp.example.com) blocks"
                                + " SMB tcp/445", "sg-0dc ingress: no rule allows tcp/445 from 10.0.1.10"),
                Arguments.of("DC group without ADWS", CheckId.DIRECTORY_PATH, dcGroup(allBut(6, 9389)), Status.WARN,
                        "directory d-0123456789 (corp.example.com) not reachable on AD Web Services tcp/9389",
                        "sg-0dc ingress: no rule allows tcp/9389"),
                Arguments.of("DC group without part of the RPC range", CheckId.DIRECTORY_PATH,
                        dcGroup(SgRule.cidr("tcp", 0, 60000, VPC_CIDR), SgRule.cidr("udp", 0, 65535, VPC_CIDR)),
                        Status.WARN, "not reachable on RPC dynamic ports tcp/49152-65535",
                        "ports 60001-65535"),
                Arguments.of("DC group without UDP DNS", CheckId.DIRECTORY_PATH, dcGroup(allBut(17, 53)),
                        Status.FAIL, "blocks DNS udp/53", "no rule allows udp/53"),
                Arguments.of("DC group unreadable", CheckId.DIRECTORY_PATH,
                        (UnaryOperator<World>) w -> w.without(SG_DC).with(unknown(FactKind.SECURITY_GROUPS, SG_DC)),
                        Status.UNKNOWN, "could not be evaluated", "sg-0dc could not be read"),
                Arguments.of("no controller address", CheckId.DIRECTORY_PATH,
                        (UnaryOperator<World>) w -> w.with(new Directory(DIRECTORY, DOMAIN, VPC, List.of(), List.of(),
                                "Active", null, SG_DC, "MicrosoftAD")), Status.UNKNOWN,
                        "domain controllers unknown", "names no domain controller address"),
                // LM_NETWORK_INTERFACES
                Arguments.of("interfaces in place", CheckId.LM_NETWORK_INTERFACES, UnaryOperator.<World>identity(),
                        Status.PASS, "License Manager's network interfaces of d-0123456789 in place",
                        LM_ENI_A + " (in-use, " + SG_DEFAULT + ")"),
                Arguments.of("interfaces gone", CheckId.LM_NETWORK_INTERFACES,
                        (UnaryOperator<World>) w -> w.with(new DirectoryInterfaces(DIRECTORY, List.of())),
                        Status.FAIL, "License Manager's network interfaces of d-0123456789 are gone",
                        "finds no network interfaces described 'AWS created network interface for LicenseManager"
                                + " d-0123456789'"),
                Arguments.of("interface detaching", CheckId.LM_NETWORK_INTERFACES,
                        (UnaryOperator<World>) w -> w.with(new DirectoryInterfaces(DIRECTORY, List.of(
                                lmInterface(LM_ENI_A, SUBNET_VPCE_A, "10.0.2.200"),
                                new DirectoryInterface(LM_ENI_B, DIRECTORY, "AWS created network interface for"
                                        + " LicenseManager " + DIRECTORY, "detaching", "interface", null,
                                        SUBNET_VPCE_B, VPC, "10.0.3.200", List.of(SG_DEFAULT))))), Status.FAIL,
                        "License Manager's network interfaces of d-0123456789 altered",
                        LM_ENI_B + " (10.0.3.200, subnet-0vpceb) is detaching, not in-use or available"),
                Arguments.of("their group blocks Kerberos", CheckId.LM_NETWORK_INTERFACES,
                        (UnaryOperator<World>) w -> w.with(sg(SG_DEFAULT, VPC).egress(allBut(17, 88)).build()),
                        Status.FAIL, "cannot reach the domain controllers on Kerberos udp/88",
                        "sg-0default egress: no rule allows udp/88"),
                Arguments.of("lookup failed", CheckId.LM_NETWORK_INTERFACES,
                        (UnaryOperator<World>) w -> w.withoutAll(DirectoryInterfaces.class).with(
                                unknown(FactKind.DIRECTORY_INTERFACES, DIRECTORY)), Status.UNKNOWN,
                        "License Manager's interfaces unknown", "DescribeNetworkInterfaces for d-0123456789 failed"),
                Arguments.of("self-managed", CheckId.LM_NETWORK_INTERFACES,
                        (UnaryOperator<World>) w -> w.withoutAll(IdentityProvider.class).with(selfManaged())
                                .with(lmus(INSTANCE, "ACTIVE", null, OFFICE)), Status.UNKNOWN,
                        "License Manager's interfaces not identifiable", "no identification is documented"),
                // SUBSCRIPTION_TAG
                Arguments.of("tag present", CheckId.SUBSCRIPTION_TAG, UnaryOperator.<World>identity(), Status.PASS,
                        "tagged AWSLicenseManager=UserSubscriptions", "carries AWSLicenseManager=UserSubscriptions"),
                Arguments.of("tag removed", CheckId.SUBSCRIPTION_TAG, instanceTags(Map.of("Name", "x")),
                        Status.FAIL, "tag AWSLicenseManager removed", "it has no AWSLicenseManager tag"),
                Arguments.of("tag changed", CheckId.SUBSCRIPTION_TAG,
                        instanceTags(Map.of("AWSLicenseManager", "Retired")), Status.FAIL,
                        "tag AWSLicenseManager changed", "is 'Retired', not 'UserSubscriptions'"),
                Arguments.of("not listed by LM-US", CheckId.SUBSCRIPTION_TAG,
                        (UnaryOperator<World>) w -> w.withoutAll(dev.subsentinel.core.model.LmusInstance.class),
                        Status.SKIPPED, "LM-US does not list this instance", ""),
                Arguments.of("LM-US unreadable", CheckId.SUBSCRIPTION_TAG,
                        (UnaryOperator<World>) w -> w.withoutAll(dev.subsentinel.core.model.LmusInstance.class)
                                .with(unknown(FactKind.LMUS_INSTANCES, "*")), Status.UNKNOWN,
                        "LM-US listing unknown", "ListInstances failed"),
                // SERVICE_LINKED_ROLE
                Arguments.of("role present", CheckId.SERVICE_LINKED_ROLE, UnaryOperator.<World>identity(),
                        Status.PASS, "service-linked role present", "IAM GetRole " + ServiceLinkedRole.LMUS_ROLE_NAME),
                Arguments.of("role missing", CheckId.SERVICE_LINKED_ROLE,
                        (UnaryOperator<World>) w -> w.with(new ServiceLinkedRole(ServiceLinkedRole.LMUS_ROLE_NAME,
                                false, null)), Status.FAIL,
                        "service-linked role " + ServiceLinkedRole.LMUS_ROLE_NAME + " is missing",
                        "NoSuchEntity (the role does not exist in account " + ACCOUNT + ")"),
                Arguments.of("GetRole failed", CheckId.SERVICE_LINKED_ROLE,
                        (UnaryOperator<World>) w -> w.withoutAll(ServiceLinkedRole.class).with(
                                unknown(FactKind.SERVICE_LINKED_ROLE, ServiceLinkedRole.LMUS_ROLE_NAME)),
                        Status.UNKNOWN, "service-linked role unknown", "AccessDenied"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("rows")
    void evaluate_oneThingChanged_statusSummaryAndEvidence(String row, CheckId id, UnaryOperator<World> change,
            Status status, String summary, String evidence) {
        CheckResult result = change.apply(healthy()).result(id);

        assertThat(result.status()).as(row).isEqualTo(status);
        assertThat(result.summary()).as(row).contains(summary);
        assertThat(evidence(result)).as(row).contains(evidence);
    }

    /**
     * The spoke instance's VPC is no longer peered with the directory's: by the VPC rule no directory serves it.
     * LM-US lists it (naming no directory): every check about its directory fails with LM-US's own words. LM-US's
     * listing failed: LM-US might have named the registered directory, so they say UNKNOWN instead of failing.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CheckId.class, names = {"DIRECTORY_HEALTH", "DIRECTORY_PATH", "LM_NETWORK_INTERFACES",
            "DIRECTORY_DNS", "IDENTITY_PROVIDER"})
    void evaluate_noDirectoryByVpcAndLmusUnreadable_unknownNotNoDirectory(CheckId id) {
        World listed = withSpoke(healthy()).without(SPOKE_PCX);
        World unread = withSpoke(healthy()).without(SPOKE_PCX).withoutAll(LmusInstance.class)
                .with(unknown(FactKind.LMUS_INSTANCES, "*"));

        CheckResult known = listed.result(SPOKE_INSTANCE, id);
        CheckResult unknown = unread.result(SPOKE_INSTANCE, id);

        assertThat(known.status()).as("LM-US read").isEqualTo(Status.FAIL);
        assertThat(evidence(known)).contains(IdentityProviderResolver.NONE_TEXT);
        assertThat(unknown.status()).as("LM-US unread").isEqualTo(Status.UNKNOWN);
        assertThat(evidence(unknown)).contains("LM-US ListInstances, which names the instance's directory, could"
                + " not be read (AccessDenied").contains(IdentityProviderResolver.NONE_TEXT);
    }

    @Test
    void evaluate_dcGroupBlocksSmb_failIsAFleetLevelCause() {
        CheckResult result = dcGroup(allBut(6, 445)).apply(healthy()).result(CheckId.DIRECTORY_PATH);

        assertThat(FleetCauses.fleetLevel(result)).isTrue();
        assertThat(evidence(result)).contains("tcp/445 from eni-0primary (10.0.1.10, subnet-0app) to " + DC_A
                + " (domain controller of directory d-0123456789 (corp.example.com)):");
    }

    @Test
    void evaluate_instanceEgressBlocksSmb_failNamesTheControllersNotTheGroup() {
        CheckResult result = healthy().with(sg(dev.subsentinel.core.Fixtures.SG_INSTANCE, VPC)
                .egress(allBut(6, 445)).build()).result(CheckId.DIRECTORY_PATH);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("directory d-0123456789 (corp.example.com) unreachable on SMB tcp/445");
        assertThat(FleetCauses.fleetLevel(result)).isFalse();
        assertThat(evidence(result)).contains("sg-0instance egress: no rule allows tcp/445 to " + DC_A);
    }

    @Test
    void portTable_everyEntryHasItsSource_essentialOnesAreDnsKerberosLdapSmb() {
        assertThat(ActiveDirectoryPorts.ALL).hasSize(14).allSatisfy(p -> assertThat(p.source()).isNotBlank());
        assertThat(ActiveDirectoryPorts.ALL.stream().filter(ServicePort::essential)
                .map(ServicePort::label).toList()).containsExactly("DNS udp/53", "DNS tcp/53",
                "Kerberos udp/88", "Kerberos tcp/88", "LDAP udp/389", "LDAP tcp/389", "SMB tcp/445");
    }
}
