package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.GroupRef;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AttachmentStatus;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.DhcpConfiguration;
import software.amazon.awssdk.services.ec2.model.DhcpOptions;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAssociation;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.PortRange;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociationState;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.State;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockAssociation;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockState;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionStateReason;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionVpcInfo;

class Ec2MapperTest {

    @Test
    void rules_permissionWithSeveralPeers_oneRulePerPeerWithItsDescription() {
        IpPermission permission = IpPermission.builder()
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .ipRanges(IpRange.builder().cidrIp("10.0.0.0/16").description("vpc").build(),
                        IpRange.builder().cidrIp("192.168.0.0/24").build())
                .ipv6Ranges(Ipv6Range.builder().cidrIpv6("2001:db8::/56").description("v6").build())
                .prefixListIds(PrefixListId.builder().prefixListId("pl-0a1").description("corp").build())
                .userIdGroupPairs(UserIdGroupPair.builder().groupId("sg-0peer").userId("210987654321")
                        .vpcId("vpc-0peer").vpcPeeringConnectionId("pcx-0a1").peeringStatus("active")
                        .description("peer").build())
                .build();

        List<SgRule> rules = Ec2Mapper.rules(List.of(permission));

        assertThat(rules).containsExactly(
                new SgRule("tcp", 443, 443, "10.0.0.0/16", null, null, "vpc"),
                new SgRule("tcp", 443, 443, "192.168.0.0/24", null, null, null),
                new SgRule("tcp", 443, 443, "2001:db8::/56", null, null, "v6"),
                new SgRule("tcp", 443, 443, null, "pl-0a1", null, "corp"),
                new SgRule("tcp", 443, 443, null, null,
                        new GroupRef("sg-0peer", "210987654321", "vpc-0peer", "pcx-0a1", "active"), "peer"));
    }

    @Test
    void rules_allTrafficPermission_keepsProtocolMinusOneWithoutPorts() {
        List<SgRule> rules = Ec2Mapper.rules(List.of(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));

        assertThat(rules).containsExactly(SgRule.cidr("-1", null, null, "0.0.0.0/0"));
    }

    @Test
    void vpcEndpoint_wireStateUnknownToTheSdkEnum_keepsTheWireValue() {
        software.amazon.awssdk.services.ec2.model.VpcEndpoint sdk =
                software.amazon.awssdk.services.ec2.model.VpcEndpoint.builder()
                        .vpcEndpointId("vpce-0a1").vpcId("vpc-0a1").serviceName("com.amazonaws.eu-west-1.ssm")
                        .vpcEndpointType("Interface").state("available").subnetIds("subnet-0a1")
                        .groups(SecurityGroupIdentifier.builder().groupId("sg-0ep").build())
                        .privateDnsEnabled(true).networkInterfaceIds("eni-0a1", "eni-0b2").build();
        assertThat(sdk.state()).isEqualTo(State.UNKNOWN_TO_SDK_VERSION);

        VpcEndpoint endpoint = Ec2Mapper.vpcEndpoint(sdk,
                Map.of("eni-0a1", new EndpointInterface("eni-0a1", "subnet-0a1", "10.0.2.15")));

        assertThat(endpoint.state()).isEqualTo("available");
        assertThat(endpoint.available()).isTrue();
        assertThat(endpoint.type()).isEqualTo("Interface");
        assertThat(endpoint.groupIds()).containsExactly("sg-0ep");
        assertThat(endpoint.interfaces()).containsExactly(new EndpointInterface("eni-0a1", "subnet-0a1",
                "10.0.2.15"));
    }

    @Test
    void internetGateway_attachedStateAvailable_isAttached() {
        software.amazon.awssdk.services.ec2.model.InternetGateway sdk =
                software.amazon.awssdk.services.ec2.model.InternetGateway.builder().internetGatewayId("igw-0a1")
                        .attachments(InternetGatewayAttachment.builder().vpcId("vpc-0a1").state("available").build())
                        .build();

        assertThat(sdk.attachments().get(0).state()).isEqualTo(AttachmentStatus.UNKNOWN_TO_SDK_VERSION);

        InternetGateway gateway = Ec2Mapper.internetGateway(sdk);

        assertThat(gateway.attachments()).containsExactly(new InternetGateway.Attachment("vpc-0a1", "available"));
        assertThat(gateway.attachedTo("vpc-0a1")).isTrue();
    }

    @Test
    void routeTable_mainAndSubnetAssociations_skipsDisassociatedAndMapsEveryTargetKind() {
        software.amazon.awssdk.services.ec2.model.RouteTable sdk =
                software.amazon.awssdk.services.ec2.model.RouteTable.builder().routeTableId("rtb-0a1")
                        .vpcId("vpc-0a1")
                        .associations(RouteTableAssociation.builder().main(true).build(),
                                RouteTableAssociation.builder().subnetId("subnet-0a1").associationState(
                                        RouteTableAssociationState.builder().state("associated").build()).build(),
                                RouteTableAssociation.builder().subnetId("subnet-0old").associationState(
                                        RouteTableAssociationState.builder().state("disassociated").build()).build())
                        .routes(sdkRoute("10.0.0.0/16", null).gatewayId("local").state("active").build(),
                                sdkRoute("0.0.0.0/0", null).natGatewayId("nat-0a1").state("active").build(),
                                sdkRoute("10.1.0.0/16", null).vpcPeeringConnectionId("pcx-0a1").state("blackhole")
                                        .build(),
                                sdkRoute(null, null).destinationIpv6CidrBlock("::/0")
                                        .egressOnlyInternetGatewayId("eigw-0a1").state("active").build(),
                                sdkRoute(null, "pl-63a5400a").gatewayId("vpce-0s3").state("active").build())
                        .build();

        RouteTable table = Ec2Mapper.routeTable(sdk);

        assertThat(table.main()).isTrue();
        assertThat(table.subnetIds()).containsExactly("subnet-0a1");
        assertThat(table.routes()).containsExactly(
                new Route("10.0.0.0/16", null, "local", "active"),
                new Route("0.0.0.0/0", null, "nat-0a1", "active"),
                new Route("10.1.0.0/16", null, "pcx-0a1", "blackhole"),
                new Route("::/0", null, "eigw-0a1", "active"),
                new Route(null, "pl-63a5400a", "vpce-0s3", "active"));
    }

    @Test
    void networkAcl_entries_mapsActionProtocolPortsAndIpv6() {
        software.amazon.awssdk.services.ec2.model.NetworkAcl sdk =
                software.amazon.awssdk.services.ec2.model.NetworkAcl.builder().networkAclId("acl-0a1")
                        .vpcId("vpc-0a1").isDefault(false)
                        .associations(NetworkAclAssociation.builder().subnetId("subnet-0a1").build())
                        .entries(NetworkAclEntry.builder().ruleNumber(100).egress(false).protocol("6")
                                        .ruleAction("deny").cidrBlock("10.0.2.0/24")
                                        .portRange(PortRange.builder().from(1024).to(65535).build()).build(),
                                NetworkAclEntry.builder().ruleNumber(32767).egress(true).protocol("-1")
                                        .ruleAction("deny").ipv6CidrBlock("::/0").build())
                        .build();

        NetworkAcl acl = Ec2Mapper.networkAcl(sdk);

        assertThat(acl.isDefault()).isFalse();
        assertThat(acl.subnetIds()).containsExactly("subnet-0a1");
        assertThat(acl.entries()).containsExactly(
                new NaclEntry(100, false, "6", "deny", "10.0.2.0/24", 1024, 65535),
                new NaclEntry(32767, true, "-1", "deny", "::/0", null, null));
    }

    @Test
    void vpc_cidrAssociations_keepsAssociatedBlocksOnlyAndDropsTheDefaultDhcpOptions() {
        software.amazon.awssdk.services.ec2.model.Vpc sdk = software.amazon.awssdk.services.ec2.model.Vpc.builder()
                .vpcId("vpc-0a1").cidrBlock("10.0.0.0/16").dhcpOptionsId("default")
                .cidrBlockAssociationSet(
                        VpcCidrBlockAssociation.builder().cidrBlock("10.0.0.0/16")
                                .cidrBlockState(VpcCidrBlockState.builder().state("associated").build()).build(),
                        VpcCidrBlockAssociation.builder().cidrBlock("100.64.0.0/16")
                                .cidrBlockState(VpcCidrBlockState.builder().state("disassociated").build()).build())
                .build();

        Vpc vpc = Ec2Mapper.vpc(sdk);

        assertThat(vpc.cidrBlocks()).containsExactly("10.0.0.0/16");
        assertThat(vpc.dhcpOptionsId()).isNull();
        assertThat(vpc.enableDnsSupport()).isNull();
        assertThat(Ec2Mapper.withDns(vpc, true, false).enableDnsHostnames()).isFalse();
    }

    @Test
    void instance_severalInterfaces_primaryFirstWithPublicAddressGroupsAndTags() {
        Instance sdk = Instance.builder().instanceId("i-0a1").state(InstanceState.builder().name("running").build())
                .vpcId("vpc-0a1").subnetId("subnet-0a1").platformDetails("Windows")
                .launchTime(Instant.parse("2026-11-01T08:00:00Z"))
                .tags(Tag.builder().key("Name").value("desk-1").build(),
                        Tag.builder().key("AWSLicenseManager").value("UserSubscriptions").build())
                .networkInterfaces(
                        InstanceNetworkInterface.builder().networkInterfaceId("eni-0second").subnetId("subnet-0b2")
                                .vpcId("vpc-0a1").privateIpAddress("10.0.4.7")
                                .attachment(InstanceNetworkInterfaceAttachment.builder().deviceIndex(1).build())
                                .groups(GroupIdentifier.builder().groupId("sg-0b2").build()).build(),
                        InstanceNetworkInterface.builder().networkInterfaceId("eni-0primary").subnetId("subnet-0a1")
                                .vpcId("vpc-0a1").privateIpAddress("10.0.1.7")
                                .association(InstanceNetworkInterfaceAssociation.builder().publicIp("203.0.113.7")
                                        .build())
                                .attachment(InstanceNetworkInterfaceAttachment.builder().deviceIndex(0).build())
                                .groups(GroupIdentifier.builder().groupId("sg-0a1").build(),
                                        GroupIdentifier.builder().groupId("sg-0rdp").build()).build())
                .build();

        var instance = Ec2Mapper.instance(sdk);

        assertThat(instance.state()).isEqualTo("running");
        assertThat(instance.name()).isEqualTo("desk-1");
        assertThat(instance.networkInterfaces()).extracting(i -> i.networkInterfaceId())
                .containsExactly("eni-0primary", "eni-0second");
        assertThat(instance.primaryInterface().publicIp()).isEqualTo("203.0.113.7");
        assertThat(instance.primaryInterface().groupIds()).containsExactly("sg-0a1", "sg-0rdp");
        assertThat(instance.profileAssociation()).isNull();
    }

    @Test
    void peeringAndDhcpOptions_statusCodeAndServers_mapped() {
        VpcPeeringConnection sdk = VpcPeeringConnection.builder().vpcPeeringConnectionId("pcx-0a1")
                .status(VpcPeeringConnectionStateReason.builder().code("pending-acceptance").build())
                .requesterVpcInfo(VpcPeeringConnectionVpcInfo.builder().vpcId("vpc-0a1").cidrBlock("10.0.0.0/16")
                        .build())
                .accepterVpcInfo(VpcPeeringConnectionVpcInfo.builder().vpcId("vpc-0b2").cidrBlock("10.1.0.0/16")
                        .build())
                .build();
        DhcpOptions options = DhcpOptions.builder().dhcpOptionsId("dopt-0a1").dhcpConfigurations(
                DhcpConfiguration.builder().key("domain-name").values(AttributeValue.builder().value("corp").build())
                        .build(),
                DhcpConfiguration.builder().key("domain-name-servers").values(
                        AttributeValue.builder().value("10.1.1.10").build(),
                        AttributeValue.builder().value("10.1.2.10").build()).build()).build();

        assertThat(Ec2Mapper.peering(sdk).active()).isFalse();
        assertThat(Ec2Mapper.peering(sdk).accepterCidrs()).containsExactly("10.1.0.0/16");
        assertThat(Ec2Mapper.dhcpOptions(options).domainNameServers()).containsExactly("10.1.1.10", "10.1.2.10");
    }

    private static software.amazon.awssdk.services.ec2.model.Route.Builder sdkRoute(String cidr, String prefixList) {
        return software.amazon.awssdk.services.ec2.model.Route.builder().destinationCidrBlock(cidr)
                .destinationPrefixListId(prefixList);
    }
}
