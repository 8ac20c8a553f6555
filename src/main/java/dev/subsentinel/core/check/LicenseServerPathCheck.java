package dev.subsentinel.core.check;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.net.ActiveDirectoryPorts;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.RdsLicensingPorts;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RD Session Host must reach its RD licence servers, and the licence servers their domain controllers.
 * <ol>
 *   <li>The instance reaches every licence server address ({@code Ipv4Address}, {@code Ipv6Address} of
 *       ListLicenseServerEndpoints) on the RD licensing ports ({@link RdsLicensingPorts}: tcp/135, tcp/445,
 *       tcp/49152-65535), replies included: its egress, the licence servers' group (on the interface that holds the
 *       address), routes and ACLs both ways, in each family both have ({@link dev.subsentinel.core.net
 *       .AddressFamilies}). When {@code ServerEndpoint.Endpoint} is an IP literal, only its family is used.</li>
 *   <li>The licence servers' interfaces (the group License Manager created for them) reach every domain controller
 *       on the Active Directory ports of DIRECTORY_PATH, and the domain controllers reach the licence servers on the
 *       same ports: the LM-US guide asks the domain controllers' groups to allow bidirectional traffic with the
 *       licence servers' subnets on all AD ports including 9389 (the controllers' egress, routes and ACLs are judged on
 *       that leg; the licence servers' own group, which License Manager creates "with the needed ports", is not).
 *       This half is the same for every instance of the identity provider: computed once per snapshot, and a
 *       fleet-level cause when it fails.</li>
 * </ol>
 * A blocked entry of either table fails; an entry blocked in one family only, or not proven, warns naming it.
 */
public final class LicenseServerPathCheck extends BaseCheck {

    /** How the summary starts when the licence servers' own side is the cause (a fleet-level cause). */
    public static final String SERVER_SIDE_CAUSE = "the licence servers of ";

    /** The IPv4 address of a synthetic IPv6 source: never read, since such a source only reaches IPv6 targets. */
    private static final String UNUSED_IPV4 = "0.0.0.0";

    @Override
    public CheckId id() {
        return CheckId.LICENSE_SERVER_PATH;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders",
                "license-manager-user-subscriptions:ListLicenseServerEndpoints", "ds:DescribeDirectories",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls", "ec2:DescribeVpcPeeringConnections",
                "ec2:GetManagedPrefixListEntries");
    }

    @Override
    public String remediation() {
        return "Allow RD licensing (RPC tcp/135, SMB tcp/445, RPC tcp/49152-65535) from the instance to every licence"
                + " server address: instance group egress, the licence servers' group ingress, routes and network ACLs"
                + " both ways (replies to ports 49152-65535); and the Active Directory ports both ways between the"
                + " licence servers' group and the domain controllers' group.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        LicenseServers.Found found = LicenseServers.of(this, context);
        if (found.result() != null) {
            return found.result();
        }
        List<LicenseServerEndpoint> provisioned = found.endpoints().stream()
                .filter(e -> LicenseServer.PROVISIONED.equalsIgnoreCase(e.provisioningStatus())
                        && !e.licenseServers().isEmpty())
                .toList();
        if (provisioned.isEmpty()) {
            return skipped("no provisioned licence server to reach (LICENSE_SERVER says why)");
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(found.detail());
        List<PortTableReach.PortResult> own = new ArrayList<>();
        List<PortTableReach.PortResult> serverSide = new ArrayList<>();
        List<String> serverEvidence = new ArrayList<>();
        for (LicenseServerEndpoint endpoint : provisioned) {
            Servers servers = servers(context.index(), endpoint);
            if (servers.unknown() != null) {
                return unknown("licence servers' interfaces unknown", servers.unknown());
            }
            evidence.add("licence servers of " + endpoint.label() + ": " + String.join(", ", servers.targets().stream()
                    .map(t -> t.address().toString()).toList()) + servers.note());
            PortTableReach.Source instance = PortTableReach.of(context.paths(), context.instance());
            List<PortTableReach.PortResult> results = PortTableReach.evaluate(instance, servers.targets(),
                    RdsLicensingPorts.ALL, RdsLicensingPorts.SPANS);
            own.addAll(results);
            if (PortTableReach.problems(results).isEmpty()) {
                evidence.addAll(PortTableReach.unused(instance, servers.targets()));
            }
            evidence.addAll(PortTableReach.evidence(PortTableReach.problems(results)));
            ServerSide side = context.index().memo("LICENSE_SERVER_PATH:" + endpoint.licenseServerEndpointArn(),
                    () -> serverSide(context.index(), context.paths(), found.provider(), servers));
            if (side.unknown() != null) {
                return unknown("domain controllers unknown", side.unknown());
            }
            serverSide.addAll(side.results());
            serverEvidence.addAll(side.evidence());
        }
        List<PortTableReach.PortResult> all = new ArrayList<>(own);
        all.addAll(serverSide);
        Status status = PortTableReach.status(all);
        if (status == Status.PASS) {
            evidence.add("every licensing port reaches every licence server, replies included, and the licence servers"
                    + " and the domain controllers reach each other on the Active Directory ports");
            evidence.addAll(serverEvidence);
            return pass("licence servers reachable on the RD licensing ports", evidence)
                    .withPaths(PortTableReach.paths(all));
        }
        evidence.addAll(serverEvidence);
        return planned(result(status, summary(status, own, serverSide,
                IdentityProviderResolver.label(found.provider())), evidence).withPaths(PortTableReach.paths(all)),
                networkPlan(context.index(), PortTableReach.causes(all)));
    }

    private static String summary(Status status, List<PortTableReach.PortResult> own,
            List<PortTableReach.PortResult> serverSide, String provider) {
        List<PortTableReach.PortResult> ownBad = status == Status.FAIL ? PortTableReach.blockedEssential(own)
                : PortTableReach.problems(own);
        if (!ownBad.isEmpty()) {
            String verb = switch (status) {
                case FAIL -> "unreachable";
                case WARN -> "not reachable";
                default -> "path could not be evaluated";
            };
            return "licence servers " + verb + PortTableReach.blockedFamily(ownBad) + " on "
                    + PortTableReach.labels(ownBad, RdsLicensingPorts.ALL, "RD licensing port");
        }
        List<PortTableReach.PortResult> sideBad = status == Status.FAIL ? PortTableReach.blockedEssential(serverSide)
                : PortTableReach.problems(serverSide);
        String verb = switch (status) {
            case FAIL -> " and its domain controllers cannot reach each other";
            case WARN -> " and its domain controllers do not reach each other";
            default -> " and its domain controllers: path could not be evaluated";
        };
        return SERVER_SIDE_CAUSE + provider + verb + PortTableReach.blockedFamily(sideBad) + " on "
                + PortTableReach.labels(sideBad, ActiveDirectoryPorts.ALL, "Active Directory port");
    }

    /**
     * The licence servers of an endpoint as targets, on the interfaces that hold their addresses.
     *
     * @param targets    one per address the instance may use
     * @param interfaces the interfaces that hold them, each once
     * @param note       what restricts the families, or ""
     * @param unknown    why the interfaces are unknown, or null
     */
    private record Servers(List<Target> targets, List<LicenseServerInterface> interfaces, String note,
            String unknown) {
    }

    private static Servers servers(FleetIndex index, LicenseServerEndpoint endpoint) {
        Boolean literalIpv6 = literalFamily(endpoint.serverEndpoint());
        String note = literalIpv6 == null ? "" : " (ServerEndpoint " + endpoint.serverEndpoint() + " is an "
                + Cidr.family(literalIpv6) + " address, so only that family is used)";
        List<Target> targets = new ArrayList<>();
        Map<String, LicenseServerInterface> interfaces = new LinkedHashMap<>();
        for (LicenseServer server : endpoint.licenseServers()) {
            for (String address : new String[] {server.ipv4Address(), server.ipv6Address()}) {
                if (address == null || (literalIpv6 != null && literalIpv6 != address.contains(":"))) {
                    continue;
                }
                Cidr cidr = index.cidr(address);
                LicenseServerInterface eni = index.licenseServerInterface(cidr);
                if (eni == null) {
                    String reason = index.unknown(FactKind.LICENSE_SERVER_INTERFACES, address);
                    return new Servers(List.of(), List.of(), note, "the network interface of licence server "
                            + address + " (" + endpoint.label() + ") " + (reason != null ? "could not be read: "
                                    + reason : "was not found: EC2 DescribeNetworkInterfaces returns no interface"
                                            + " with this address"));
                }
                interfaces.putIfAbsent(eni.networkInterfaceId(), eni);
                targets.add(new Target(address + " (licence server, " + eni.networkInterfaceId() + ")", cidr,
                        eni.groupIds(), eni.vpcId(), eni.subnetId()));
            }
        }
        if (targets.isEmpty()) {
            return new Servers(List.of(), List.of(), note, "LM-US gives no address for the licence servers of "
                    + endpoint.label());
        }
        return new Servers(targets, List.copyOf(interfaces.values()), note, null);
    }

    /** The family of an IP literal (true: IPv6), or null for a DNS name or nothing. */
    private static Boolean literalFamily(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || !Cidr.isValid(endpoint.trim()) || endpoint.contains("/")) {
            return null;
        }
        return endpoint.contains(":");
    }

    /**
     * The licence servers' side, the same for every instance of the provider.
     *
     * @param results  the AD port table both ways
     * @param evidence what decided the entries that are not open
     * @param unknown  why the domain controllers are unknown, or null
     */
    private record ServerSide(List<PortTableReach.PortResult> results, List<String> evidence, String unknown) {
    }

    private static ServerSide serverSide(FleetIndex index, PathAnalyzer paths, IdentityProvider provider,
            Servers servers) {
        DomainControllers.Controllers controllers = DomainControllers.of(index, provider);
        if (controllers.unknown() != null) {
            return new ServerSide(List.of(), List.of(), controllers.unknown());
        }
        List<PortTableReach.PortResult> results = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (LicenseServerInterface eni : servers.interfaces()) {
            List<PortTableReach.PortResult> forward = DomainControllers.evaluate(PortTableReach.of(paths,
                    eni.asSource(), "licence server " + eni.privateIp()), controllers.targets());
            results.addAll(forward);
            evidence.addAll(PortTableReach.evidence(PortTableReach.problems(forward)));
        }
        List<String> outside = new ArrayList<>();
        for (Target controller : controllers.targets()) {
            if (controller.subnetId() == null) {
                outside.add(controller.address().toString());
                continue;
            }
            // The guide asks the domain controllers' group to allow the traffic both ways; the licence servers' own
            // group is License Manager's, created "with the needed ports", so it is not judged on this leg.
            List<Target> sameFamily = servers.targets().stream().filter(t -> t.ipv6() == controller.ipv6())
                    .map(t -> new Target(t.label(), t.address(), List.of(), t.vpcId(), t.subnetId())).toList();
            if (sameFamily.isEmpty()) {
                continue;
            }
            List<PortTableReach.PortResult> reverse = DomainControllers.evaluate(
                    fromController(paths, controller, controllers), sameFamily);
            results.addAll(reverse);
            evidence.addAll(PortTableReach.evidence(PortTableReach.problems(reverse)));
        }
        if (!outside.isEmpty()) {
            evidence.add("domain controllers " + String.join(", ", outside) + " are in no subnet of the snapshot, so"
                    + " their connections to the licence servers are not evaluated");
        }
        return new ServerSide(results, evidence, null);
    }

    /**
     * A domain controller address as the source of connections to the licence servers: its subnet and the
     * controllers' group. Directory Service describes the controllers by address, not by interface, so the
     * interface is the address alone; an IPv6 controller address is paired with no IPv4 address and is only used
     * towards IPv6 licence servers (the caller passes only those).
     */
    private static PortTableReach.Source fromController(PathAnalyzer paths, Target controller,
            DomainControllers.Controllers controllers) {
        String address = controller.address().toString();
        NetworkInterface eni = new NetworkInterface("domain controller " + address, 0, controller.subnetId(),
                controller.vpcId(), controller.ipv6() ? UNUSED_IPV4 : address,
                controller.ipv6() ? List.of(address) : List.of(), null,
                controllers.groupId() == null ? List.of() : List.of(controllers.groupId()));
        return PortTableReach.of(paths, eni, "domain controller of " + controllers.label());
    }
}
