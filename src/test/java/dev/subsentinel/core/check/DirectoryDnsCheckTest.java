package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DIRECTORY;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SPOKE_CIDR;
import static dev.subsentinel.core.Fixtures.SPOKE_INSTANCE;
import static dev.subsentinel.core.Fixtures.SPOKE_VPC;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.instance;
import static dev.subsentinel.core.Fixtures.unknown;
import static dev.subsentinel.core.Fixtures.withSpoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Most rows use the spoke VPC of {@link dev.subsentinel.core.Fixtures#withSpoke}: not the directory's VPC. */
class DirectoryDnsCheckTest {

    private static ResolverRule rule(String domain, String type, String... vpcs) {
        return new ResolverRule("rslvr-rr-0ad", domain, type, "COMPLETE", List.of(vpcs));
    }

    private static World spokeDhcp(World world, String... servers) {
        return world.with(new Vpc(SPOKE_VPC, List.of(SPOKE_CIDR), List.of(), true, true, "dopt-0spoke"),
                new DhcpOptions("dopt-0spoke", List.of(servers)));
    }

    private static Arguments row(String name, UnaryOperator<World> setup, String instanceId, Status status,
            String... evidence) {
        return Arguments.of(name, setup, instanceId, status, List.of(evidence));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("instance in the directory's VPC", w -> w, INSTANCE, Status.PASS,
                        "directory d-0123456789 (corp.example.com) is in the instance's VPC vpc-0app"),
                row("resolver FORWARD rule for the domain associated with the instance's VPC",
                        w -> withSpoke(w).with(rule("corp.example.com.", "FORWARD", SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.PASS, "rslvr-rr-0ad forwards corp.example.com. and is associated with vpc-0spoke"),
                row("resolver FORWARD rule for the parent domain",
                        w -> withSpoke(w).with(rule("Example.COM", "FORWARD", SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.PASS, "rslvr-rr-0ad forwards Example.COM"),
                row("resolver rule for another domain",
                        w -> withSpoke(w).with(rule("other.example.com", "FORWARD", SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.FAIL, "no Route 53 Resolver FORWARD rule for corp.example.com is associated with"
                                + " vpc-0spoke"),
                row("resolver rule for a name that merely ends like the domain",
                        w -> withSpoke(w).with(rule("orp.example.com", "FORWARD", SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.FAIL, "no Route 53 Resolver FORWARD rule"),
                row("resolver rule associated with another VPC only",
                        w -> withSpoke(w).with(rule("corp.example.com", "FORWARD", VPC)), SPOKE_INSTANCE,
                        Status.FAIL, "no Route 53 Resolver FORWARD rule"),
                row("SYSTEM rule for the domain does not forward",
                        w -> withSpoke(w).with(rule("corp.example.com", "SYSTEM", SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.FAIL, "rslvr-rr-0ad (SYSTEM corp.example.com) is the most specific rule for"
                                + " corp.example.com in vpc-0spoke, so Resolver does not forward it"),
                row("SYSTEM rule for the domain overrides a FORWARD rule for its parent",
                        w -> withSpoke(w).with(rule("corp.example.com", "SYSTEM", SPOKE_VPC),
                                new ResolverRule("rslvr-rr-0parent", "example.com", "FORWARD", "COMPLETE",
                                        List.of(SPOKE_VPC))), SPOKE_INSTANCE,
                        Status.FAIL, "rslvr-rr-0ad (SYSTEM corp.example.com) is the most specific rule"),
                row("FORWARD rule for the domain wins over a SYSTEM rule for its parent",
                        w -> withSpoke(w).with(rule("corp.example.com", "FORWARD", SPOKE_VPC),
                                new ResolverRule("rslvr-rr-0parent", "example.com", "SYSTEM", "COMPLETE",
                                        List.of(SPOKE_VPC))), SPOKE_INSTANCE,
                        Status.PASS, "rslvr-rr-0ad forwards corp.example.com"),
                row("identity provider registered for another product only",
                        w -> w.withoutAll(IdentityProvider.class).with(new IdentityProvider(DIRECTORY,
                                "REMOTE_DESKTOP_SERVICES", "ACTIVE", List.of(SUBNET_VPCE_A), SG_KMS, "AWS_MANAGED",
                                null, List.of(), List.of())), INSTANCE, Status.FAIL,
                        IdentityProviderResolver.NONE_TEXT),
                row("DHCP options point at the directory's DNS",
                        w -> spokeDhcp(withSpoke(w), "10.0.3.100"), SPOKE_INSTANCE, Status.PASS,
                        "dopt-0spoke of vpc-0spoke hands out 10.0.3.100, a DNS server of directory d-0123456789"),
                row("DHCP options point elsewhere", w -> spokeDhcp(withSpoke(w), "AmazonProvidedDNS"),
                        SPOKE_INSTANCE, Status.FAIL, "its DHCP options dopt-0spoke hand out AmazonProvidedDNS"),
                row("nothing makes the domain resolvable", w -> withSpoke(w), SPOKE_INSTANCE, Status.FAIL,
                        "directory d-0123456789 (corp.example.com) is in vpc-0app, not in the instance's VPC"
                                + " vpc-0spoke",
                        "no Route 53 Resolver FORWARD rule for corp.example.com is associated with vpc-0spoke, and it"
                                + " has no DHCP options set"),
                row("self-managed directory reached through DHCP options",
                        w -> spokeDhcp(withSpoke(w).withoutAll(IdentityProvider.class).without(DIRECTORY)
                                .with(new IdentityProvider(null, Fixtures.OFFICE, "ACTIVE",
                                        List.of(SUBNET_VPCE_A), SG_KMS, "SELF_MANAGED", "ad.example.org",
                                        List.of("10.0.2.200"), List.of(SUBNET_VPCE_A))), "10.0.2.200"),
                        SPOKE_INSTANCE, Status.PASS, "hands out 10.0.2.200, a DNS server of directory self-managed"
                                + " ad.example.org (ad.example.org)"),
                row("no identity provider at all", w -> w.withoutAll(IdentityProvider.class), INSTANCE, Status.FAIL,
                        IdentityProviderResolver.NONE_TEXT),
                row("directory could not be read",
                        w -> w.withoutAll(Directory.class).with(unknown(FactKind.DIRECTORIES, DIRECTORY)), INSTANCE,
                        Status.UNKNOWN, "d-0123456789: AccessDenied"),
                row("VPC could not be read, so its DHCP options are unknown",
                        w -> withSpoke(w).without(SPOKE_VPC).with(unknown(FactKind.VPCS, SPOKE_VPC)), SPOKE_INSTANCE,
                        Status.UNKNOWN, "vpc-0spoke: AccessDenied"),
                row("DHCP options could not be read",
                        w -> withSpoke(w).with(new Vpc(SPOKE_VPC, List.of(SPOKE_CIDR), List.of(), true, true,
                                "dopt-0hidden"), unknown(FactKind.DHCP_OPTIONS, "dopt-0hidden")), SPOKE_INSTANCE,
                        Status.UNKNOWN, "dopt-0hidden of vpc-0spoke: AccessDenied"),
                row("resolver rules could not be read",
                        w -> withSpoke(w).with(unknown(FactKind.RESOLVER_RULES, "*")), SPOKE_INSTANCE,
                        Status.UNKNOWN, "Route 53 Resolver rules: AccessDenied"),
                row("stopped instance", w -> w.with(instance(INSTANCE).state("stopped").build()), INSTANCE,
                        Status.SKIPPED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluate_directoryResolution_statusAndDecidingEvidence(String name, UnaryOperator<World> setup,
            String instanceId, Status expected, List<String> fragments) {
        CheckResult result = setup.apply(healthy()).result(instanceId, CheckId.DIRECTORY_DNS);

        assertThat(result.status()).as("status; evidence %s", result.evidence()).isEqualTo(expected);
        for (String fragment : fragments) {
            assertThat(evidence(result)).contains(fragment);
        }
    }
}
