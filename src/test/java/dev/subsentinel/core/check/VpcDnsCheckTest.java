package dev.subsentinel.core.check;

import static dev.subsentinel.core.Fixtures.DHCP;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.evidence;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VpcDnsCheckTest {

    static Stream<Arguments> attributes() {
        return Stream.of(
                Arguments.of(true, true, Status.PASS, "VPC DNS support and hostnames on"),
                Arguments.of(false, true, Status.FAIL, "enableDnsSupport off on vpc-0app"),
                Arguments.of(true, false, Status.FAIL, "enableDnsHostnames off on vpc-0app"),
                Arguments.of(false, false, Status.FAIL, "enableDnsSupport and enableDnsHostnames off on vpc-0app"));
    }

    @ParameterizedTest(name = "support={0} hostnames={1} -> {2}")
    @MethodSource("attributes")
    void evaluate_dnsAttributes_failWhenEitherIsOff(boolean support, boolean hostnames, Status expected,
            String summary) {
        CheckResult result = healthy().with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), support, hostnames, DHCP))
                .result(CheckId.VPC_DNS);

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.summary()).isEqualTo(summary);
        assertThat(evidence(result)).isEqualTo("vpc-0app: enableDnsSupport=" + support + ", enableDnsHostnames="
                + hostnames);
    }

    @Test
    void evaluate_attributesUnreadable_unknown() {
        CheckResult result = healthy().with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), null, null, DHCP),
                unknown(FactKind.VPC_ATTRIBUTES, VPC)).result(CheckId.VPC_DNS);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).isEqualTo("vpc-0app: AccessDenied: not allowed (VPC_ATTRIBUTES)");
    }

    @Test
    void evaluate_vpcMissing_unknownNotFail() {
        CheckResult result = healthy().without(VPC).result(CheckId.VPC_DNS);

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(evidence(result)).contains("vpc-0app: not in the snapshot");
    }
}
