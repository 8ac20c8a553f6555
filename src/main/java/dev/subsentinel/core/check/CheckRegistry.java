package dev.subsentinel.core.check;

import dev.subsentinel.core.report.CheckId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The check catalogue, listed explicitly (no classpath scanning), in report order. */
public final class CheckRegistry {

    private static final CheckRegistry DEFAULT = new CheckRegistry(List.of(
            new InstanceStateCheck(),
            new LmusStatusCheck(),
            new SsmRegisteredCheck(),
            new SsmPingCheck(),
            new SsmAgentVersionCheck(),
            new InstanceProfileCheck(),
            new SsmNetworkPathCheck(),
            new VpcDnsCheck(),
            new ActivationPathCheck(),
            new RdpIngressCheck(),
            new DirectoryDnsCheck(),
            new DirectoryHealthCheck(),
            new IdentityProviderCheck(),
            new DirectoryPathCheck(),
            new LmNetworkInterfacesCheck(),
            new LicenseServerCheck(),
            new LicenseServerPathCheck(),
            new SubscriptionTagCheck(),
            new ServiceLinkedRoleCheck()));

    private final List<Check> checks;

    /** A registry of the given checks. */
    public CheckRegistry(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check of DESIGN section 3. */
    public static CheckRegistry defaults() {
        return DEFAULT;
    }

    /** The checks in report order. */
    public List<Check> checks() {
        return checks;
    }

    /** The check with this id. */
    public Check get(CheckId id) {
        for (Check check : checks) {
            if (check.id() == id) {
                return check;
            }
        }
        throw new IllegalArgumentException("no check " + id);
    }

    /**
     * Every IAM action the checks declare, plus what scoping needs (listing the instances), sorted and without
     * duplicates: the read-only part of the collector's policy.
     */
    public Set<String> requiredActions() {
        List<String> all = new ArrayList<>();
        all.add("ec2:DescribeInstances");
        all.add("license-manager-user-subscriptions:ListInstances");
        checks.forEach(check -> all.addAll(check.requiredActions()));
        return new LinkedHashSet<>(all.stream().sorted().toList());
    }
}
