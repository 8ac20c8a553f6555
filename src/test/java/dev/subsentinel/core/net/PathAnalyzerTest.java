package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.ACL_DEFAULT;
import static dev.subsentinel.core.Fixtures.ENI;
import static dev.subsentinel.core.Fixtures.IGW;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.NAT;
import static dev.subsentinel.core.Fixtures.RTB_MAIN;
import static dev.subsentinel.core.Fixtures.RTB_PUBLIC;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SUBNET_APP;
import static dev.subsentinel.core.Fixtures.SUBNET_PUBLIC;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.eni;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.nat;
import static dev.subsentinel.core.Fixtures.out;
import static dev.subsentinel.core.Fixtures.peering;
import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.subnet;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.tcpPeeredGroup;
import static dev.subsentinel.core.Fixtures.unknown;
import static dev.subsentinel.core.Fixtures.vpc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.Rtb;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.RouteTable;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Can ENI X reach IP Y on tcp/P, and can the reply come back": the healthy fleet of {@link Fixtures}, plus a VPC
 * {@value #PEER_VPC} (10.1.0.0/16) peered through {@value #PCX} with an activation-like endpoint in it.
 */
class PathAnalyzerTest {

    private static final String PEER_VPC = "vpc-0peer";
    private static final String PEER_CIDR = "10.1.0.0/16";
    private static final String PEER_SUBNET = "subnet-0peer";
    private static final String PCX = "pcx-0peer";
    private static final String MULTI = "i-0multi";
    private static final String PUBLIC = "i-0public";

    private static final Target NEIGHBOUR = new Target("10.0.1.50 (eni-0neighbour)", Cidr.parse("10.0.1.50"),
            List.of("sg-0neighbour"), VPC, SUBNET_APP);
    private static final Target KMS_A = new Target("10.0.2.20 (vpce-0kms)", Cidr.parse("10.0.2.20"),
            List.of(SG_KMS), VPC, SUBNET_VPCE_A);
    private static final Target KMS_B = new Target("10.0.3.20 (vpce-0kms)", Cidr.parse("10.0.3.20"),
            List.of(SG_KMS), VPC, SUBNET_VPCE_B);
    private static final Target PEERED = new Target("10.1.1.20 (vpce-0peerkms)", Cidr.parse("10.1.1.20"),
            List.of("sg-0peerkms"), PEER_VPC, PEER_SUBNET);
    private static final Target FAR = new Target("10.2.1.20 (vpce-0far)", Cidr.parse("10.2.1.20"), List.of(),
            "vpc-0far", "subnet-0far");
    private static final Target HUB = new Target("10.5.1.20 (kms behind tgw-0hub)", Cidr.parse("10.5.1.20"),
            List.of(), "vpc-0hub", "subnet-0hub");
    private static final Target OTHER = new Target("10.7.0.5 (somewhere)", Cidr.parse("10.7.0.5"), List.of(),
            "vpc-0other", "subnet-0other");
    private static final Target INTERNET = Target.internet("ssm.us-east-1.amazonaws.com");

    /**
     * One scenario: how it differs from the base world, who connects where, and what must come out.
     */
    record Case(String name, UnaryOperator<World> setup, String instanceId, Target target, int port, Reach reach,
            List<String> evidence, List<String> absent) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case kms(String name, UnaryOperator<World> setup, Target target, Reach reach,
            String... evidence) {
        return new Case(name, setup, INSTANCE, target, 1688, reach, List.of(evidence), List.of());
    }

    private static Case https(String name, String instanceId, UnaryOperator<World> setup, Reach reach,
            String... evidence) {
        return new Case(name, setup, instanceId, INTERNET, 443, reach, List.of(evidence), List.of());
    }

    /** The main table without its default route: local and the peering route. */
    private static Rtb mainTable() {
        return rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route(PEER_CIDR, PCX);
    }

    private static Rtb peerTable() {
        return rtb("rtb-0peer", PEER_VPC).main().local(PEER_CIDR);
    }

    private static World base() {
        return Fixtures.healthy()
                .with(mainTable().route("0.0.0.0/0", NAT).build(),
                        vpc(PEER_VPC, PEER_CIDR),
                        subnet(PEER_SUBNET, PEER_VPC, "10.1.1.0/24"),
                        peerTable().route(VPC_CIDR, PCX).build(),
                        acl("acl-0peer", PEER_VPC).isDefault().allowAll().build(),
                        sg("sg-0peerkms", PEER_VPC).ingress(tcp(1688, VPC_CIDR)).build(),
                        peering(PCX, "active", VPC, VPC_CIDR, PEER_VPC, PEER_CIDR),
                        prefixList("pl-0peer", PEER_CIDR),
                        sg("sg-0neighbour", VPC).ingress(tcp(1688, VPC_CIDR)).build(),
                        sg("sg-0locked", VPC).build(),
                        instance(MULTI)
                                .eni(eni("eni-0multia", 0, SUBNET_APP, VPC, "10.0.1.20", null, "sg-0locked"))
                                .eni(eni("eni-0multib", 1, SUBNET_VPCE_A, VPC, "10.0.2.50", null, SG_INSTANCE))
                                .build(),
                        instance(PUBLIC)
                                .eni(eni("eni-0public", 0, SUBNET_PUBLIC, VPC, "10.0.0.10", "54.1.2.3", SG_INSTANCE))
                                .build());
    }

    private static World hubWorld(World w) {
        return w.with(mainTable().route("0.0.0.0/0", NAT).route("10.5.0.0/16", "tgw-0hub").build(),
                vpc("vpc-0hub", "10.5.0.0/16"),
                subnet("subnet-0hub", "vpc-0hub", "10.5.1.0/24"),
                acl("acl-0hub", "vpc-0hub").isDefault().allowAll().build());
    }

    static Stream<Case> sameVpc() {
        return Stream.of(
                kms("same subnet: the ACL is not crossed, even one that denies everything",
                        w -> w.with(acl(ACL_DEFAULT, VPC).isDefault().defaultDeny().build()), NEIGHBOUR,
                        Reach.OPEN, "10.0.1.50 (eni-0neighbour) is in the instance's own subnet subnet-0app: delivered"
                                + " within the subnet, no route or network ACL applies",
                        "sg-0neighbour ingress rule tcp/1688 from 10.0.0.0/16 allows"),
                kms("same subnet: the target's group still applies",
                        w -> w.with(sg("sg-0neighbour", VPC).build()), NEIGHBOUR, Reach.BLOCKED,
                        "sg-0neighbour ingress: no rule allows tcp/1688 from 10.0.1.10 (i-0healthy)"),
                kms("different subnets: groups, local route and both ACLs both ways", w -> w, KMS_A, Reach.OPEN,
                        "tcp/1688 from eni-0primary (10.0.1.10, subnet-0app) to 10.0.2.20 (vpce-0kms):",
                        "sg-0instance egress rule all traffic to 0.0.0.0/0 allows tcp/1688",
                        "acl-0default (subnet-0app) outbound rule 100 allows tcp/1688 to 10.0.2.20",
                        "acl-0default (subnet-0app) inbound rule 100 allows replies from 10.0.2.20 (vpce-0kms)"
                                + " to ports 49152-65535",
                        "acl-0default (subnet-0vpcea) inbound rule 100 allows tcp/1688 from 10.0.1.10",
                        "acl-0default (subnet-0vpcea) outbound rule 100 allows replies to 10.0.1.10",
                        "sg-0kms ingress rule tcp/1688 from 10.0.0.0/16 allows"),
                kms("different subnets: the target subnet's ACL denies at rule 90",
                        w -> w.with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                                .entries(in(90, "deny", "6", "10.0.1.0/24", 1688, 1688)).allowAll().build()),
                        KMS_A, Reach.BLOCKED, "acl-0vpce (subnet-0vpcea) inbound rule 90 (deny 10.0.1.0/24 tcp/1688)"
                                + " denies tcp/1688 from 10.0.1.10 to 10.0.2.20 (vpce-0kms)"),
                kms("different subnets: the source ACL admits requests but blocks the ephemeral replies",
                        w -> w.with(acl("acl-0app", VPC).subnets(SUBNET_APP)
                                .entries(out(100, "allow", "-1", "0.0.0.0/0", null, null),
                                        in(100, "allow", "6", "0.0.0.0/0", 1024, 49151))
                                .defaultDeny().build()),
                        KMS_A, Reach.BLOCKED, "acl-0app (subnet-0app) inbound rule * (deny 0.0.0.0/0 all) denies"
                                + " replies from 10.0.2.20 (vpce-0kms) to ports 49152-65535"),
                kms("different subnets: the target ACL lets requests in but not the replies out",
                        w -> w.with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                                .entries(in(100, "allow", "-1", "0.0.0.0/0", null, null),
                                        out(100, "allow", "6", "0.0.0.0/0", 443, 443))
                                .defaultDeny().build()),
                        KMS_A, Reach.BLOCKED, "acl-0vpce (subnet-0vpcea) outbound rule * (deny 0.0.0.0/0 all)"
                                + " denies replies to 10.0.1.10 ports 49152-65535"),
                kms("the instance's group has no egress for 1688",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(tcp(443, "0.0.0.0/0")).build()), KMS_A,
                        Reach.BLOCKED, "sg-0instance egress: no rule allows tcp/1688 to 10.0.2.20 (vpce-0kms)"),
                kms("the endpoint's group does not admit the instance",
                        w -> w.with(sg(SG_KMS, VPC).ingress(tcp(1688, "10.9.0.0/16")).build()), KMS_A,
                        Reach.BLOCKED, "sg-0kms ingress: no rule allows tcp/1688 from 10.0.1.10 (i-0healthy)"),
                kms("blackhole route to the endpoint subnet",
                        w -> w.with(mainTable().route("0.0.0.0/0", NAT).blackhole("10.0.2.0/24", "eni-0deletedfw")
                                .build()), KMS_A, Reach.BLOCKED,
                        "rtb-0main (subnet-0app) route 10.0.2.0/24 -> eni-0deletedfw is a blackhole"),
                kms("route to a transit gateway is UNVERIFIED", PathAnalyzerTest::hubWorld, HUB, Reach.UNVERIFIED,
                        "rtb-0main (subnet-0app) route 10.5.0.0/16 -> tgw-0hub: the traffic leaves through tgw-0hub"
                                + " and the path beyond it is not evaluated"),
                kms("private address caught by the default route to the NAT gateway", w -> w, OTHER, Reach.BLOCKED,
                        "rtb-0main (subnet-0app) route 0.0.0.0/0 -> nat-0main sends private traffic to a gateway"
                                + " that does not deliver it"),
                kms("no route at all", w -> w.with(mainTable().build()), OTHER, Reach.BLOCKED,
                        "rtb-0main (subnet-0app) has no route to 10.7.0.5"),
                kms("route tables could not be read",
                        w -> w.withoutAll(RouteTable.class)
                                .with(unknown(FactKind.ROUTE_TABLES, "*")),
                        KMS_A, Reach.UNKNOWN, "the route table of subnet-0app could not be read: AccessDenied"),
                kms("network ACLs could not be read",
                        w -> w.withoutAll(NetworkAcl.class)
                                .with(unknown(FactKind.NETWORK_ACLS, "*")),
                        KMS_A, Reach.UNKNOWN, "the network ACL of subnet-0app could not be read: AccessDenied"));
    }

    static Stream<Case> peered() {
        return Stream.of(
                kms("peered VPC: active peering, routes both ways", w -> w, PEERED, Reach.OPEN,
                        "rtb-0main (subnet-0app) route 10.1.0.0/16 -> pcx-0peer (active) to vpc-0peer",
                        "rtb-0peer (subnet-0peer) route 10.0.0.0/16 -> pcx-0peer returns",
                        "acl-0peer (subnet-0peer) inbound rule 100 allows tcp/1688 from 10.0.1.10",
                        "sg-0peerkms ingress rule tcp/1688 from 10.0.0.0/16 allows"),
                kms("peered VPC reached through a prefix-list route",
                        w -> w.with(rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).prefixListRoute("pl-0peer", PCX)
                                .route("0.0.0.0/0", NAT).build()), PEERED, Reach.OPEN,
                        "rtb-0main (subnet-0app) route 10.1.0.0/16 -> pcx-0peer (active) to vpc-0peer"),
                kms("peering still pending acceptance",
                        w -> w.with(peering(PCX, "pending-acceptance", VPC, VPC_CIDR, PEER_VPC, PEER_CIDR)), PEERED,
                        Reach.BLOCKED, "route 10.1.0.0/16 -> pcx-0peer, but pcx-0peer is pending-acceptance"),
                kms("route to a deleted peering is a blackhole",
                        w -> w.with(peering(PCX, "deleted", VPC, VPC_CIDR, PEER_VPC, PEER_CIDR),
                                rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).blackhole(PEER_CIDR, PCX)
                                        .route("0.0.0.0/0", NAT).build()), PEERED, Reach.BLOCKED,
                        "rtb-0main (subnet-0app) route 10.1.0.0/16 -> pcx-0peer is a blackhole"),
                kms("return route missing in the peered VPC", w -> w.with(peerTable().build()), PEERED,
                        Reach.BLOCKED, "rtb-0peer (subnet-0peer) has no route back to 10.0.1.10; replies are dropped"),
                kms("return route through another target",
                        w -> w.with(peerTable().route(VPC_CIDR, "tgw-0hub").build()), PEERED, Reach.BLOCKED,
                        "rtb-0peer (subnet-0peer) route 10.0.0.0/16 -> tgw-0hub sends replies to 10.0.1.10 elsewhere"
                                + " than pcx-0peer"),
                kms("return route is a blackhole",
                        w -> w.with(peerTable().blackhole(VPC_CIDR, "pcx-0old").build()), PEERED, Reach.BLOCKED,
                        "rtb-0peer (subnet-0peer) route 10.0.0.0/16 -> pcx-0old is a blackhole; replies to 10.0.1.10"
                                + " are dropped"),
                kms("peering is not transitive",
                        w -> w.with(mainTable().route("10.2.0.0/16", PCX).route("0.0.0.0/0", NAT).build()), FAR,
                        Reach.BLOCKED, "pcx-0peer joins vpc-0app and vpc-0peer, not vpc-0far (peering is not"
                                + " transitive)"),
                kms("peered endpoint group references the instance's group across the active peering",
                        w -> w.with(sg("sg-0peerkms", PEER_VPC)
                                .ingress(tcpPeeredGroup(1688, SG_INSTANCE, VPC, PCX, "active")).build()),
                        PEERED, Reach.OPEN, "sg-0peerkms ingress rule tcp/1688 from sg-0instance allows"));
    }

    static Stream<Case> internet() {
        return Stream.of(
                https("internet via the NAT gateway", INSTANCE, w -> w, Reach.OPEN,
                        "rtb-0main (subnet-0app) route 0.0.0.0/0 -> nat-0main (available)",
                        "acl-0default (subnet-0app) outbound rule 100 allows tcp/443 to ssm.us-east-1.amazonaws.com",
                        "acl-0default (subnet-0public) inbound rule 100 allows tcp/443 from 10.0.1.10 to nat-0main",
                        "acl-0default (subnet-0public) outbound rule 100 allows tcp/443 from nat-0main",
                        "acl-0default (subnet-0public) inbound rule 100 allows replies from ssm.us-east-1.amazonaws"
                                + ".com to nat-0main ports 1024-65535",
                        "rtb-0public (subnet-0public, subnet of nat-0main) routes 0.0.0.0/0 to igw-0main"),
                https("NAT gateway failed", INSTANCE,
                        w -> w.with(nat(NAT, VPC, SUBNET_PUBLIC, "failed", "public")), Reach.BLOCKED,
                        "rtb-0main (subnet-0app) route 0.0.0.0/0 -> nat-0main, but nat-0main is failed"),
                https("private NAT gateway whose subnet routes to the internet gateway", INSTANCE,
                        w -> w.with(nat(NAT, VPC, SUBNET_PUBLIC, "available", "private")), Reach.BLOCKED,
                        "nat-0main is a private NAT gateway and rtb-0public (subnet-0public, subnet of private NAT"
                                + " gateway nat-0main) routes 0.0.0.0/0 -> igw-0main: an internet gateway drops"
                                + " traffic from a private NAT gateway"),
                https("NAT subnet's ACL admits only 443 inbound, so replies from the internet are dropped", INSTANCE,
                        w -> w.with(acl("acl-0public", VPC).subnets(SUBNET_PUBLIC)
                                .entries(in(100, "allow", "6", "0.0.0.0/0", 443, 443),
                                        out(100, "allow", "-1", "0.0.0.0/0", null, null))
                                .defaultDeny().build()), Reach.BLOCKED,
                        "acl-0public (subnet-0public) inbound rule * (deny 0.0.0.0/0 all) denies replies from"
                                + " ssm.us-east-1.amazonaws.com to nat-0main ports 1024-65535"),
                https("NAT subnet's ACL denies the instance's subnet at rule 90", INSTANCE,
                        w -> w.with(acl("acl-0public", VPC).subnets(SUBNET_PUBLIC)
                                .entries(in(90, "deny", "-1", "10.0.1.0/24", null, null)).allowAll().build()),
                        Reach.BLOCKED, "acl-0public (subnet-0public) inbound rule 90 (deny 10.0.1.0/24 all) denies"
                                + " tcp/443 from 10.0.1.10 to nat-0main"),
                https("NAT subnet has no route to an internet gateway", INSTANCE,
                        w -> w.with(rtb(RTB_PUBLIC, VPC).subnets(SUBNET_PUBLIC).local(VPC_CIDR).build()),
                        Reach.BLOCKED, "rtb-0public (subnet-0public, subnet of nat-0main) has no default route, so"
                                + " nat-0main cannot reach the internet"),
                https("NAT subnet routes to a detached internet gateway", INSTANCE,
                        w -> w.with(new InternetGateway(IGW, List.of(new InternetGateway.Attachment(VPC,
                                "detached")))), Reach.BLOCKED,
                        "routes 0.0.0.0/0 to igw-0main, which is not attached to vpc-0app"),
                https("no default route", INSTANCE, w -> w.with(mainTable().build()), Reach.BLOCKED,
                        "rtb-0main (subnet-0app) has no default route (0.0.0.0/0)"),
                https("the instance's group allows no 443 egress", INSTANCE,
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(tcp(1688, VPC_CIDR)).build()), Reach.BLOCKED,
                        "sg-0instance egress: no rule allows tcp/443 to ssm.us-east-1.amazonaws.com"),
                https("internet via the internet gateway with a public IP", PUBLIC, w -> w, Reach.OPEN,
                        "rtb-0public (subnet-0public) route 0.0.0.0/0 -> igw-0main (attached); eni-0public has"
                                + " public address 54.1.2.3",
                        "acl-0default (subnet-0public) inbound rule 100 allows replies"),
                https("internet gateway route without a public IP", PUBLIC,
                        w -> w.with(instance(PUBLIC)
                                .eni(eni("eni-0public", 0, SUBNET_PUBLIC, VPC, "10.0.0.10", null, SG_INSTANCE))
                                .build()), Reach.BLOCKED,
                        "but eni-0public has no public IPv4 address"),
                https("internet gateway not attached to the VPC", PUBLIC,
                        w -> w.with(new InternetGateway(IGW, List.of())), Reach.BLOCKED,
                        "rtb-0public (subnet-0public) route 0.0.0.0/0 -> igw-0main, but igw-0main is not attached to"
                                + " vpc-0app"));
    }

    static Stream<Case> severalInterfaces() {
        return Stream.of(
                new Case("several ENIs: the one on the target's subnet is used", w -> w, MULTI, KMS_A, 1688,
                        Reach.OPEN, List.of("tcp/1688 from eni-0multib (10.0.2.50, subnet-0vpcea)"),
                        List.of("sg-0locked")),
                new Case("several ENIs: traffic to another subnet leaves through the primary ENI", w -> w, MULTI,
                        KMS_B, 1688, Reach.BLOCKED,
                        List.of("tcp/1688 from eni-0multia (10.0.1.20, subnet-0app)", "sg-0locked egress: no rule"),
                        List.of()),
                new Case("several ENIs: internet traffic leaves through the primary ENI", w -> w, MULTI, INTERNET,
                        443, Reach.BLOCKED, List.of("sg-0locked egress: no rule allows tcp/443"), List.of()));
    }

    /**
     * Cases derived from the AWS VPC documentation, one rule each, with its neighbours:
     * <ul>
     *   <li>Same subnet: "You cannot route traffic between hosts in the same subnet through an appliance" (Amazon VPC
     *       User Guide, Example routing options, Routing for a middlebox appliance:
     *       https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html); no route, not even a blackhole
     *       for the subnet's own CIDR, and no network ACL applies between two interfaces of one subnet.</li>
     *   <li>Prefix-list routes: routes are chosen by longest prefix match over every entry of a prefix list (How route
     *       priority works: https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html), so an
     *       unreadable list could hold the winning entry: the lookup is unknown.</li>
     *   <li>Private NAT gateways: "if you route traffic from the private NAT gateway to the internet gateway, the
     *       internet gateway drops the traffic" (NAT gateways, Connectivity types:
     *       https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html); onward through a transit gateway
     *       the path is not verifiable.</li>
     * </ul>
     */
    static Stream<Case> awsDocumented() {
        return Stream.of(
                kms("same subnet: a blackhole route for the subnet's own CIDR does not apply",
                        w -> w.with(mainTable().route("0.0.0.0/0", NAT).blackhole("10.0.1.0/24", "eni-0deletedfw")
                                .build()), NEIGHBOUR, Reach.OPEN,
                        "is in the instance's own subnet subnet-0app: delivered within the subnet"),
                kms("same subnet: a middlebox route for the subnet's own CIDR does not apply",
                        w -> w.with(mainTable().route("0.0.0.0/0", NAT).route("10.0.1.0/24", "eni-0firewall")
                                .build()), NEIGHBOUR, Reach.OPEN,
                        "is in the instance's own subnet subnet-0app: delivered within the subnet"),
                kms("neighbour: another subnet still follows the blackhole route",
                        w -> w.with(mainTable().route("0.0.0.0/0", NAT).blackhole("10.0.2.0/24", "eni-0deletedfw")
                                .build()), KMS_A, Reach.BLOCKED,
                        "rtb-0main (subnet-0app) route 10.0.2.0/24 -> eni-0deletedfw is a blackhole"),
                kms("neighbour: another subnet still goes through the middlebox, unverified",
                        w -> w.with(mainTable().route("0.0.0.0/0", NAT).route("10.0.2.0/24", "eni-0firewall")
                                .build()), KMS_A, Reach.UNVERIFIED,
                        "the traffic leaves through eni-0firewall and the path beyond it is not evaluated"),
                kms("unreadable prefix-list route: the lookup is unknown, not the less specific route",
                        w -> w.with(mainTable().prefixListRoute("pl-0secret", "eni-0firewall").route("0.0.0.0/0", NAT)
                                .build()).with(unknown(FactKind.PREFIX_LISTS, "pl-0secret")), PEERED, Reach.UNKNOWN,
                        "prefix list pl-0secret could not be read: AccessDenied",
                        "it may hold a more specific entry for 10.1.1.20",
                        "the most specific readable route is 10.1.0.0/16 -> pcx-0peer"),
                kms("prefix-list route missing from the snapshot: unknown too",
                        w -> w.with(mainTable().prefixListRoute("pl-0gone", "eni-0firewall").route("0.0.0.0/0", NAT)
                                .build()), PEERED, Reach.UNKNOWN,
                        "prefix list pl-0gone could not be read: it is not in the snapshot"),
                kms("neighbour: a readable prefix-list route that does not cover the target is ignored",
                        w -> w.with(mainTable().prefixListRoute("pl-0corp", "eni-0firewall").route("0.0.0.0/0", NAT)
                                .build(), prefixList("pl-0corp", "172.16.0.0/12")), PEERED, Reach.OPEN,
                        "rtb-0main (subnet-0app) route 10.1.0.0/16 -> pcx-0peer (active) to vpc-0peer"),
                https("unreadable prefix-list route on the internet path: unknown, not the NAT default route",
                        INSTANCE, w -> w.with(mainTable().prefixListRoute("pl-0secret", "eni-0firewall")
                                .route("0.0.0.0/0", NAT).build()).with(unknown(FactKind.PREFIX_LISTS, "pl-0secret")),
                        Reach.UNKNOWN, "prefix list pl-0secret could not be read"),
                https("private NAT gateway routed onward to a transit gateway: not verifiable", INSTANCE,
                        w -> w.with(nat(NAT, VPC, SUBNET_PUBLIC, "available", "private"),
                                rtb(RTB_PUBLIC, VPC).subnets(SUBNET_PUBLIC).local(VPC_CIDR)
                                        .route("0.0.0.0/0", "tgw-0hub").build()), Reach.UNVERIFIED,
                        "nat-0main is a private NAT gateway and rtb-0public (subnet-0public, subnet of private NAT"
                                + " gateway nat-0main) routes 0.0.0.0/0 -> tgw-0hub; the path beyond it is not"
                                + " evaluated"),
                https("private NAT gateway whose subnet has no default route", INSTANCE,
                        w -> w.with(nat(NAT, VPC, SUBNET_PUBLIC, "available", "private"),
                                rtb(RTB_PUBLIC, VPC).subnets(SUBNET_PUBLIC).local(VPC_CIDR).build()), Reach.BLOCKED,
                        "has no default route onward"),
                https("neighbour: a public NAT gateway routed to the internet gateway works", INSTANCE, w -> w,
                        Reach.OPEN, "rtb-0public (subnet-0public, subnet of nat-0main) routes 0.0.0.0/0 to"
                                + " igw-0main"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"sameVpc", "peered", "internet", "severalInterfaces", "awsDocumented"})
    void reach_scenario_expectedReachAndDecidingEvidence(Case c) {
        World world = c.setup().apply(base());
        Ec2Instance instance = world.get(Ec2Instance.class, c.instanceId());

        Decision decision = new PathAnalyzer(world.index()).reach(instance, c.target(), Protocol.TCP, c.port());

        assertThat(decision.reach()).as("reach; evidence %s", decision.evidence()).isEqualTo(c.reach());
        String evidence = String.join("\n", decision.evidence());
        for (String fragment : c.evidence()) {
            assertThat(evidence).contains(fragment);
        }
        for (String fragment : c.absent()) {
            assertThat(evidence).doesNotContain(fragment);
        }
    }

    @Test
    void reach_sameSubnet_evidenceNamesNoAcl() {
        World world = base().with(acl(ACL_DEFAULT, VPC).isDefault().defaultDeny().build());

        Decision decision = new PathAnalyzer(world.index()).reach(world.get(Ec2Instance.class, INSTANCE), NEIGHBOUR,
                Protocol.TCP, 1688);

        assertThat(decision.open()).isTrue();
        assertThat(decision.evidence()).noneMatch(line -> line.contains("acl-"));
    }

    @Test
    void sourceInterface_targetOnSecondEniSubnet_thatEni() {
        World world = base();
        PathAnalyzer paths = new PathAnalyzer(world.index());
        Ec2Instance multi = world.get(Ec2Instance.class, MULTI);

        assertThat(paths.sourceInterface(multi, KMS_A).networkInterfaceId()).isEqualTo("eni-0multib");
        assertThat(paths.sourceInterface(multi, KMS_B).networkInterfaceId()).isEqualTo("eni-0multia");
        assertThat(paths.sourceInterface(multi, INTERNET).networkInterfaceId()).isEqualTo("eni-0multia");
        assertThat(paths.sourceInterface(world.get(Ec2Instance.class, INSTANCE), KMS_A).networkInterfaceId())
                .isEqualTo(ENI);
    }

    @Test
    void reach_instanceWithoutInterfaces_blocked() {
        Ec2Instance bare = new Ec2Instance("i-0bare", "running", null, null, "Windows", null, List.of(), List.of(),
                null, null);

        Decision decision = new PathAnalyzer(base().index()).reach(bare, KMS_A, Protocol.TCP, 1688);

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(decision.evidence()).containsExactly("i-0bare has no network interface");
    }

    @Test
    void reach_allTrafficEgressAndTargetGroup_openForAnyTcpPort() {
        World world = base().with(sg(SG_KMS, VPC).ingress(allTraffic(VPC_CIDR)).build());
        PathAnalyzer paths = new PathAnalyzer(world.index());
        Ec2Instance instance = world.get(Ec2Instance.class, INSTANCE);

        assertThat(paths.reach(instance, KMS_A, Protocol.TCP, 1688).reach()).isEqualTo(Reach.OPEN);
        assertThat(paths.reach(instance, KMS_A, Protocol.TCP, 9389).reach()).isEqualTo(Reach.OPEN);
    }
}
