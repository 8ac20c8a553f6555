package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.out;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.FleetIndex;
import java.time.Instant;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NaclEvaluatorTest {

    private static final Cidr HOST = Cidr.parse("10.0.3.17");
    private static final Cidr RANGE = Cidr.parse("10.0.3.0/24");
    private static final PortRange KMS = PortRange.of(1688);
    private static final NaclEntry DENY_IN = in(32767, "deny", "-1", "0.0.0.0/0", null, null);
    private static final NaclEntry DENY_OUT = out(32767, "deny", "-1", "0.0.0.0/0", null, null);
    private static final NaclEntry ALLOW_ALL_IN = in(100, "allow", "-1", "0.0.0.0/0", null, null);

    /**
     * One row: the entries, the packets, and what must come out.
     */
    record Case(String name, List<NaclEntry> entries, Direction direction, Cidr remote, PortRange ports, Reach reach,
            List<String> evidence) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case inbound(String name, List<NaclEntry> entries, Cidr remote, PortRange ports, Reach reach,
            String... evidence) {
        return new Case(name, entries, Direction.INGRESS, remote, ports, reach, List.of(evidence));
    }

    static Stream<Case> cases() {
        return Stream.of(
                inbound("allow all before the default deny", List.of(ALLOW_ALL_IN, DENY_IN), HOST, KMS, Reach.OPEN,
                        "acl-0test (subnet-0test) inbound rule 100 allows tcp/1688"),
                inbound("deny numbered before an allow wins",
                        List.of(in(90, "deny", "6", "10.0.0.0/16", 1688, 1688), ALLOW_ALL_IN, DENY_IN), HOST, KMS,
                        Reach.BLOCKED,
                        "acl-0test (subnet-0test) inbound rule 90 (deny 10.0.0.0/16 tcp/1688) denies tcp/1688"),
                inbound("allow numbered before a deny wins",
                        List.of(in(90, "allow", "6", "10.0.0.0/16", 1688, 1688),
                                in(100, "deny", "-1", "0.0.0.0/0", null, null), DENY_IN), HOST, KMS, Reach.OPEN,
                        "inbound rule 90 allows"),
                inbound("entries are applied by number, not by listing order",
                        List.of(in(200, "allow", "-1", "0.0.0.0/0", null, null),
                                in(100, "deny", "6", "0.0.0.0/0", 1688, 1688), DENY_IN), HOST, KMS, Reach.BLOCKED,
                        "rule 100 (deny 0.0.0.0/0 tcp/1688) denies"),
                inbound("only the default deny", List.of(DENY_IN), HOST, KMS, Reach.BLOCKED,
                        "acl-0test (subnet-0test) inbound rule * (deny 0.0.0.0/0 all) denies tcp/1688"),
                inbound("no entry at all denies", List.of(), HOST, KMS, Reach.BLOCKED,
                        "inbound no rule matches, so it is denied"),
                inbound("protocol -1 entry ignores its port fields",
                        List.of(in(100, "allow", "-1", "0.0.0.0/0", 0, 0), DENY_IN), HOST, KMS, Reach.OPEN,
                        "rule 100 allows"),
                inbound("tcp entry whose range contains the port",
                        List.of(in(100, "allow", "6", "0.0.0.0/0", 1024, 65535), DENY_IN), HOST, KMS, Reach.OPEN,
                        "rule 100 allows"),
                inbound("tcp entry for another port falls through to the default deny",
                        List.of(in(100, "allow", "6", "0.0.0.0/0", 443, 443), DENY_IN), HOST, KMS, Reach.BLOCKED,
                        "rule * (deny 0.0.0.0/0 all) denies"),
                inbound("udp entry does not match tcp",
                        List.of(in(100, "allow", "17", "0.0.0.0/0", 1688, 1688), DENY_IN), HOST, KMS,
                        Reach.BLOCKED, "rule * (deny"),
                inbound("ephemeral return ports blocked: only 1024-49151 allowed in",
                        List.of(in(100, "allow", "6", "0.0.0.0/0", 1024, 49151), DENY_IN), HOST,
                        PortRange.WINDOWS_EPHEMERAL, Reach.BLOCKED, "rule * (deny 0.0.0.0/0 all) denies"),
                inbound("ephemeral return ports allowed: 1024-65535",
                        List.of(in(100, "allow", "6", "0.0.0.0/0", 1024, 65535), DENY_IN), HOST,
                        PortRange.WINDOWS_EPHEMERAL, Reach.OPEN, "rule 100 allows"),
                inbound("partial port overlap for a host is BLOCKED",
                        List.of(in(100, "allow", "6", "0.0.0.0/0", 49152, 60000), DENY_IN), HOST,
                        PortRange.WINDOWS_EPHEMERAL, Reach.BLOCKED, "denies part of", "10.0.3.17 ports 60001-65535"),
                inbound("partial address overlap for a range is UNVERIFIED",
                        List.of(in(100, "allow", "-1", "10.0.3.0/25", null, null), DENY_IN), RANGE, KMS,
                        Reach.UNVERIFIED, "rule * (deny 0.0.0.0/0 all) denies part of", "10.0.3.128/25 ports 1688"),
                inbound("deny for part of a range numbered before the allow is UNVERIFIED",
                        List.of(in(50, "deny", "6", "10.0.3.128/25", 1688, 1688), ALLOW_ALL_IN, DENY_IN), RANGE, KMS,
                        Reach.UNVERIFIED, "rule 50 (deny 10.0.3.128/25 tcp/1688) denies part of"),
                inbound("deny covering the whole range is BLOCKED",
                        List.of(in(50, "deny", "6", "10.0.0.0/16", 1688, 1688), ALLOW_ALL_IN, DENY_IN), RANGE, KMS,
                        Reach.BLOCKED, "rule 50 (deny 10.0.0.0/16 tcp/1688) denies"),
                inbound("allow for a block containing the range",
                        List.of(in(100, "allow", "-1", "10.0.0.0/16", null, null), DENY_IN), RANGE, KMS, Reach.OPEN,
                        "rule 100 allows"),
                inbound("IPv6 allow entry does not match an IPv4 remote",
                        List.of(in(100, "allow", "-1", "::/0", null, null), DENY_IN), HOST, KMS, Reach.BLOCKED,
                        "rule * (deny 0.0.0.0/0 all) denies"),
                inbound("IPv6 remote falls to the IPv6 default entry (rule 32768, shown as *)",
                        List.of(in(100, "allow", "-1", "0.0.0.0/0", null, null), DENY_IN,
                                in(32768, "deny", "-1", "::/0", null, null)), Cidr.parse("2001:db8::5"), KMS,
                        Reach.BLOCKED, "inbound rule * (deny ::/0 all) denies tcp/1688"),
                inbound("IPv6 allow entry matches an IPv6 remote",
                        List.of(in(100, "allow", "-1", "::/0", null, null), DENY_IN), Cidr.parse("2001:db8::5"), KMS,
                        Reach.OPEN, "rule 100 allows"),
                inbound("outbound entries do not apply to inbound packets",
                        List.of(out(100, "allow", "-1", "0.0.0.0/0", null, null), DENY_IN, DENY_OUT), HOST, KMS,
                        Reach.BLOCKED, "inbound rule * (deny"),
                new Case("outbound entry for the port",
                        List.of(out(100, "allow", "6", "0.0.0.0/0", 1688, 1688), DENY_IN, DENY_OUT),
                        Direction.EGRESS, HOST, KMS, Reach.OPEN,
                        List.of("acl-0test (subnet-0test) outbound rule 100 allows tcp/1688")),
                new Case("outbound deny numbered before the allow",
                        List.of(out(90, "deny", "-1", "10.0.3.0/24", null, null),
                                out(100, "allow", "-1", "0.0.0.0/0", null, null), DENY_OUT),
                        Direction.EGRESS, HOST, KMS, Reach.BLOCKED,
                        List.of("acl-0test (subnet-0test) outbound rule 90 (deny 10.0.3.0/24 all) denies")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_entryTable_expectedReachAndEvidence(Case c) {
        NetworkAcl acl = new NetworkAcl("acl-0test", "vpc-0a", false, List.of("subnet-0test"), c.entries());

        FleetIndex index = new FleetIndex(FleetSnapshot.builder("1", "us-east-1", Instant.EPOCH).build());
        Decision decision = new NaclEvaluator(index).evaluate(acl, "subnet-0test", c.direction(), Protocol.TCP,
                c.remote(), c.ports(), "tcp/1688");

        assertThat(decision.reach()).as("reach; evidence %s", decision.evidence()).isEqualTo(c.reach());
        String evidence = String.join("\n", decision.evidence());
        for (String fragment : c.evidence()) {
            assertThat(evidence).contains(fragment);
        }
    }
}
