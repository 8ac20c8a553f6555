package dev.subsentinel.collect;

import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.GroupRef;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionVpcInfo;

/**
 * Turns EC2 SDK model objects into the snapshot records. Pure: no calls, no clock. Enumerations are read with
 * {@code ...AsString()} throughout, because the wire values are not always in the SDK enums (an available VPC
 * endpoint says {@code available}, an attached internet gateway {@code available}).
 */
final class Ec2Mapper {

    /** The state of an association, CIDR block or attachment that is in effect. */
    private static final String ASSOCIATED = "associated";
    /** The states of a subnet's CIDR block that are not in effect (SubnetCidrBlockStateCode). */
    private static final java.util.Set<String> NOT_IN_EFFECT = java.util.Set.of("associating", "disassociating",
            "disassociated", "failing", "failed");

    private Ec2Mapper() {
    }

    /** An instance with its network interfaces; the profile association is added later. */
    static Ec2Instance instance(software.amazon.awssdk.services.ec2.model.Instance instance) {
        List<NetworkInterface> enis = new ArrayList<>();
        for (InstanceNetworkInterface eni : instance.networkInterfaces()) {
            if (eni.subnetId() == null || eni.vpcId() == null || eni.privateIpAddress() == null) {
                continue;
            }
            Integer deviceIndex = eni.attachment() != null && eni.attachment().deviceIndex() != null
                    ? eni.attachment().deviceIndex() : enis.size();
            enis.add(new NetworkInterface(eni.networkInterfaceId(), deviceIndex, eni.subnetId(), eni.vpcId(),
                    eni.privateIpAddress(),
                    eni.ipv6Addresses().stream().map(a -> a.ipv6Address()).filter(Objects::nonNull).toList(),
                    eni.association() != null ? eni.association().publicIp() : null,
                    eni.groups().stream().map(g -> g.groupId()).filter(Objects::nonNull).toList()));
        }
        enis.sort((a, b) -> Integer.compare(a.deviceIndex(), b.deviceIndex()));
        Map<String, String> tags = new LinkedHashMap<>();
        instance.tags().forEach(tag -> {
            if (tag.key() != null && tag.value() != null) {
                tags.put(tag.key(), tag.value());
            }
        });
        return new Ec2Instance(instance.instanceId(), instance.state().nameAsString(), instance.vpcId(),
                instance.subnetId(), instance.platformDetails(), instance.launchTime(), enis,
                instance.productCodes().stream().map(p -> p.productCodeId()).filter(Objects::nonNull).toList(),
                tags, null);
    }

    /** An IAM instance profile association. */
    static InstanceProfileAssociation profileAssociation(
            software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation association) {
        return new InstanceProfileAssociation(association.associationId(), association.iamInstanceProfile().arn(),
                association.stateAsString());
    }

    /** A security group, each permission flattened into one rule per peer. */
    static SecurityGroup securityGroup(software.amazon.awssdk.services.ec2.model.SecurityGroup group) {
        return new SecurityGroup(group.groupId(), group.groupName(), group.vpcId(), group.ownerId(),
                rules(group.ipPermissions()), rules(group.ipPermissionsEgress()));
    }

    /**
     * One {@link SgRule} per peer: a permission lists IPv4 ranges, IPv6 ranges, prefix lists and groups together, and
     * each of them is a rule of its own (with its own description).
     */
    static List<SgRule> rules(List<IpPermission> permissions) {
        List<SgRule> rules = new ArrayList<>();
        for (IpPermission permission : permissions) {
            String protocol = permission.ipProtocol();
            Integer from = permission.fromPort();
            Integer to = permission.toPort();
            permission.ipRanges().forEach(range -> rules.add(
                    new SgRule(protocol, from, to, range.cidrIp(), null, null, range.description())));
            permission.ipv6Ranges().forEach(range -> rules.add(
                    new SgRule(protocol, from, to, range.cidrIpv6(), null, null, range.description())));
            permission.prefixListIds().forEach(list -> rules.add(
                    new SgRule(protocol, from, to, null, list.prefixListId(), null, list.description())));
            permission.userIdGroupPairs().forEach(pair -> rules.add(new SgRule(protocol, from, to, null, null,
                    new GroupRef(pair.groupId(), pair.userId(), pair.vpcId(), pair.vpcPeeringConnectionId(),
                            pair.peeringStatus()), pair.description())));
        }
        return rules;
    }

    /** A VPC without its DNS attributes (DescribeVpcAttribute adds them). */
    static Vpc vpc(software.amazon.awssdk.services.ec2.model.Vpc vpc) {
        List<String> cidrs = new ArrayList<>();
        vpc.cidrBlockAssociationSet().forEach(a -> {
            if (a.cidrBlock() != null && (a.cidrBlockState() == null
                    || ASSOCIATED.equalsIgnoreCase(a.cidrBlockState().stateAsString()))) {
                cidrs.add(a.cidrBlock());
            }
        });
        if (cidrs.isEmpty() && vpc.cidrBlock() != null) {
            cidrs.add(vpc.cidrBlock());
        }
        List<String> ipv6 = vpc.ipv6CidrBlockAssociationSet().stream()
                .filter(a -> a.ipv6CidrBlock() != null && (a.ipv6CidrBlockState() == null
                        || ASSOCIATED.equalsIgnoreCase(a.ipv6CidrBlockState().stateAsString())))
                .map(a -> a.ipv6CidrBlock())
                .toList();
        String dhcp = vpc.dhcpOptionsId();
        return new Vpc(vpc.vpcId(), cidrs, ipv6, null, null, "default".equals(dhcp) ? null : dhcp);
    }

    /** The VPC with its DNS attributes. */
    static Vpc withDns(Vpc vpc, Boolean dnsSupport, Boolean dnsHostnames) {
        return new Vpc(vpc.vpcId(), vpc.cidrBlocks(), vpc.ipv6CidrBlocks(), dnsSupport, dnsHostnames,
                vpc.dhcpOptionsId());
    }

    /**
     * A subnet. An IPv6 CIDR block counts unless its state is one in which it is not in effect (associating,
     * disassociating, disassociated, failing, failed: SubnetCidrBlockStateCode): moto 5.2.1 writes the state of a
     * subnet's IPv6 block as a stringified dictionary, which a strict "associated" test would read as not in effect.
     */
    static Subnet subnet(software.amazon.awssdk.services.ec2.model.Subnet subnet) {
        List<String> ipv6 = subnet.ipv6CidrBlockAssociationSet().stream()
                .filter(a -> a.ipv6CidrBlock() != null && (a.ipv6CidrBlockState() == null
                        || !NOT_IN_EFFECT.contains(String.valueOf(a.ipv6CidrBlockState().stateAsString())
                                .toLowerCase(java.util.Locale.ROOT))))
                .map(a -> a.ipv6CidrBlock())
                .toList();
        return new Subnet(subnet.subnetId(), subnet.vpcId(), subnet.cidrBlock(), ipv6, subnet.availabilityZone());
    }

    /** A route table: its main flag, its explicitly associated subnets and its routes. */
    static RouteTable routeTable(software.amazon.awssdk.services.ec2.model.RouteTable table) {
        boolean main = false;
        List<String> subnets = new ArrayList<>();
        for (var association : table.associations()) {
            boolean inEffect = association.associationState() == null
                    || ASSOCIATED.equalsIgnoreCase(association.associationState().stateAsString());
            if (!inEffect) {
                continue;
            }
            if (Boolean.TRUE.equals(association.main())) {
                main = true;
            }
            if (association.subnetId() != null) {
                subnets.add(association.subnetId());
            }
        }
        List<Route> routes = new ArrayList<>();
        for (var route : table.routes()) {
            String destination = route.destinationCidrBlock() != null ? route.destinationCidrBlock()
                    : route.destinationIpv6CidrBlock();
            String prefixList = destination == null ? route.destinationPrefixListId() : null;
            if (destination == null && prefixList == null) {
                continue;
            }
            String state = route.stateAsString() != null ? route.stateAsString() : "active";
            routes.add(new Route(destination, prefixList, target(route), state));
        }
        return new RouteTable(table.routeTableId(), table.vpcId(), main, subnets, routes);
    }

    /** Where a route sends its traffic: the first target it names ({@code local}, {@code igw-...}, ...). */
    static String target(software.amazon.awssdk.services.ec2.model.Route route) {
        return Stream.of(route.gatewayId(), route.natGatewayId(), route.transitGatewayId(),
                        route.vpcPeeringConnectionId(), route.networkInterfaceId(), route.instanceId(),
                        route.egressOnlyInternetGatewayId(), route.carrierGatewayId(), route.localGatewayId(),
                        route.coreNetworkArn())
                .filter(t -> t != null && !t.isBlank())
                .findFirst()
                .orElse("unknown");
    }

    /** A network ACL with its entries in both directions. */
    static NetworkAcl networkAcl(software.amazon.awssdk.services.ec2.model.NetworkAcl acl) {
        List<NaclEntry> entries = new ArrayList<>();
        for (var entry : acl.entries()) {
            String cidr = entry.cidrBlock() != null ? entry.cidrBlock() : entry.ipv6CidrBlock();
            if (cidr == null) {
                continue;
            }
            Integer from = entry.portRange() != null ? entry.portRange().from() : null;
            Integer to = entry.portRange() != null ? entry.portRange().to() : null;
            entries.add(new NaclEntry(entry.ruleNumber(), Boolean.TRUE.equals(entry.egress()), entry.protocol(),
                    entry.ruleActionAsString(), cidr, from, to));
        }
        List<String> subnets = acl.associations().stream()
                .map(a -> a.subnetId())
                .filter(Objects::nonNull)
                .toList();
        return new NetworkAcl(acl.networkAclId(), acl.vpcId(), Boolean.TRUE.equals(acl.isDefault()), subnets,
                entries);
    }

    /** A VPC endpoint with the addresses of its network interfaces (those found in {@code interfaces}). */
    static VpcEndpoint vpcEndpoint(software.amazon.awssdk.services.ec2.model.VpcEndpoint endpoint,
            Map<String, EndpointInterface> interfaces) {
        List<EndpointInterface> found = endpoint.networkInterfaceIds().stream()
                .map(interfaces::get)
                .filter(Objects::nonNull)
                .toList();
        return new VpcEndpoint(endpoint.vpcEndpointId(), endpoint.vpcId(), endpoint.serviceName(),
                endpoint.vpcEndpointTypeAsString(), endpoint.stateAsString(), endpoint.subnetIds(),
                endpoint.groups().stream().map(g -> g.groupId()).filter(Objects::nonNull).toList(),
                Boolean.TRUE.equals(endpoint.privateDnsEnabled()), found, endpoint.ipAddressTypeAsString(),
                endpoint.dnsOptions() != null ? endpoint.dnsOptions().dnsRecordIpTypeAsString() : null);
    }

    /** The addresses of a VPC endpoint's network interface. */
    static EndpointInterface endpointInterface(software.amazon.awssdk.services.ec2.model.NetworkInterface eni) {
        return new EndpointInterface(eni.networkInterfaceId(), eni.subnetId(), eni.privateIpAddress(),
                ipv6Addresses(eni));
    }

    /** The IPv6 addresses of a network interface (DescribeNetworkInterfaces {@code Ipv6Addresses}). */
    static List<String> ipv6Addresses(software.amazon.awssdk.services.ec2.model.NetworkInterface eni) {
        return eni.ipv6Addresses().stream().map(a -> a.ipv6Address()).filter(Objects::nonNull).toList();
    }

    /** The interface that holds a licence server's address. */
    static LicenseServerInterface licenseServerInterface(
            software.amazon.awssdk.services.ec2.model.NetworkInterface eni) {
        return new LicenseServerInterface(eni.networkInterfaceId(), eni.subnetId(), eni.vpcId(),
                eni.privateIpAddress(), ipv6Addresses(eni),
                eni.groups().stream().map(g -> g.groupId()).filter(Objects::nonNull).sorted().toList(),
                eni.statusAsString());
    }

    /** An egress-only internet gateway with its attachments. */
    static EgressOnlyInternetGateway egressOnlyInternetGateway(
            software.amazon.awssdk.services.ec2.model.EgressOnlyInternetGateway gateway) {
        return new EgressOnlyInternetGateway(gateway.egressOnlyInternetGatewayId(), gateway.attachments().stream()
                .filter(a -> a.vpcId() != null && a.stateAsString() != null)
                .map(a -> new InternetGateway.Attachment(a.vpcId(), a.stateAsString()))
                .toList());
    }

    /** A NAT gateway. */
    static NatGateway natGateway(software.amazon.awssdk.services.ec2.model.NatGateway nat) {
        return new NatGateway(nat.natGatewayId(), nat.vpcId(), nat.subnetId(), nat.stateAsString(),
                nat.connectivityTypeAsString());
    }

    /** An internet gateway with its attachments (an attached gateway says {@code available}). */
    static InternetGateway internetGateway(software.amazon.awssdk.services.ec2.model.InternetGateway gateway) {
        return new InternetGateway(gateway.internetGatewayId(), gateway.attachments().stream()
                .filter(a -> a.vpcId() != null && a.stateAsString() != null)
                .map(a -> new InternetGateway.Attachment(a.vpcId(), a.stateAsString()))
                .toList());
    }

    /** A peering connection. */
    static PeeringConnection peering(software.amazon.awssdk.services.ec2.model.VpcPeeringConnection peering) {
        String status = peering.status() != null && peering.status().codeAsString() != null
                ? peering.status().codeAsString() : "unknown";
        return new PeeringConnection(peering.vpcPeeringConnectionId(), status, peering.requesterVpcInfo().vpcId(),
                cidrs(peering.requesterVpcInfo()), peering.accepterVpcInfo().vpcId(),
                cidrs(peering.accepterVpcInfo()));
    }

    private static List<String> cidrs(VpcPeeringConnectionVpcInfo info) {
        List<String> cidrs = info.cidrBlockSet().stream().map(c -> c.cidrBlock()).filter(Objects::nonNull).toList();
        if (cidrs.isEmpty() && info.cidrBlock() != null) {
            return List.of(info.cidrBlock());
        }
        return cidrs;
    }

    /** A DHCP options set with its {@code domain-name-servers}. */
    static DhcpOptions dhcpOptions(software.amazon.awssdk.services.ec2.model.DhcpOptions options) {
        List<String> servers = new ArrayList<>();
        options.dhcpConfigurations().forEach(configuration -> {
            if ("domain-name-servers".equals(configuration.key())) {
                configuration.values().forEach(v -> {
                    if (v.value() != null) {
                        servers.add(v.value());
                    }
                });
            }
        });
        return new DhcpOptions(options.dhcpOptionsId(), servers);
    }
}
