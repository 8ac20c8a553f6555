package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.peering;
import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rule;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.tcpGroup;
import static dev.subsentinel.core.Fixtures.tcpPeeredGroup;
import static dev.subsentinel.core.Fixtures.tcpPrefixList;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecurityGroupEvaluatorTest {

    private static final String VPC_A = "vpc-0a";
    private static final String VPC_B = "vpc-0b";
    private static final String VPC_C = "vpc-0c";
    private static final String VPC_D = "vpc-0d";
    private static final String SG = "sg-0test";

    private static final Peer HOST = new Peer("10.0.3.17 (vpce-0x)", Cidr.parse("10.0.3.17"), List.of("sg-0peer"),
            VPC_A);
    private static final Peer RANGE = new Peer("10.0.3.0/24 (subnet-0x)", Cidr.parse("10.0.3.0/24"),
            List.of("sg-0peer"), VPC_A);
    private static final Peer CORP = new Peer("192.168.10.5 (office)", Cidr.parse("192.168.10.5"), List.of(), null);
    private static final Peer IPV6_HOST = new Peer("2001:db8::5", Cidr.parse("2001:db8::5"), List.of(), VPC_A);
    private static final Peer IN_B = new Peer("10.1.0.5 (i-0b)", Cidr.parse("10.1.0.5"), List.of("sg-0remote"), VPC_B);
    private static final Peer IN_C = new Peer("10.2.0.5 (i-0c)", Cidr.parse("10.2.0.5"), List.of("sg-0gone"), VPC_C);
    private static final Peer IN_D = new Peer("10.3.0.5 (i-0d)", Cidr.parse("10.3.0.5"), List.of("sg-0wait"), VPC_D);
    private static final Peer SOURCE = new Peer("10.0.1.10 (i-0src)", Cidr.parse("10.0.1.10"), List.of("sg-0src"),
            VPC_A);

    /**
     * One row: the groups in the snapshot, the ids attached, the flow, and what must come out.
     */
    record Case(String name, List<SecurityGroup> groups, List<String> attached, Direction direction, int protocol,
            int port, Peer peer, Reach reach, List<String> evidence) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case egress(String name, SecurityGroup group, int port, Peer peer, Reach reach,
            String... evidence) {
        return new Case(name, List.of(group), List.of(group.groupId()), Direction.EGRESS, Protocol.TCP, port, peer,
                reach, List.of(evidence));
    }

    private static SecurityGroup egressOnly(SgRule... rules) {
        return sg(SG, VPC_A).egress(rules).build();
    }

    static Stream<Case> cases() {
        return Stream.of(
                egress("all-traffic rule with protocol -1 and ports -1 admits tcp/1688",
                        egressOnly(allTraffic("0.0.0.0/0")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule all traffic to 0.0.0.0/0 allows tcp/1688 to 10.0.3.17 (vpce-0x)"),
                egress("tcp range 1000-2000 contains 1688",
                        egressOnly(rule("tcp", 1000, 2000, "10.0.0.0/16")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule tcp/1000-2000 to 10.0.0.0/16 allows tcp/1688"),
                egress("tcp range 1689-2000 starts just above 1688",
                        egressOnly(rule("tcp", 1689, 2000, "10.0.0.0/16")), 1688, HOST, Reach.BLOCKED,
                        "sg-0test egress: no rule allows tcp/1688 to 10.0.3.17 (vpce-0x)"),
                egress("tcp rule written as protocol number 6",
                        egressOnly(rule("6", 1688, 1688, "10.0.0.0/16")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule tcp/1688 to 10.0.0.0/16"),
                egress("tcp rule with ports -1 admits every port",
                        egressOnly(rule("tcp", -1, -1, "10.0.0.0/16")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule tcp/all ports to 10.0.0.0/16"),
                egress("udp/1688 rule does not admit tcp/1688",
                        egressOnly(rule("udp", 1688, 1688, "0.0.0.0/0")), 1688, HOST, Reach.BLOCKED,
                        "no rule allows tcp/1688"),
                egress("icmp rule does not admit tcp",
                        egressOnly(rule("icmp", -1, -1, "0.0.0.0/0")), 1688, HOST, Reach.BLOCKED,
                        "no rule allows tcp/1688"),
                egress("IPv6-only all-traffic rule does not admit an IPv4 peer",
                        egressOnly(allTraffic("::/0")), 443, HOST, Reach.BLOCKED,
                        "no rule allows tcp/443 to 10.0.3.17"),
                egress("IPv6 rule admits an IPv6 peer",
                        egressOnly(rule("tcp", 443, 443, "2001:db8::/32")), 443, IPV6_HOST, Reach.OPEN,
                        "rule tcp/443 to 2001:db8::/32 allows tcp/443 to 2001:db8::5"),
                egress("/32 of the peer admits it",
                        egressOnly(tcp(1688, "10.0.3.17/32")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule tcp/1688 to 10.0.3.17/32 allows"),
                egress("/32 of another host does not admit the peer",
                        egressOnly(tcp(1688, "10.0.3.18/32")), 1688, HOST, Reach.BLOCKED,
                        "no rule allows tcp/1688"),
                egress("rule covering half of a range peer is UNVERIFIED",
                        egressOnly(tcp(1688, "10.0.3.0/25")), 1688, RANGE, Reach.UNVERIFIED,
                        "only part of 10.0.3.0/24", "not allowed: 10.0.3.128/25",
                        "sg-0test egress rule tcp/1688 to 10.0.3.0/25"),
                egress("two rules of one group together cover the range peer",
                        egressOnly(tcp(1688, "10.0.3.0/25"), tcp(1688, "10.0.3.128/25")), 1688, RANGE, Reach.OPEN,
                        "rule tcp/1688 to 10.0.3.0/25 allows", "rule tcp/1688 to 10.0.3.128/25 allows"),
                new Case("two groups whose union covers the range peer",
                        List.of(sg("sg-0low", VPC_A).egress(tcp(1688, "10.0.3.0/25")).build(),
                                sg("sg-0high", VPC_A).egress(tcp(1688, "10.0.3.128/25")).build()),
                        List.of("sg-0low", "sg-0high"), Direction.EGRESS, Protocol.TCP, 1688, RANGE, Reach.OPEN,
                        List.of("sg-0low egress rule tcp/1688 to 10.0.3.0/25",
                                "sg-0high egress rule tcp/1688 to 10.0.3.128/25")),
                new Case("second group admits what the first does not",
                        List.of(sg("sg-0web", VPC_A).egress(tcp(443, "0.0.0.0/0")).build(),
                                sg("sg-0kmsout", VPC_A).egress(tcp(1688, "10.0.0.0/16")).build()),
                        List.of("sg-0web", "sg-0kmsout"), Direction.EGRESS, Protocol.TCP, 1688, HOST, Reach.OPEN,
                        List.of("sg-0kmsout egress rule tcp/1688 to 10.0.0.0/16")),
                egress("reference to a group the peer carries, same VPC",
                        egressOnly(tcpGroup(1688, "sg-0peer")), 1688, HOST, Reach.OPEN,
                        "sg-0test egress rule tcp/1688 to sg-0peer allows tcp/1688 to 10.0.3.17 (vpce-0x)"),
                egress("reference to a group the peer does not carry",
                        egressOnly(tcpGroup(1688, "sg-0other")), 1688, HOST, Reach.BLOCKED,
                        "no rule allows tcp/1688"),
                egress("reference to a group across an active peering",
                        egressOnly(tcpPeeredGroup(1688, "sg-0remote", VPC_B, "pcx-0active", "active")), 1688, IN_B,
                        Reach.OPEN, "sg-0test egress rule tcp/1688 to sg-0remote allows tcp/1688 to 10.1.0.5"),
                egress("reference across a deleted peering is stale and does not match",
                        egressOnly(tcpPeeredGroup(1688, "sg-0gone", VPC_C, "pcx-0deleted", "deleted")), 1688, IN_C,
                        Reach.BLOCKED, "no rule allows tcp/1688",
                        "references sg-0gone in vpc-0c, but no active peering connection joins vpc-0a and vpc-0c",
                        "stale"),
                egress("reference across a pending-acceptance peering is stale and does not match",
                        egressOnly(tcpPeeredGroup(1688, "sg-0wait", VPC_D, "pcx-0pending", "pending-acceptance")),
                        1688, IN_D, Reach.BLOCKED, "no rule allows tcp/1688", "stale"),
                egress("known prefix list containing the peer",
                        egressOnly(tcpPrefixList(1688, "pl-0corp")), 1688, CORP, Reach.OPEN,
                        "sg-0test egress rule tcp/1688 to pl-0corp allows tcp/1688 to 192.168.10.5 (office)"),
                egress("known prefix list not containing the peer",
                        egressOnly(tcpPrefixList(1688, "pl-0corp")), 1688, HOST, Reach.BLOCKED,
                        "no rule allows tcp/1688"),
                egress("prefix list that could not be read is UNKNOWN",
                        egressOnly(tcpPrefixList(1688, "pl-0secret")), 1688, HOST, Reach.UNKNOWN,
                        "prefix list pl-0secret used by sg-0test could not be read: AccessDenied"),
                egress("unreadable prefix list does not matter when another rule admits the flow",
                        egressOnly(tcpPrefixList(1688, "pl-0secret"), tcp(1688, "10.0.0.0/16")), 1688, HOST,
                        Reach.OPEN, "rule tcp/1688 to 10.0.0.0/16 allows"),
                new Case("no group attached admits nothing", List.of(), List.of(), Direction.EGRESS, Protocol.TCP,
                        443, HOST, Reach.BLOCKED, List.of("no security group is attached, so nothing allows tcp/443")),
                new Case("group that could not be read is UNKNOWN", List.of(), List.of("sg-0hidden"),
                        Direction.EGRESS, Protocol.TCP, 443, HOST, Reach.UNKNOWN,
                        List.of("sg-0hidden could not be read: AccessDenied")),
                new Case("group missing from the snapshot is UNKNOWN", List.of(), List.of("sg-0missing"),
                        Direction.EGRESS, Protocol.TCP, 443, HOST, Reach.UNKNOWN,
                        List.of("sg-0missing could not be read: it is not in the snapshot")),
                new Case("unreadable group next to one that admits the flow",
                        List.of(egressOnly(allTraffic("0.0.0.0/0"))), List.of("sg-0hidden", SG), Direction.EGRESS,
                        Protocol.TCP, 443, HOST, Reach.OPEN, List.of("sg-0test egress rule all traffic")),
                new Case("ingress rule from a CIDR containing the source",
                        List.of(sg(SG, VPC_A).ingress(tcp(443, "10.0.0.0/16")).build()), List.of(SG),
                        Direction.INGRESS, Protocol.TCP, 443, SOURCE, Reach.OPEN,
                        List.of("sg-0test ingress rule tcp/443 from 10.0.0.0/16 allows tcp/443 from 10.0.1.10")),
                new Case("egress rules are not consulted for ingress",
                        List.of(egressOnly(allTraffic("0.0.0.0/0"))), List.of(SG), Direction.INGRESS, Protocol.TCP,
                        443, SOURCE, Reach.BLOCKED,
                        List.of("sg-0test ingress: no rule allows tcp/443 from 10.0.1.10 (i-0src)")),
                new Case("ingress rule referencing the source's group",
                        List.of(sg(SG, VPC_A).ingress(tcpGroup(443, "sg-0src")).build()), List.of(SG),
                        Direction.INGRESS, Protocol.TCP, 443, SOURCE, Reach.OPEN,
                        List.of("sg-0test ingress rule tcp/443 from sg-0src allows")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_ruleTable_expectedReachAndEvidence(Case c) {
        FleetIndex index = Fixtures.emptyWorld()
                .with(c.groups().toArray())
                .with(peering("pcx-0active", "active", VPC_A, "10.0.0.0/16", VPC_B, "10.1.0.0/16"),
                        peering("pcx-0deleted", "deleted", VPC_A, "10.0.0.0/16", VPC_C, "10.2.0.0/16"),
                        peering("pcx-0pending", "pending-acceptance", VPC_D, "10.3.0.0/16", VPC_A, "10.0.0.0/16"),
                        prefixList("pl-0corp", "192.168.0.0/16", "172.16.0.0/12"),
                        unknown(FactKind.PREFIX_LISTS, "pl-0secret"),
                        unknown(FactKind.SECURITY_GROUPS, "sg-0hidden"))
                .index();

        Decision decision = new SecurityGroupEvaluator(index).evaluate(c.attached(), c.direction(), c.protocol(),
                c.port(), c.peer());

        assertThat(decision.reach()).as("reach; evidence %s", decision.evidence()).isEqualTo(c.reach());
        String evidence = String.join("\n", decision.evidence());
        for (String fragment : c.evidence()) {
            assertThat(evidence).contains(fragment);
        }
    }
}
