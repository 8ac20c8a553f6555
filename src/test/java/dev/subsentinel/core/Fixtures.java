package dev.subsentinel.core;

import dev.subsentinel.core.Evaluator.Evaluation;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.GroupRef;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test fixtures: small factories for snapshot records and a {@link World} that starts from a healthy fleet and lets a
 * test change the one thing it is about. Built with {@link FleetSnapshot#builder}; no mocks.
 *
 * <p>The healthy world (us-east-1): VPC {@value #VPC} 10.0.0.0/16 with a public subnet 10.0.0.0/24 (NAT gateway,
 * route to the internet gateway), the instance subnet 10.0.1.0/24 and two endpoint subnets 10.0.2.0/24 and
 * 10.0.3.0/24 (main route table: local and 0.0.0.0/0 to the NAT gateway; default ACL allows everything). Interface
 * endpoints for ssm and ssmmessages (private DNS, group admits 443 from the VPC) and the Office activation endpoint
 * (group {@value #SG_KMS} admits 1688 from the VPC) each have one address in each endpoint subnet. Instance
 * {@value #INSTANCE} runs Office, is online in SSM, has an instance profile, and its group allows all egress and
 * RDP from the VPC. The directory {@value #DIRECTORY} (corp.example.com, Active) is in the same VPC: domain
 * controllers {@value #DC_A} and {@value #DC_B} with group {@value #SG_DC} (all traffic from the VPC), License
 * Manager's interfaces {@value #LM_ENI_A} and {@value #LM_ENI_B} (in use, default group {@value #SG_DEFAULT}); the
 * LM-US service-linked role exists.
 */
public final class Fixtures {

    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "us-east-1";
    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    public static final String VPC = "vpc-0app";
    public static final String VPC_CIDR = "10.0.0.0/16";
    public static final String SUBNET_PUBLIC = "subnet-0public";
    public static final String SUBNET_APP = "subnet-0app";
    public static final String SUBNET_VPCE_A = "subnet-0vpcea";
    public static final String SUBNET_VPCE_B = "subnet-0vpceb";
    public static final String RTB_MAIN = "rtb-0main";
    public static final String RTB_PUBLIC = "rtb-0public";
    public static final String ACL_DEFAULT = "acl-0default";
    public static final String IGW = "igw-0main";
    public static final String NAT = "nat-0main";
    public static final String SG_INSTANCE = "sg-0instance";
    public static final String SG_VPCE = "sg-0vpce";
    public static final String SG_KMS = "sg-0kms";
    public static final String VPCE_SSM = "vpce-0ssm";
    public static final String VPCE_SSMMESSAGES = "vpce-0ssmmessages";
    public static final String VPCE_KMS = "vpce-0kms";
    public static final String INSTANCE = "i-0healthy";
    public static final String ENI = "eni-0primary";
    public static final String INSTANCE_IP = "10.0.1.10";
    public static final String DIRECTORY = "d-0123456789";
    /** The directory's domain controllers (DnsIpAddrs), one in each endpoint subnet. */
    public static final String DC_A = "10.0.2.100";
    public static final String DC_B = "10.0.3.100";
    /** The domain controllers' group (VpcSettings.SecurityGroupId): all traffic from the VPC. */
    public static final String SG_DC = "sg-0dc";
    /** The VPC's default group, on License Manager's interfaces: all traffic out. */
    public static final String SG_DEFAULT = "sg-0default";
    public static final String LM_ENI_A = "eni-0lma";
    public static final String LM_ENI_B = "eni-0lmb";
    public static final String DOMAIN = "corp.example.com";
    public static final String DHCP = "dopt-0amazon";
    public static final String OFFICE = "OFFICE_PROFESSIONAL_PLUS";
    public static final String VISUAL_STUDIO = "VISUAL_STUDIO_ENTERPRISE";
    public static final String PROFILE_ARN = "arn:aws:iam::111122223333:instance-profile/ssm-core";

    private Fixtures() {
    }

    // ---------------------------------------------------------------- records

    /** A VPC with both DNS attributes on. */
    public static Vpc vpc(String id, String cidr) {
        return new Vpc(id, List.of(cidr), List.of(), true, true, null);
    }

    /** A subnet. */
    public static Subnet subnet(String id, String vpcId, String cidr) {
        return new Subnet(id, vpcId, cidr, List.of(), "us-east-1a");
    }

    /** A security group to fill in. */
    public static Sg sg(String id, String vpcId) {
        return new Sg(id, vpcId);
    }

    /** A rule for {@code protocol} and ports (null or -1 for all) with a CIDR. */
    public static SgRule rule(String protocol, Integer from, Integer to, String cidr) {
        return SgRule.cidr(protocol, from, to, cidr);
    }

    /** tcp/{@code port} with a CIDR. */
    public static SgRule tcp(int port, String cidr) {
        return SgRule.cidr("tcp", port, port, cidr);
    }

    /** All traffic (protocol -1, ports -1) with a CIDR. */
    public static SgRule allTraffic(String cidr) {
        return SgRule.cidr("-1", -1, -1, cidr);
    }

    /** tcp/{@code port} with a group of the same VPC. */
    public static SgRule tcpGroup(int port, String groupId) {
        return SgRule.group("tcp", port, port, groupId);
    }

    /** tcp/{@code port} with a group reached through a peering connection. */
    public static SgRule tcpPeeredGroup(int port, String groupId, String vpcId, String peeringId, String status) {
        return new SgRule("tcp", port, port, null, null, new GroupRef(groupId, ACCOUNT, vpcId, peeringId, status),
                null);
    }

    /** tcp/{@code port} with a managed prefix list. */
    public static SgRule tcpPrefixList(int port, String prefixListId) {
        return SgRule.prefixList("tcp", port, port, prefixListId);
    }

    /** A route table to fill in. */
    public static Rtb rtb(String id, String vpcId) {
        return new Rtb(id, vpcId);
    }

    /** A network ACL to fill in. */
    public static Acl acl(String id, String vpcId) {
        return new Acl(id, vpcId);
    }

    /** An inbound ACL entry. */
    public static NaclEntry in(int rule, String action, String protocol, String cidr, Integer from, Integer to) {
        return new NaclEntry(rule, false, protocol, action, cidr, from, to);
    }

    /** An outbound ACL entry. */
    public static NaclEntry out(int rule, String action, String protocol, String cidr, Integer from, Integer to) {
        return new NaclEntry(rule, true, protocol, action, cidr, from, to);
    }

    /** A network interface of an instance. */
    public static NetworkInterface eni(String id, int deviceIndex, String subnetId, String vpcId, String ip,
            String publicIp, String... groupIds) {
        return new NetworkInterface(id, deviceIndex, subnetId, vpcId, ip, List.of(), publicIp, List.of(groupIds));
    }

    /** An instance to fill in: running, Windows, in {@link #VPC}, with an associated instance profile. */
    public static Inst instance(String id) {
        return new Inst(id);
    }

    /** An available interface endpoint with private DNS and one address per (subnet, ip) pair. */
    public static VpcEndpoint interfaceEndpoint(String id, String vpcId, String serviceName, String groupId,
            String... subnetIpPairs) {
        List<String> subnets = new ArrayList<>();
        List<EndpointInterface> interfaces = new ArrayList<>();
        for (int i = 0; i < subnetIpPairs.length; i += 2) {
            subnets.add(subnetIpPairs[i]);
            interfaces.add(new EndpointInterface("eni-" + id.substring("vpce-".length()) + i / 2,
                    subnetIpPairs[i], subnetIpPairs[i + 1]));
        }
        return new VpcEndpoint(id, vpcId, serviceName, "Interface", "available", subnets, List.of(groupId), true,
                interfaces);
    }

    /** The service name of an AWS service in {@link #REGION}. */
    public static String service(String name) {
        return "com.amazonaws." + REGION + "." + name;
    }

    /** A peering connection. */
    public static PeeringConnection peering(String id, String status, String requesterVpc, String requesterCidr,
            String accepterVpc, String accepterCidr) {
        return new PeeringConnection(id, status, requesterVpc, List.of(requesterCidr), accepterVpc,
                List.of(accepterCidr));
    }

    /** A managed prefix list. */
    public static PrefixList prefixList(String id, String... cidrs) {
        return new PrefixList(id, "list " + id, List.of(cidrs));
    }

    /** A NAT gateway. */
    public static NatGateway nat(String id, String vpcId, String subnetId, String state, String connectivity) {
        return new NatGateway(id, vpcId, subnetId, state, connectivity);
    }

    /** An internet gateway attached ({@code available}) to the VPCs. */
    public static InternetGateway igw(String id, String... vpcIds) {
        return new InternetGateway(id, Arrays.stream(vpcIds)
                .map(vpc -> new InternetGateway.Attachment(vpc, "available"))
                .toList());
    }

    /** An AWS Managed AD identity provider for a product, REGISTERED. */
    public static IdentityProvider provider(String directoryId, String product, String groupId, String... subnets) {
        return new IdentityProvider(directoryId, product, "REGISTERED", List.of(subnets), groupId, "AWS_MANAGED", null,
                List.of(), List.of());
    }

    /** A network interface License Manager created for {@link #DIRECTORY}, in use, with the default group. */
    public static DirectoryInterface lmInterface(String id, String subnetId, String ip) {
        return new DirectoryInterface(id, DIRECTORY, "AWS created network interface for LicenseManager " + DIRECTORY,
                "in-use", "interface", "AIDAEXAMPLE", subnetId, VPC, ip, List.of(SG_DEFAULT));
    }

    /** SSM information: online, pinged {@code minutesAgo} before {@link #NOW}. */
    public static SsmInstance ssm(String instanceId, String pingStatus, long minutesAgo, String agentVersion) {
        return new SsmInstance(instanceId, pingStatus, NOW.minus(Duration.ofMinutes(minutesAgo)), agentVersion,
                "Microsoft Windows Server 2022 Datacenter", "EC2AMAZ-" + instanceId.substring(2, 6).toUpperCase());
    }

    /** An LM-US record. */
    public static LmusInstance lmus(String instanceId, String status, String directoryId, String... products) {
        return new LmusInstance(instanceId, status, null, List.of(products), "2026-11-25T11:50:00Z", directoryId);
    }

    /** A fact the collector could not read. */
    public static UnknownFact unknown(FactKind kind, String resourceId) {
        return new UnknownFact(kind, resourceId, "AccessDenied: not allowed (" + kind + ")");
    }

    /** A result's evidence as one text, for {@code contains} assertions. */
    public static String evidence(CheckResult result) {
        return String.join("\n", result.evidence());
    }

    // ---------------------------------------------------------------- the healthy world

    /** A world with nothing in it. */
    public static World emptyWorld() {
        return new World();
    }

    /** The healthy fleet described in the class comment. */
    public static World healthy() {
        World world = new World();
        world.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), true, true, DHCP),
                new DhcpOptions(DHCP, List.of("AmazonProvidedDNS")),
                subnet(SUBNET_PUBLIC, VPC, "10.0.0.0/24"),
                subnet(SUBNET_APP, VPC, "10.0.1.0/24"),
                subnet(SUBNET_VPCE_A, VPC, "10.0.2.0/24"),
                subnet(SUBNET_VPCE_B, VPC, "10.0.3.0/24"),
                rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route("0.0.0.0/0", NAT).build(),
                rtb(RTB_PUBLIC, VPC).subnets(SUBNET_PUBLIC).local(VPC_CIDR).route("0.0.0.0/0", IGW).build(),
                acl(ACL_DEFAULT, VPC).isDefault().allowAll().build(),
                igw(IGW, VPC),
                nat(NAT, VPC, SUBNET_PUBLIC, "available", "public"),
                sg(SG_INSTANCE, VPC).ingress(tcp(3389, VPC_CIDR)).egress(allTraffic("0.0.0.0/0")).build(),
                sg(SG_VPCE, VPC).ingress(tcp(443, VPC_CIDR)).build(),
                sg(SG_KMS, VPC).ingress(tcp(1688, VPC_CIDR)).build(),
                interfaceEndpoint(VPCE_SSM, VPC, service("ssm"), SG_VPCE, SUBNET_VPCE_A, "10.0.2.10",
                        SUBNET_VPCE_B, "10.0.3.10"),
                interfaceEndpoint(VPCE_SSMMESSAGES, VPC, service("ssmmessages"), SG_VPCE, SUBNET_VPCE_A, "10.0.2.11",
                        SUBNET_VPCE_B, "10.0.3.11"),
                interfaceEndpoint(VPCE_KMS, VPC, "com.amazonaws.vpce.us-east-1.vpce-svc-0kms", SG_KMS,
                        SUBNET_VPCE_A, "10.0.2.20", SUBNET_VPCE_B, "10.0.3.20"),
                provider(DIRECTORY, OFFICE, SG_KMS, SUBNET_VPCE_A, SUBNET_VPCE_B),
                new Directory(DIRECTORY, DOMAIN, VPC, List.of(SUBNET_VPCE_A, SUBNET_VPCE_B),
                        List.of(DC_A, DC_B), "Active", null, SG_DC, "MicrosoftAD"),
                sg(SG_DC, VPC).ingress(allTraffic(VPC_CIDR)).egress(allTraffic("0.0.0.0/0")).build(),
                sg(SG_DEFAULT, VPC).ingress(allTraffic(VPC_CIDR)).egress(allTraffic("0.0.0.0/0")).build(),
                new DirectoryInterfaces(DIRECTORY, List.of(
                        lmInterface(LM_ENI_A, SUBNET_VPCE_A, "10.0.2.200"),
                        lmInterface(LM_ENI_B, SUBNET_VPCE_B, "10.0.3.200"))),
                new ServiceLinkedRole(ServiceLinkedRole.LMUS_ROLE_NAME, true,
                        "arn:aws:iam::" + ACCOUNT + ":role/aws-service-role/license-manager-user-subscriptions"
                                + ".amazonaws.com/" + ServiceLinkedRole.LMUS_ROLE_NAME),
                instance(INSTANCE).build(),
                ssm(INSTANCE, "Online", 2, "3.3.987.0"),
                lmus(INSTANCE, "ACTIVE", DIRECTORY, OFFICE));
        return world;
    }

    public static final String SPOKE_VPC = "vpc-0spoke";
    public static final String SPOKE_CIDR = "10.1.0.0/16";
    public static final String SPOKE_SUBNET = "subnet-0spoke";
    public static final String SPOKE_PCX = "pcx-0spoke";
    public static final String SPOKE_INSTANCE = "i-0spoke";

    /**
     * Adds a second VPC {@value #SPOKE_VPC} (10.1.0.0/16), actively peered with {@link #VPC} through
     * {@value #SPOKE_PCX} with routes both ways, holding a healthy Office instance {@value #SPOKE_INSTANCE}
     * (10.1.1.10) for which LM-US names no directory. The activation group admits 1688 and the domain controllers'
     * group all traffic from both VPCs.
     */
    public static World withSpoke(World world) {
        return world.with(vpc(SPOKE_VPC, SPOKE_CIDR),
                subnet(SPOKE_SUBNET, SPOKE_VPC, "10.1.1.0/24"),
                rtb("rtb-0spoke", SPOKE_VPC).main().local(SPOKE_CIDR).route(VPC_CIDR, SPOKE_PCX).build(),
                rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).route(SPOKE_CIDR, SPOKE_PCX).route("0.0.0.0/0", NAT)
                        .build(),
                acl("acl-0spoke", SPOKE_VPC).isDefault().allowAll().build(),
                sg("sg-0spoke", SPOKE_VPC).egress(allTraffic("0.0.0.0/0")).build(),
                sg(SG_KMS, VPC).ingress(tcp(1688, VPC_CIDR), tcp(1688, SPOKE_CIDR)).build(),
                sg(SG_DC, VPC).ingress(allTraffic(VPC_CIDR), allTraffic(SPOKE_CIDR)).egress(allTraffic("0.0.0.0/0"))
                        .build(),
                peering(SPOKE_PCX, "active", SPOKE_VPC, SPOKE_CIDR, VPC, VPC_CIDR),
                instance(SPOKE_INSTANCE)
                        .eni(eni("eni-0spoke", 0, SPOKE_SUBNET, SPOKE_VPC, "10.1.1.10", null, "sg-0spoke"))
                        .build(),
                ssm(SPOKE_INSTANCE, "Online", 1, "3.3.987.0"),
                lmus(SPOKE_INSTANCE, "ACTIVE", null, OFFICE));
    }

    // ---------------------------------------------------------------- builders

    public static final String RDS = "REMOTE_DESKTOP_SERVICES";
    public static final String RDS_INSTANCE = "i-0rds";
    public static final String RDS_PROVIDER_ARN = "arn:aws:license-manager-user-subscriptions:us-east-1:"
            + ACCOUNT + ":identity-provider/" + DIRECTORY + "/" + RDS;
    public static final String LS_ENDPOINT_ARN = "arn:aws:license-manager-user-subscriptions:us-east-1:" + ACCOUNT
            + ":license-server-endpoint/lse-0rds";
    /** The licence servers' group License Manager creates: RD licensing from the VPC, all traffic out. */
    public static final String SG_LS = "sg-0licence";
    public static final String LS_A = "10.0.2.30";
    public static final String LS_B = "10.0.3.30";

    /**
     * Adds Remote Desktop Services SAL to a world: the directory registered for {@value #RDS} ({@value
     * #RDS_PROVIDER_ARN}), its licence server endpoint lse-0rds (PROVISIONED) with two HEALTHY licence servers
     * {@value #LS_A} and {@value #LS_B} on interfaces eni-0lsa and eni-0lsb in the endpoint subnets with group
     * {@value #SG_LS} (tcp/135, tcp/445, tcp/49152-65535 from the VPC; all out), and a healthy RDS instance
     * {@value #RDS_INSTANCE} (10.0.1.30) with the instance's group. Every path is open.
     */
    public static World withRemoteDesktop(World world) {
        return world.with(
                new IdentityProvider(DIRECTORY, RDS, "REGISTERED", List.of(SUBNET_VPCE_A, SUBNET_VPCE_B), SG_KMS,
                        "AWS_MANAGED", null, List.of(), List.of(), null, RDS_PROVIDER_ARN),
                licenseServerEndpoint("PROVISIONED", licenseServer(LS_A, "HEALTHY"), licenseServer(LS_B, "HEALTHY")),
                new LicenseServerInterface("eni-0lsa", SUBNET_VPCE_A, VPC, LS_A, List.of(), List.of(SG_LS), "in-use"),
                new LicenseServerInterface("eni-0lsb", SUBNET_VPCE_B, VPC, LS_B, List.of(), List.of(SG_LS), "in-use"),
                sg(SG_LS, VPC).ingress(tcp(135, VPC_CIDR), tcp(445, VPC_CIDR),
                        rule("tcp", 49152, 65535, VPC_CIDR)).egress(allTraffic("0.0.0.0/0")).build(),
                instance(RDS_INSTANCE).productCodes()
                        .eni(eni("eni-0rds", 0, SUBNET_APP, VPC, "10.0.1.30", null, SG_INSTANCE)).build(),
                ssm(RDS_INSTANCE, "Online", 2, "3.3.987.0"),
                lmus(RDS_INSTANCE, "ACTIVE", DIRECTORY, RDS));
    }

    /** The licence server endpoint of {@link #withRemoteDesktop} with another status and servers. */
    public static LicenseServerEndpoint licenseServerEndpoint(String status, LicenseServer... servers) {
        return new LicenseServerEndpoint("lse-0rds", LS_ENDPOINT_ARN, RDS_PROVIDER_ARN, "RDS_SAL", null, status,
                null, List.of(servers), NOW.minus(Duration.ofDays(30)));
    }

    /** A PROVISIONED licence server with an IPv4 address and this health. */
    public static LicenseServer licenseServer(String ipv4, String health) {
        return new LicenseServer("PROVISIONED", health, ipv4, null);
    }

    public static final String VPC_CIDR_V6 = "2600:1f18:a:ff00::/56";
    public static final String INSTANCE_IPV6 = "2600:1f18:a:ff01::10";
    public static final String DC_A_V6 = "2600:1f18:a:ff02::100";
    public static final String DC_B_V6 = "2600:1f18:a:ff03::100";
    public static final String EIGW = "eigw-0main";

    /**
     * Makes {@link #healthy()} dual-stack, every path open in both families: {@link #VPC} gets
     * {@value #VPC_CIDR_V6} and each subnet a /64 of it (public ff00, app ff01, endpoint subnets ff02 and ff03); the
     * main table a local IPv6 route and ::/0 to the egress-only internet gateway {@value #EIGW}; the default ACL
     * rule 101 allowing ::/0 both ways and the IPv6 {@code *} deny (as AWS writes them for a VPC with an IPv6 CIDR);
     * the groups ::/0 beside 0.0.0.0/0 and the VPC's IPv6 CIDR beside its IPv4 CIDR; the instance
     * {@value #INSTANCE_IPV6}; the domain controllers {@value #DC_A_V6} and {@value #DC_B_V6} (a Dual-stack
     * directory); the interface endpoints IpAddressType and DnsRecordIpType dualstack with an IPv6 address each
     * (::10 ssm, ::11 ssmmessages, ::20 activation); License Manager's interfaces ::200.
     */
    public static World dualStack(World world) {
        return world.with(new Vpc(VPC, List.of(VPC_CIDR), List.of(VPC_CIDR_V6), true, true, DHCP),
                dualSubnet(SUBNET_PUBLIC, "10.0.0.0/24", "ff00"),
                dualSubnet(SUBNET_APP, "10.0.1.0/24", "ff01"),
                dualSubnet(SUBNET_VPCE_A, "10.0.2.0/24", "ff02"),
                dualSubnet(SUBNET_VPCE_B, "10.0.3.0/24", "ff03"),
                rtb(RTB_MAIN, VPC).main().local(VPC_CIDR).local(VPC_CIDR_V6).route("0.0.0.0/0", NAT)
                        .route("::/0", EIGW).build(),
                rtb(RTB_PUBLIC, VPC).subnets(SUBNET_PUBLIC).local(VPC_CIDR).local(VPC_CIDR_V6)
                        .route("0.0.0.0/0", IGW).route("::/0", IGW).build(),
                acl(ACL_DEFAULT, VPC).isDefault().allowAll().dualStack().build(),
                new EgressOnlyInternetGateway(EIGW, List.of(new InternetGateway.Attachment(VPC, "attached"))),
                sg(SG_INSTANCE, VPC).ingress(tcp(3389, VPC_CIDR)).egress(allTraffic("0.0.0.0/0"), allTraffic("::/0"))
                        .build(),
                sg(SG_VPCE, VPC).ingress(tcp(443, VPC_CIDR), tcp(443, VPC_CIDR_V6)).build(),
                sg(SG_KMS, VPC).ingress(tcp(1688, VPC_CIDR), tcp(1688, VPC_CIDR_V6)).build(),
                sg(SG_DC, VPC).ingress(allTraffic(VPC_CIDR), allTraffic(VPC_CIDR_V6))
                        .egress(allTraffic("0.0.0.0/0"), allTraffic("::/0")).build(),
                sg(SG_DEFAULT, VPC).ingress(allTraffic(VPC_CIDR), allTraffic(VPC_CIDR_V6))
                        .egress(allTraffic("0.0.0.0/0"), allTraffic("::/0")).build(),
                dualEndpoint(VPCE_SSM, service("ssm"), SG_VPCE, "10"),
                dualEndpoint(VPCE_SSMMESSAGES, service("ssmmessages"), SG_VPCE, "11"),
                dualEndpoint(VPCE_KMS, "com.amazonaws.vpce.us-east-1.vpce-svc-0kms", SG_KMS, "20"),
                new Directory(DIRECTORY, DOMAIN, VPC, List.of(SUBNET_VPCE_A, SUBNET_VPCE_B), List.of(DC_A, DC_B),
                        "Active", null, SG_DC, "MicrosoftAD", List.of(DC_A_V6, DC_B_V6)),
                new DirectoryInterfaces(DIRECTORY, List.of(
                        dualLmInterface(LM_ENI_A, SUBNET_VPCE_A, "10.0.2.200", "2600:1f18:a:ff02::200"),
                        dualLmInterface(LM_ENI_B, SUBNET_VPCE_B, "10.0.3.200", "2600:1f18:a:ff03::200"))),
                instance(INSTANCE).eni(new NetworkInterface(ENI, 0, SUBNET_APP, VPC, INSTANCE_IP,
                        List.of(INSTANCE_IPV6), null, List.of(SG_INSTANCE))).build());
    }

    private static Subnet dualSubnet(String id, String cidr, String group) {
        return new Subnet(id, VPC, cidr, List.of("2600:1f18:a:" + group + "::/64"), "us-east-1a");
    }

    private static VpcEndpoint dualEndpoint(String id, String serviceName, String groupId, String host) {
        String prefix = "eni-" + id.substring("vpce-".length());
        return new VpcEndpoint(id, VPC, serviceName, "Interface", "available", List.of(SUBNET_VPCE_A, SUBNET_VPCE_B),
                List.of(groupId), true, List.of(
                        new EndpointInterface(prefix + 0, SUBNET_VPCE_A, "10.0.2." + host,
                                List.of("2600:1f18:a:ff02::" + host)),
                        new EndpointInterface(prefix + 1, SUBNET_VPCE_B, "10.0.3." + host,
                                List.of("2600:1f18:a:ff03::" + host))), "dualstack", "dualstack");
    }

    private static DirectoryInterface dualLmInterface(String id, String subnetId, String ip, String ipv6) {
        return new DirectoryInterface(id, DIRECTORY, "AWS created network interface for LicenseManager " + DIRECTORY,
                "in-use", "interface", "AIDAEXAMPLE", subnetId, VPC, ip, List.of(SG_DEFAULT), List.of(ipv6));
    }

    /** A security group being filled in. */
    public static final class Sg {
        private final String id;
        private final String vpcId;
        private final List<SgRule> ingress = new ArrayList<>();
        private final List<SgRule> egress = new ArrayList<>();

        private Sg(String id, String vpcId) {
            this.id = id;
            this.vpcId = vpcId;
        }

        /** Adds inbound rules. */
        public Sg ingress(SgRule... rules) {
            ingress.addAll(List.of(rules));
            return this;
        }

        /** Adds outbound rules. */
        public Sg egress(SgRule... rules) {
            egress.addAll(List.of(rules));
            return this;
        }

        /** The group. */
        public SecurityGroup build() {
            return new SecurityGroup(id, id + "-name", vpcId, ACCOUNT, ingress, egress);
        }
    }

    /** A route table being filled in. */
    public static final class Rtb {
        private final String id;
        private final String vpcId;
        private boolean main;
        private final List<String> subnets = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();

        private Rtb(String id, String vpcId) {
            this.id = id;
            this.vpcId = vpcId;
        }

        /** Makes it the VPC's main table. */
        public Rtb main() {
            main = true;
            return this;
        }

        /** Associates subnets explicitly. */
        public Rtb subnets(String... subnetIds) {
            subnets.addAll(List.of(subnetIds));
            return this;
        }

        /** Adds the local route. */
        public Rtb local(String cidr) {
            return route(cidr, "local");
        }

        /** Adds an active route. */
        public Rtb route(String cidr, String target) {
            routes.add(new Route(cidr, null, target, "active"));
            return this;
        }

        /** Adds a blackhole route (its target was deleted). */
        public Rtb blackhole(String cidr, String target) {
            routes.add(new Route(cidr, null, target, "blackhole"));
            return this;
        }

        /** Adds an active route to a prefix list. */
        public Rtb prefixListRoute(String prefixListId, String target) {
            routes.add(new Route(null, prefixListId, target, "active"));
            return this;
        }

        /** The table. */
        public RouteTable build() {
            return new RouteTable(id, vpcId, main, subnets, routes);
        }
    }

    /** A network ACL being filled in. */
    public static final class Acl {
        private final String id;
        private final String vpcId;
        private boolean isDefault;
        private final List<String> subnets = new ArrayList<>();
        private final List<NaclEntry> entries = new ArrayList<>();

        private Acl(String id, String vpcId) {
            this.id = id;
            this.vpcId = vpcId;
        }

        /** Makes it the VPC's default ACL. */
        public Acl isDefault() {
            isDefault = true;
            return this;
        }

        /** Associates subnets. */
        public Acl subnets(String... subnetIds) {
            subnets.addAll(List.of(subnetIds));
            return this;
        }

        /** Adds entries. */
        public Acl entries(NaclEntry... values) {
            entries.addAll(List.of(values));
            return this;
        }

        /** Rule 100 allows everything in both directions, then the default deny. */
        public Acl allowAll() {
            entries.add(in(100, "allow", "-1", "0.0.0.0/0", null, null));
            entries.add(out(100, "allow", "-1", "0.0.0.0/0", null, null));
            return defaultDeny();
        }

        /**
         * Rule 101 allows ::/0 in both directions and the IPv6 {@code *} entries (rule 32768) deny the rest, as AWS
         * adds them to a default ACL when the VPC gets an IPv6 CIDR.
         */
        public Acl dualStack() {
            entries.add(in(101, "allow", "-1", "::/0", null, null));
            entries.add(out(101, "allow", "-1", "::/0", null, null));
            entries.add(in(32768, "deny", "-1", "::/0", null, null));
            entries.add(out(32768, "deny", "-1", "::/0", null, null));
            return this;
        }

        /** The {@code *} entries (rule 32767) that deny what nothing else matched. */
        public Acl defaultDeny() {
            entries.add(in(32767, "deny", "-1", "0.0.0.0/0", null, null));
            entries.add(out(32767, "deny", "-1", "0.0.0.0/0", null, null));
            return this;
        }

        /** The ACL. */
        public NetworkAcl build() {
            return new NetworkAcl(id, vpcId, isDefault, subnets, entries);
        }
    }

    /** An instance being filled in. */
    public static final class Inst {
        private final String id;
        private String state = "running";
        private List<String> productCodes = List.of("77yzkpa7kvee1y1tt7wnsdwoc");
        private final List<NetworkInterface> interfaces = new ArrayList<>();
        private InstanceProfileAssociation profile =
                new InstanceProfileAssociation("iip-assoc-01", PROFILE_ARN, "associated");

        private Inst(String id) {
            this.id = id;
        }

        /** Sets the state. */
        public Inst state(String value) {
            state = value;
            return this;
        }

        /** Adds an interface (without one, {@link #build} gives it {@link #ENI} in {@link #SUBNET_APP}). */
        public Inst eni(NetworkInterface value) {
            interfaces.add(value);
            return this;
        }

        /** Sets the Marketplace product codes (default: Office LTSC Pro Plus). */
        public Inst productCodes(String... codes) {
            productCodes = List.of(codes);
            return this;
        }

        /** Sets the profile association (null: none). */
        public Inst profile(InstanceProfileAssociation value) {
            profile = value;
            return this;
        }

        /** The instance; its VPC and subnet are those of its primary interface. */
        public Ec2Instance build() {
            List<NetworkInterface> enis = interfaces.isEmpty()
                    ? List.of(Fixtures.eni(ENI, 0, SUBNET_APP, VPC, INSTANCE_IP, null, SG_INSTANCE))
                    : interfaces;
            NetworkInterface primary = enis.stream().filter(e -> e.deviceIndex() == 0).findFirst()
                    .orElse(enis.get(0));
            return new Ec2Instance(id, state, primary.vpcId(), primary.subnetId(), "Windows",
                    NOW.minus(Duration.ofDays(3)), enis, productCodes,
                    Map.of("Name", "office-" + id, "AWSLicenseManager", "UserSubscriptions"), profile);
        }
    }

    /**
     * A fleet being assembled: records keyed by id, so {@link #with} replaces what it names and {@link #without}
     * removes it.
     */
    public static final class World {
        private final Map<String, Object> parts = new LinkedHashMap<>();
        private final List<UnknownFact> unknowns = new ArrayList<>();
        private EvaluationSettings settings = EvaluationSettings.DEFAULTS;
        private boolean licenseServersListed;

        private World() {
        }

        /** Records that ListLicenseServerEndpoints was listed, even when the world holds no endpoint. */
        public World licenseServersListed() {
            licenseServersListed = true;
            return this;
        }

        /** Adds or replaces records (by their id, per kind). Unknown facts are added. */
        public World with(Object... records) {
            for (Object record : records) {
                if (record instanceof UnknownFact fact) {
                    unknowns.add(fact);
                } else {
                    parts.put(key(record), record);
                }
            }
            return this;
        }

        /** Removes the records with these ids, whatever their kind. */
        public World without(String... ids) {
            List<String> removed = List.of(ids);
            parts.keySet().removeIf(key -> removed.contains(key.substring(key.indexOf(':') + 1)));
            return this;
        }

        /** Removes every record of a kind. */
        public World withoutAll(Class<?> type) {
            parts.keySet().removeIf(key -> key.startsWith(type.getSimpleName() + ":"));
            return this;
        }

        /** Replaces a record by a changed copy. */
        @SuppressWarnings("unchecked")
        public <T> World change(Class<T> type, String id, UnaryOperator<T> change) {
            Object current = parts.get(type.getSimpleName() + ":" + id);
            if (current == null) {
                throw new IllegalArgumentException("no " + type.getSimpleName() + " " + id);
            }
            return with(change.apply((T) current));
        }

        /** The record of a kind with this id. */
        public <T> T get(Class<T> type, String id) {
            return type.cast(parts.get(type.getSimpleName() + ":" + id));
        }

        /** Uses these settings for {@link #evaluate}. */
        public World settings(EvaluationSettings value) {
            settings = value;
            return this;
        }

        /** The snapshot. */
        public FleetSnapshot snapshot() {
            FleetSnapshot.Builder builder = FleetSnapshot.builder(ACCOUNT, REGION, NOW);
            for (Object part : parts.values()) {
                switch (part) {
                    case Ec2Instance value -> builder.instances(value);
                    case SsmInstance value -> builder.ssmInstances(value);
                    case LmusInstance value -> builder.lmusInstances(value);
                    case IdentityProvider value -> builder.identityProviders(value);
                    case Directory value -> builder.directories(value);
                    case SecurityGroup value -> builder.securityGroups(value);
                    case Vpc value -> builder.vpcs(value);
                    case Subnet value -> builder.subnets(value);
                    case RouteTable value -> builder.routeTables(value);
                    case NetworkAcl value -> builder.networkAcls(value);
                    case VpcEndpoint value -> builder.vpcEndpoints(value);
                    case NatGateway value -> builder.natGateways(value);
                    case InternetGateway value -> builder.internetGateways(value);
                    case PeeringConnection value -> builder.peeringConnections(value);
                    case PrefixList value -> builder.prefixLists(value);
                    case ResolverRule value -> builder.resolverRules(value);
                    case DhcpOptions value -> builder.dhcpOptions(value);
                    case DirectoryInterfaces value -> builder.directoryInterfaces(value);
                    case ServiceLinkedRole value -> builder.serviceLinkedRoles(value);
                    case EgressOnlyInternetGateway value -> builder.egressOnlyInternetGateways(value);
                    case LicenseServerEndpoint value -> builder.licenseServerEndpoints(value);
                    case LicenseServerInterface value -> builder.licenseServerInterfaces(value);
                    default -> throw new IllegalStateException("not a snapshot record: " + part);
                }
            }
            if (licenseServersListed) {
                builder.licenseServerEndpoints(List.of());
            }
            builder.unknownFacts(unknowns);
            return builder.build();
        }

        /** The index of the snapshot. */
        public FleetIndex index() {
            return new FleetIndex(snapshot());
        }

        /** Evaluates every instance with the default checks at {@link #NOW}. */
        public Evaluation evaluate() {
            return evaluate(NOW);
        }

        /** Evaluates every instance with the default checks at {@code now}. */
        public Evaluation evaluate(Instant now) {
            return new Evaluator(CheckRegistry.defaults(), settings).evaluate(snapshot(), now);
        }

        /** The report of one instance at {@link #NOW}. */
        public InstanceReport report(String instanceId) {
            return report(instanceId, NOW);
        }

        /** The report of one instance at {@code now}. */
        public InstanceReport report(String instanceId, Instant now) {
            return evaluate(now).reports().stream()
                    .filter(r -> r.instanceId().equals(instanceId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no report for " + instanceId));
        }

        /** The result of one check for {@link #INSTANCE}. */
        public CheckResult result(CheckId id) {
            return result(INSTANCE, id);
        }

        /** The result of one check for an instance. */
        public CheckResult result(String instanceId, CheckId id) {
            return report(instanceId).check(id);
        }

        private static String key(Object record) {
            String id = switch (record) {
                case Ec2Instance value -> value.instanceId();
                case SsmInstance value -> value.instanceId();
                case LmusInstance value -> value.instanceId();
                case IdentityProvider value -> value.product() + "/" + value.directoryId() + "/" + value.domainName();
                case Directory value -> value.directoryId();
                case SecurityGroup value -> value.groupId();
                case Vpc value -> value.vpcId();
                case Subnet value -> value.subnetId();
                case RouteTable value -> value.routeTableId();
                case NetworkAcl value -> value.networkAclId();
                case VpcEndpoint value -> value.vpcEndpointId();
                case NatGateway value -> value.natGatewayId();
                case InternetGateway value -> value.internetGatewayId();
                case PeeringConnection value -> value.peeringConnectionId();
                case PrefixList value -> value.prefixListId();
                case ResolverRule value -> value.resolverRuleId();
                case DhcpOptions value -> value.dhcpOptionsId();
                case DirectoryInterfaces value -> value.directoryId();
                case ServiceLinkedRole value -> value.roleName();
                case EgressOnlyInternetGateway value -> value.egressOnlyInternetGatewayId();
                case LicenseServerEndpoint value -> value.licenseServerEndpointArn();
                case LicenseServerInterface value -> value.networkInterfaceId();
                default -> throw new IllegalArgumentException("not a snapshot record: " + record);
            };
            return record.getClass().getSimpleName() + ":" + id;
        }
    }
}
