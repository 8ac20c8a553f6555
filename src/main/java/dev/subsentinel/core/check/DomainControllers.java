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
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.Peer;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.ServicePort;
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

    private DomainControllers() {
    }

    /**
     * The controllers of the directory that serves a resolved identity provider: Directory Service's
     * {@code DnsIpAddrs} and {@code DnsIpv6Addrs} and {@code VpcSettings.SecurityGroupId} for an AWS Managed Microsoft
     * AD, the provider's {@code DomainIpv4List} and {@code DomainIpv6List} for a self-managed one.
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
        return new Controllers(label, null, targets(index, label, both(provider.domainIps(), provider.domainIpv6s()),
                provider.domainSubnetIds(), null, vpcOf(index, provider.domainSubnetIds())), null);
    }

    /** The controllers of a Directory Service directory. */
    public static Controllers of(FleetIndex index, Directory directory) {
        String label = "directory " + directory.directoryId() + " (" + directory.domainName() + ")";
        if (directory.dnsIps().isEmpty()) {
            return new Controllers(label, directory.securityGroupId(), List.of(),
                    "DescribeDirectories names no domain controller address (DnsIpAddrs) for "
                            + directory.directoryId());
        }
        return new Controllers(label, directory.securityGroupId(), targets(index, label, both(directory.dnsIps(),
                directory.dnsIpv6s()), directory.subnetIds(), directory.securityGroupId(), directory.vpcId()), null);
    }

    private static List<String> both(List<String> ipv4, List<String> ipv6) {
        if (ipv6.isEmpty()) {
            return ipv4;
        }
        List<String> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        return all;
    }

    private static List<Target> targets(FleetIndex index, String label, List<String> ips, List<String> subnetIds,
            String groupId, String vpcId) {
        List<Target> targets = new ArrayList<>();
        for (String ip : ips) {
            Cidr address = index.cidr(ip);
            Subnet home = null;
            for (String subnetId : subnetIds) {
                Subnet subnet = index.subnet(subnetId);
                if (subnet != null && index.inSubnet(subnet, address)) {
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
     * Whether the source reaches every controller on each entry of the Active Directory port table, in each address
     * family they share ({@link PortTableReach#evaluate}).
     */
    public static List<PortTableReach.PortResult> evaluate(PortTableReach.Source source, List<Target> controllers) {
        return PortTableReach.evaluate(source, controllers, ActiveDirectoryPorts.ALL, ActiveDirectoryPorts.SPANS);
    }

    /**
     * Whether the controllers' own group (its ingress rules alone) refuses the entry from the interface to every
     * controller: then the group, shared by every client of the directory, is the cause.
     */
    public static boolean groupBlocks(PathAnalyzer paths, FleetIndex index, Controllers controllers,
            NetworkInterface source, String sourceLabel, ServicePort port) {
        if (controllers.groupId() == null || controllers.targets().isEmpty()) {
            return false;
        }
        Peer peer = new Peer(source.privateIp() + " (" + sourceLabel + ")", index.cidr(source.privateIp()),
                source.groupIds(), source.vpcId());
        return paths.securityGroups().evaluate(List.of(controllers.groupId()), Direction.INGRESS, port.protocol(),
                port.ports(), peer).reach() == Reach.BLOCKED;
    }
}
