package dev.subsentinel.collect;

import dev.subsentinel.testing.AwsFront;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.NewDhcpConfiguration;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * Creates EC2 resources in moto with the SDK, one call per resource, and remembers what it created by name. Interface
 * endpoints get their network interfaces corrected in the {@link AwsFront} (an address inside their subnet and the
 * endpoint's groups, as AWS gives them; moto does otherwise).
 */
public final class Ec2Seeder {

    /** The AMI of every seeded instance (one of moto's Windows Server images). */
    public static final String WINDOWS_AMI = "ami-12c6146b";
    /** Instances launched per RunInstances call. */
    static final int RUN_BATCH = 100;

    private final Ec2Client ec2;
    private final AwsFront front;
    private final Map<String, String> groupNames = new HashMap<>();
    private final Map<String, String> subnetCidrs = new HashMap<>();
    private final Map<String, Integer> nextEndpointAddress = new HashMap<>();

    public Ec2Seeder(Ec2Client ec2, AwsFront front) {
        this.ec2 = ec2;
        this.front = front;
    }

    /** A VPC with both DNS attributes as given. */
    public String vpc(String cidr, boolean dnsSupport, boolean dnsHostnames) {
        String vpcId = ec2.createVpc(r -> r.cidrBlock(cidr)).vpc().vpcId();
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(bool(dnsSupport)));
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(bool(dnsHostnames)));
        return vpcId;
    }

    public String subnet(String vpcId, String cidr, String zone) {
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet()
                .subnetId();
        subnetCidrs.put(subnetId, cidr);
        return subnetId;
    }

    /** A security group without rules, but for the default egress rule EC2 adds (all traffic). */
    public String securityGroup(String vpcId, String name) {
        String groupId = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name).description(name)).groupId();
        groupNames.put(groupId, name);
        return groupId;
    }

    public void ingressCidr(String groupId, int port, String cidr) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(IpRange.builder().cidrIp(cidr).build())
                .build()));
    }

    /** tcp/{@code from}-{@code to} from a CIDR. */
    public void ingressCidrRange(String groupId, int from, int to, String cidr) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(from).toPort(to).ipRanges(IpRange.builder().cidrIp(cidr).build())
                .build()));
    }

    public void ingressGroup(String groupId, int port, String sourceGroupId) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(sourceGroupId).build())
                .build()));
    }

    /** Replaces the default egress rule (all traffic anywhere) by tcp/port to a prefix list only. */
    public void egressOnlyToPrefixList(String groupId, int port, String prefixListId) {
        ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .prefixListIds(PrefixListId.builder().prefixListId(prefixListId).build())
                .build()));
    }

    public String prefixList(String name, String... cidrs) {
        return ec2.createManagedPrefixList(r -> r.prefixListName(name).addressFamily("IPv4").maxEntries(10)
                .entries(java.util.Arrays.stream(cidrs).map(c -> software.amazon.awssdk.services.ec2.model
                        .AddPrefixListEntry.builder().cidr(c).build()).toList()))
                .prefixList().prefixListId();
    }

    /** An interface endpoint; its interfaces are corrected in the front to addresses .10, .11, ... of the subnet. */
    public String interfaceEndpoint(String vpcId, String serviceName, List<String> subnetIds, String groupId,
            boolean privateDns) {
        CreateVpcEndpointResponse response = ec2.createVpcEndpoint(r -> r.vpcId(vpcId).serviceName(serviceName)
                .vpcEndpointType(VpcEndpointType.INTERFACE).subnetIds(subnetIds).securityGroupIds(groupId)
                .privateDnsEnabled(privateDns));
        String endpointId = response.vpcEndpoint().vpcEndpointId();
        var interfaces = ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(
                response.vpcEndpoint().networkInterfaceIds())).networkInterfaces();
        for (var eni : interfaces) {
            front.correctEndpointInterface(eni.networkInterfaceId(), endpointId, nextAddress(eni.subnetId()),
                    Map.of(groupId, groupNames.getOrDefault(groupId, groupId)));
        }
        return endpointId;
    }

    /** The next free endpoint address of a subnet: .10, .11, ... (instances get addresses moto chooses). */
    public String nextAddress(String subnetId) {
        String cidr = subnetCidrs.get(subnetId);
        int host = nextEndpointAddress.merge(subnetId, 10, (a, b) -> a + 1);
        String network = cidr.substring(0, cidr.indexOf('/'));
        return network.substring(0, network.lastIndexOf('.') + 1) + host;
    }

    /** A peering connection, accepted (active). */
    public String peering(String requesterVpcId, String accepterVpcId) {
        String id = ec2.createVpcPeeringConnection(r -> r.vpcId(requesterVpcId).peerVpcId(accepterVpcId))
                .vpcPeeringConnection().vpcPeeringConnectionId();
        ec2.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        return id;
    }

    /** A route table associated with the subnets. */
    public String routeTable(String vpcId, String... subnetIds) {
        String tableId = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        for (String subnetId : subnetIds) {
            ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
        }
        return tableId;
    }

    public void routeToPeering(String tableId, String cidr, String peeringId) {
        ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(cidr).vpcPeeringConnectionId(peeringId));
    }

    public void routeToGateway(String tableId, String cidr, String gatewayId) {
        ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(cidr).gatewayId(gatewayId));
    }

    public void routeToNat(String tableId, String cidr, String natGatewayId) {
        ec2.createRoute(r -> r.routeTableId(tableId).destinationCidrBlock(cidr).natGatewayId(natGatewayId));
    }

    /** An egress-only internet gateway of the VPC (IPv6 outbound only). */
    public String egressOnlyInternetGateway(String vpcId) {
        return ec2.createEgressOnlyInternetGateway(r -> r.vpcId(vpcId)).egressOnlyInternetGateway()
                .egressOnlyInternetGatewayId();
    }

    /** An IPv6 route to an egress-only internet gateway. */
    public void routeIpv6ToEgressOnly(String tableId, String ipv6Cidr, String gatewayId) {
        ec2.createRoute(r -> r.routeTableId(tableId).destinationIpv6CidrBlock(ipv6Cidr)
                .egressOnlyInternetGatewayId(gatewayId));
    }

    /**
     * A network interface in the subnet with the group, standing for a licence server License Manager put there; its
     * private IPv4 address (moto's choice) is returned, for the canned ListLicenseServerEndpoints.
     */
    public String licenseServerInterface(String subnetId, String groupId) {
        return ec2.createNetworkInterface(r -> r.subnetId(subnetId).groups(groupId)
                .description("RDS licence server")).networkInterface().privateIpAddress();
    }

    public String internetGateway(String vpcId) {
        String id = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
        return id;
    }

    public String natGateway(String subnetId) {
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        return ec2.createNatGateway(r -> r.subnetId(subnetId).allocationId(allocation)).natGateway().natGatewayId();
    }

    /**
     * A network ACL for the subnet that denies tcp 1024-65535 coming in from {@code deniedSource} and allows all else
     * both ways.
     */
    public String aclDenyingReplies(String vpcId, String subnetId, String deniedSource) {
        String aclId = ec2.createNetworkAcl(r -> r.vpcId(vpcId)).networkAcl().networkAclId();
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(100).egress(false).protocol("6")
                .ruleAction(RuleAction.DENY).cidrBlock(deniedSource).portRange(p -> p.from(1024).to(65535)));
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(200).egress(false).protocol("-1")
                .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0"));
        ec2.createNetworkAclEntry(r -> r.networkAclId(aclId).ruleNumber(100).egress(true).protocol("-1")
                .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0"));
        String associationId = ec2.describeNetworkAcls(r -> r.filters(Filter.builder()
                        .name("association.subnet-id").values(subnetId).build()))
                .networkAcls().stream()
                .flatMap(a -> a.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId()))
                .findFirst().orElseThrow().networkAclAssociationId();
        ec2.replaceNetworkAclAssociation(r -> r.associationId(associationId).networkAclId(aclId));
        return aclId;
    }

    public String dhcpOptions(String vpcId, String... servers) {
        String id = ec2.createDhcpOptions(r -> r.dhcpConfigurations(NewDhcpConfiguration.builder()
                        .key("domain-name-servers").values(servers).build()))
                .dhcpOptions().dhcpOptionsId();
        ec2.associateDhcpOptions(r -> r.dhcpOptionsId(id).vpcId(vpcId));
        return id;
    }

    /**
     * Instances in a subnet.
     *
     * @param count     how many
     * @param subnetId  where
     * @param groupIds  their groups
     * @param profile   the instance profile name, or null for none
     * @param tagged    whether they carry AWSLicenseManager=UserSubscriptions
     * @param publicIp  whether their interface gets a public address
     */
    public List<String> instances(int count, String subnetId, List<String> groupIds, String profile, boolean tagged,
            boolean publicIp) {
        List<Tag> tags = new ArrayList<>();
        if (tagged) {
            tags.add(Tag.builder().key("AWSLicenseManager").value("UserSubscriptions").build());
        }
        tags.add(Tag.builder().key("Owner").value("sentinel-tests").build());
        List<String> ids = new ArrayList<>(count);
        // Up to RUN_BATCH a call: moto takes seconds per hundred instances, and the client's attempt timeout is
        // bounded (a timed-out RunInstances would be retried and launch the batch twice).
        for (int left = count; left > 0; left -= RUN_BATCH) {
            int batch = Math.min(RUN_BATCH, left);
            RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                    .imageId(WINDOWS_AMI).instanceType("m5.large").minCount(batch).maxCount(batch)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags)
                            .build());
            if (publicIp) {
                request.networkInterfaces(InstanceNetworkInterfaceSpecification.builder().deviceIndex(0)
                        .subnetId(subnetId).groups(groupIds).associatePublicIpAddress(true).build());
            } else {
                request.subnetId(subnetId).securityGroupIds(groupIds);
            }
            if (profile != null) {
                request.iamInstanceProfile(p -> p.name(profile));
            }
            ec2.runInstances(request.build()).instances().forEach(i -> ids.add(i.instanceId()));
        }
        return ids;
    }

    /**
     * Associates the instance profile with those of these instances that have none. moto 5.2.1 associates the profile
     * of a RunInstances call with only one of its instances, where AWS gives it to every one: call this after
     * {@link #instances} when every instance must have it.
     */
    public void associateMissingProfiles(List<String> instanceIds, String profile) {
        Set<String> associated = new HashSet<>();
        ec2.describeIamInstanceProfileAssociationsPaginator(r -> r.filters(Filter.builder().name("instance-id")
                .values(instanceIds).build())).iamInstanceProfileAssociations()
                .forEach(a -> associated.add(a.instanceId()));
        for (String id : instanceIds) {
            if (!associated.contains(id)) {
                ec2.associateIamInstanceProfile(r -> r.instanceId(id).iamInstanceProfile(p -> p.name(profile)));
            }
        }
    }

    public String instance(String subnetId, List<String> groupIds, String profile, boolean tagged) {
        return instances(1, subnetId, groupIds, profile, tagged, false).get(0);
    }

    public void stop(String instanceId) {
        ec2.stopInstances(r -> r.instanceIds(instanceId));
    }

    public void terminate(String instanceId) {
        ec2.terminateInstances(r -> r.instanceIds(instanceId));
    }

    private static AttributeBooleanValue bool(boolean value) {
        return AttributeBooleanValue.builder().value(value).build();
    }
}
