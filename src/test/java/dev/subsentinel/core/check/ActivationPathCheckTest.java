package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.OFFICE;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SPOKE_CIDR;
import static dev.subsentinel.core.Fixtures.SPOKE_INSTANCE;
import static dev.subsentinel.core.Fixtures.SPOKE_PCX;
import static dev.subsentinel.core.Fixtures.SPOKE_VPC;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VISUAL_STUDIO;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPCE_KMS;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.lmus;
import static dev.subsentinel.core.Fixtures.peering;
import static dev.subsentinel.core.Fixtures.provider;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.subnet;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.unknown;
import static dev.subsentinel.core.Fixtures.vpc;
import static dev.subsentinel.core.Fixtures.withSpoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
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

class ActivationPathCheckTest {

    private static VpcEndpoint kmsEndpoint(String state) {
        return new VpcEndpoint(VPCE_KMS, VPC, "com.amazonaws.vpce.us-east-1.vpce-svc-0kms", "Interface", state,
                List.of(SUBNET_VPCE_A), List.of(SG_KMS), false, List.of());
    }

    /** A second Office directory in vpc-0second (10.2.0.0/16), actively peered with the spoke VPC. */
    private static World secondDirectory(World world) {
        return world.with(vpc("vpc-0second", "10.2.0.0/16"),
                subnet("subnet-0second", "vpc-0second", "10.2.1.0/24"),
                provider("d-0second", OFFICE, "sg-0kms2", "subnet-0second"),
                peering("pcx-0second", "active", SPOKE_VPC, SPOKE_CIDR, "vpc-0second", "10.2.0.0/16"));
    }

    private static Arguments row(String name, UnaryOperator<World> setup, String instanceId, Status status,
            String... evidence) {
        return Arguments.of(name, setup, instanceId, status, List.of(evidence));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("activation endpoint found, both addresses reachable", w -> w, INSTANCE, Status.PASS,
                        "LM-US names directory d-0123456789 (OFFICE_PROFESSIONAL_PLUS) for this instance; activation"
                                + " subnets subnet-0vpcea, subnet-0vpceb, endpoint group sg-0kms",
                        "to 10.0.2.20 (vpce-0kms):", "to 10.0.3.20 (vpce-0kms):",
                        "sg-0kms ingress rule tcp/1688 from 10.0.0.0/16 allows"),
                row("Visual Studio only: not applicable", w -> w.with(lmus(INSTANCE, "ACTIVE", DIRECTORY,
                        VISUAL_STUDIO)), INSTANCE, Status.SKIPPED),
                row("no product from LM-US or product codes: not applicable",
                        w -> w.with(lmus(INSTANCE, "ACTIVE", DIRECTORY), instance(INSTANCE).productCodes().build()),
                        INSTANCE, Status.SKIPPED),
                row("products unknown because ListInstances failed",
                        w -> w.withoutAll(LmusInstance.class).with(instance(INSTANCE).productCodes().build(),
                                unknown(FactKind.LMUS_INSTANCES, "*")), INSTANCE, Status.UNKNOWN,
                        "LM-US ListInstances failed, so the products are unknown: AccessDenied"),
                row("Office product known from the EC2 product code when LM-US lists none",
                        w -> w.with(lmus(INSTANCE, "ACTIVE", DIRECTORY)), INSTANCE, Status.PASS, "vpce-0kms"),
                row("endpoint group does not admit 1688",
                        w -> w.with(sg(SG_KMS, VPC).ingress(tcp(443, VPC_CIDR)).build()), INSTANCE, Status.FAIL,
                        "sg-0kms ingress: no rule allows tcp/1688 from 10.0.1.10 (i-0healthy)"),
                row("instance group does not allow 1688 out",
                        w -> w.with(sg(SG_INSTANCE, VPC).egress(tcp(443, "0.0.0.0/0")).build()), INSTANCE,
                        Status.FAIL, "sg-0instance egress: no rule allows tcp/1688 to 10.0.2.20 (vpce-0kms)"),
                row("one of the two endpoint addresses blocked is a WARN",
                        w -> w.with(acl("acl-0vpceb", VPC).subnets(SUBNET_VPCE_B)
                                .entries(in(90, "deny", "6", "0.0.0.0/0", 1688, 1688)).allowAll().build()),
                        INSTANCE, Status.WARN, "reaches 1 of 2 addresses",
                        "acl-0vpceb (subnet-0vpceb) inbound rule 90 (deny 0.0.0.0/0 tcp/1688)"),
                row("no endpoint found: the subnets' CIDRs stand in, and the evidence says so",
                        w -> w.without(VPCE_KMS), INSTANCE, Status.PASS,
                        "no available interface endpoint carrying sg-0kms was found in subnet-0vpcea, subnet-0vpceb;"
                                + " their CIDRs stand in for the activation endpoints",
                        "to 10.0.2.0/24 (subnet-0vpcea, activation subnet):"),
                row("stand-in CIDRs: egress covers only one of the two subnets",
                        w -> w.without(VPCE_KMS).with(sg(SG_INSTANCE, VPC).egress(tcp(1688, "10.0.2.0/24")).build()),
                        INSTANCE, Status.WARN, "their CIDRs stand in", "reaches 1 of 2 addresses",
                        "sg-0instance egress: no rule allows tcp/1688 to 10.0.3.0/24 (subnet-0vpceb, activation"
                                + " subnet)"),
                row("stand-in CIDR only half covered by the instance's egress",
                        w -> w.without(VPCE_KMS).with(sg(SG_INSTANCE, VPC).egress(tcp(1688, "10.0.2.0/25"),
                                tcp(1688, "10.0.3.0/24")).build()), INSTANCE, Status.WARN,
                        "only part of 10.0.2.0/24", "not allowed: 10.0.2.128/25"),
                row("endpoint not available", w -> w.with(kmsEndpoint("pending")), INSTANCE, Status.FAIL,
                        "vpce-0kms is pending"),
                row("endpoints could not be read and none is known",
                        w -> w.without(VPCE_KMS).with(unknown(FactKind.VPC_ENDPOINTS, VPC)), INSTANCE,
                        Status.UNKNOWN, "the VPC endpoints of vpc-0app could not be read: AccessDenied"),
                row("directory in a peered VPC", w -> withSpoke(w), SPOKE_INSTANCE, Status.PASS,
                        "directory d-0123456789 (OFFICE_PROFESSIONAL_PLUS) is registered in vpc-0app, peered with the"
                                + " instance's VPC vpc-0spoke",
                        "route 10.0.0.0/16 -> pcx-0spoke (active) to vpc-0app",
                        "rtb-0main (subnet-0vpcea) route 10.1.0.0/16 -> pcx-0spoke returns"),
                row("two peered VPCs each with a directory: LM-US's own error",
                        w -> secondDirectory(withSpoke(w)), SPOKE_INSTANCE, Status.FAIL,
                        IdentityProviderResolver.AMBIGUOUS_TEXT, "directory d-0123456789 (OFFICE_PROFESSIONAL_PLUS)"
                                + " in vpc-0app", "directory d-0second (OFFICE_PROFESSIONAL_PLUS) in vpc-0second"),
                row("directory VPC peered, but the peering was deleted",
                        w -> withSpoke(w).with(peering(SPOKE_PCX, "deleted", SPOKE_VPC, SPOKE_CIDR, VPC, VPC_CIDR)),
                        SPOKE_INSTANCE, Status.FAIL, IdentityProviderResolver.NONE_TEXT),
                row("no identity provider at all", w -> w.withoutAll(IdentityProvider.class), INSTANCE, Status.FAIL,
                        IdentityProviderResolver.NONE_TEXT),
                row("only a Visual Studio directory: none serves Office",
                        w -> w.withoutAll(IdentityProvider.class)
                                .with(provider(DIRECTORY, VISUAL_STUDIO, SG_KMS, SUBNET_VPCE_A)), INSTANCE, Status.FAIL,
                        IdentityProviderResolver.NONE_TEXT),
                row("identity providers could not be read",
                        w -> w.withoutAll(IdentityProvider.class).with(unknown(FactKind.IDENTITY_PROVIDERS, "*")),
                        INSTANCE, Status.UNKNOWN, "LM-US identity providers could not be read: AccessDenied"),
                row("stopped instance", w -> w.with(instance(INSTANCE).state("stopped").build()), INSTANCE,
                        Status.SKIPPED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_activationPath_statusAndDecidingEvidence(String name, UnaryOperator<World> setup,
            String instanceId, Status expected, List<String> fragments) {
        CheckResult result = setup.apply(healthy()).result(instanceId, CheckId.ACTIVATION_PATH);

        assertThat(result.status()).as("status; evidence %s", result.evidence()).isEqualTo(expected);
        for (String fragment : fragments) {
            assertThat(evidence(result)).contains(fragment);
        }
    }
}
