package dev.subsentinel.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the two families' decisions combine, with decisions given per address (no fleet): the rule of
 * {@link AddressFamilies}, independent of the path engine.
 */
class AddressFamiliesTest {

    private static final Target V4 = target("10.0.2.20");
    private static final Target V4_B = target("10.0.3.20");
    private static final Target V6 = target("2600:1f18:a:ff02::20");
    private static final Target ULA = target("fd12:3456:789a:1::20");

    private static Target target(String address) {
        return new Target(address + " (svc)", Cidr.parse(address), List.of(), "vpc-1", "subnet-1");
    }

    private static AddressFamilies.Outcome reach(List<Target> targets, Map<Target, Reach> reaches,
            boolean clientHasIpv6) {
        return AddressFamilies.reach(targets, t -> clientHasIpv6 ? null : "eni-1 (i-1) has no IPv6 address",
                t -> Decision.of(reaches.get(t), t.label() + " " + reaches.get(t)));
    }

    @Test
    void reach_ipv4OnlyService_exactlyTheDecisionOfEveryAddress() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V4_B), Map.of(V4, Reach.OPEN, V4_B, Reach.BLOCKED), true);

        assertThat(outcome.decision()).isEqualTo(ReachEvery.of(List.of(Decision.of(Reach.OPEN, V4.label() + " OPEN"),
                Decision.of(Reach.BLOCKED, V4_B.label() + " BLOCKED"))));
        assertThat(outcome.blockedFamily()).isNull();
    }

    @Test
    void reach_dualStackBothOpen_openWithEachFamilysEvidence() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.OPEN, V6, Reach.OPEN), true);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.OPEN);
        assertThat(outcome.decision().evidence()).containsExactly("over IPv4:", "10.0.2.20 (svc) OPEN", "over IPv6:",
                "2600:1f18:a:ff02::20 (svc) OPEN");
    }

    @Test
    void reach_globalIpv6BlockedIpv4Open_warnNamingIpv6AndThatWindowsTriesItFirst() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.OPEN, V6, Reach.BLOCKED), true);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.UNVERIFIED);
        assertThat(outcome.blockedFamily()).isEqualTo("IPv6");
        assertThat(outcome.decision().evidence().get(0)).startsWith("IPv6 path blocked, IPv4 open: Windows tries a"
                + " global IPv6 address first (RFC 6724 default policy, KB 929852) and falls back to IPv4 only after"
                + " the IPv6 attempt times out");
        assertThat(outcome.decision().evidence()).contains("over IPv6:", "2600:1f18:a:ff02::20 (svc) BLOCKED")
                .doesNotContain("10.0.2.20 (svc) OPEN");
    }

    @Test
    void reach_uniqueLocalIpv6BlockedIpv4Open_warnSayingIpv4IsPreferred() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, ULA), Map.of(V4, Reach.OPEN, ULA, Reach.BLOCKED), true);

        assertThat(outcome.blockedFamily()).isEqualTo("IPv6");
        assertThat(outcome.decision().evidence().get(0)).contains("Windows prefers IPv4 to a unique local IPv6"
                + " address (RFC 6724)");
    }

    @Test
    void reach_ipv4BlockedIpv6Open_warnNamingIpv4() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.BLOCKED, V6, Reach.OPEN), true);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.UNVERIFIED);
        assertThat(outcome.blockedFamily()).isEqualTo("IPv4");
    }

    @Test
    void reach_bothBlocked_blockedWithBothFamiliesEvidence() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.BLOCKED, V6, Reach.BLOCKED), true);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.BLOCKED);
        assertThat(outcome.blockedFamily()).isNull();
        assertThat(outcome.decision().evidence()).containsExactly("over IPv4:", "10.0.2.20 (svc) BLOCKED",
                "over IPv6:", "2600:1f18:a:ff02::20 (svc) BLOCKED");
    }

    @Test
    void reach_oneBlockedOtherUnknown_unknownNotAWarning() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.UNKNOWN, V6, Reach.BLOCKED), true);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.BLOCKED);
        assertThat(outcome.blockedFamily()).isNull();
    }

    @Test
    void reach_clientWithoutIpv6_ipv6NotJudgedAndListedAsUnused() {
        AddressFamilies.Outcome outcome = reach(List.of(V4, V6), Map.of(V4, Reach.OPEN, V6, Reach.BLOCKED), false);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.OPEN);
        assertThat(outcome.decision().evidence()).containsExactly("10.0.2.20 (svc) OPEN", "IPv6 address"
                + " 2600:1f18:a:ff02::20 not used: eni-1 (i-1) has no IPv6 address, so the client never connects over"
                + " IPv6");
    }

    @Test
    void reach_ipv6OnlyServiceClientWithoutIpv6_blockedNoCommonFamily() {
        AddressFamilies.Outcome outcome = reach(List.of(V6), Map.of(V6, Reach.OPEN), false);

        assertThat(outcome.decision().reach()).isEqualTo(Reach.BLOCKED);
        assertThat(outcome.decision().evidence().get(0)).isEqualTo("no address of a family the client can use:");
    }
}
