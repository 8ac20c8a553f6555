package dev.subsentinel.core.net;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.report.PathHop;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "can this instance open a connection to that target on this protocol and port, and can the replies come
 * back", with the evidence that decided it. It walks what AWS applies to the packets: the instance's security groups,
 * its subnet's route table (longest prefix match, local, peering, NAT and internet gateways, blackholes), the ACLs of
 * every subnet boundary the packets cross in both directions (replies go to the Windows ephemeral ports), the route
 * back across a peering connection, and the target's security groups.
 *
 * <p>Each flow is of one address family, the target's: an IPv6 target is reached from the interface's IPv6 address
 * and judged on IPv6 rules, routes and ACL entries only (AWS keeps the two families apart in every one of them), an
 * egress-only internet gateway carries IPv6 outbound connections only, an internet gateway carries IPv6 without a
 * public IPv4 address, and a NAT gateway carries no IPv6 to IPv6 destinations. An interface without an address of the
 * target's family cannot open the connection ({@link #noSourceAddress}).
 */
public final class PathAnalyzer {

    private final FleetIndex index;
    private final SecurityGroupEvaluator groups;
    private final NaclEvaluator acls;
    private final RouteLookup routes;

    /** An analyzer over one snapshot. */
    public PathAnalyzer(FleetIndex index) {
        this.index = index;
        this.groups = new SecurityGroupEvaluator(index);
        this.acls = new NaclEvaluator(index);
        this.routes = new RouteLookup(index);
    }

    /** The security-group evaluator this analyzer uses. */
    public SecurityGroupEvaluator securityGroups() {
        return groups;
    }

    /**
     * The interface the instance sends from: the one whose subnet contains the target (the operating system has an
     * on-link route for it), otherwise the primary interface (the default route).
     */
    public NetworkInterface sourceInterface(Ec2Instance instance, Target target) {
        if (!target.onInternet()) {
            for (NetworkInterface eni : instance.networkInterfaces()) {
                Subnet subnet = index.subnet(eni.subnetId());
                if (subnet != null && index.inSubnet(subnet, target.address())) {
                    return eni;
                }
            }
        }
        return instance.primaryInterface();
    }

    /**
     * The address an interface sends from to a target: its private IPv4 address, or its first IPv6 address for an
     * IPv6 target; null when it has no address of the target's family.
     */
    public static String sourceAddress(NetworkInterface eni, Target target) {
        if (!target.ipv6()) {
            return eni.privateIp();
        }
        return eni.ipv6Addresses().isEmpty() ? null : eni.ipv6Addresses().get(0);
    }

    /**
     * Why the instance cannot open a connection in the target's address family (its interface towards the target has
     * no address of that family: the client never uses that family), or null when it can.
     */
    public String noSourceAddress(Ec2Instance instance, Target target) {
        NetworkInterface eni = sourceInterface(instance, target);
        return eni == null ? null : noSourceAddress(eni, instance.instanceId(), target);
    }

    /** Why the interface cannot open a connection in the target's address family, or null when it can. */
    public static String noSourceAddress(NetworkInterface eni, String sourceLabel, Target target) {
        if (sourceAddress(eni, target) != null) {
            return null;
        }
        return eni.networkInterfaceId() + " (" + sourceLabel + ") has no " + target.address().family()
                + " address";
    }

    /** Whether the instance can reach the target on {@code protocol}/{@code port} and receive the replies. */
    public Decision reach(Ec2Instance instance, Target target, int protocol, int port) {
        return reach(instance, target, protocol, PortRange.of(port));
    }

    /**
     * Whether the instance can reach the target on every port of a range and receive the replies. The range is
     * evaluated as a whole by every security group and ACL on the way (not port by port); a part of it that is
     * denied makes the answer UNVERIFIED, with the denied ports in the evidence.
     */
    public Decision reach(Ec2Instance instance, Target target, int protocol, PortRange ports) {
        NetworkInterface eni = sourceInterface(instance, target);
        if (eni == null) {
            return Decision.of(Reach.BLOCKED, instance.instanceId() + " has no network interface");
        }
        return reachFrom(eni, instance.instanceId(), target, protocol, ports);
    }

    /**
     * Whether traffic from a network interface (an instance's, or one that License Manager or another service created)
     * reaches the target on every port of a range, and the replies come back.
     *
     * @param eni         the interface the traffic leaves from (its groups, subnet and address apply)
     * @param sourceLabel how evidence names the source, e.g. the instance id
     */
    public Decision reachFrom(NetworkInterface eni, String sourceLabel, Target target, int protocol,
            PortRange ports) {
        String from = sourceAddress(eni, target);
        String flow = Protocol.name(protocol) + "/" + ports;
        String sourceText = eni.networkInterfaceId() + " (" + (from == null ? sourceLabel : from + ", " + sourceLabel)
                + ")";
        if (from == null) {
            return Decision.hop(Reach.BLOCKED, noSourceAddress(eni, sourceLabel, target) + ", so it cannot connect to "
                    + target.label(), PathHop.Kind.INTERFACE, eni.networkInterfaceId())
                    .traced(flow, sourceText, target.label());
        }
        Subnet subnet = index.subnet(eni.subnetId());
        if (subnet == null) {
            return missing(FactKind.SUBNETS, eni.subnetId(), "subnet " + eni.subnetId(), PathHop.Kind.INTERFACE)
                    .traced(flow, sourceText, target.label());
        }
        Cidr source = index.cidr(from);
        List<Decision> parts = new ArrayList<>();
        parts.add(drawn(new PathHop(PathHop.Kind.INTERFACE, eni.networkInterfaceId(), PathHop.Outcome.PASSES,
                "sends from " + from + " in " + subnet.subnetId())));
        parts.add(groups.evaluate(eni.groupIds(), Direction.EGRESS, protocol, ports, target.asPeer()));
        if (target.onInternet()) {
            parts.add(internetPath(eni, from, subnet, target, protocol, ports, flow));
        } else {
            parts.add(privatePath(eni, source, from, subnet, target, protocol, ports, flow));
            if (!target.groupIds().isEmpty()) {
                Peer peer = new Peer(from + " (" + sourceLabel + ")", source, eni.groupIds(), eni.vpcId());
                parts.add(groups.evaluate(target.groupIds(), Direction.INGRESS, protocol, ports, peer));
            }
        }
        Decision path = Decision.all(parts);
        List<String> evidence = new ArrayList<>();
        evidence.add(flow + " from " + eni.networkInterfaceId() + " (" + from + ", " + eni.subnetId()
                + ") to " + target.label() + ":");
        evidence.addAll(path.evidence());
        return path.withEvidence(path.reach(), evidence).traced(flow, sourceText, target.label());
    }

    /** A hop that adds no evidence (what the drawing shows beside the decisions: the interface the path starts at). */
    private static Decision drawn(PathHop hop) {
        return new Decision(Reach.OPEN, List.of(), List.of(hop), List.of(), List.of());
    }

    /** A route-table hop: the table, what it decided, the block looked up. */
    private static Decision routeHop(Reach reach, String evidence, RouteTable table, Cidr lookedUp) {
        return new Decision(reach, List.of(evidence), List.of(new PathHop(PathHop.Kind.ROUTE_TABLE,
                table.routeTableId(), Decision.outcome(reach), evidence, null, null, lookedUp.toString())), List.of(),
                List.of());
    }

    /**
     * The active peering connection joining two VPCs, or null: a route through it is the change that carries private
     * traffic between them.
     */
    private String activePeering(String vpcId, String otherVpcId) {
        if (vpcId == null || otherVpcId == null || vpcId.equals(otherVpcId)) {
            return null;
        }
        return index.peeringsOf(vpcId).stream()
                .filter(p -> p.active() && otherVpcId.equals(p.otherSide(vpcId)))
                .map(PeeringConnection::peeringConnectionId)
                .findFirst().orElse(null);
    }

    /** The block a route to an address should cover: its subnet's CIDR of the address's family, else the address. */
    private Cidr routeBlock(String subnetId, Cidr address) {
        Subnet subnet = subnetId == null ? null : index.subnet(subnetId);
        if (subnet != null) {
            List<String> blocks = address.ipv6() ? subnet.ipv6CidrBlocks()
                    : subnet.cidrBlock() == null ? List.of() : List.of(subnet.cidrBlock());
            for (String block : blocks) {
                Cidr cidr = index.cidr(block);
                if (cidr.contains(address)) {
                    return cidr;
                }
            }
        }
        return address;
    }

    /**
     * The decision of a route table that does not carry private traffic to another VPC, with the route to add or
     * replace when an active peering connection joins the VPCs.
     */
    private Decision missingRoute(Decision blocked, RouteTable table, String subnetId, String fromVpc, String toVpc,
            String toSubnetId, Cidr address, RouteLookup.Match match) {
        String peeringId = activePeering(fromVpc, toVpc);
        if (peeringId == null) {
            return blocked;
        }
        Cidr block = routeBlock(toSubnetId, address);
        String existing = match.destination() != null && match.destination().equals(block) ? block.toString() : null;
        return blocked.because(new Cause.MissingRoute(table, subnetId, block, existing, peeringId));
    }

    private Decision privatePath(NetworkInterface eni, Cidr source, String from, Subnet subnet, Target target,
            int protocol, PortRange ports, String flow) {
        if (subnet.subnetId().equals(target.subnetId())) {
            // AWS delivers traffic between interfaces of one subnet inside the subnet: no route table entry (not even a
            // blackhole or a middlebox route for the subnet's own CIDR) and no network ACL applies to it.
            return Decision.hop(Reach.OPEN, target.label() + " is in the instance's own subnet " + subnet.subnetId()
                    + ": delivered within the subnet, no route or network ACL applies", PathHop.Kind.ROUTE_TABLE,
                    subnet.subnetId());
        }
        List<Decision> parts = new ArrayList<>();
        RouteTable table = index.routeTableFor(subnet);
        if (table == null) {
            return missing(FactKind.ROUTE_TABLES, subnet.subnetId(), "the route table of " + subnet.subnetId(),
                    PathHop.Kind.ROUTE_TABLE);
        }
        RouteLookup.Match match = routes.lookup(table, target.address());
        Route route = match.route();
        String where = table.routeTableId() + " (" + subnet.subnetId() + ")";
        if (route == null) {
            if (match.unknown() != null) {
                return routeHop(Reach.UNKNOWN, where + ": " + match.unknown(), table, target.address());
            }
            return missingRoute(routeHop(Reach.BLOCKED, where + " has no route to " + target.address(), table,
                    target.address()), table, subnet.subnetId(), eni.vpcId(), target.vpcId(), target.subnetId(),
                    target.address(), match);
        }
        String routeText = where + " route " + match.destination() + " -> " + route.target();
        if (!route.active()) {
            return missingRoute(routeHop(Reach.BLOCKED, routeText + " is a " + route.state() + ", so "
                    + target.address() + " is unreachable", table, target.address()), table, subnet.subnetId(),
                    eni.vpcId(), target.vpcId(), target.subnetId(), target.address(), match);
        }
        String target0 = route.target();
        if ("local".equals(target0)) {
            if (!eni.vpcId().equals(target.vpcId())) {
                return routeHop(Reach.BLOCKED, routeText + " keeps the traffic in " + eni.vpcId() + ", but "
                        + target.label() + " is in " + target.vpcId(), table, target.address());
            }
            parts.add(routeHop(Reach.OPEN, routeText + " delivers inside " + eni.vpcId(), table, target.address()));
        } else if (target0.startsWith("pcx-")) {
            parts.add(drawn(new PathHop(PathHop.Kind.ROUTE_TABLE, table.routeTableId(), PathHop.Outcome.PASSES,
                    routeText, null, null, target.address().toString())));
            parts.add(peeringRoute(eni, subnet, target, routeText, target0, source));
        } else if (target0.startsWith("igw-") || target0.startsWith("nat-") || target0.startsWith("eigw-")) {
            return missingRoute(routeHop(Reach.BLOCKED, routeText + " sends private traffic to a gateway that does"
                    + " not deliver it to " + target.label(), table, target.address()), table, subnet.subnetId(),
                    eni.vpcId(), target.vpcId(), target.subnetId(), target.address(), match);
        } else {
            parts.add(routeHop(Reach.UNVERIFIED, routeText + ": the traffic leaves through " + target0
                    + " and the path beyond it is not evaluated", table, target.address()));
        }
        parts.addAll(boundaryAcls(subnet, target, protocol, ports, flow));
        if (target.subnetId() == null) {
            // A target outside every subnet the snapshot describes (a self-managed domain controller on premises):
            // its side of the path cannot be seen, so the answer is at best unverified.
            parts.add(Decision.hop(Reach.UNVERIFIED, target.label() + " is in no subnet of the snapshot; its side of"
                    + " the path (its groups, its ACL and its route back) is not evaluated", PathHop.Kind.TARGET,
                    target.label()));
            return Decision.all(parts);
        }
        Subnet targetSubnet = index.subnet(target.subnetId());
        if (targetSubnet == null) {
            parts.add(missing(FactKind.SUBNETS, target.subnetId(), "subnet " + target.subnetId(),
                    PathHop.Kind.NETWORK_ACL));
        } else {
            parts.addAll(acls(targetSubnet, protocol, source, ports, from, target.label(), false));
        }
        return Decision.all(parts);
    }

    private Decision peeringRoute(NetworkInterface eni, Subnet subnet, Target target, String routeText,
            String peeringId, Cidr source) {
        PeeringConnection peering = index.peering(peeringId);
        if (peering == null) {
            return missing(FactKind.PEERING_CONNECTIONS, peeringId, "peering connection " + peeringId,
                    PathHop.Kind.PEERING);
        }
        if (!peering.active()) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + peeringId + " is " + peering.status(),
                    PathHop.Kind.PEERING, peeringId);
        }
        String otherVpc = peering.otherSide(eni.vpcId());
        if (otherVpc == null || !otherVpc.equals(target.vpcId())) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + peeringId + " joins "
                    + peering.requesterVpcId() + " and " + peering.accepterVpcId() + ", not " + target.vpcId()
                    + " (peering is not transitive)", PathHop.Kind.PEERING, peeringId);
        }
        if (target.subnetId() == null) {
            return Decision.hop(Reach.UNVERIFIED, routeText + " (active) to " + otherVpc + "; the route back from "
                    + target.label() + " is not evaluated (it is in no subnet of the snapshot)", PathHop.Kind.PEERING,
                    peeringId);
        }
        Subnet targetSubnet = index.subnet(target.subnetId());
        if (targetSubnet == null) {
            return missing(FactKind.SUBNETS, target.subnetId(), "subnet " + target.subnetId(), PathHop.Kind.PEERING);
        }
        RouteTable back = index.routeTableFor(targetSubnet);
        if (back == null) {
            return missing(FactKind.ROUTE_TABLES, targetSubnet.subnetId(),
                    "the route table of " + targetSubnet.subnetId(), PathHop.Kind.ROUTE_TABLE);
        }
        Decision crossed = drawn(new PathHop(PathHop.Kind.PEERING, peeringId, PathHop.Outcome.PASSES,
                peeringId + " (active) joins " + eni.vpcId() + " and " + otherVpc));
        RouteLookup.Match match = routes.lookup(back, source);
        String where = back.routeTableId() + " (" + targetSubnet.subnetId() + ")";
        Route route = match.route();
        Decision backHop;
        if (route == null) {
            Reach reach = match.unknown() != null ? Reach.UNKNOWN : Reach.BLOCKED;
            backHop = routeHop(reach, where + " has no route back to " + source + (match.unknown() != null ? ": "
                    + match.unknown() : "; replies are dropped"), back, source);
            if (reach == Reach.BLOCKED) {
                backHop = missingRoute(backHop, back, targetSubnet.subnetId(), otherVpc, eni.vpcId(),
                        subnet.subnetId(), source, match);
            }
        } else {
            String backText = where + " route " + match.destination() + " -> " + route.target();
            if (!route.active()) {
                backHop = missingRoute(routeHop(Reach.BLOCKED, backText + " is a " + route.state() + "; replies to "
                        + source + " are dropped", back, source), back, targetSubnet.subnetId(), otherVpc,
                        eni.vpcId(), subnet.subnetId(), source, match);
            } else if (!route.target().equals(peeringId)) {
                backHop = missingRoute(routeHop(Reach.BLOCKED, backText + " sends replies to " + source
                        + " elsewhere than " + peeringId, back, source), back, targetSubnet.subnetId(), otherVpc,
                        eni.vpcId(), subnet.subnetId(), source, match);
            } else {
                Decision returns = routeHop(Reach.OPEN, backText + " returns", back, source);
                return new Decision(Reach.OPEN, List.of(routeText + " (active) to " + otherVpc, backText
                        + " returns")).joining(List.of(crossed, returns));
            }
        }
        return new Decision(backHop.reach(), backHop.evidence()).joining(List.of(crossed, backHop));
    }

    /** The source subnet's ACL: the request leaving and the replies entering. */
    private List<Decision> boundaryAcls(Subnet subnet, Target target, int protocol, PortRange ports, String flow) {
        NetworkAcl acl = index.aclFor(subnet);
        if (acl == null) {
            return List.of(missing(FactKind.NETWORK_ACLS, subnet.subnetId(), "the network ACL of "
                    + subnet.subnetId(), PathHop.Kind.NETWORK_ACL));
        }
        return List.of(
                acls.evaluate(acl, subnet.subnetId(), Direction.EGRESS, protocol, target.blocks(),
                        ports, flow + " to " + target.label()),
                acls.evaluate(acl, subnet.subnetId(), Direction.INGRESS, protocol, target.blocks(),
                        PortRange.WINDOWS_EPHEMERAL,
                        "replies from " + target.label() + " to ports " + PortRange.WINDOWS_EPHEMERAL));
    }

    /**
     * The ACL of a subnet the traffic enters from {@code remote} and whose replies leave back to it.
     */
    private List<Decision> acls(Subnet subnet, int protocol, Cidr remote, PortRange ports, String remoteLabel,
            String targetLabel, boolean natReplies) {
        NetworkAcl acl = index.aclFor(subnet);
        if (acl == null) {
            return List.of(missing(FactKind.NETWORK_ACLS, subnet.subnetId(), "the network ACL of "
                    + subnet.subnetId(), PathHop.Kind.NETWORK_ACL));
        }
        String flow = Protocol.name(protocol) + "/" + ports;
        return List.of(
                acls.evaluate(acl, subnet.subnetId(), Direction.INGRESS, protocol, remote, ports,
                        flow + " from " + remoteLabel + " to " + targetLabel),
                acls.evaluate(acl, subnet.subnetId(), Direction.EGRESS, protocol, remote,
                        PortRange.WINDOWS_EPHEMERAL, "replies to " + remoteLabel + " ports "
                                + PortRange.WINDOWS_EPHEMERAL + (natReplies ? " (translated back by the NAT gateway)"
                                        : "")));
    }

    private Decision internetPath(NetworkInterface eni, String from, Subnet subnet, Target target, int protocol,
            PortRange ports, String flow) {
        RouteTable table = index.routeTableFor(subnet);
        if (table == null) {
            return missing(FactKind.ROUTE_TABLES, subnet.subnetId(), "the route table of " + subnet.subnetId(),
                    PathHop.Kind.ROUTE_TABLE);
        }
        RouteLookup.Match match = routes.lookup(table, target.address());
        Route route = match.route();
        String where = table.routeTableId() + " (" + subnet.subnetId() + ")";
        if (route == null) {
            if (match.unknown() != null) {
                return routeHop(Reach.UNKNOWN, where + ": " + match.unknown(), table, target.address());
            }
            return routeHop(Reach.BLOCKED, where + " has no default route (" + target.address() + "), so "
                    + target.label() + " is unreachable without VPC endpoints", table, target.address());
        }
        String routeText = where + " route " + match.destination() + " -> " + route.target();
        if (!route.active()) {
            return routeHop(Reach.BLOCKED, routeText + " is a " + route.state(), table, target.address());
        }
        List<Decision> parts = new ArrayList<>();
        String gateway = route.target();
        parts.add(drawn(new PathHop(PathHop.Kind.ROUTE_TABLE, table.routeTableId(), PathHop.Outcome.PASSES, routeText,
                null, null, target.address().toString())));
        if (target.ipv6()) {
            Decision gatewayPath = ipv6Gateway(eni, from, routeText, gateway);
            if (gatewayPath.reach() != Reach.OPEN) {
                return gatewayPath;
            }
            parts.add(gatewayPath);
            parts.addAll(boundaryAcls(subnet, target, protocol, ports, flow));
        } else if (gateway.startsWith("igw-")) {
            parts.add(internetGateway(eni, null, routeText, gateway));
            parts.addAll(boundaryAcls(subnet, target, protocol, ports, flow));
        } else if (gateway.startsWith("eigw-")) {
            return Decision.hop(Reach.BLOCKED, routeText + ": an egress-only internet gateway carries IPv6 traffic"
                    + " only", PathHop.Kind.GATEWAY, gateway);
        } else if (gateway.startsWith("nat-")) {
            NatGateway nat = index.natGateway(gateway);
            if (nat == null) {
                return missing(FactKind.NAT_GATEWAYS, gateway, "NAT gateway " + gateway, PathHop.Kind.GATEWAY);
            }
            if (!nat.available()) {
                return Decision.hop(Reach.BLOCKED, routeText + ", but " + gateway + " is " + nat.state(),
                        PathHop.Kind.GATEWAY, gateway);
            }
            if (!nat.publicConnectivity()) {
                return privateNat(nat, routeText);
            }
            parts.add(Decision.hop(Reach.OPEN, routeText + " (available)", PathHop.Kind.GATEWAY, gateway));
            parts.addAll(boundaryAcls(subnet, target, protocol, ports, flow));
            parts.add(natSubnet(nat, eni, target, protocol, ports));
        } else if (gateway.startsWith("pcx-")) {
            return Decision.hop(Reach.BLOCKED, routeText + ": a peering connection does not carry traffic to the"
                    + " internet", PathHop.Kind.PEERING, gateway);
        } else {
            return Decision.hop(Reach.UNVERIFIED, routeText + ": the traffic leaves through " + gateway
                    + " and the path beyond it is not evaluated", PathHop.Kind.GATEWAY, gateway);
        }
        return Decision.all(parts);
    }

    /**
     * The gateway of an IPv6 default route. An internet gateway carries the interface's IPv6 address as it is (IPv6
     * addresses are global; no public IPv4 address is needed); an egress-only internet gateway carries connections
     * the VPC opens and their replies; a NAT gateway translates only IPv6 sent to 64:ff9b::/96 to IPv4 (NAT64), so it
     * carries nothing to an IPv6 destination (Amazon VPC user guide: egress-only internet gateways, NAT64).
     */
    private Decision ipv6Gateway(NetworkInterface eni, String from, String routeText, String gatewayId) {
        if (gatewayId.startsWith("igw-")) {
            return internetGateway(eni, from, routeText, gatewayId);
        }
        if (gatewayId.startsWith("eigw-")) {
            EgressOnlyInternetGateway gateway = index.egressOnlyInternetGateway(gatewayId);
            if (gateway == null) {
                return missing(FactKind.EGRESS_ONLY_INTERNET_GATEWAYS, gatewayId,
                        "egress-only internet gateway " + gatewayId, PathHop.Kind.GATEWAY);
            }
            if (!gateway.attachedTo(eni.vpcId())) {
                return Decision.hop(Reach.BLOCKED, routeText + ", but " + gatewayId + " is not attached to "
                        + eni.vpcId(), PathHop.Kind.GATEWAY, gatewayId);
            }
            return Decision.hop(Reach.OPEN, routeText + " (attached): egress-only, it carries connections the VPC"
                    + " opens and their replies", PathHop.Kind.GATEWAY, gatewayId);
        }
        if (gatewayId.startsWith("nat-")) {
            return Decision.hop(Reach.BLOCKED, routeText + ": a NAT gateway carries no IPv6 to IPv6 destinations (it"
                    + " translates only traffic to 64:ff9b::/96, NAT64, to IPv4)", PathHop.Kind.GATEWAY, gatewayId);
        }
        if (gatewayId.startsWith("pcx-")) {
            return Decision.hop(Reach.BLOCKED, routeText + ": a peering connection does not carry traffic to the"
                    + " internet", PathHop.Kind.PEERING, gatewayId);
        }
        return Decision.hop(Reach.UNVERIFIED, routeText + ": the traffic leaves through " + gatewayId
                + " and the path beyond it is not evaluated", PathHop.Kind.GATEWAY, gatewayId);
    }

    /**
     * A private NAT gateway translates to a private address: an internet gateway drops its traffic (AWS: "if you route
     * traffic from the private NAT gateway to the internet gateway, the internet gateway drops the traffic"), so only a
     * route onward to a transit or virtual private gateway can carry it, and that path is not evaluated.
     */
    private Decision privateNat(NatGateway nat, String routeText) {
        Subnet natSubnet = nat.subnetId() == null ? null : index.subnet(nat.subnetId());
        if (natSubnet == null) {
            return missing(FactKind.SUBNETS, nat.subnetId(), "subnet " + nat.subnetId() + " of " + nat.natGatewayId(),
                    PathHop.Kind.GATEWAY);
        }
        RouteTable table = index.routeTableFor(natSubnet);
        if (table == null) {
            return missing(FactKind.ROUTE_TABLES, natSubnet.subnetId(), "the route table of "
                    + natSubnet.subnetId(), PathHop.Kind.ROUTE_TABLE);
        }
        RouteLookup.Match match = routes.lookup(table, Cidr.ANY_IPV4);
        String where = table.routeTableId() + " (" + natSubnet.subnetId() + ", subnet of private NAT gateway "
                + nat.natGatewayId() + ")";
        Route route = match.route();
        if (route == null) {
            return match.unknown() != null ? routeHop(Reach.UNKNOWN, where + ": " + match.unknown(), table,
                    Cidr.ANY_IPV4) : Decision.hop(Reach.BLOCKED, routeText + ", but " + where
                            + " has no default route onward", PathHop.Kind.GATEWAY, nat.natGatewayId());
        }
        String onward = where + " routes " + match.destination() + " -> " + route.target();
        if (!route.active()) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + onward + ", a " + route.state(),
                    PathHop.Kind.GATEWAY, nat.natGatewayId());
        }
        if (route.target().startsWith("igw-")) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + nat.natGatewayId() + " is a private NAT"
                    + " gateway and " + onward + ": an internet gateway drops traffic from a private NAT gateway",
                    PathHop.Kind.GATEWAY, nat.natGatewayId());
        }
        return Decision.hop(Reach.UNVERIFIED, routeText + ": " + nat.natGatewayId() + " is a private NAT gateway and "
                + onward + "; the path beyond it is not evaluated", PathHop.Kind.GATEWAY, nat.natGatewayId());
    }

    /**
     * An internet gateway on the default route: attached to the VPC, and the interface has a public IPv4 address, or
     * sends from its IPv6 address {@code ipv6From} (global, carried as it is; null for IPv4).
     */
    private Decision internetGateway(NetworkInterface eni, String ipv6From, String routeText, String gatewayId) {
        InternetGateway gateway = index.internetGateway(gatewayId);
        if (gateway == null) {
            return missing(FactKind.INTERNET_GATEWAYS, gatewayId, "internet gateway " + gatewayId,
                    PathHop.Kind.GATEWAY);
        }
        if (!gateway.attachedTo(eni.vpcId())) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + gatewayId + " is not attached to "
                    + eni.vpcId(), PathHop.Kind.GATEWAY, gatewayId);
        }
        if (ipv6From != null) {
            return Decision.hop(Reach.OPEN, routeText + " (attached); " + eni.networkInterfaceId() + " sends from its"
                    + " IPv6 address " + ipv6From + ", which the internet gateway carries as it is",
                    PathHop.Kind.GATEWAY, gatewayId);
        }
        if (eni.publicIp() == null) {
            return Decision.hop(Reach.BLOCKED, routeText + ", but " + eni.networkInterfaceId()
                    + " has no public IPv4 address, and an internet gateway only carries traffic of interfaces"
                    + " that have one", PathHop.Kind.GATEWAY, gatewayId);
        }
        return Decision.hop(Reach.OPEN, routeText + " (attached); " + eni.networkInterfaceId() + " has public address "
                + eni.publicIp(), PathHop.Kind.GATEWAY, gatewayId);
    }

    /** The NAT gateway's own subnet: its ACL in both directions on both sides, and its route to the internet. */
    private Decision natSubnet(NatGateway nat, NetworkInterface eni, Target target, int protocol, PortRange ports) {
        Subnet natSubnet = nat.subnetId() == null ? null : index.subnet(nat.subnetId());
        if (natSubnet == null) {
            return missing(FactKind.SUBNETS, nat.subnetId(), "subnet " + nat.subnetId() + " of " + nat.natGatewayId(),
                    PathHop.Kind.GATEWAY);
        }
        List<Decision> parts = new ArrayList<>();
        String flow = Protocol.name(protocol) + "/" + ports;
        if (!natSubnet.subnetId().equals(eni.subnetId())) {
            parts.addAll(acls(natSubnet, protocol, index.cidr(eni.privateIp()), ports, eni.privateIp(),
                    nat.natGatewayId(), true));
        }
        NetworkAcl acl = index.aclFor(natSubnet);
        if (acl == null) {
            parts.add(missing(FactKind.NETWORK_ACLS, natSubnet.subnetId(), "the network ACL of "
                    + natSubnet.subnetId(), PathHop.Kind.NETWORK_ACL));
        } else {
            parts.add(acls.evaluate(acl, natSubnet.subnetId(), Direction.EGRESS, protocol, Cidr.PUBLIC_IPV4,
                    ports, flow + " from " + nat.natGatewayId() + " to " + target.label()));
            parts.add(acls.evaluate(acl, natSubnet.subnetId(), Direction.INGRESS, protocol, Cidr.PUBLIC_IPV4,
                    PortRange.NAT_EPHEMERAL, "replies from " + target.label() + " to " + nat.natGatewayId()
                            + " ports " + PortRange.NAT_EPHEMERAL));
        }
        RouteTable table = index.routeTableFor(natSubnet);
        if (table == null) {
            parts.add(missing(FactKind.ROUTE_TABLES, natSubnet.subnetId(), "the route table of "
                    + natSubnet.subnetId(), PathHop.Kind.ROUTE_TABLE));
            return Decision.all(parts);
        }
        RouteLookup.Match match = routes.lookup(table, Cidr.ANY_IPV4);
        String where = table.routeTableId() + " (" + natSubnet.subnetId() + ", subnet of " + nat.natGatewayId() + ")";
        Route route = match.route();
        if (match.unknown() != null) {
            parts.add(routeHop(Reach.UNKNOWN, where + ": " + match.unknown(), table, Cidr.ANY_IPV4));
        } else if (route == null || !route.active() || !route.target().startsWith("igw-")) {
            String found = route == null ? "has no default route"
                    : "routes 0.0.0.0/0 to " + route.target() + (route.active() ? "" : " (" + route.state() + ")");
            parts.add(routeHop(Reach.BLOCKED, where + " " + found + ", so " + nat.natGatewayId()
                    + " cannot reach the internet", table, Cidr.ANY_IPV4));
        } else {
            InternetGateway gateway = index.internetGateway(route.target());
            if (gateway == null) {
                parts.add(missing(FactKind.INTERNET_GATEWAYS, route.target(), "internet gateway " + route.target(),
                        PathHop.Kind.GATEWAY));
            } else if (!gateway.attachedTo(nat.vpcId())) {
                parts.add(Decision.hop(Reach.BLOCKED, where + " routes 0.0.0.0/0 to " + route.target()
                        + ", which is not attached to " + nat.vpcId(), PathHop.Kind.GATEWAY, route.target()));
            } else {
                parts.add(Decision.hop(Reach.OPEN, where + " routes 0.0.0.0/0 to " + route.target(),
                        PathHop.Kind.GATEWAY, route.target()));
            }
        }
        return Decision.all(parts);
    }

    private Decision missing(FactKind kind, String resourceId, String what, PathHop.Kind hop) {
        String reason = index.unknown(kind, resourceId);
        return Decision.hop(Reach.UNKNOWN, what + " could not be read: "
                + (reason != null ? reason : "it is not in the snapshot"), hop, resourceId == null ? "?" : resourceId);
    }
}
