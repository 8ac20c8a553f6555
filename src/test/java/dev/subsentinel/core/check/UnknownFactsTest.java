package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DHCP;
import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the collector could not read a fact, the checks that need it say UNKNOWN with the reason, never PASS or FAIL,
 * and the instance's verdict is UNKNOWN (everything else about the healthy fleet passes).
 */
class UnknownFactsTest {

    private static Arguments row(String name, UnaryOperator<World> setup, CheckId check) {
        return Arguments.of(name, setup, check);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("LM-US ListInstances", w -> w.withoutAll(LmusInstance.class)
                        .with(instance(INSTANCE).productCodes().build(), unknown(FactKind.LMUS_INSTANCES, "*")),
                        CheckId.LMUS_STATUS),
                row("SSM registration", w -> w.withoutAll(SsmInstance.class).with(unknown(FactKind.SSM_INFO, "*")),
                        CheckId.SSM_REGISTERED),
                row("SSM ping", w -> w.withoutAll(SsmInstance.class).with(unknown(FactKind.SSM_INFO, INSTANCE)),
                        CheckId.SSM_PING),
                row("SSM agent version with a minimum configured", w -> w.withoutAll(SsmInstance.class)
                        .with(unknown(FactKind.SSM_INFO, "*"))
                        .settings(new EvaluationSettings(15, "3.3.40.0", List.of())), CheckId.SSM_AGENT_VERSION),
                row("instance profile associations", w -> w.with(instance(INSTANCE).profile(null).build(),
                        unknown(FactKind.INSTANCE_PROFILES, "*")), CheckId.INSTANCE_PROFILE),
                row("route tables", w -> w.withoutAll(RouteTable.class).with(unknown(FactKind.ROUTE_TABLES, "*")),
                        CheckId.SSM_NETWORK_PATH),
                row("network ACLs", w -> w.withoutAll(NetworkAcl.class).with(unknown(FactKind.NETWORK_ACLS, "*")),
                        CheckId.ACTIVATION_PATH),
                row("subnets", w -> w.withoutAll(Subnet.class).with(unknown(FactKind.SUBNETS, "*")),
                        CheckId.ACTIVATION_PATH),
                row("the instance's security group", w -> w.without(SG_INSTANCE)
                        .with(unknown(FactKind.SECURITY_GROUPS, SG_INSTANCE)), CheckId.RDP_INGRESS),
                row("VPC DNS attributes", w -> w.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), null, null, DHCP),
                        unknown(FactKind.VPC_ATTRIBUTES, VPC)), CheckId.VPC_DNS),
                row("LM-US identity providers", w -> w.withoutAll(IdentityProvider.class)
                        .with(unknown(FactKind.IDENTITY_PROVIDERS, "*")), CheckId.DIRECTORY_DNS),
                row("Directory Service directories", w -> w.withoutAll(Directory.class)
                        .with(unknown(FactKind.DIRECTORIES, DIRECTORY)), CheckId.DIRECTORY_DNS),
                row("DescribeInstances", w -> w.withoutAll(Ec2Instance.class).with(unknown(FactKind.INSTANCES, "*")),
                        CheckId.INSTANCE_STATE));
    }

    @ParameterizedTest(name = "{0} unreadable -> {2} UNKNOWN")
    @MethodSource("cases")
    void evaluate_factUnreadable_unknownWithReasonNeverPassOrFail(String name, UnaryOperator<World> setup,
            CheckId check) {
        InstanceReport report = setup.apply(healthy()).report(INSTANCE);

        CheckResult result = report.check(check);
        assertThat(result.status()).as("%s; evidence %s", check, result.evidence()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("AccessDenied");
        assertThat(report.checks()).noneMatch(c -> c.status() == Status.FAIL && c.id() != CheckId.INSTANCE_STATE);
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }
}
