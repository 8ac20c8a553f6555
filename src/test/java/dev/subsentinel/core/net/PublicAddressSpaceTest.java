package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.rule;
import static dev.subsentinel.core.Fixtures.sg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A public service (an AWS regional endpoint) has a public address: rules are held to the public IPv4 space. */
class PublicAddressSpaceTest {

    private static final Target SSM = Target.internet("ssm.us-east-1.amazonaws.com");

    @ParameterizedTest(name = "{0} public: {1}")
    @CsvSource({"52.94.0.1, true", "3.5.140.2, true", "10.0.0.1, false", "172.16.5.5, false", "172.32.0.1, true",
        "192.168.1.1, false", "100.64.0.1, false", "127.0.0.1, false", "169.254.169.254, false", "224.0.0.5, false",
        "255.255.255.255, false", "0.1.2.3, false", "8.8.8.8, true"})
    void publicIpv4_address_coveredOnlyWhenPublic(String address, boolean expected) {
        Cidr host = Cidr.parse(address);

        assertThat(Cidr.PUBLIC_IPV4.stream().anyMatch(block -> block.contains(host))).isEqualTo(expected);
    }

    private static Decision egress(SgRule... rules) {
        SecurityGroup group = sg("sg-0egress", "vpc-0a").egress(rules).build();
        FleetIndex index = new FleetIndex(FleetSnapshot.builder("1", "us-east-1", Instant.EPOCH)
                .securityGroups(group).build());
        return new SecurityGroupEvaluator(index).evaluate(List.of("sg-0egress"), Direction.EGRESS, Protocol.TCP, 443,
                SSM.asPeer());
    }

    @Test
    void evaluate_egressOnlyToVpcCidrTowardsPublicService_blocked() {
        Decision decision = egress(rule("tcp", 443, 443, "10.0.0.0/16"));

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(decision.evidence()).anyMatch(e -> e.contains("sg-0egress egress: no rule allows tcp/443 to"
                + " ssm.us-east-1.amazonaws.com"));
    }

    @Test
    void evaluate_egressToEveryAddress_open() {
        assertThat(egress(rule("tcp", 443, 443, "0.0.0.0/0")).reach()).isEqualTo(Reach.OPEN);
    }

    @Test
    void evaluate_egressToPrivateAndPublicHalves_openTogether() {
        Decision decision = egress(rule("tcp", 443, 443, "0.0.0.0/1"), rule("tcp", 443, 443, "128.0.0.0/1"));

        assertThat(decision.reach()).isEqualTo(Reach.OPEN);
    }

    @Test
    void evaluate_egressToOnePublicBlock_unverified() {
        Decision decision = egress(rule("tcp", 443, 443, "52.0.0.0/8"));

        assertThat(decision.reach()).isEqualTo(Reach.UNVERIFIED);
        assertThat(decision.evidence()).anyMatch(e -> e.contains("only part of the public IPv4 space"));
    }

    private static Decision acl(Direction direction, PortRange ports, NaclEntry... entries) {
        NetworkAcl acl = new NetworkAcl("acl-0pub", "vpc-0a", false, List.of("subnet-0a"), List.of(entries));
        FleetIndex index = new FleetIndex(FleetSnapshot.builder("1", "us-east-1", Instant.EPOCH).build());
        return new NaclEvaluator(index).evaluate(acl, "subnet-0a", direction, Protocol.TCP, Cidr.PUBLIC_IPV4,
                ports, "replies from ssm");
    }

    @Test
    void evaluate_aclAdmitsOnlyTheVpcTowardsPublicService_blocked() {
        Decision decision = acl(Direction.INGRESS, PortRange.WINDOWS_EPHEMERAL,
                in(100, "allow", "-1", "10.0.0.0/8", null, null), in(32767, "deny", "-1", "0.0.0.0/0", null, null));

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(decision.evidence()).anyMatch(e -> e.contains("acl-0pub (subnet-0a) inbound rule *"));
    }

    @Test
    void evaluate_aclDeniesOnePublicBlockBeforeAllowingAll_unverified() {
        Decision decision = acl(Direction.INGRESS, PortRange.WINDOWS_EPHEMERAL,
                in(90, "deny", "-1", "52.94.0.0/16", null, null), in(100, "allow", "-1", "0.0.0.0/0", null, null),
                in(32767, "deny", "-1", "0.0.0.0/0", null, null));

        assertThat(decision.reach()).isEqualTo(Reach.UNVERIFIED);
        assertThat(decision.evidence()).anyMatch(e -> e.contains("rule 90 (deny 52.94.0.0/16 all) denies part of"));
    }

    @Test
    void evaluate_aclDeniesSomeReplyPortsFromEverywhere_blocked() {
        Decision decision = acl(Direction.INGRESS, PortRange.WINDOWS_EPHEMERAL,
                in(90, "deny", "6", "0.0.0.0/0", 49152, 50000), in(100, "allow", "-1", "0.0.0.0/0", null, null),
                in(32767, "deny", "-1", "0.0.0.0/0", null, null));

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(decision.evidence()).anyMatch(e -> e.contains("rule 90 (deny 0.0.0.0/0 tcp/49152-50000)"));
    }
}
