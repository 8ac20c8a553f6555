package dev.subsentinel.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.core.report.CheckId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {

    @Test
    void defaults_catalogue_oneCheckPerIdWithRemediation() {
        List<Check> checks = CheckRegistry.defaults().checks();

        assertThat(checks).extracting(Check::id).containsExactlyInAnyOrder(CheckId.values());
        assertThat(checks).allSatisfy(check -> {
            assertThat(check.remediation()).as(check.id().name()).isNotBlank();
            assertThat(check.requiredActions()).as(check.id().name()).isNotEmpty();
            assertThat(CheckRegistry.defaults().get(check.id())).isSameAs(check);
        });
    }

    @Test
    void requiredActions_defaults_sortedDistinctAndReadOnly() {
        List<String> actions = List.copyOf(CheckRegistry.defaults().requiredActions());

        assertThat(actions).isSorted().doesNotHaveDuplicates()
                .contains("ec2:DescribeInstances", "license-manager-user-subscriptions:ListInstances",
                        "ssm:DescribeInstanceInformation", "ec2:DescribeNetworkAcls");
        assertThat(actions).allSatisfy(action -> assertThat(action.substring(action.indexOf(':') + 1))
                .as(action).matches("(Describe|List|Get)[A-Za-z]+"));
    }

    @Test
    void get_idNotInRegistry_throwsNamingIt() {
        CheckRegistry registry = new CheckRegistry(List.of(new VpcDnsCheck()));

        assertThatThrownBy(() -> registry.get(CheckId.RDP_INGRESS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RDP_INGRESS");
    }
}
