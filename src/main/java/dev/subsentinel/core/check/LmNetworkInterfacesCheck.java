package dev.subsentinel.core.check;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * License Manager creates network interfaces for the directory it registers (described
 * {@code AWS created network interface for LicenseManager <directory id>}, with the VPC's default security group;
 * docs/aws-facts.md) and the guide says they must not be altered or deleted: they must still exist, be
 * {@code in-use} or {@code available}, and their group must still reach every domain controller on the ports of
 * DIRECTORY_PATH. The result is the same for every instance of the directory, so it is computed once per snapshot
 * and is a fleet-level cause ({@link FleetCauses}). For a self-managed directory no identification is documented:
 * UNKNOWN, never a guess.
 */
public final class LmNetworkInterfacesCheck extends BaseCheck {

    /** The description License Manager gives the interfaces, followed by the directory id. */
    public static final String DESCRIPTION_PREFIX = "AWS created network interface for LicenseManager ";
    /** What a description must contain besides the directory id for the collector to match it. */
    public static final String DESCRIPTION_MARKER = "LicenseManager";

    @Override
    public CheckId id() {
        return CheckId.LM_NETWORK_INTERFACES;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ds:DescribeDirectories",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls", "ec2:DescribeVpcPeeringConnections",
                "ec2:GetManagedPrefixListEntries");
    }

    @Override
    public String remediation() {
        return "Restore License Manager's network interfaces for the directory (deregister and register the directory"
                + " again in User-based subscriptions > Settings if they were deleted), and let their group (the VPC's"
                + " default security group) reach every domain controller on the Active Directory ports.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        IdentityProviderResolver.Resolution resolution = InstanceDirectory.resolve(context);
        CheckResult unresolved = InstanceDirectory.unresolved(this, resolution);
        if (unresolved != null) {
            return unresolved;
        }
        IdentityProvider provider = resolution.provider();
        if (provider.selfManaged()) {
            return unknown("License Manager's interfaces not identifiable", "License Manager documents its interfaces"
                    + " by directory id (\"" + DESCRIPTION_PREFIX + "<directory id>\"); for the self-managed directory "
                    + provider.domainName() + " no identification is documented, so they are not checked");
        }
        String directoryId = provider.directoryId();
        return context.index().memo("LM_NETWORK_INTERFACES:" + directoryId,
                () -> evaluateDirectory(context.index(), context.paths(), provider));
    }

    private CheckResult evaluateDirectory(FleetIndex index, PathAnalyzer paths, IdentityProvider provider) {
        String directoryId = provider.directoryId();
        DirectoryInterfaces found = index.directoryInterfaces(directoryId);
        if (found == null) {
            String reason = index.unknown(FactKind.DIRECTORY_INTERFACES, directoryId);
            return unknown("License Manager's interfaces unknown", reason != null
                    ? "EC2 DescribeNetworkInterfaces for " + directoryId + " failed: " + reason
                    : "the snapshot does not record License Manager's interfaces of " + directoryId);
        }
        String rule = "network interfaces described '" + DESCRIPTION_PREFIX + directoryId + "'";
        if (found.interfaces().isEmpty()) {
            return fail("License Manager's network interfaces of " + directoryId + " are gone", List.of(
                    "EC2 DescribeNetworkInterfaces finds no " + rule + "; License Manager created them when the"
                            + " directory was registered and they must not be deleted"));
        }
        List<String> evidence = new ArrayList<>();
        List<DirectoryInterface> altered = found.interfaces().stream().filter(eni -> !eni.asCreated()).toList();
        if (!altered.isEmpty()) {
            altered.forEach(eni -> evidence.add(eni.networkInterfaceId() + " (" + eni.privateIp() + ", "
                    + eni.subnetId() + ") is " + eni.status() + ", not in-use or available"));
            return fail("License Manager's network interfaces of " + directoryId + " altered", evidence);
        }
        DomainControllers.Controllers controllers = DomainControllers.of(index, provider);
        if (controllers.unknown() != null) {
            return unknown("domain controllers unknown", controllers.unknown());
        }
        List<PortTableReach.PortResult> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DirectoryInterface eni : found.interfaces()) {
            List<PortTableReach.PortResult> results = DomainControllers.evaluate(PortTableReach.of(paths,
                    eni.asSource(), "License Manager interface of " + directoryId), controllers.targets());
            all.addAll(results);
            problems.addAll(PortTableReach.evidence(PortTableReach.problems(results)));
        }
        String interfaces = String.join(", ", found.interfaces().stream()
                .map(eni -> eni.networkInterfaceId() + " (" + eni.status() + ", " + String.join("+", eni.groupIds())
                        + ")").toList());
        evidence.add(rule + ": " + interfaces);
        Status status = PortTableReach.status(all);
        if (status == Status.PASS) {
            evidence.add("each reaches every domain controller of " + controllers.label()
                    + " on the Active Directory ports, replies included");
            return pass("License Manager's network interfaces of " + directoryId + " in place", evidence)
                    .withPaths(PortTableReach.paths(all));
        }
        evidence.addAll(problems);
        List<PortTableReach.PortResult> bad = status == Status.FAIL ? PortTableReach.blockedEssential(all)
                : PortTableReach.problems(all);
        String ports = PortTableReach.blockedFamily(bad) + " on " + PortTableReach.labels(bad);
        String summary = switch (status) {
            case FAIL -> "License Manager's network interfaces of " + directoryId + " cannot reach the domain"
                    + " controllers" + ports;
            case WARN -> "License Manager's network interfaces of " + directoryId + " do not reach the domain"
                    + " controllers" + ports;
            default -> "License Manager's network interfaces of " + directoryId + ": path" + ports
                    + " could not be evaluated";
        };
        return planned(result(status, summary, evidence).withPaths(PortTableReach.paths(all)),
                networkPlan(index, PortTableReach.causes(all)));
    }
}
