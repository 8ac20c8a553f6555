package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.ACL_DEFAULT;
import static dev.subsentinel.core.Fixtures.EIGW;
import static dev.subsentinel.core.Fixtures.IGW;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.NAT;
import static dev.subsentinel.core.Fixtures.RTB_MAIN;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SUBNET_APP;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.VPC_CIDR_V6;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.out;
import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.tcpPrefixList;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.NetworkInterface;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPv6 paths, table-driven, on the dual-stack fleet of {@link Fixtures#dualStack}: the instance (10.0.1.10 and
 * 2600:1f18:a:ff01::10) opens tcp/1688 to the activation endpoint's two addresses in subnet ff02, or tcp/443 to the
 * internet over either family. Each case changes one thing and names the rule, entry or route that must decide.
 */
class Ipv6PathTest {

    private static final Target KMS_V4 = new Target("10.0.2.20 (vpce-0kms)", Cidr.parse("10.0.2.20"),
            List.of(SG_KMS), VPC, SUBNET_VPCE_A);
    private static final Target KMS_V6 = new Target("2600:1f18:a:ff02::20 (vpce-0kms)",
            Cidr.parse("2600:1f18:a:ff02::20"), List.of(SG_KMS), VPC, SUBNET_VPCE_A);
    private static final Target INTERNET_V4 = Target.internet("ssm.us-east-1.amazonaws.com");
    private static final Target INTERNET_V6 = Target.internetIpv6("ssm's dual-stack endpoint");
    private static final String V6_VPCE_A = "2600:1f18:a:ff02::/64";

    /** One scenario: the change, the target, the port, what must come out and the evidence that must decide. */
    record Case(String name, UnaryOperator<World> setup, Target target, int port, Reach reach,
            List<String> evidence) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case kms6(String name, UnaryOperator<World> setup, Reach reach, String... evidence) {
        return new Case(name, setup, KMS_V6, 1688, reach, List.of(evidence));
    }

    private static Case kms4(String name, UnaryOperator<World> setup, Reach reach, String... evidence) {
        return new Case(name, setup, KMS_V4, 1688, reach, List.of(evidence));
    }

    private static Case web6(String name, UnaryOperator<World> setup, Reach reach, String... evidence) {
        return new Case(name, setup, INTERNET_V6, 443, reach, List.of(evidence));
    }

    private static World base() {
        return Fixtures.dualStack(Fixtures.healthy());
    }

    static Stream<Case> groups() {
        return Stream.of(
                kms6("::/0 egress and the VPC's IPv6 CIDR on the target admit IPv6", w -> w, Reach.OPEN,
                        "tcp/1688 from eni-0primary (2600:1f18:a:ff01::10, subnet-0app) to 2600:1f18:a:ff02::20",
                        "sg-0instance egress rule all traffic to ::/0 allows tcp/1688",
                        "sg-0kms ingress rule tcp/1688 from 2600:1f18:a:ff00::/56 allows"),
                kms6("an IPv4-only egress rule does not admit IPv6",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build()), Reach.BLOCKED,
                        "sg-0instance egress: no rule allows tcp/1688 to 2600:1f18:a:ff02::20 (vpce-0kms)"),
                kms4("the same IPv4-only egress rule still admits IPv4",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("0.0.0.0/0")).build()), Reach.OPEN,
                        "sg-0instance egress rule all traffic to 0.0.0.0/0 allows tcp/1688"),
                kms4("an IPv6-only egress rule does not admit IPv4",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("::/0")).build()), Reach.BLOCKED,
                        "sg-0instance egress: no rule allows tcp/1688 to 10.0.2.20 (vpce-0kms)"),
                kms6("the target group admits the VPC's IPv4 CIDR only",
                        w -> w.with(sg(SG_KMS, VPC).ingress(tcp(1688, VPC_CIDR)).build()), Reach.BLOCKED,
                        "sg-0kms ingress: no rule allows tcp/1688 from 2600:1f18:a:ff01::10 (i-0healthy)"),
                kms6("an IPv6 prefix list admits IPv6",
                        w -> w.with(prefixList("pl-0v6", VPC_CIDR_V6),
                                sg(SG_INSTANCE, VPC).egress(tcpPrefixList(1688, "pl-0v6")).build()), Reach.OPEN,
                        "sg-0instance egress rule tcp/1688 to pl-0v6 allows tcp/1688"),
                kms4("an IPv6 prefix list does not admit IPv4",
                        w -> w.with(prefixList("pl-0v6", VPC_CIDR_V6),
                                sg(SG_INSTANCE, VPC).egress(tcpPrefixList(1688, "pl-0v6")).build()), Reach.BLOCKED,
                        "sg-0instance egress: no rule allows tcp/1688 to 10.0.2.20"));
    }

    static Stream<Case> acls() {
        return Stream.of(
                kms6("IPv6 ACL entries in rule order: a deny at 90 beats the allow at 101",
                        w -> w.with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                                .entries(in(90, "deny", "6", "2600:1f18:a:ff01::/64", 1688, 1688))
                                .allowAll().dualStack().build()), Reach.BLOCKED,
                        "acl-0vpce (subnet-0vpcea) inbound rule 90 (deny 2600:1f18:a:ff01::/64 tcp/1688) denies"
                                + " tcp/1688 from 2600:1f18:a:ff01::10"),
                kms6("IPv6 ACL entries in rule order: the allow at 101 comes before a deny at 120",
                        w -> w.with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                                .entries(in(120, "deny", "6", "2600:1f18:a:ff01::/64", 1688, 1688))
                                .allowAll().dualStack().build()), Reach.OPEN,
                        "acl-0vpce (subnet-0vpcea) inbound rule 101 allows tcp/1688 from 2600:1f18:a:ff01::10"),
                kms6("IPv4 ACL entries do not apply to IPv6: the IPv6 * entry denies",
                        w -> w.with(acl(ACL_DEFAULT, VPC).isDefault().allowAll()
                                .entries(in(32768, "deny", "-1", "::/0", null, null),
                                        out(32768, "deny", "-1", "::/0", null, null)).build()), Reach.BLOCKED,
                        "acl-0default (subnet-0app) outbound rule * (deny ::/0 all) denies tcp/1688 to"
                                + " 2600:1f18:a:ff02::20"),
                kms4("IPv6 ACL entries do not apply to IPv4: an IPv6-only ACL denies IPv4",
                        w -> w.with(acl(ACL_DEFAULT, VPC).isDefault().dualStack().defaultDeny().build()),
                        Reach.BLOCKED, "acl-0default (subnet-0app) outbound rule * (deny 0.0.0.0/0 all) denies"),
                kms6("the replies to the ephemeral ports are denied on IPv6 only",
                        w -> w.with(acl("acl-0app", VPC).subnets(SUBNET_APP)
                                .entries(out(110, "allow", "-1", "::/0", null, null),
                                        in(110, "allow", "6", "::/0", 1024, 49151),
                                        in(32768, "deny", "-1", "::/0", null, null),
                                        out(32768, "deny", "-1", "::/0", null, null))
                                .allowAll().build()), Reach.BLOCKED,
                        "acl-0app (subnet-0app) inbound rule * (deny ::/0 all) denies replies from"
                                + " 2600:1f18:a:ff02::20 (vpce-0kms) to ports 49152-65535"),
                kms4("the same ACL still admits IPv4 replies",
                        w -> w.with(acl("acl-0app", VPC).subnets(SUBNET_APP)
                                .entries(out(110, "allow", "-1", "::/0", null, null),
                                        in(110, "allow", "6", "::/0", 1024, 49151),
                                        in(32768, "deny", "-1", "::/0", null, null),
                                        out(32768, "deny", "-1", "::/0", null, null))
                                .allowAll().build()), Reach.OPEN,
                        "acl-0app (subnet-0app) inbound rule 100 allows replies from 10.0.2.20"));
    }

    static Stream<Case> routes() {
        return Stream.of(
                kms6("a more specific IPv6 route sends the endpoint subnet to a firewall appliance",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("0.0.0.0/0", NAT).route("::/0", EIGW).route(V6_VPCE_A, "eni-0firewall")
                                .build()), Reach.UNVERIFIED,
                        "rtb-0main (subnet-0app) route 2600:1f18:a:ff02::/64 -> eni-0firewall: the traffic leaves"
                                + " through eni-0firewall"),
                kms4("the more specific IPv6 route does not touch IPv4",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("0.0.0.0/0", NAT).route("::/0", EIGW).route(V6_VPCE_A, "eni-0firewall")
                                .build()), Reach.OPEN, "rtb-0main (subnet-0app) route 10.0.0.0/16 -> local"),
                kms6("a blackholed more specific IPv6 route",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("::/0", EIGW).blackhole(V6_VPCE_A, "eni-0deletedfw").build()), Reach.BLOCKED,
                        "route 2600:1f18:a:ff02::/64 -> eni-0deletedfw is a blackhole"),
                kms6("no local IPv6 route: the IPv6 default route to the egress-only gateway catches it",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route("::/0", EIGW).build()),
                        Reach.BLOCKED, "route ::/0 -> eigw-0main sends private traffic to a gateway that does not"
                                + " deliver it"),
                web6("egress-only internet gateway: outbound IPv6 to the internet", w -> w, Reach.OPEN,
                        "rtb-0main (subnet-0app) route ::/0 -> eigw-0main (attached): egress-only",
                        "sg-0instance egress rule all traffic to ::/0 allows tcp/443 to ssm's dual-stack endpoint",
                        "acl-0default (subnet-0app) outbound rule 101 allows tcp/443"),
                web6("egress-only internet gateway not in the snapshot",
                        w -> w.without(EIGW).with(unknown(FactKind.EGRESS_ONLY_INTERNET_GATEWAYS, "*")),
                        Reach.UNKNOWN, "egress-only internet gateway eigw-0main could not be read: AccessDenied"),
                web6("egress-only internet gateway of another VPC",
                        w -> w.with(new EgressOnlyInternetGateway(EIGW, List.of(
                                new InternetGateway.Attachment("vpc-0other", "attached")))), Reach.BLOCKED,
                        "route ::/0 -> eigw-0main, but eigw-0main is not attached to vpc-0app"),
                web6("internet gateway carries IPv6 without a public IPv4 address",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("0.0.0.0/0", NAT).route("::/0", IGW).build()), Reach.OPEN,
                        "route ::/0 -> igw-0main (attached); eni-0primary sends from its IPv6 address"
                                + " 2600:1f18:a:ff01::10"),
                new Case("the same internet gateway needs a public IPv4 address for IPv4",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route("0.0.0.0/0", IGW).build()),
                        INTERNET_V4, 443, Reach.BLOCKED, List.of("has no public IPv4 address")),
                web6("IPv6 has no NAT gateway path",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("0.0.0.0/0", NAT).route("::/0", NAT).build()), Reach.BLOCKED,
                        "route ::/0 -> nat-0main: a NAT gateway carries no IPv6 to IPv6 destinations"),
                new Case("an egress-only internet gateway carries no IPv4",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route("0.0.0.0/0", EIGW).build()),
                        INTERNET_V4, 443, Reach.BLOCKED, List.of("an egress-only internet gateway carries IPv6"
                                + " traffic only")),
                web6("no IPv6 default route",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6)
                                .route("0.0.0.0/0", NAT).build()), Reach.BLOCKED,
                        "rtb-0main (subnet-0app) has no default route (::/0)"),
                web6("egress to a unique local range only does not admit the public IPv6 space",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(allTraffic("fc00::/7")).build()), Reach.BLOCKED,
                        "sg-0instance egress: no rule allows tcp/443 to ssm's dual-stack endpoint"),
                kms6("an IPv6 prefix-list route more specific than the local route",
                        w -> w.with(prefixList("pl-0v6fw", V6_VPCE_A), rtb(RTB_MAIN, VPC).main().local(VPC_CIDR)
                                .local(VPC_CIDR_V6).route("::/0", EIGW).prefixListRoute("pl-0v6fw", "eni-0firewall")
                                .build()), Reach.UNVERIFIED,
                        "route 2600:1f18:a:ff02::/64 -> eni-0firewall: the traffic leaves through eni-0firewall"),
                kms4("the IPv6 prefix-list route does not apply to IPv4",
                        w -> w.with(prefixList("pl-0v6fw", V6_VPCE_A), rtb(RTB_MAIN, VPC).main().local(VPC_CIDR)
                                .local(VPC_CIDR_V6).route("::/0", EIGW).prefixListRoute("pl-0v6fw", "eni-0firewall")
                                .build()), Reach.OPEN, "route 10.0.0.0/16 -> local"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"groups", "acls", "routes"})
    void reach_ipv6Scenario_expectedReachAndDecidingEvidence(Case c) {
        World world = c.setup().apply(base());
        Ec2Instance instance = world.get(Ec2Instance.class, INSTANCE);

        Decision decision = new PathAnalyzer(world.index()).reach(instance, c.target(), Protocol.TCP, c.port());

        assertThat(decision.reach()).as("reach; evidence %s", decision.evidence()).isEqualTo(c.reach());
        String evidence = String.join("\n", decision.evidence());
        for (String fragment : c.evidence()) {
            assertThat(evidence).contains(fragment);
        }
    }

    @Test
    void reach_instanceWithoutIpv6Address_blockedNamingTheMissingFamily() {
        World world = base().with(instance(INSTANCE).build());

        Decision decision = new PathAnalyzer(world.index()).reach(world.get(Ec2Instance.class, INSTANCE), KMS_V6,
                Protocol.TCP, 1688);

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(decision.evidence()).containsExactly("eni-0primary (i-0healthy) has no IPv6 address, so it cannot"
                + " connect to 2600:1f18:a:ff02::20 (vpce-0kms)");
    }

    @Test
    void sourceInterface_ipv6TargetOnSecondEniSubnet_thatEni() {
        World world = base().with(instance("i-0multi")
                .eni(new NetworkInterface("eni-0multia", 0, SUBNET_APP, VPC, "10.0.1.20", List.of(), null,
                        List.of(SG_INSTANCE)))
                .eni(new NetworkInterface("eni-0multib", 1, SUBNET_VPCE_A, VPC, "10.0.2.50",
                        List.of("2600:1f18:a:ff02::50"), null, List.of(SG_INSTANCE)))
                .build());
        PathAnalyzer paths = new PathAnalyzer(world.index());
        Ec2Instance multi = world.get(Ec2Instance.class, "i-0multi");

        assertThat(paths.sourceInterface(multi, KMS_V6).networkInterfaceId()).isEqualTo("eni-0multib");
        assertThat(paths.noSourceAddress(multi, KMS_V6)).isNull();
        assertThat(paths.noSourceAddress(multi, INTERNET_V6)).isEqualTo("eni-0multia (i-0multi) has no IPv6 address");
    }

    @Test
    void reach_peeredIpv6Target_routeBackLookedUpForTheIpv6Source() {
        String peerV6 = "2600:1f18:b:ff00::/56";
        Target peered = new Target("2600:1f18:b:ff01::20 (vpce-0peer)", Cidr.parse("2600:1f18:b:ff01::20"),
                List.of("sg-0peer"), "vpc-0peer", "subnet-0peer");
        World world = base().with(
                new dev.subsentinel.core.model.Vpc("vpc-0peer", List.of("10.1.0.0/16"), List.of(peerV6), true, true,
                        null),
                new dev.subsentinel.core.model.Subnet("subnet-0peer", "vpc-0peer", "10.1.1.0/24",
                        List.of("2600:1f18:b:ff01::/64"), "us-east-1a"),
                Fixtures.peering("pcx-0peer", "active", VPC, VPC_CIDR, "vpc-0peer", "10.1.0.0/16"),
                rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6).route(peerV6, "pcx-0peer").build(),
                rtb("rtb-0peer", "vpc-0peer").main().local("10.1.0.0/16").local(peerV6).build(),
                acl("acl-0peer", "vpc-0peer").isDefault().allowAll().dualStack().build(),
                sg("sg-0peer", "vpc-0peer").ingress(tcp(1688, VPC_CIDR_V6)).build());

        Decision decision = new PathAnalyzer(world.index()).reach(world.get(Ec2Instance.class, INSTANCE), peered,
                Protocol.TCP, 1688);

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(String.join("\n", decision.evidence())).contains("rtb-0peer (subnet-0peer) has no route back to"
                + " 2600:1f18:a:ff01::10; replies are dropped");
    }
}
