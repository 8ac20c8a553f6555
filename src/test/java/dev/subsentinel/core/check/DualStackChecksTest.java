package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DC_A_V6;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.INSTANCE_IP;
import static dev.subsentinel.core.Fixtures.INSTANCE_IPV6;
import static dev.subsentinel.core.Fixtures.SG_DEFAULT;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SUBNET_APP;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.VPC_CIDR_V6;
import static dev.subsentinel.core.Fixtures.VPCE_SSM;
import static dev.subsentinel.core.Fixtures.VPCE_SSMMESSAGES;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.ssm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.VpcEndpoint;
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
 * Every path check on the dual-stack fleet of {@link Fixtures#dualStack}: each family the instance and the target
 * share is judged; one blocked while the other is open is a WARN naming the blocked family; a family the instance
 * has no address of, or that DNS does not give, is never judged.
 */
class DualStackChecksTest {

    private static final List<CheckId> PATHS = List.of(CheckId.SSM_NETWORK_PATH, CheckId.ACTIVATION_PATH,
            CheckId.DIRECTORY_PATH, CheckId.LM_NETWORK_INTERFACES);

    private static World dual() {
        return Fixtures.dualStack(Fixtures.healthy());
    }

    @Test
    void dualStackFleet_everyPathOpenInBothFamilies_healthy() {
        World world = dual();

        for (CheckId id : PATHS) {
            assertThat(world.result(id).status()).as(id + ": " + evidence(world.result(id))).isEqualTo(Status.PASS);
        }
        assertThat(world.report(INSTANCE).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(evidence(world.result(CheckId.ACTIVATION_PATH))).contains(
                "over IPv4:", "over IPv6:", "tcp/1688 from eni-0primary (2600:1f18:a:ff01::10, subnet-0app) to"
                        + " 2600:1f18:a:ff02::20 (vpce-0kms):");
    }

    static Stream<Arguments> oneFamilyBlocked() {
        UnaryOperator<World> ipv4Only = w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build());
        UnaryOperator<World> ipv6Only = w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("::/0")).build());
        return Stream.of(
                Arguments.of("SSM over IPv6", ipv4Only, CheckId.SSM_NETWORK_PATH,
                        "path to Systems Manager on tcp/443 not proven (ssm over IPv6, ssmmessages over IPv6)",
                        "IPv6 path blocked, IPv4 open: Windows tries a global IPv6 address first"),
                Arguments.of("activation over IPv6", ipv4Only, CheckId.ACTIVATION_PATH,
                        "licence activation blocked over IPv6 on tcp/1688",
                        "sg-0instance egress: no rule allows tcp/1688 to 2600:1f18:a:ff02::20 (vpce-0kms)"),
                Arguments.of("domain controllers over IPv6", ipv4Only, CheckId.DIRECTORY_PATH,
                        "directory d-0123456789 (corp.example.com) not reachable over IPv6 on every Active Directory"
                                + " port",
                        "sg-0instance egress: no rule allows udp/53 to " + DC_A_V6),
                Arguments.of("activation over IPv4", ipv6Only, CheckId.ACTIVATION_PATH,
                        "licence activation blocked over IPv4 on tcp/1688",
                        "IPv4 path blocked, IPv6 open: Windows tries a global IPv6 address first (RFC 6724 default"
                                + " policy, KB 929852), so IPv4 is the fallback when IPv6 fails"),
                Arguments.of("License Manager's interfaces over IPv6",
                        (UnaryOperator<World>) w -> w.with(sg(SG_DEFAULT, VPC).ingress(allTraffic(VPC_CIDR),
                                allTraffic(VPC_CIDR_V6)).egress(allTraffic("0.0.0.0/0")).build()),
                        CheckId.LM_NETWORK_INTERFACES, "License Manager's network interfaces of d-0123456789 do not"
                                + " reach the domain controllers over IPv6 on DNS udp/53",
                        "sg-0default egress: no rule allows udp/53 to 2600:1f18:a:ff02::100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFamilyBlocked")
    void pathCheck_oneFamilyBlocked_warnNamingIt(String name, UnaryOperator<World> change, CheckId id,
            String summary, String evidence) {
        CheckResult result = change.apply(dual()).result(id);

        assertThat(result.status()).as(evidence(result)).isEqualTo(Status.WARN);
        assertThat(result.summary()).startsWith(summary);
        assertThat(evidence(result)).contains(evidence);
    }

    @Test
    void pathChecks_bothFamiliesBlocked_failAsBefore() {
        World world = dual().with(sg(SG_INSTANCE, VPC).egress(allTraffic("10.0.9.0/24")).build());

        assertThat(world.result(CheckId.ACTIVATION_PATH).status()).isEqualTo(Status.FAIL);
        assertThat(world.result(CheckId.ACTIVATION_PATH).summary()).isEqualTo("licence activation blocked on"
                + " tcp/1688");
        assertThat(evidence(world.result(CheckId.ACTIVATION_PATH))).contains("over IPv4:", "over IPv6:");
        assertThat(world.result(CheckId.DIRECTORY_PATH).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void pathChecks_instanceWithoutIpv6Address_ipv6NeverJudgedAndSaidSo() {
        World world = dual().with(instance(INSTANCE).build(),
                sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build());

        for (CheckId id : List.of(CheckId.SSM_NETWORK_PATH, CheckId.ACTIVATION_PATH, CheckId.DIRECTORY_PATH)) {
            assertThat(world.result(id).status()).as(id + ": " + evidence(world.result(id))).isEqualTo(Status.PASS);
        }
        assertThat(evidence(world.result(CheckId.ACTIVATION_PATH))).contains("IPv6 addresses 2600:1f18:a:ff02::20,"
                + " 2600:1f18:a:ff03::20 not used: eni-0primary (i-0healthy) has no IPv6 address, so the client"
                + " never connects over IPv6");
        assertThat(evidence(world.result(CheckId.DIRECTORY_PATH))).contains("not used: eni-0primary (i-0healthy)"
                + " has no IPv6 address");
    }

    @Test
    void ssmPath_endpointDnsRecordsIpv4Only_ipv6AddressesOfTheEndpointNeverJudged() {
        World world = dual().with(sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build(),
                dnsRecords(world0 -> world0, VPCE_SSM, "ipv4"), dnsRecords(world0 -> world0, VPCE_SSMMESSAGES,
                        "service-defined"));

        CheckResult result = world.result(CheckId.SSM_NETWORK_PATH);

        assertThat(result.status()).as(evidence(result)).isEqualTo(Status.PASS);
        assertThat(result.evidence()).contains("ssm: reachable via vpce-0ssm (private DNS, 2 addresses)",
                "ssmmessages: reachable via vpce-0ssmmessages (private DNS, 2 addresses)");
    }

    @Test
    void ssmPath_endpointDnsRecordsIpv6Only_instanceWithoutIpv6HasNoCommonFamily() {
        World world = dual().with(instance(INSTANCE).build(), dnsRecords(w -> w, VPCE_SSM, "ipv6"));

        CheckResult result = world.result(CheckId.SSM_NETWORK_PATH);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).contains("no address of a family the client can use:",
                "not used: eni-0primary (i-0healthy) has no IPv6 address");
    }

    @Test
    void directoryPath_uniqueLocalControllers_ipv4PreferredAndTheWarningSaysSo() {
        World world = dual().with(new Directory(Fixtures.DIRECTORY, Fixtures.DOMAIN, VPC,
                List.of(Fixtures.SUBNET_VPCE_A, Fixtures.SUBNET_VPCE_B), List.of(Fixtures.DC_A, Fixtures.DC_B),
                "Active", null, Fixtures.SG_DC, "MicrosoftAD", List.of("fd00:1::100")),
                sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build());

        CheckResult result = world.result(CheckId.DIRECTORY_PATH);

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(evidence(result)).contains("IPv6 path blocked, IPv4 open: Windows prefers IPv4 to a unique local"
                + " IPv6 address (RFC 6724), so IPv6 is the fallback when IPv4 fails, and that fallback is broken");
    }

    @Test
    void ssmPath_internetWithDualStackCapableAgent_ipv6PathReportedBesideTheVerdict() {
        World world = dual().without(VPCE_SSM, VPCE_SSMMESSAGES, Fixtures.VPCE_KMS)
                .with(ssm(INSTANCE, "Online", 2, "3.3.3270.0"),
                        sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build());

        CheckResult result = world.result(CheckId.SSM_NETWORK_PATH);

        assertThat(result.status()).as(evidence(result)).isEqualTo(Status.PASS);
        assertThat(evidence(result)).contains("IPv6 path to ssm's dual-stack endpoint (used only if the agent's"
                + " UseDualStackEndpoint option is set; not part of the verdict): not open:",
                "sg-0instance egress: no rule allows tcp/443 to ssm's dual-stack endpoint");
    }

    @Test
    void ssmPath_internetWithOlderAgent_noIpv6Line() {
        World world = dual().without(VPCE_SSM, VPCE_SSMMESSAGES, Fixtures.VPCE_KMS);

        CheckResult result = world.result(CheckId.SSM_NETWORK_PATH);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(evidence(result)).doesNotContain("IPv6");
    }

    @Test
    void rdpIngress_ipv6WorldOpen_failNamingTheRule() {
        World world = dual().with(sg(SG_INSTANCE, VPC).ingress(Fixtures.tcp(3389, "::/0"))
                .egress(allTraffic("0.0.0.0/0"), allTraffic("::/0")).build());

        CheckResult result = world.result(CheckId.RDP_INGRESS);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).isEqualTo("sg-0instance ingress rule tcp/3389 from ::/0 admits tcp/3389 from the"
                + " whole internet");
    }

    @Test
    void sourceAddress_ofTheFamily() {
        NetworkInterface eni = new NetworkInterface("eni-1", 0, SUBNET_APP, VPC, INSTANCE_IP, List.of(INSTANCE_IPV6),
                null, List.of());

        assertThat(dev.subsentinel.core.net.PathAnalyzer.sourceAddress(eni, dev.subsentinel.core.net.Target
                .internetIpv6("x"))).isEqualTo(INSTANCE_IPV6);
        assertThat(dev.subsentinel.core.net.PathAnalyzer.sourceAddress(eni, dev.subsentinel.core.net.Target
                .internet("x"))).isEqualTo(INSTANCE_IP);
    }

    private static VpcEndpoint dnsRecords(UnaryOperator<World> unused, String endpointId, String recordType) {
        VpcEndpoint endpoint = dual().get(VpcEndpoint.class, endpointId);
        return new VpcEndpoint(endpoint.vpcEndpointId(), endpoint.vpcId(), endpoint.serviceName(), endpoint.type(),
                endpoint.state(), endpoint.subnetIds(), endpoint.groupIds(), endpoint.privateDnsEnabled(),
                endpoint.interfaces(), "dualstack", recordType);
    }
}
