package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.NAT;
import static dev.subsentinel.core.Fixtures.RTB_MAIN;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.peering;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.subnet;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.vpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.report.PathHop.Kind;
import dev.subsentinel.core.report.PathHop.Outcome;
import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drawn path beside the evidence: one trace per walk, its hops in the order the packets pass them, the blocking
 * hop naming the group and direction, the ACL entry that denied or the route table and destination, and the cause a
 * fix plan needs.
 */
class PathTraceTest {

    private static final Target KMS_A = new Target("10.0.2.20 (vpce-0kms)", Cidr.parse("10.0.2.20"),
            List.of(SG_KMS), VPC, SUBNET_VPCE_A);
    private static final Target PEERED = new Target("10.1.1.20 (vpce-0peerkms)", Cidr.parse("10.1.1.20"),
            List.of("sg-0peerkms"), "vpc-0peer", "subnet-0peer");

    private static World peered(boolean routeThere, boolean routeBack) {
        var main = rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route("0.0.0.0/0", NAT);
        var back = rtb("rtb-0peer", "vpc-0peer").main().local("10.1.0.0/16");
        return Fixtures.healthy().with(
                (routeThere ? main.route("10.1.0.0/16", "pcx-0peer") : main).build(),
                (routeBack ? back.route(VPC_CIDR, "pcx-0peer") : back).build(),
                vpc("vpc-0peer", "10.1.0.0/16"),
                subnet("subnet-0peer", "vpc-0peer", "10.1.1.0/24"),
                acl("acl-0peer", "vpc-0peer").isDefault().allowAll().build(),
                sg("sg-0peerkms", "vpc-0peer").ingress(tcp(1688, VPC_CIDR)).build(),
                peering("pcx-0peer", "active", VPC, VPC_CIDR, "vpc-0peer", "10.1.0.0/16"));
    }

    private static Decision reach(World world, Target target) {
        return new PathAnalyzer(world.index()).reach(world.get(Ec2Instance.class, INSTANCE), target, Protocol.TCP,
                1688);
    }

    private static PathHop blocking(Decision decision) {
        assertThat(decision.paths()).hasSize(1);
        return decision.paths().get(0).hops().stream().filter(h -> h.outcome() == Outcome.BLOCKS).findFirst()
                .orElseThrow();
    }

    @Test
    void reach_openPathInTheVpc_oneTraceWithEveryHopInPacketOrder() {
        Decision decision = reach(Fixtures.healthy(), KMS_A);

        assertThat(decision.paths()).hasSize(1);
        PathTrace trace = decision.paths().get(0);
        assertThat(trace.flow()).isEqualTo("tcp/1688");
        assertThat(trace.source()).isEqualTo("eni-0primary (10.0.1.10, i-0healthy)");
        assertThat(trace.target()).isEqualTo("10.0.2.20 (vpce-0kms)");
        assertThat(trace.outcome()).isEqualTo(Outcome.PASSES);
        assertThat(trace.hops()).extracting(PathHop::kind, PathHop::resourceId, PathHop::direction)
                .containsExactly(tuple(Kind.INTERFACE, "eni-0primary", null),
                        tuple(Kind.SECURITY_GROUP, SG_INSTANCE, "egress"),
                        tuple(Kind.ROUTE_TABLE, RTB_MAIN, null),
                        tuple(Kind.NETWORK_ACL, "acl-0default", "egress"),
                        tuple(Kind.NETWORK_ACL, "acl-0default", "ingress"),
                        tuple(Kind.NETWORK_ACL, "acl-0default", "ingress"),
                        tuple(Kind.NETWORK_ACL, "acl-0default", "egress"),
                        tuple(Kind.SECURITY_GROUP, SG_KMS, "ingress"),
                        tuple(Kind.TARGET, "10.0.2.20 (vpce-0kms)", null));
        assertThat(trace.hops()).allMatch(h -> h.outcome() == Outcome.PASSES);
        assertThat(decision.causes()).isEmpty();
        assertThat(decision.evidence()).first().isEqualTo("tcp/1688 from eni-0primary (10.0.1.10, subnet-0app) to"
                + " 10.0.2.20 (vpce-0kms):");
    }

    @Test
    void reach_targetAclDeniesAtRule90_hopNamesTheEntryAndTheCauseCarriesIt() {
        World world = Fixtures.healthy().with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                .entries(in(90, "deny", "6", "10.0.1.0/24", 1688, 1688)).allowAll().build());

        Decision decision = reach(world, KMS_A);

        PathHop hop = blocking(decision);
        assertThat(hop.kind()).isEqualTo(Kind.NETWORK_ACL);
        assertThat(hop.resourceId()).isEqualTo("acl-0vpce");
        assertThat(hop.direction()).isEqualTo("ingress");
        assertThat(hop.ruleNumber()).isEqualTo(90);
        assertThat(hop.destination()).isEqualTo("10.0.1.10");
        assertThat(hop.detail()).contains("rule 90 (deny 10.0.1.0/24 tcp/1688) denies");
        assertThat(decision.paths().get(0).outcome()).isEqualTo(Outcome.BLOCKS);
        assertThat(decision.causes()).singleElement().isInstanceOfSatisfying(Cause.AclDeny.class, cause -> {
            assertThat(cause.acl().networkAclId()).isEqualTo("acl-0vpce");
            assertThat(cause.subnetId()).isEqualTo(SUBNET_VPCE_A);
            assertThat(cause.direction()).isEqualTo(Direction.INGRESS);
            assertThat(cause.deniedBy().ruleNumber()).isEqualTo(90);
            assertThat(cause.ports()).isEqualTo(PortRange.of(1688));
        });
    }

    @Test
    void reach_noEntryMatches_hopHasNoRuleNumber() {
        World world = Fixtures.healthy().with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A)
                .entries(in(100, "allow", "6", "10.0.1.0/24", 1688, 1688)).build());

        PathHop hop = blocking(reach(world, KMS_A));

        assertThat(hop.resourceId()).isEqualTo("acl-0vpce");
        assertThat(hop.direction()).isEqualTo("egress");
        assertThat(hop.ruleNumber()).isNull();
    }

    @Test
    void reach_instanceGroupHasNoEgress_groupHopBlocksWithDirectionAndPeer() {
        World world = Fixtures.healthy().with(sg(SG_INSTANCE, VPC).egress(tcp(443, "0.0.0.0/0")).build());

        Decision decision = reach(world, KMS_A);

        PathHop hop = blocking(decision);
        assertThat(hop.kind()).isEqualTo(Kind.SECURITY_GROUP);
        assertThat(hop.resourceId()).isEqualTo(SG_INSTANCE);
        assertThat(hop.direction()).isEqualTo("egress");
        assertThat(hop.destination()).isEqualTo("10.0.2.20");
        assertThat(decision.causes()).singleElement().isInstanceOfSatisfying(Cause.GroupGap.class, cause -> {
            assertThat(cause.groupIds()).containsExactly(SG_INSTANCE);
            assertThat(cause.peer().groupIds()).containsExactly(SG_KMS);
        });
    }

    @Test
    void reach_routeBackMissingInPeeredVpc_routeHopAndCauseNameTableDestinationAndPeering() {
        Decision decision = reach(peered(true, false), PEERED);

        PathHop hop = blocking(decision);
        assertThat(hop.kind()).isEqualTo(Kind.ROUTE_TABLE);
        assertThat(hop.resourceId()).isEqualTo("rtb-0peer");
        assertThat(hop.destination()).isEqualTo("10.0.1.10");
        assertThat(decision.paths().get(0).hops()).extracting(PathHop::kind).contains(Kind.PEERING);
        assertThat(decision.causes()).singleElement().isInstanceOfSatisfying(Cause.MissingRoute.class, cause -> {
            assertThat(cause.table().routeTableId()).isEqualTo("rtb-0peer");
            assertThat(cause.destination()).isEqualTo(Cidr.parse("10.0.1.0/24"));
            assertThat(cause.peeringId()).isEqualTo("pcx-0peer");
            assertThat(cause.existing()).isNull();
        });
    }

    @Test
    void reach_noRouteToPeeredVpc_causeIsTheRouteToTheTargetSubnet() {
        Decision decision = reach(peered(false, true), PEERED);

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(blocking(decision).resourceId()).isEqualTo(RTB_MAIN);
        assertThat(decision.causes()).singleElement().isInstanceOfSatisfying(Cause.MissingRoute.class, cause -> {
            assertThat(cause.table().routeTableId()).isEqualTo(RTB_MAIN);
            assertThat(cause.destination()).isEqualTo(Cidr.parse("10.1.1.0/24"));
            assertThat(cause.peeringId()).isEqualTo("pcx-0peer");
        });
    }

    @Test
    void reachEvery_twoAddresses_keepsBothTraces() {
        Target kmsB = new Target("10.0.3.20 (vpce-0kms)", Cidr.parse("10.0.3.20"), List.of(SG_KMS), VPC,
                "subnet-0vpceb");
        World world = Fixtures.healthy();

        Decision decision = ReachEvery.of(List.of(reach(world, KMS_A), reach(world, kmsB)));

        assertThat(decision.paths()).extracting(PathTrace::target)
                .containsExactly("10.0.2.20 (vpce-0kms)", "10.0.3.20 (vpce-0kms)");
    }
}
