package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.net.ActiveDirectoryPorts;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance must reach every domain controller of its directory on the ports of {@link ActiveDirectoryPorts} and
 * receive the replies: its security groups' egress, the controllers' group's ingress (Directory Service
 * {@code VpcSettings.SecurityGroupId}, on the controllers' interfaces), the network ACLs both ways (replies to the
 * Windows ephemeral ports) and the routes both ways, across peering too, with the path engine of ACTIVATION_PATH. A
 * blocked DNS, Kerberos, LDAP or SMB entry fails: domain join and logon break. A blocked entry of the rest warns and
 * names the port, as does an entry blocked in one family only. When the controllers' own group refuses every failing
 * entry, that group is named as the cause: it breaks every instance of the directory at once ({@link FleetCauses}).
 */
public final class DirectoryPathCheck extends BaseCheck {

    /** How the summary starts when the controllers' group is the cause (a fleet-level cause). */
    public static final String GROUP_CAUSE = "the domain controllers' group ";

    @Override
    public CheckId id() {
        return CheckId.DIRECTORY_PATH;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ds:DescribeDirectories",
                "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
                "ec2:DescribeNetworkAcls", "ec2:DescribeVpcPeeringConnections", "ec2:GetManagedPrefixListEntries");
    }

    @Override
    public String remediation() {
        return "Allow the Active Directory ports (DNS tcp+udp/53, Kerberos tcp+udp/88, RPC tcp/135, LDAP tcp+udp/389,"
                + " SMB tcp/445, kpasswd tcp+udp/464, LDAPS tcp/636, global catalog tcp/3268-3269, ADWS tcp/9389, RPC"
                + " tcp/49152-65535) from the instance to every domain controller: instance group egress, the"
                + " controllers' group ingress, routes and network ACLs both ways (replies to ports 49152-65535).";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        Ec2Instance instance = context.instance();
        IdentityProviderResolver.Resolution resolution = InstanceDirectory.resolve(context);
        CheckResult unresolved = InstanceDirectory.unresolved(this, resolution);
        if (unresolved != null) {
            return unresolved;
        }
        DomainControllers.Controllers controllers = DomainControllers.of(context.index(), resolution.provider());
        if (controllers.unknown() != null) {
            return unknown("domain controllers unknown", controllers.unknown());
        }
        PortTableReach.Source source = PortTableReach.of(context.paths(), instance);
        List<PortTableReach.PortResult> results = DomainControllers.evaluate(source, controllers.targets());
        Status status = PortTableReach.status(results);
        List<PortTableReach.PortResult> problems = PortTableReach.problems(results);
        List<String> evidence = new ArrayList<>();
        evidence.add(resolution.detail() + "; domain controllers " + String.join(", ",
                controllers.targets().stream().map(t -> t.address().toString()).toList())
                + (controllers.groupId() != null ? " with group " + controllers.groupId() : ""));
        if (status == Status.PASS) {
            evidence.add("every entry of the Active Directory port table (" + ActiveDirectoryPorts.ALL.size()
                    + ") reaches every domain controller, replies included");
            evidence.addAll(PortTableReach.unused(source, controllers.targets()));
            return pass(controllers.label() + " reachable on the Active Directory ports", evidence)
                    .withPaths(PortTableReach.paths(results));
        }
        evidence.addAll(PortTableReach.evidence(problems));
        String summary = switch (status) {
            case FAIL -> failSummary(context, controllers, results);
            case WARN -> controllers.label() + " not reachable" + PortTableReach.blockedFamily(problems) + " on "
                    + PortTableReach.labels(problems, ActiveDirectoryPorts.ALL, "Active Directory port");
            default -> controllers.label() + ": path on " + PortTableReach.labels(problems) + " could not be"
                    + " evaluated";
        };
        return planned(result(status, summary, evidence).withPaths(PortTableReach.paths(results)),
                networkPlan(context.index(), PortTableReach.causes(results)));
    }

    private String failSummary(InstanceContext context, DomainControllers.Controllers controllers,
            List<PortTableReach.PortResult> results) {
        List<PortTableReach.PortResult> blocked = PortTableReach.blockedEssential(results);
        Target first = controllers.targets().get(0);
        NetworkInterface source = context.paths().sourceInterface(context.instance(), first);
        boolean groupIsCause = source != null && blocked.stream().allMatch(r -> DomainControllers.groupBlocks(
                context.paths(), context.index(), controllers, source, context.instanceId(), r.port()));
        if (groupIsCause) {
            return GROUP_CAUSE + controllers.groupId() + " of " + controllers.label() + " blocks "
                    + PortTableReach.labels(blocked);
        }
        return controllers.label() + " unreachable on " + PortTableReach.labels(blocked);
    }
}
