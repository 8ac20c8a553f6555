package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DHCP;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.RTB_MAIN;
import static dev.subsentinel.core.Fixtures.SG_VPCE;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPCE_SSM;
import static dev.subsentinel.core.Fixtures.VPCE_SSMMESSAGES;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.interfaceEndpoint;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.service;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.ssm;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SsmNetworkPathCheckTest {

    private static VpcEndpoint ssmEndpoint(String state, boolean privateDns) {
        VpcEndpoint healthy = interfaceEndpoint(VPCE_SSM, VPC, service("ssm"), SG_VPCE, SUBNET_VPCE_A, "10.0.2.10",
                SUBNET_VPCE_B, "10.0.3.10");
        return new VpcEndpoint(VPCE_SSM, VPC, healthy.serviceName(), "Interface", state, healthy.subnetIds(),
                healthy.groupIds(), privateDns, healthy.interfaces());
    }

    private static World noDefaultRoute(World world) {
        return world.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).build());
    }

    private static Arguments row(String name, UnaryOperator<World> setup, Status status, String... evidence) {
        return Arguments.of(name, setup, status, List.of(evidence));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("interface endpoints with private DNS, every address reachable", w -> w, Status.PASS,
                        "ssm: reachable via vpce-0ssm (private DNS, 2 addresses)",
                        "ssmmessages: reachable via vpce-0ssmmessages (private DNS, 2 addresses)"),
                row("one of the two endpoint addresses blocked by its subnet's ACL is a WARN",
                        w -> w.with(acl("acl-0vpceb", VPC).subnets(SUBNET_VPCE_B)
                                .entries(in(90, "deny", "6", "10.0.1.0/24", 443, 443)).allowAll().build()),
                        Status.WARN, "ssm via vpce-0ssm (private DNS, 2 addresses):",
                        "reaches 1 of 2 addresses; clients pick any of them, so connections fail intermittently",
                        "acl-0vpceb (subnet-0vpceb) inbound rule 90 (deny 10.0.1.0/24 tcp/443) denies tcp/443 from"
                                + " 10.0.1.10 to 10.0.3.10 (vpce-0ssm ssm)"),
                row("endpoint group admits 443 from nowhere is a FAIL even with a NAT gateway",
                        w -> w.with(sg(SG_VPCE, VPC).build()), Status.FAIL,
                        "sg-0vpce ingress: no rule allows tcp/443 from 10.0.1.10 (i-0healthy)"),
                row("endpoint with private DNS off: the regional name goes to the internet, here via NAT",
                        w -> w.with(ssmEndpoint("available", false)), Status.PASS,
                        "ssm: reachable via the internet (ssm.us-east-1.amazonaws.com)",
                        "ssmmessages: reachable via vpce-0ssmmessages"),
                row("endpoint with private DNS off and no default route",
                        w -> noDefaultRoute(w.with(ssmEndpoint("available", false))), Status.FAIL,
                        "vpce-0ssm serves ssm but is available with private DNS off, so the regional name still"
                                + " resolves to public addresses",
                        "no available com.amazonaws.us-east-1.ssm interface endpoint with private DNS in vpc-0app",
                        "rtb-0main (subnet-0app) has no default route (0.0.0.0/0)"),
                row("endpoint still pending and no default route",
                        w -> noDefaultRoute(w.with(ssmEndpoint("pendingAcceptance", true))), Status.FAIL,
                        "vpce-0ssm serves ssm but is pendingAcceptance"),
                row("no endpoints: the NAT gateway path", w -> w.without(VPCE_SSM, VPCE_SSMMESSAGES), Status.PASS,
                        "ssm: reachable via the internet (ssm.us-east-1.amazonaws.com)",
                        "ssmmessages: reachable via the internet (ssmmessages.us-east-1.amazonaws.com)"),
                row("no endpoints and no default route",
                        w -> noDefaultRoute(w.without(VPCE_SSM, VPCE_SSMMESSAGES)), Status.FAIL,
                        "ssm via the internet (ssm.us-east-1.amazonaws.com):",
                        "ssmmessages via the internet (ssmmessages.us-east-1.amazonaws.com):"),
                row("agent 3.3.40.0 or newer does not need ec2messages", w -> noDefaultRoute(w), Status.PASS,
                        "ssm: reachable via vpce-0ssm"),
                row("agent older than 3.3.40.0 also needs ec2messages",
                        w -> noDefaultRoute(w.with(ssm(INSTANCE, "Online", 1, "3.2.2303.0"))), Status.FAIL,
                        "ec2messages via the internet (ec2messages.us-east-1.amazonaws.com):",
                        "ssm: reachable via vpce-0ssm"),
                // An unknown agent version is not a current agent: ec2messages (needed before 3.3.40.0, Systems
                // Manager "Create VPC endpoints": https://docs.aws.amazon.com/systems-manager/latest/userguide/
                // setup-create-vpc.html) is evaluated too, and a path that is not open is UNKNOWN, never a PASS.
                row("agent version unknown and ec2messages not reachable: UNKNOWN for that part",
                        w -> noDefaultRoute(w.with(ssm(INSTANCE, "Online", 1, null))), Status.UNKNOWN,
                        "the SSM Agent version is unknown (Systems Manager reports no agent version); agents before"
                                + " 3.3.40.0 also need ec2messages, and its path is not open:",
                        "ec2messages via the internet (ec2messages.us-east-1.amazonaws.com):",
                        "ssm: reachable via vpce-0ssm"),
                row("agent version unknown because SSM does not list the instance",
                        w -> noDefaultRoute(w.withoutAll(SsmInstance.class)), Status.UNKNOWN,
                        "the SSM Agent version is unknown (Systems Manager does not list the instance)"),
                row("agent version unknown but ec2messages reachable through the NAT gateway",
                        w -> w.with(ssm(INSTANCE, "Online", 1, null)), Status.PASS,
                        "ec2messages: reachable via the internet (ec2messages.us-east-1.amazonaws.com)"),
                // Private DNS needs both VPC DNS attributes (AWS PrivateLink, "Manage DNS names":
                // https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html; Amazon VPC "DNS
                // attributes for your VPC": https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html).
                row("enableDnsHostnames off: private DNS inactive, so without a default route no path",
                        w -> noDefaultRoute(w.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), true, false, DHCP))),
                        Status.FAIL, "vpce-0ssm serves ssm with private DNS on, but private DNS takes effect only"
                                + " with enableDnsSupport and enableDnsHostnames both true; vpc-0app has"
                                + " enableDnsSupport=true, enableDnsHostnames=false",
                        "rtb-0main (subnet-0app) has no default route (0.0.0.0/0)"),
                row("enableDnsSupport off: private DNS inactive, the names resolve publicly, here via NAT",
                        w -> w.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), false, true, DHCP)), Status.PASS,
                        "ssm: reachable via the internet (ssm.us-east-1.amazonaws.com)"),
                row("DNS attributes unknown: the endpoint path is UNKNOWN",
                        w -> w.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), null, null, DHCP),
                                unknown(FactKind.VPC_ATTRIBUTES, VPC)), Status.UNKNOWN,
                        "private DNS of interface endpoints needs enableDnsSupport and enableDnsHostnames, and those"
                                + " of vpc-0app could not be read: AccessDenied"),
                row("endpoints could not be read and none is known",
                        w -> w.without(VPCE_SSM, VPCE_SSMMESSAGES).with(unknown(FactKind.VPC_ENDPOINTS, VPC)),
                        Status.UNKNOWN, "the VPC endpoints of vpc-0app could not be read: AccessDenied"),
                row("endpoint group could not be read",
                        w -> w.without(SG_VPCE).with(unknown(FactKind.SECURITY_GROUPS, SG_VPCE)), Status.UNKNOWN,
                        "sg-0vpce could not be read: AccessDenied"),
                row("stopped instance", w -> w.with(instance(INSTANCE).state("stopped").build()), Status.SKIPPED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_pathToSystemsManager_statusAndDecidingEvidence(String name, UnaryOperator<World> setup,
            Status expected, List<String> fragments) {
        CheckResult result = setup.apply(healthy()).result(CheckId.SSM_NETWORK_PATH);

        assertThat(result.status()).as("status; evidence %s", result.evidence()).isEqualTo(expected);
        for (String fragment : fragments) {
            assertThat(evidence(result)).contains(fragment);
        }
    }
}
