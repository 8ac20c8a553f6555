package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoIam;
import dev.subsentinel.testing.MotoServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.directory.model.DirectoryEdition;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * A dual-stack Remote Desktop Services fleet built in moto 5.2.1 and scanned end to end. moto seeds what it can of
 * IPv6: the VPC's Amazon-provided /56 (at creation), subnets' IPv6 CIDRs, security-group rules with {@code Ipv6Ranges}
 * and an IPv6 managed prefix list, network ACL entries with {@code Ipv6CidrBlock}, IPv6 routes to an egress-only
 * internet gateway, and instances' and interfaces' IPv6 addresses (by count: moto chooses them). What moto cannot
 * seed is canned in the front: LM-US (moto implements none of it: the identity provider, the licence server endpoint
 * and its licence servers, whose addresses are the interfaces moto created), SSM. moto gives the default ACL no IPv6
 * entries (AWS adds rule 101 allow ::/0 to a VPC with an IPv6 CIDR), so the test adds them; moto's Directory Service
 * has no IPv6 controller addresses, so the directory is IPv4 only.
 *
 * <pre>
 * VPC 10.20.0.0/16 + the /56 moto assigns (::/0 -> egress-only gateway; 0.0.0.0/0 -> internet gateway, public
 *   IPv4 addresses on launch)
 *   hosts 10.20.1.0/24 + :01::/64   rds-ok (egress 0.0.0.0/0 and ::/0), rds-ipv4-rule-only (egress 0.0.0.0/0),
 *                                    rds-prefix-list (egress to an IPv6 prefix list holding the /56, and 0.0.0.0/0)
 *   acl 10.20.2.0/24 + :02::/64     rds-acl-order: IPv6 rule 90 denies the servers' /64, rule 100 allows ::/0
 *   routed 10.20.3.0/24 + :03::/64  rds-specific-route: the servers' /64 routed to the egress-only gateway
 *   servers 10.20.5.0/24 + :05::/64 two licence servers (group: RD licensing from the VPC, both families)
 *   directory subnets 10.20.6.0/24, 10.20.7.0/24: the AWS Managed AD (moto), its group opened to the VPC
 * </pre>
 */
@ExtendWith(AwsFrontExtension.class)
class DualStackMotoTest {

    private static final String RDS = "REMOTE_DESKTOP_SERVICES";

    private final Map<String, String> ids = new LinkedHashMap<>();
    private String vpcIpv6;
    private String serversIpv6;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        try (Clients clients = motoClients(moto)) {
            Ec2Client ec2 = clients.ec2();
            var vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16").amazonProvidedIpv6CidrBlock(true)).vpc();
            String vpcId = vpc.vpcId();
            vpcIpv6 = vpc.ipv6CidrBlockAssociationSet().get(0).ipv6CidrBlock();
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(b -> b.value(true)));
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(true)));
            String hosts = subnet(ec2, vpcId, 1, "us-east-1a");
            String aclSubnet = subnet(ec2, vpcId, 2, "us-east-1a");
            String routed = subnet(ec2, vpcId, 3, "us-east-1a");
            String servers = subnet(ec2, vpcId, 5, "us-east-1a");
            String dirA = subnet(ec2, vpcId, 6, "us-east-1a");
            String dirB = subnet(ec2, vpcId, 7, "us-east-1b");
            serversIpv6 = slash64(5);

            String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
            String eigw = ec2.createEgressOnlyInternetGateway(r -> r.vpcId(vpcId)).egressOnlyInternetGateway()
                    .egressOnlyInternetGatewayId();
            ids.put("eigw", eigw);
            String main = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(vpcId),
                    f -> f.name("association.main").values("true"))).routeTables().get(0).routeTableId();
            ids.put("rtb.main", main);
            ec2.createRoute(r -> r.routeTableId(main).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
            ec2.createRoute(r -> r.routeTableId(main).destinationIpv6CidrBlock("::/0").egressOnlyInternetGatewayId(
                    eigw));
            String specific = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
            ec2.associateRouteTable(r -> r.routeTableId(specific).subnetId(routed));
            ec2.createRoute(r -> r.routeTableId(specific).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
            ec2.createRoute(r -> r.routeTableId(specific).destinationIpv6CidrBlock(serversIpv6)
                    .egressOnlyInternetGatewayId(eigw));

            String defaultAcl = ec2.describeNetworkAcls(r -> r.filters(f -> f.name("vpc-id").values(vpcId),
                    f -> f.name("default").values("true"))).networkAcls().get(0).networkAclId();
            for (boolean egress : List.of(true, false)) {
                ec2.createNetworkAclEntry(r -> r.networkAclId(defaultAcl).ruleNumber(101).egress(egress)
                        .protocol("-1").ruleAction(RuleAction.ALLOW).ipv6CidrBlock("::/0"));
            }
            String ordered = ec2.createNetworkAcl(r -> r.vpcId(vpcId)).networkAcl().networkAclId();
            ids.put("acl.ordered", ordered);
            for (boolean egress : List.of(true, false)) {
                ec2.createNetworkAclEntry(r -> r.networkAclId(ordered).ruleNumber(100).egress(egress).protocol("-1")
                        .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0"));
                ec2.createNetworkAclEntry(r -> r.networkAclId(ordered).ruleNumber(110).egress(egress).protocol("-1")
                        .ruleAction(RuleAction.ALLOW).ipv6CidrBlock("::/0"));
            }
            ec2.createNetworkAclEntry(r -> r.networkAclId(ordered).ruleNumber(90).egress(true).protocol("6")
                    .ruleAction(RuleAction.DENY).ipv6CidrBlock(serversIpv6).portRange(p -> p.from(0).to(65535)));
            String association = ec2.describeNetworkAcls(r -> r.filters(f -> f.name("association.subnet-id")
                    .values(aclSubnet))).networkAcls().get(0).associations().stream()
                    .filter(a -> aclSubnet.equals(a.subnetId())).findFirst().orElseThrow().networkAclAssociationId();
            ec2.replaceNetworkAclAssociation(r -> r.associationId(association).networkAclId(ordered));

            String both = group(ec2, vpcId, "rds-both");
            String ipv4Only = group(ec2, vpcId, "rds-ipv4-only");
            ec2.revokeSecurityGroupEgress(r -> r.groupId(ipv4Only).ipPermissions(IpPermission.builder()
                    .ipProtocol("-1").ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build()).build()));
            String listed = group(ec2, vpcId, "rds-prefix-list");
            String prefixList = ec2.createManagedPrefixList(r -> r.prefixListName("rds-v6").addressFamily("IPv6")
                    .maxEntries(2).entries(e -> e.cidr(vpcIpv6))).prefixList().prefixListId();
            ids.put("pl.v6", prefixList);
            ec2.revokeSecurityGroupEgress(r -> r.groupId(listed).ipPermissions(IpPermission.builder()
                    .ipProtocol("-1").ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build()).build()));
            ec2.authorizeSecurityGroupEgress(r -> r.groupId(listed).ipPermissions(IpPermission.builder()
                    .ipProtocol("-1").prefixListIds(PrefixListId.builder().prefixListId(prefixList).build()).build()));
            String licenceServers = group(ec2, vpcId, "licence-servers");
            ids.put("sg.licence-servers", licenceServers);
            for (int[] ports : new int[][] {{135, 135}, {445, 445}, {49152, 65535}}) {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(licenceServers).ipPermissions(IpPermission.builder()
                        .ipProtocol("tcp").fromPort(ports[0]).toPort(ports[1])
                        .ipRanges(IpRange.builder().cidrIp("10.20.0.0/16").build())
                        .ipv6Ranges(Ipv6Range.builder().cidrIpv6(vpcIpv6).build()).build()));
            }

            String directoryId = clients.directory().createMicrosoftAD(r -> r.name("rds.example.com")
                    .shortName("RDS").password("Sup3r-S3cret!").edition(DirectoryEdition.STANDARD)
                    .vpcSettings(v -> v.vpcId(vpcId).subnetIds(dirA, dirB))).directoryId();
            String controllers = SeededFleet.seedDirectorySide(clients, directoryId, vpcId, List.of(dirA, dirB),
                    "10.20.0.0/16").get(0);
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(controllers).ipPermissions(IpPermission.builder()
                    .ipProtocol("-1").ipv6Ranges(Ipv6Range.builder().cidrIpv6(vpcIpv6).build()).build()));

            CannedAws.Lmus.Provider provider = new CannedAws.Lmus.Provider(directoryId, RDS, List.of(servers),
                    licenceServers);
            front.lmus().add(provider);
            List<CannedAws.Lmus.Server> licence = List.of(licenceServer(ec2, servers, licenceServers, "a"),
                    licenceServer(ec2, servers, licenceServers, "b"));
            front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint("arn:aws:license-manager-user-subscriptions:"
                    + "us-east-1:123456789012:license-server-endpoint/lse-rds", provider.arn(), "PROVISIONED",
                    licence));

            MotoIam.createInstanceProfile(moto, "sentinel-ssm");
            host(ec2, front, "rds-ok", hosts, both, directoryId);
            host(ec2, front, "rds-ipv4-rule-only", hosts, ipv4Only, directoryId);
            host(ec2, front, "rds-prefix-list", hosts, listed, directoryId);
            host(ec2, front, "rds-acl-order", aclSubnet, both, directoryId);
            host(ec2, front, "rds-specific-route", routed, both, directoryId);
        }
    }

    @Test
    void collect_dualStackFleet_snapshotCarriesTheIpv6Facts(AwsFront front) {
        FleetSnapshot snapshot;
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", front.endpoint().toString()));
        try (Clients clients = Clients.create(config)) {
            snapshot = FleetCollector.create(clients, config).collect(Scope.fleet());
        }

        assertThat(snapshot.unknownFacts()).isEmpty();
        assertThat(snapshot.vpcs()).singleElement().extracting(Vpc::ipv6CidrBlocks).asList()
                .containsExactly(vpcIpv6);
        assertThat(snapshot.subnets()).extracting(Subnet::ipv6CidrBlocks).contains(List.of(serversIpv6));
        assertThat(snapshot.instances()).hasSize(5).allSatisfy(i -> assertThat(i.primaryInterface().ipv6Addresses())
                .singleElement().satisfies(address -> assertThat(Cidr.parse(vpcIpv6).contains(Cidr.parse(address)))
                        .as(address + " in " + vpcIpv6).isTrue()));
        assertThat(snapshot.routeTables()).filteredOn(t -> t.routeTableId().equals(ids.get("rtb.main")))
                .singleElement().extracting(RouteTable::routes).asList()
                .contains(new Route("::/0", null, ids.get("eigw"), "active"));
        assertThat(snapshot.egressOnlyInternetGateways()).singleElement()
                .satisfies(g -> assertThat(g.egressOnlyInternetGatewayId()).isEqualTo(ids.get("eigw")));
        assertThat(snapshot.networkAcls()).filteredOn(a -> a.networkAclId().equals(ids.get("acl.ordered")))
                .singleElement().extracting(NetworkAcl::entries).asList()
                .contains(new NaclEntry(90, true, "6", "deny", serversIpv6, 0, 65535));
        assertThat(snapshot.prefixLists()).singleElement().satisfies(p -> assertThat(p.cidrs())
                .containsExactly(vpcIpv6));
        assertThat(snapshot.licenseServerEndpoints()).singleElement().satisfies(e -> assertThat(e.licenseServers())
                .allSatisfy(s -> assertThat(Cidr.parse(serversIpv6).contains(Cidr.parse(s.ipv6Address()))).isTrue()));
        assertThat(snapshot.licenseServerInterfaces()).hasSize(2).allSatisfy(eni -> {
            assertThat(eni.ipv6Addresses()).hasSize(1);
            assertThat(eni.groupIds()).containsExactly(ids.get("sg.licence-servers"));
        });
    }

    @Test
    void scan_dualStackFleet_eachFamilyJudgedAndOneBlockedFamilyIsAWarnNamingIt(AwsFront front) {
        ScanReport report = scan(front);

        CheckResult ok = check(report, "rds-ok", CheckId.LICENSE_SERVER_PATH);
        assertThat(ok.status()).as(String.join("\n", ok.evidence())).isEqualTo(Status.PASS);
        assertThat(check(report, "rds-ok", CheckId.LICENSE_SERVER).status()).isEqualTo(Status.PASS);
        assertThat(check(report, "rds-ok", CheckId.DIRECTORY_PATH).status()).isEqualTo(Status.PASS);
        assertThat(instance(report, "rds-ok").verdict()).as(notPassing(report, "rds-ok"))
                .isEqualTo(Verdict.HEALTHY);

        CheckResult ipv4Rule = check(report, "rds-ipv4-rule-only", CheckId.LICENSE_SERVER_PATH);
        assertThat(ipv4Rule.status()).isEqualTo(Status.WARN);
        assertThat(ipv4Rule.summary()).isEqualTo("licence servers not reachable over IPv6 on every RD licensing port");
        assertThat(ipv4Rule.evidence()).anyMatch(e -> e.startsWith("IPv6 path blocked, IPv4 open"))
                .anyMatch(e -> e.matches("sg-\\w+ egress: no rule allows tcp/135 to .*:.* \\(licence server, eni-.*"));

        CheckResult prefixList = check(report, "rds-prefix-list", CheckId.LICENSE_SERVER_PATH);
        assertThat(prefixList.status()).as(String.join("\n", prefixList.evidence())).isEqualTo(Status.PASS);

        CheckResult ordered = check(report, "rds-acl-order", CheckId.LICENSE_SERVER_PATH);
        assertThat(ordered.status()).isEqualTo(Status.WARN);
        assertThat(ordered.evidence()).anyMatch(e -> e.startsWith(ids.get("acl.ordered") + " (")
                && e.contains("outbound rule 90 (deny " + serversIpv6 + " tcp/all ports) denies tcp/135"));

        CheckResult routed = check(report, "rds-specific-route", CheckId.LICENSE_SERVER_PATH);
        assertThat(routed.status()).isEqualTo(Status.WARN);
        assertThat(routed.evidence()).anyMatch(e -> e.contains("route " + serversIpv6 + " -> " + ids.get("eigw")
                + " sends private traffic to a gateway that does not deliver it"));
        assertThat(instance(report, "rds-specific-route").verdict()).isEqualTo(Verdict.AT_RISK);
    }

    @Test
    void scan_unhealthyLicenceServer_licenseServerFailsWithTheStatus(AwsFront front) {
        front.lmus().clearLicenseServerEndpoints();
        String provider = "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:identity-provider/"
                + ids.get("directory") + "/" + RDS;
        front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint("arn:aws:license-manager-user-subscriptions:"
                + "us-east-1:123456789012:license-server-endpoint/lse-rds", provider, "PROVISIONED", List.of(
                        new CannedAws.Lmus.Server("10.20.5.200", null, "PROVISIONED", "UNHEALTHY"))));

        ScanReport report = scan(front);

        CheckResult result = check(report, "rds-ok", CheckId.LICENSE_SERVER);
        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("licence server unhealthy (10.20.5.200)");
        assertThat(check(report, "rds-ok", CheckId.LICENSE_SERVER_PATH).status()).isEqualTo(Status.UNKNOWN);
        assertThat(check(report, "rds-ok", CheckId.LICENSE_SERVER_PATH).evidence()).singleElement().asString()
                .contains("the network interface of licence server 10.20.5.200 (lse-rds) was not found");
    }

    private String notPassing(ScanReport report, String name) {
        return String.join("\n", instance(report, name).checks().stream()
                .filter(c -> c.status() != Status.PASS && c.status() != Status.SKIPPED)
                .map(c -> c.id() + " " + c.status() + " " + c.summary() + " " + c.evidence()).toList());
    }

    private CannedAws.Lmus.Server licenceServer(Ec2Client ec2, String subnet, String group, String name) {
        var eni = ec2.createNetworkInterface(r -> r.subnetId(subnet).groups(group).ipv6AddressCount(1)
                .description("RDS licence server " + name)).networkInterface();
        return new CannedAws.Lmus.Server(eni.privateIpAddress(), eni.ipv6Addresses().get(0).ipv6Address(),
                "PROVISIONED", "HEALTHY");
    }

    private void host(Ec2Client ec2, AwsFront front, String name, String subnet, String group, String directoryId) {
        ids.put("directory", directoryId);
        String id = ec2.runInstances(r -> r.imageId("ami-12c6146b").instanceType("m5.large").minCount(1).maxCount(1)
                .subnetId(subnet).securityGroupIds(group).ipv6AddressCount(1)
                .iamInstanceProfile(p -> p.name("sentinel-ssm"))
                .tagSpecifications(t -> t.resourceType("instance").tags(tag -> tag.key("AWSLicenseManager")
                        .value("UserSubscriptions"), tag -> tag.key("Name").value(name))))
                .instances().get(0).instanceId();
        ids.put("i." + name, id);
        front.lmus().add(new CannedAws.Lmus.Instance(id, "ACTIVE", null, List.of(RDS), directoryId));
        front.ssm().add(new CannedAws.Ssm.Node(id, "Online", Instant.now().minus(Duration.ofMinutes(1)),
                SeededFleet.AGENT));
    }

    private String subnet(Ec2Client ec2, String vpcId, int index, String zone) {
        String ipv6 = slash64(index);
        String id = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20." + index + ".0/24").ipv6CidrBlock(ipv6)
                .availabilityZone(zone)).subnet().subnetId();
        // Systems Manager through the internet gateway needs a public IPv4 address (the IPv4 path decides).
        ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(b -> b.value(true)));
        return id;
    }

    /** The {@code index}th /64 of the VPC's /56. */
    private String slash64(int index) {
        String prefix = vpcIpv6.substring(0, vpcIpv6.indexOf("::"));
        String[] groups = prefix.split(":");
        int fourth = groups.length > 3 ? Integer.parseInt(groups[3], 16) : 0;
        String head = String.join(":", List.of(groups).subList(0, 3));
        return head + ":" + Integer.toHexString(fourth + index) + "::/64";
    }

    private static String group(Ec2Client ec2, String vpcId, String name) {
        return ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name).description(name)).groupId();
    }

    private ScanReport scan(AwsFront front) {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", front.endpoint().toString()));
        try (Application application = Application.create(config, Clock.systemUTC(), new Application.Io(
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false))) {
            return application.scans().scan(ScanRequest.fleet("ipv6", true)).report();
        }
    }

    private InstanceReport instance(ScanReport report, String name) {
        String id = ids.get("i." + name);
        return report.instances().stream().filter(r -> r.instanceId().equals(id)).findFirst().orElseThrow();
    }

    private CheckResult check(ScanReport report, String name, CheckId id) {
        return instance(report, name).check(id);
    }

    private static Clients motoClients(MotoServer moto) {
        return Clients.create(AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", moto.endpoint().toString())));
    }
}
