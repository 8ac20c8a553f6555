package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DC_A;
import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.LS_A;
import static dev.subsentinel.core.Fixtures.LS_B;
import static dev.subsentinel.core.Fixtures.LS_ENDPOINT_ARN;
import static dev.subsentinel.core.Fixtures.RDS;
import static dev.subsentinel.core.Fixtures.RDS_INSTANCE;
import static dev.subsentinel.core.Fixtures.RDS_PROVIDER_ARN;
import static dev.subsentinel.core.Fixtures.SG_DC;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_LS;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.licenseServer;
import static dev.subsentinel.core.Fixtures.licenseServerEndpoint;
import static dev.subsentinel.core.Fixtures.lmus;
import static dev.subsentinel.core.Fixtures.rule;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LICENSE_SERVER and LICENSE_SERVER_PATH on {@link Fixtures#withRemoteDesktop}: the RDS instance, its identity
 * provider's licence server endpoint and the two licence servers, every path open; each case changes one thing.
 */
class LicenseServerChecksTest {

    private static World rds() {
        return Fixtures.withRemoteDesktop(Fixtures.healthy());
    }

    private static CheckResult check(World world, CheckId id) {
        return world.result(RDS_INSTANCE, id);
    }

    @Test
    void healthyRemoteDesktop_bothChecksPassAndTheInstanceIsHealthy() {
        World world = rds();

        assertThat(check(world, CheckId.LICENSE_SERVER).status()).isEqualTo(Status.PASS);
        assertThat(check(world, CheckId.LICENSE_SERVER).summary()).isEqualTo("licence servers healthy");
        assertThat(evidence(check(world, CheckId.LICENSE_SERVER))).contains(
                "licence server 10.0.2.30 of lse-0rds is PROVISIONED and HEALTHY",
                "licence server 10.0.3.30 of lse-0rds is PROVISIONED and HEALTHY");
        CheckResult path = check(world, CheckId.LICENSE_SERVER_PATH);
        assertThat(path.status()).as(evidence(path)).isEqualTo(Status.PASS);
        assertThat(evidence(path)).contains("licence servers of lse-0rds: 10.0.2.30, 10.0.3.30");
        assertThat(world.report(RDS_INSTANCE).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void officeInstance_bothChecksSkipped() {
        World world = rds();

        assertThat(world.result(CheckId.LICENSE_SERVER).status()).isEqualTo(Status.SKIPPED);
        assertThat(world.result(CheckId.LICENSE_SERVER).summary())
                .isEqualTo("no Remote Desktop Services product (OFFICE_PROFESSIONAL_PLUS)");
        assertThat(world.result(CheckId.LICENSE_SERVER_PATH).status()).isEqualTo(Status.SKIPPED);
    }

    static Stream<Arguments> endpointStates() {
        return Stream.of(
                Arguments.of("endpoint still provisioning",
                        endpoint("PROVISIONING", null), Status.WARN, "licence server endpoint PROVISIONING",
                        "licence server endpoint lse-0rds is PROVISIONING"),
                Arguments.of("endpoint being deleted",
                        endpoint("DELETING", null), Status.WARN, "licence server endpoint DELETING",
                        "licence server endpoint lse-0rds is DELETING"),
                Arguments.of("endpoint provisioning failed, with LM-US's message",
                        endpoint("PROVISIONING_FAILED", "Secret license-manager-user-rds not found"), Status.FAIL,
                        "licence server endpoint PROVISIONING_FAILED", "licence server endpoint lse-0rds is"
                                + " PROVISIONING_FAILED (StatusMessage: Secret license-manager-user-rds not found)"),
                Arguments.of("endpoint deleted", endpoint("DELETED", null), Status.FAIL,
                        "licence server endpoint DELETED", "is DELETED"),
                Arguments.of("endpoint deletion failed", endpoint("DELETION_FAILED", "still in use"), Status.FAIL,
                        "licence server endpoint DELETION_FAILED", "(StatusMessage: still in use)"),
                Arguments.of("a status the monitor does not know warns with the raw text",
                        endpoint("SUSPENDED", null), Status.WARN, "licence server endpoint SUSPENDED",
                        "is SUSPENDED (not a status the monitor knows)"),
                Arguments.of("a licence server UNHEALTHY",
                        licenseServerEndpoint("PROVISIONED", licenseServer(LS_A, "HEALTHY"),
                                licenseServer(LS_B, "UNHEALTHY")), Status.FAIL, "licence server unhealthy (10.0.3.30)",
                        "licence server 10.0.3.30 of lse-0rds is UNHEALTHY"),
                Arguments.of("health NOT_APPLICABLE passes and says so",
                        licenseServerEndpoint("PROVISIONED", licenseServer(LS_A, "NOT_APPLICABLE"),
                                licenseServer(LS_B, "HEALTHY")), Status.PASS, "licence servers healthy",
                        "HealthStatus NOT_APPLICABLE: LM-US does not assess its health"),
                Arguments.of("a licence server still provisioning",
                        licenseServerEndpoint("PROVISIONED", new LicenseServer("PROVISIONING", null, LS_A, null),
                                licenseServer(LS_B, "HEALTHY")), Status.WARN, "licence server PROVISIONING",
                        "licence server 10.0.2.30 of lse-0rds: ProvisioningStatus PROVISIONING"),
                Arguments.of("a licence server whose provisioning failed",
                        licenseServerEndpoint("PROVISIONED", new LicenseServer("PROVISIONING_FAILED", null, LS_A,
                                null)), Status.FAIL, "licence server PROVISIONING_FAILED",
                        "ProvisioningStatus PROVISIONING_FAILED"),
                Arguments.of("a provisioned endpoint without licence servers",
                        licenseServerEndpoint("PROVISIONED"), Status.FAIL,
                        "licence server endpoint lists no licence server", "is PROVISIONED but lists no licence"
                                + " server"));
    }

    private static LicenseServerEndpoint endpoint(String status, String message) {
        return new LicenseServerEndpoint("lse-0rds", LS_ENDPOINT_ARN, RDS_PROVIDER_ARN, "RDS_SAL", null, status,
                message, List.of(licenseServer(LS_A, "HEALTHY")), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointStates")
    void licenseServer_endpointState_statusSummaryAndEvidence(String name, LicenseServerEndpoint endpoint,
            Status status, String summary, String evidence) {
        CheckResult result = check(rds().with(endpoint), CheckId.LICENSE_SERVER);

        assertThat(result.status()).isEqualTo(status);
        assertThat(result.summary()).isEqualTo(summary);
        assertThat(evidence(result)).contains(evidence);
        assertThat(FleetCauses.fleetLevel(result)).as("a shared cause when failing").isEqualTo(result.failing());
    }

    @Test
    void licenseServer_noEndpointListed_failsNamingTheProvider() {
        World world = rds().without(LS_ENDPOINT_ARN).licenseServersListed();

        CheckResult result = check(world, CheckId.LICENSE_SERVER);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("no licence server endpoint");
        assertThat(evidence(result)).contains("ListLicenseServerEndpoints lists no endpoint for " + RDS_PROVIDER_ARN
                + " (registration REGISTERED)");
        assertThat(check(world, CheckId.LICENSE_SERVER_PATH).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void licenseServer_notListedInTheSnapshot_unknownNeverAFailure() {
        World world = rds().without(LS_ENDPOINT_ARN);

        assertThat(check(world, CheckId.LICENSE_SERVER).status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(check(world, CheckId.LICENSE_SERVER)))
                .isEqualTo("the snapshot does not record LM-US ListLicenseServerEndpoints");
        assertThat(check(world, CheckId.LICENSE_SERVER_PATH).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void licenseServer_listingFailed_unknownWithTheReason() {
        World world = rds().without(LS_ENDPOINT_ARN).with(unknown(FactKind.LICENSE_SERVER_ENDPOINTS, "*"));

        CheckResult result = check(world, CheckId.LICENSE_SERVER);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).startsWith("LM-US ListLicenseServerEndpoints failed: AccessDenied");
    }

    @Test
    void licenseServer_providerWithoutArn_unknownSayingWhy() {
        World world = rds().with(Fixtures.provider(DIRECTORY, RDS, Fixtures.SG_KMS, SUBNET_VPCE_A, SUBNET_VPCE_B));

        CheckResult result = check(world, CheckId.LICENSE_SERVER);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("records no IdentityProviderArn");
    }

    @Test
    void licenseServer_lmusListsNoProduct_unknownWhenListInstancesFailed() {
        World world = rds().with(lmus(RDS_INSTANCE, "ACTIVE", DIRECTORY), unknown(FactKind.LMUS_INSTANCES, "*"));

        assertThat(check(world, CheckId.LICENSE_SERVER).status()).isEqualTo(Status.UNKNOWN);
        assertThat(check(world, CheckId.LICENSE_SERVER_PATH).status()).isEqualTo(Status.UNKNOWN);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("the instance's egress lacks SMB",
                        (UnaryOperator<World>) w -> w.with(sg(SG_INSTANCE, VPC).egress(rule("tcp", 0, 444,
                                "0.0.0.0/0"), rule("tcp", 446, 65535, "0.0.0.0/0"), rule("udp", 0, 65535,
                                "0.0.0.0/0")).build()),
                        Status.FAIL, "licence servers unreachable on SMB (RPC over named pipes) tcp/445", false,
                        "sg-0instance egress: no rule allows tcp/445 to 10.0.2.30 (licence server, eni-0lsa)"),
                Arguments.of("the licence servers' group does not admit the dynamic RPC ports",
                        (UnaryOperator<World>) w -> w.with(sg(SG_LS, VPC).ingress(tcp(135, VPC_CIDR),
                                tcp(445, VPC_CIDR)).egress(allTraffic("0.0.0.0/0")).build()),
                        Status.FAIL, "licence servers unreachable on RPC dynamic ports tcp/49152-65535", false,
                        "sg-0licence ingress: no rule allows tcp/49152-65535 from 10.0.1.30 (i-0rds)"),
                Arguments.of("only one licence server is reachable: intermittent, a WARN",
                        (UnaryOperator<World>) w -> w.with(new LicenseServerInterface("eni-0lsb", SUBNET_VPCE_B, VPC,
                                LS_B, List.of(), List.of("sg-0closed"), "in-use"), sg("sg-0closed", VPC)
                                .egress(allTraffic("0.0.0.0/0")).build()),
                        Status.WARN, "licence servers not reachable on every RD licensing port", false,
                        "reaches 1 of 2 addresses"),
                Arguments.of("the domain controllers' group does not admit the licence servers",
                        (UnaryOperator<World>) w -> w.with(sg(SG_DC, VPC).ingress(allTraffic("10.0.1.0/24"))
                                .egress(allTraffic("0.0.0.0/0")).build()),
                        Status.FAIL, "the licence servers of directory d-0123456789 (REMOTE_DESKTOP_SERVICES) and its"
                                + " domain controllers cannot reach each other on DNS udp/53, DNS tcp/53, Kerberos"
                                + " udp/88, Kerberos tcp/88, LDAP udp/389, LDAP tcp/389, SMB tcp/445", true,
                        "sg-0dc ingress: no rule allows udp/53 from 10.0.2.30 (licence server 10.0.2.30)"),
                Arguments.of("the domain controllers' group lets nothing out to the licence servers",
                        (UnaryOperator<World>) w -> w.with(sg(SG_DC, VPC).ingress(allTraffic(VPC_CIDR))
                                .egress(allTraffic("10.0.1.0/24")).build()),
                        Status.FAIL, "the licence servers of directory d-0123456789 (REMOTE_DESKTOP_SERVICES) and its"
                                + " domain controllers cannot reach each other on DNS udp/53", true,
                        "sg-0dc egress: no rule allows udp/53 to 10.0.2.30 (licence server, eni-0lsa)"),
                Arguments.of("a licence server address on no interface the collector found",
                        (UnaryOperator<World>) w -> w.without("eni-0lsb"),
                        Status.UNKNOWN, "licence servers' interfaces unknown", false,
                        "the network interface of licence server 10.0.3.30 (lse-0rds) was not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void licenseServerPath_change_statusSummaryCauseAndEvidence(String name, UnaryOperator<World> change,
            Status status, String summary, boolean fleetLevel, String evidence) {
        CheckResult result = check(change.apply(rds()), CheckId.LICENSE_SERVER_PATH);

        assertThat(result.status()).as(evidence(result)).isEqualTo(status);
        assertThat(result.summary()).startsWith(summary);
        assertThat(FleetCauses.fleetLevel(result)).isEqualTo(fleetLevel);
        assertThat(evidence(result)).contains(evidence);
    }

    @Test
    void licenseServerPath_serverSideComputedOncePerEndpoint_sameResultForEveryInstance() {
        World world = rds().with(sg(SG_DC, VPC).ingress(allTraffic("10.0.1.0/24")).egress(allTraffic("0.0.0.0/0"))
                .build(), Fixtures.instance("i-0rds2").productCodes()
                .eni(Fixtures.eni("eni-0rds2", 0, Fixtures.SUBNET_APP, VPC, "10.0.1.31", null, SG_INSTANCE)).build(),
                lmus("i-0rds2", "ACTIVE", DIRECTORY, RDS));

        CheckResult first = world.result(RDS_INSTANCE, CheckId.LICENSE_SERVER_PATH);
        CheckResult second = world.result("i-0rds2", CheckId.LICENSE_SERVER_PATH);

        assertThat(second.summary()).isEqualTo(first.summary()).startsWith(LicenseServerPathCheck.SERVER_SIDE_CAUSE);
    }

    @Test
    void licenseServerPath_serverEndpointIsAnIpv4Literal_onlyIpv4Used() {
        World world = Fixtures.dualStack(rds()).with(
                new LicenseServerEndpoint("lse-0rds", LS_ENDPOINT_ARN, RDS_PROVIDER_ARN, "RDS_SAL", LS_A,
                        "PROVISIONED", null, List.of(new LicenseServer("PROVISIONED", "HEALTHY", LS_A,
                                "2600:1f18:a:ff02::30")), null),
                new LicenseServerInterface("eni-0lsa", SUBNET_VPCE_A, VPC, LS_A, List.of("2600:1f18:a:ff02::30"),
                        List.of(SG_LS), "in-use"),
                Fixtures.instance(RDS_INSTANCE).productCodes().eni(new dev.subsentinel.core.model.NetworkInterface(
                        "eni-0rds", 0, Fixtures.SUBNET_APP, VPC, "10.0.1.30", List.of("2600:1f18:a:ff01::30"), null,
                        List.of("sg-0v4only"))).build(),
                sg("sg-0v4only", VPC).egress(allTraffic("0.0.0.0/0")).build(),
                sg(SG_LS, VPC).ingress(tcp(135, VPC_CIDR), tcp(445, VPC_CIDR), rule("tcp", 49152, 65535, VPC_CIDR))
                        .egress(allTraffic("0.0.0.0/0"), allTraffic("::/0")).build());

        CheckResult result = check(world, CheckId.LICENSE_SERVER_PATH);

        assertThat(result.status()).as(evidence(result)).isEqualTo(Status.PASS);
        assertThat(evidence(result)).contains("(ServerEndpoint 10.0.2.30 is an IPv4 address, so only that family is"
                + " used)");
    }

    @Test
    void licenseServerPath_dualStackServerBlockedOverIpv6_warnNamingIpv6() {
        World world = Fixtures.dualStack(rds()).with(
                Fixtures.licenseServerEndpoint("PROVISIONED", new LicenseServer("PROVISIONED", "HEALTHY", LS_A,
                        "2600:1f18:a:ff02::30")),
                new LicenseServerInterface("eni-0lsa", SUBNET_VPCE_A, VPC, LS_A, List.of("2600:1f18:a:ff02::30"),
                        List.of(SG_LS), "in-use"),
                Fixtures.instance(RDS_INSTANCE).productCodes().eni(new dev.subsentinel.core.model.NetworkInterface(
                        "eni-0rds", 0, Fixtures.SUBNET_APP, VPC, "10.0.1.30", List.of("2600:1f18:a:ff01::30"), null,
                        List.of(SG_INSTANCE))).build());

        CheckResult result = check(world, CheckId.LICENSE_SERVER_PATH);

        assertThat(result.status()).as(evidence(result)).isEqualTo(Status.WARN);
        assertThat(result.summary()).isEqualTo("licence servers not reachable over IPv6 on every RD licensing port");
        assertThat(evidence(result)).contains("IPv6 path blocked, IPv4 open: Windows tries a global IPv6 address"
                + " first", "sg-0licence ingress: no rule allows tcp/135 from 2600:1f18:a:ff01::30 (i-0rds)");
        assertThat(DC_A).isNotBlank();
    }
}
