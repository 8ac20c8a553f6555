package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.ENI;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.INSTANCE_IP;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SUBNET_APP;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.allTraffic;
import static dev.subsentinel.core.Fixtures.eni;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rule;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.tcpGroup;
import static dev.subsentinel.core.Fixtures.tcpPrefixList;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RdpIngressCheckTest {

    /**
     * One row: the ingress rules of the instance's group, the approved sources, and what must come out.
     */
    record Case(String name, List<SgRule> ingress, List<String> approved, Status status, List<String> evidence) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case row(String name, List<SgRule> ingress, List<String> approved, Status status,
            String... evidence) {
        return new Case(name, ingress, approved, status, List.of(evidence));
    }

    static Stream<Case> cases() {
        List<String> none = List.of();
        List<String> corporate = List.of("10.0.0.0/8");
        return Stream.of(
                row("tcp/3389 from 0.0.0.0/0", List.of(tcp(3389, "0.0.0.0/0")), none, Status.FAIL,
                        "sg-0instance ingress rule tcp/3389 from 0.0.0.0/0 admits tcp/3389 from the whole internet"),
                row("tcp/3389 from ::/0", List.of(tcp(3389, "::/0")), none, Status.FAIL,
                        "sg-0instance ingress rule tcp/3389 from ::/0 admits tcp/3389 from the whole internet"),
                row("all traffic from 0.0.0.0/0", List.of(allTraffic("0.0.0.0/0")), none, Status.FAIL,
                        "sg-0instance ingress rule all traffic from 0.0.0.0/0 admits tcp/3389 from the whole"
                                + " internet"),
                row("port range 3000-4000 from 0.0.0.0/0", List.of(rule("tcp", 3000, 4000, "0.0.0.0/0")), none,
                        Status.FAIL, "rule tcp/3000-4000 from 0.0.0.0/0 admits tcp/3389 from the whole internet"),
                row("prefix list that contains 0.0.0.0/0", List.of(tcpPrefixList(3389, "pl-0any")), none,
                        Status.FAIL, "sg-0instance ingress rule tcp/3389 from pl-0any admits tcp/3389 from the whole"
                                + " internet"),
                row("open to the internet fails even when that source is approved",
                        List.of(tcp(3389, "0.0.0.0/0")), List.of("0.0.0.0/0"), Status.FAIL, "the whole internet"),
                // The exposure is the admitted set, not the literal CIDR: security group rules are a union of
                // allow rules (Amazon VPC "Security group rules":
                // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
                row("0.0.0.0/1 and 128.0.0.0/1 together admit every IPv4 address",
                        List.of(tcp(3389, "0.0.0.0/1"), tcp(3389, "128.0.0.0/1")), none, Status.FAIL,
                        "sg-0instance ingress rule tcp/3389 from 0.0.0.0/1 and sg-0instance ingress rule tcp/3389"
                                + " from 128.0.0.0/1 together admit tcp/3389 from every IPv4 address"),
                row("::/1 and 8000::/1 together admit every IPv6 address",
                        List.of(tcp(3389, "::/1"), tcp(3389, "8000::/1")), none, Status.FAIL,
                        "together admit tcp/3389 from every IPv6 address"),
                row("a CIDR and a prefix list that together cover the IPv4 space",
                        List.of(tcp(3389, "0.0.0.0/1"), tcpPrefixList(3389, "pl-0upper")), none, Status.FAIL,
                        "from 0.0.0.0/1 and sg-0instance ingress rule tcp/3389 from pl-0upper together admit"),
                row("four quarters of the IPv4 space, even with approved sources",
                        List.of(tcp(3389, "0.0.0.0/2"), tcp(3389, "64.0.0.0/2"), tcp(3389, "128.0.0.0/2"),
                                tcp(3389, "192.0.0.0/2")), corporate, Status.FAIL, "every IPv4 address"),
                row("neighbour: 0.0.0.0/1 alone is half the internet, not all of it (no approved sources: PASS)",
                        List.of(tcp(3389, "0.0.0.0/1")), none, Status.PASS,
                        "sg-0instance ingress rule tcp/3389 from 0.0.0.0/1 admits tcp/3389"),
                row("neighbour: halves in different families do not add up",
                        List.of(tcp(3389, "0.0.0.0/1"), tcp(3389, "8000::/1")), corporate, Status.FAIL,
                        "from a source that is not approved"),
                row("udp/3389 from 0.0.0.0/0 is not tcp RDP", List.of(rule("udp", 3389, 3389, "0.0.0.0/0")), none,
                        Status.PASS, "no ingress rule of sg-0instance admits tcp/3389"),
                row("no approved sources configured: PASS listing who can reach 3389",
                        List.of(tcp(3389, "10.0.0.0/16"), tcpGroup(3389, "sg-0bastion")), none, Status.PASS,
                        "sg-0instance ingress rule tcp/3389 from 10.0.0.0/16 admits tcp/3389",
                        "sg-0instance ingress rule tcp/3389 from sg-0bastion admits tcp/3389"),
                row("no approved sources configured and no rule", List.of(), none, Status.PASS,
                        "no ingress rule of sg-0instance admits tcp/3389"),
                row("approved CIDR covers the rule's CIDR", List.of(tcp(3389, "10.0.0.0/16")), corporate,
                        Status.PASS, "sg-0instance ingress rule tcp/3389 from 10.0.0.0/16 admits tcp/3389"),
                row("unapproved CIDR", List.of(tcp(3389, "192.168.1.0/24")), corporate, Status.FAIL,
                        "sg-0instance ingress rule tcp/3389 from 192.168.1.0/24 admits tcp/3389 from a source that is"
                                + " not approved", "approved sources: 10.0.0.0/8"),
                row("rule CIDR wider than the approved CIDR", List.of(tcp(3389, "10.0.0.0/7")), corporate,
                        Status.FAIL, "from 10.0.0.0/7 admits tcp/3389 from a source that is not approved"),
                row("approved and unapproved sources together", List.of(tcp(3389, "10.0.0.0/16"),
                        tcp(3389, "203.0.113.0/24")), corporate, Status.FAIL,
                        "from 203.0.113.0/24 admits tcp/3389 from a source that is not approved"),
                row("approved sources configured but no rule admits 3389", List.of(), corporate, Status.WARN,
                        "no ingress rule of sg-0instance admits tcp/3389; approved sources: 10.0.0.0/8"),
                row("approved bastion group", List.of(tcpGroup(3389, "sg-0bastion")), List.of("sg-0bastion"),
                        Status.PASS, "from sg-0bastion admits tcp/3389"),
                row("unapproved group", List.of(tcpGroup(3389, "sg-0other")), List.of("sg-0bastion"), Status.FAIL,
                        "from sg-0other admits tcp/3389 from a source that is not approved"),
                row("approved prefix list by id", List.of(tcpPrefixList(3389, "pl-0corp")), List.of("pl-0corp"),
                        Status.PASS, "from pl-0corp admits tcp/3389"),
                row("prefix list whose entries all lie in an approved CIDR",
                        List.of(tcpPrefixList(3389, "pl-0tens")), corporate, Status.PASS, "from pl-0tens"),
                row("prefix list with an entry outside the approved CIDRs",
                        List.of(tcpPrefixList(3389, "pl-0corp")), corporate, Status.FAIL,
                        "from pl-0corp admits tcp/3389 from a source that is not approved"),
                row("prefix list that could not be read", List.of(tcpPrefixList(3389, "pl-0secret")), none,
                        Status.UNKNOWN, "prefix list pl-0secret could not be read: AccessDenied"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_rdpRules_statusAndRuleEvidence(Case c) {
        CheckResult result = healthy()
                .with(sg(SG_INSTANCE, VPC).ingress(c.ingress().toArray(SgRule[]::new))
                        .egress(allTraffic("0.0.0.0/0")).build(),
                        prefixList("pl-0any", "10.0.0.0/8", "0.0.0.0/0"),
                        prefixList("pl-0corp", "10.20.0.0/16", "192.168.0.0/16"),
                        prefixList("pl-0tens", "10.20.0.0/16", "10.30.0.0/16"),
                        prefixList("pl-0upper", "128.0.0.0/1"),
                        unknown(FactKind.PREFIX_LISTS, "pl-0secret"))
                .settings(new EvaluationSettings(15, null, c.approved()))
                .result(CheckId.RDP_INGRESS);

        assertThat(result.status()).as("status; evidence %s", result.evidence()).isEqualTo(c.status());
        for (String fragment : c.evidence()) {
            assertThat(evidence(result)).contains(fragment);
        }
    }

    @Test
    void evaluate_openGroupOnSecondInterface_failNamingThatGroup() {
        CheckResult result = healthy()
                .with(sg("sg-0second", VPC).ingress(tcp(3389, "0.0.0.0/0")).build(),
                        instance(INSTANCE)
                                .eni(eni(ENI, 0, SUBNET_APP, VPC, INSTANCE_IP, null, SG_INSTANCE))
                                .eni(eni("eni-0second", 1, SUBNET_VPCE_A, VPC, "10.0.2.99", null, "sg-0second"))
                                .build())
                .result(CheckId.RDP_INGRESS);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(evidence(result)).contains("sg-0second ingress rule tcp/3389 from 0.0.0.0/0");
    }

    @Test
    void evaluate_groupUnreadable_unknown() {
        CheckResult result = healthy().without(SG_INSTANCE).with(unknown(FactKind.SECURITY_GROUPS, SG_INSTANCE))
                .result(CheckId.RDP_INGRESS);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("sg-0instance could not be read: AccessDenied");
    }

    @Test
    void evaluate_stoppedInstanceOpenToInternet_stillFails() {
        CheckResult result = healthy()
                .with(instance(INSTANCE).state("stopped").build(),
                        sg(SG_INSTANCE, VPC).ingress(tcp(3389, "0.0.0.0/0")).build())
                .result(CheckId.RDP_INGRESS);

        assertThat(result.status()).isEqualTo(Status.FAIL);
    }
}
