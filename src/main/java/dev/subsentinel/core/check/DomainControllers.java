package dev.subsentinel.core.check;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.net.ActiveDirectoryPorts;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.Peer;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.ReachEvery;
import dev.subsentinel.core.net.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The domain controllers of a directory as path targets, and whether a source (an instance, an interface License
 * Manager created, a group of licence servers) reaches every one of them on every port of
 * {@link ActiveDirectoryPorts}, replies included. Shared by the checks that need "X reaches the domain controllers".
 */
public final class DomainControllers {

    /** How traffic from one source to one target is evaluated (e.g. {@link PathAnalyzer#reach}). */
    @FunctionalInterface
    public interface Source {

        /** Whether the source reaches the target on every port of the range, replies included. */
        Decision reach(Target target, int protocol, PortRange ports);
    }

    /**
     * The domain controllers of a directory.
     *
     * @param label   how evidence names the directory, e.g. "directory d-123 (corp.example.com)"
     * @param groupId the group on the controllers' interfaces (Directory Service {@code VpcSettings.SecurityGroupId});
     *                null when unknown (a self-managed directory)
     * @param targets one per controller address
     * @param unknown why the controllers are unknown, or null
     */
    public record Controllers(String label, String groupId, List<Target> targets, String unknown) {

        public Controllers {
            Objects.requireNonNull(label, "label");
            targets = List.copyOf(targets);
        }
    }

    /**
     * The result for one entry of the port table.
     *
     * @param port     the entry
     * @param decision the combination over every controller
     */
    public record PortResult(ActiveDirectoryPorts.Port port, Decision decision) {
    }

    private DomainControllers() {
    }

    /**
     * The controllers of the directory that serves a resolved identity provider: Directory Service's
     * {@code DnsIpAddrs} and {@code VpcSettings.SecurityGroupId} for an AWS Managed Microsoft AD, the provider's
     * {@code DomainIpv4List} for a self-managed one.
     */
    public static Controllers of(FleetIndex index, IdentityProvider provider) {
        if (provider.directoryId() != null && !provider.selfManaged()) {
            Directory directory = index.directory(provider.directoryId());
            if (directory == null) {
                String reason = index.unknown(FactKind.DIRECTORIES, provider.directoryId());
                return new Controllers("directory " + provider.directoryId(), null, List.of(),
                        provider.directoryId() + " could not be read: "
                                + (reason != null ? reason : "DescribeDirectories does not return it"));
            }
            return of(index, directory);
        }
        String label = "self-managed directory " + (provider.domainName() != null ? provider.domainName()
                : IdentityProviderResolver.label(provider));
        if (provider.domainIps().isEmpty()) {
            return new Controllers(label, null, List.of(), "the identity provider's ActiveDirectorySettings name no"
                    + " domain controller address (DomainIpv4List)");
        }
        return new Controllers(label, null, targets(index, label, provider.domainIps(), provider.domainSubnetIds(),
                null, vpcOf(index, provider.domainSubnetIds())), null);
    }

    /** The controllers of a Directory Service directory. */
    public static Controllers of(FleetIndex index, Directory directory) {
        String label = "directory " + directory.directoryId() + " (" + directory.domainName() + ")";
        if (directory.dnsIps().isEmpty()) {
            return new Controllers(label, directory.securityGroupId(), List.of(),
                    "DescribeDirectories names no domain controller address (DnsIpAddrs) for "
                            + directory.directoryId());
        }
        return new Controllers(label, directory.securityGroupId(), targets(index, label, directory.dnsIps(),
                directory.subnetIds(), directory.securityGroupId(), directory.vpcId()), null);
    }

    private static List<Target> targets(FleetIndex index, String label, List<String> ips, List<String> subnetIds,
            String groupId, String vpcId) {
        List<Target> targets = new ArrayList<>();
        for (String ip : ips) {
            Cidr address = index.cidr(ip);
            Subnet home = null;
            for (String subnetId : subnetIds) {
                Subnet subnet = index.subnet(subnetId);
                if (subnet != null && subnet.cidrBlock() != null && index.cidr(subnet.cidrBlock()).contains(address)) {
                    home = subnet;
                    break;
                }
            }
            targets.add(new Target(ip + " (domain controller of " + label + ")", address,
                    groupId == null ? List.of() : List.of(groupId), home != null ? home.vpcId() : vpcId,
                    home != null ? home.subnetId() : null));
        }
        return targets;
    }

    private static String vpcOf(FleetIndex index, List<String> subnetIds) {
        for (String subnetId : subnetIds) {
            Subnet subnet = index.subnet(subnetId);
            if (subnet != null) {
                return subnet.vpcId();
            }
        }
        return "a network outside the snapshot";
    }

    /**
     * Whether the source reaches every controller on each entry of the port table. Each entry's range is evaluated
     * as a whole (49152-65535 is one evaluation, not 16,384). First, per protocol, the span of every entry
     * ({@link ActiveDirectoryPorts#SPANS}): when it reaches every controller, so does each entry, and that one
     * decision stands for all of them; otherwise every entry is evaluated on its own, so that a FAIL or WARN names
     * exactly the entries that are blocked.
     */
    public static List<PortResult> evaluate(Source source, List<Target> controllers) {
        Decision spans = spans(source, controllers);
        if (spans != null) {
            return ActiveDirectoryPorts.ALL.stream().map(port -> new PortResult(port, spans)).toList();
        }
        List<PortResult> results = new ArrayList<>(ActiveDirectoryPorts.ALL.size());
        for (ActiveDirectoryPorts.Port port : ActiveDirectoryPorts.ALL) {
            List<Decision> perController = new ArrayList<>(controllers.size());
            for (Target controller : controllers) {
                perController.add(source.reach(controller, port.protocol(), port.ports()));
            }
            results.add(new PortResult(port, ReachEvery.of(perController)));
        }
        return results;
    }

    /** The decision over every protocol's span to every controller when all are open, else null. */
    private static Decision spans(Source source, List<Target> controllers) {
        List<Decision> open = new ArrayList<>();
        for (var span : ActiveDirectoryPorts.SPANS.entrySet()) {
            for (Target controller : controllers) {
                Decision decision = source.reach(controller, span.getKey(), span.getValue());
                if (!decision.open()) {
                    return null;
                }
                open.add(decision);
            }
        }
        return Decision.all(open);
    }

    /**
     * Whether the controllers' own group (its ingress rules alone) refuses the entry from the interface to every
     * controller: then the group, shared by every client of the directory, is the cause.
     */
    public static boolean groupBlocks(PathAnalyzer paths, FleetIndex index, Controllers controllers,
            NetworkInterface source, String sourceLabel, ActiveDirectoryPorts.Port port) {
        if (controllers.groupId() == null || controllers.targets().isEmpty()) {
            return false;
        }
        Peer peer = new Peer(source.privateIp() + " (" + sourceLabel + ")", index.cidr(source.privateIp()),
                source.groupIds(), source.vpcId());
        return paths.securityGroups().evaluate(List.of(controllers.groupId()), Direction.INGRESS, port.protocol(),
                port.ports(), peer).reach() == Reach.BLOCKED;
    }

    /** The entries whose decision is not OPEN, in table order. */
    public static List<PortResult> problems(List<PortResult> results) {
        return results.stream().filter(r -> !r.decision().open()).toList();
    }

    /** "SMB tcp/445, LDAP udp/389". */
    public static String labels(List<PortResult> results) {
        return String.join(", ", results.stream().map(r -> r.port().label()).toList());
    }
}
