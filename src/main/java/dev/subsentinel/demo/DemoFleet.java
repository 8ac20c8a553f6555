package dev.subsentinel.demo;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.DhcpOptions;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bundled demo fleet: a realistic account with a shared-services VPC (directory, SSM endpoints, Office
 * activation endpoint) and three peered VPCs, and one instance per failure kind of the check catalogue next to
 * healthy ones, a stopped one and one whose facts could not all be read.
 *
 * <pre>
 * vpc A 10.0.0.0/16  shared services: directory d-9067a1b2c3 (corp.example.com), endpoints for ssm, ssmmessages,
 *                    ec2messages (10.0.3.10-12) and the LM-US activation endpoint (10.0.3.20) in subnet a3
 * vpc B 10.1.0.0/16  workstations, peered with A, SSM through a NAT gateway, resolver rule for corp.example.com
 * vpc C 10.2.0.0/16  lab, peered with A, SSM through a NAT gateway, NO resolver rule
 * vpc D 10.3.0.0/16  dev, peered with A, public subnet, enableDnsHostnames OFF, resolver rule
 * vpc E 10.4.0.0/16  branch: its own directory d-90670e0e0e (branch.example.com), which is Impaired
 * vpc F 10.5.0.0/16  Remote Desktop Services, dual-stack (2600:1f18:5e00:f500::/56): directories d-9067f5f5f5
 *    + 2600:...   (rds.example.com, Dual-stack) and d-9067a6a6a6 (hosted.example.com), each registered for Remote
 *                    Desktop Services SAL with a licence server endpoint whose two licence servers sit in subnet f5
 *                    (rds.example.com's dual-stack and HEALTHY, hosted.example.com's with one UNHEALTHY); session
 *                    hosts in f1, and in f2 whose network ACL has IPv4 entries only; SSM through a NAT gateway, IPv6
 *                    out through an egress-only internet gateway
 * </pre>
 * The directory-side facts: the domain controllers' groups, License Manager's interfaces (VPC default groups), the
 * service-linked role; a Remote Desktop Services registration that failed.
 */
public final class DemoFleet {

    /** The demo's account. */
    public static final String ACCOUNT = "111122223333";
    /** The demo's region. */
    public static final String REGION = "us-east-1";
    /** The settings the demo evaluates with (a minimum agent version so that SSM_AGENT_VERSION has work). */
    public static final EvaluationSettings SETTINGS = new EvaluationSettings(15, "3.3.40.0", List.of());

    static final String VPC_A = "vpc-0a5e000000000000a";
    static final String VPC_B = "vpc-0b5e000000000000b";
    static final String VPC_C = "vpc-0c5e000000000000c";
    static final String VPC_D = "vpc-0d5e000000000000d";
    static final String SUBNET_A1 = "subnet-0a10000000000a001";
    static final String SUBNET_A2 = "subnet-0a20000000000a002";
    static final String SUBNET_A3 = "subnet-0a30000000000a003";
    static final String SUBNET_A4 = "subnet-0a40000000000a004";
    static final String SUBNET_B1 = "subnet-0b10000000000b001";
    static final String SUBNET_B2 = "subnet-0b20000000000b002";
    static final String SUBNET_C1 = "subnet-0c10000000000c001";
    static final String SUBNET_C2 = "subnet-0c20000000000c002";
    static final String SUBNET_D1 = "subnet-0d10000000000d001";
    static final String SG_VPCE_SSM = "sg-0a000000000e55a01";
    static final String SG_ACTIVATION = "sg-0a0000000001688a1";
    static final String SG_BASTION = "sg-0a000000000ba5701";
    static final String SG_WORKSTATION_A = "sg-0a0000000000f0a01";
    static final String SG_LOCKED = "sg-0a0000000000f0a02";
    static final String SG_RDP_OPEN = "sg-0a0000000000f0a03";
    static final String SG_PREFIX_LIST = "sg-0a0000000000f0a04";
    static final String SG_WORKSTATION_B = "sg-0b0000000000f0b01";
    static final String SG_LAB_C = "sg-0c0000000000f0c01";
    static final String SG_DEV_D = "sg-0d0000000000f0d01";
    static final String PL_CORP = "pl-0a0000000000c0a01";
    static final String PCX_AB = "pcx-0ab000000000000ab";
    static final String PCX_AC = "pcx-0ac000000000000ac";
    static final String PCX_AD = "pcx-0ad000000000000ad";
    static final String DIRECTORY = "d-9067a1b2c3";
    static final String DOMAIN = "corp.example.com";
    static final String SG_DC = "sg-0a00000000000dc01";
    static final String SG_DEFAULT_A = "sg-0a000000000defa01";
    static final String SG_NO_SMB = "sg-0a0000000000f0a05";
    static final String SG_NO_ADWS = "sg-0a0000000000f0a06";
    static final String VPC_E = "vpc-0e5e000000000000e";
    static final String SUBNET_E1 = "subnet-0e10000000000e001";
    static final String SUBNET_E2 = "subnet-0e20000000000e002";
    static final String SG_DEV_E = "sg-0e0000000000f0e01";
    static final String SG_DC_E = "sg-0e00000000000dc01";
    static final String SG_DEFAULT_E = "sg-0e000000000defe01";
    static final String DIRECTORY_E = "d-90670e0e0e";
    static final String DOMAIN_E = "branch.example.com";
    static final String VPC_F = "vpc-0f5e000000000000f";
    static final String VPC_F_IPV6 = "2600:1f18:5e00:f500::/56";
    static final String SUBNET_F1 = "subnet-0f10000000000f001";
    static final String SUBNET_F2 = "subnet-0f20000000000f002";
    static final String SUBNET_F3 = "subnet-0f30000000000f003";
    static final String SUBNET_F4 = "subnet-0f40000000000f004";
    static final String SUBNET_F5 = "subnet-0f50000000000f005";
    static final String DIRECTORY_F = "d-9067f5f5f5";
    static final String DOMAIN_F = "rds.example.com";
    static final String DIRECTORY_G = "d-9067a6a6a6";
    static final String DOMAIN_G = "hosted.example.com";
    static final String SG_RDS = "sg-0f0000000000f0f01";
    static final String SG_RDS_DC_ONLY = "sg-0f0000000000f0f02";
    static final String SG_DC_F = "sg-0f00000000000dc01";
    static final String SG_DC_G = "sg-0f00000000000dc02";
    static final String SG_LS_F = "sg-0f0000000000015f1";
    static final String SG_LS_G = "sg-0f0000000000015a6";
    static final String SG_DEFAULT_F = "sg-0f000000000deff01";
    static final String EIGW_F = "eigw-0f5e00000000000f1";
    static final String LSE_F = "lse-0f5f5f5f5f5f5f5f5";
    static final String LSE_G = "lse-0a6a6a6a6a6a6a6a6";

    private static final String OFFICE = "OFFICE_PROFESSIONAL_PLUS";
    private static final String VS_ENT = "VISUAL_STUDIO_ENTERPRISE";
    private static final String VS_PRO = "VISUAL_STUDIO_PROFESSIONAL";
    private static final String RDS = "REMOTE_DESKTOP_SERVICES";
    private static final String LMUS_ARN = "arn:aws:license-manager-user-subscriptions:us-east-1:" + ACCOUNT + ":";
    private static final String PROFILE = "arn:aws:iam::111122223333:instance-profile/LmusSsmInstanceProfile";
    private static final String AGENT = "3.3.1142.0";

    private DemoFleet() {
    }

    /** The demo snapshot as it would have been captured at {@code now}. */
    public static FleetSnapshot snapshot(Instant now) {
        FleetSnapshot.Builder b = FleetSnapshot.builder(ACCOUNT, REGION, now);
        network(b);
        directory(b);
        remoteDesktop(b);
        // 1. Healthy Office workstation in the shared-services VPC.
        instance(b, now, "i-0a00000000000a001", "office-ok", SUBNET_A1, "10.0.1.11", null, SG_WORKSTATION_A,
                OFFICE, "ACTIVE", null, true, "Online", 2, AGENT);
        // 2. Healthy Office workstation in a peered VPC: activation across pcx-AB, SSM through a NAT gateway.
        instance(b, now, "i-0b00000000000b001", "office-peered-ok", SUBNET_B1, "10.1.1.21", null, SG_WORKSTATION_B,
                OFFICE, "ACTIVE", null, true, "Online", 1, AGENT);
        // 3. LM-US itself reports a failure.
        instance(b, now, "i-0a00000000000a002", "vs-lmus-failed", SUBNET_A1, "10.0.1.12", null, SG_WORKSTATION_A,
                VS_ENT, "FAILED", "Instance failed the product access audit: a local user has administrator rights.",
                true, "Online", 3, AGENT);
        // 4. Running but unknown to Systems Manager (the agent service was stopped).
        instance(b, now, "i-0a00000000000a003", "vs-agent-stopped", SUBNET_A1, "10.0.1.13", null,
                SG_WORKSTATION_A, VS_PRO, "ACTIVE", null, true, null, 0, null);
        // 5. SSM lost contact three hours ago.
        instance(b, now, "i-0a00000000000a004", "office-ping-lost", SUBNET_A1, "10.0.1.14", null,
                SG_WORKSTATION_A, OFFICE, "ACTIVE", null, true, "ConnectionLost", 183, AGENT);
        // 6. Someone disassociated the instance profile: the agent has no credentials.
        instance(b, now, "i-0a00000000000a005", "office-no-profile", SUBNET_A1, "10.0.1.15", null,
                SG_WORKSTATION_A, OFFICE, "ACTIVE", null, false, "ConnectionLost", 47, AGENT);
        // 7. Egress locked down to 1688 and DNS: nothing reaches the SSM endpoints on 443.
        instance(b, now, "i-0a00000000000a006", "vs-egress-locked", SUBNET_A1, "10.0.1.16", null, SG_LOCKED,
                VS_ENT, "ACTIVE", null, true, "ConnectionLost", 26, AGENT);
        // 8. A VPC whose DNS hostnames attribute was turned off.
        instance(b, now, "i-0d00000000000d001", "vs-dns-off", SUBNET_D1, "10.3.1.31", "198.51.100.31", SG_DEV_D,
                VS_PRO, "ACTIVE", null, true, "Online", 2, AGENT);
        // 9. The subnet's network ACL lets the activation request out but drops the replies.
        instance(b, now, "i-0a00000000000a007", "office-acl-1688", SUBNET_A2, "10.0.2.17", null,
                SG_WORKSTATION_A, OFFICE, "ACTIVE", null, true, "Online", 4, AGENT);
        // 10. RDP open to the world.
        instance(b, now, "i-0a00000000000a008", "office-rdp-open", SUBNET_A1, "10.0.1.18", null, SG_RDP_OPEN,
                OFFICE, "ACTIVE", null, true, "Online", 2, AGENT);
        // 11. A peered lab VPC without a resolver rule for the directory's domain.
        instance(b, now, "i-0c00000000000c001", "vs-lab-no-dns", SUBNET_C1, "10.2.1.41", null, SG_LAB_C, VS_ENT,
                "ACTIVE", null, true, "Online", 1, AGENT);
        // 12. Stopped for the weekend: users stay associated, nothing is wrong.
        Ec2Instance stopped = ec2("i-0a00000000000a009", "office-stopped", "stopped", SUBNET_A1, "10.0.1.19", null,
                SG_WORKSTATION_A, true);
        b.instances(stopped);
        b.lmusInstances(new LmusInstance(stopped.instanceId(), "ACTIVE", null, List.of(OFFICE), now.toString(),
                DIRECTORY));
        // 13. Egress to 443 goes through a prefix list nobody let us read: that path is UNKNOWN, not guessed.
        instance(b, now, "i-0a00000000000a00a", "office-pl-unknown", SUBNET_A1, "10.0.1.20", null,
                SG_PREFIX_LIST, OFFICE, "ACTIVE", null, true, "Online", 2, AGENT);
        b.unknownFacts(new UnknownFact(FactKind.PREFIX_LISTS, PL_CORP,
                "AccessDenied: ec2:GetManagedPrefixListEntries is not allowed for this role"));
        // 14. An agent older than the configured minimum: at risk, not yet broken.
        instance(b, now, "i-0a00000000000a00b", "vs-old-agent", SUBNET_A1, "10.0.1.22", null, SG_WORKSTATION_A,
                VS_PRO, "ACTIVE", null, true, "Online", 3, "3.2.582.0");
        // 15. Someone's tag policy removed License Manager's own tag.
        Ec2Instance untagged = ec2("i-0a00000000000a00c", "office-tag-removed", "running", SUBNET_A1, "10.0.1.23",
                null, SG_WORKSTATION_A, true);
        b.instances(new Ec2Instance(untagged.instanceId(), untagged.state(), untagged.vpcId(), untagged.subnetId(),
                untagged.platform(), untagged.launchTime(), untagged.networkInterfaces(), untagged.productCodes(),
                Map.of("Name", "office-tag-removed"), untagged.profileAssociation()));
        lmusAndSsm(b, now, untagged.instanceId(), "office-tag-removed", OFFICE);
        // 16. Egress allows everything but SMB: Group Policy and domain join break (DIRECTORY_PATH FAIL).
        instance(b, now, "i-0a00000000000a00d", "vs-smb-blocked", SUBNET_A1, "10.0.1.24", null, SG_NO_SMB, VS_ENT,
                "ACTIVE", null, true, "Online", 2, AGENT);
        // 17. Egress allows everything but AD Web Services tcp/9389 (DIRECTORY_PATH WARN naming the port).
        instance(b, now, "i-0a00000000000a00e", "vs-adws-blocked", SUBNET_A1, "10.0.1.25", null, SG_NO_ADWS, VS_PRO,
                "ACTIVE", null, true, "Online", 2, AGENT);
        // 18. Remote Desktop Services whose registration failed (IDENTITY_PROVIDER).
        instance(b, now, "i-0a00000000000a00f", "rds-registration-failed", SUBNET_A1, "10.0.1.26", null,
                SG_WORKSTATION_A, RDS, "ACTIVE", null, true, "Online", 2, AGENT);
        // 19. A branch VPC with its own directory, which Directory Service reports Impaired (DIRECTORY_HEALTH).
        instance(b, now, "i-0e00000000000e001", "vs-branch-dir-impaired", SUBNET_E1, "10.4.1.51", null, SG_DEV_E,
                VS_PRO, "ACTIVE", null, true, "Online", 2, AGENT);
        // 20. A healthy dual-stack Remote Desktop Services session host: every path evaluated in both families.
        rdsHost(b, now, "i-0f00000000000f001", "rds-ok", SUBNET_F1, "10.5.1.61", "2600:1f18:5e00:f501::61", SG_RDS,
                DIRECTORY_F);
        // 21. Its directory's licence server endpoint has an UNHEALTHY licence server (LICENSE_SERVER).
        rdsHost(b, now, "i-0f00000000000f002", "rds-licence-unhealthy", SUBNET_F1, "10.5.1.62", null, SG_RDS,
                DIRECTORY_G);
        // 22. Egress opened to the domain controllers' subnet only: the licence servers in their own subnet were
        //     forgotten (LICENSE_SERVER_PATH).
        rdsHost(b, now, "i-0f00000000000f003", "rds-licence-path-blocked", SUBNET_F1, "10.5.1.63", null,
                SG_RDS_DC_ONLY, DIRECTORY_F);
        // 23. Dual-stack, in a subnet whose network ACL has IPv4 entries only: IPv6 to the domain controllers and the
        //     licence servers is blocked while IPv4 passes (DIRECTORY_PATH, LICENSE_SERVER_PATH warn naming IPv6).
        rdsHost(b, now, "i-0f00000000000f004", "rds-ipv6-blocked", SUBNET_F2, "10.5.2.64", "2600:1f18:5e00:f502::64",
                SG_RDS, DIRECTORY_F);
        return b.build();
    }

    private static void rdsHost(FleetSnapshot.Builder b, Instant now, String id, String name, String subnetId,
            String ip, String ipv6, String groupId, String directoryId) {
        Ec2Instance host = ec2(id, name, "running", subnetId, ip, null, groupId, true);
        NetworkInterface eni = host.primaryInterface();
        b.instances(new Ec2Instance(host.instanceId(), host.state(), host.vpcId(), host.subnetId(), host.platform(),
                host.launchTime(), List.of(new NetworkInterface(eni.networkInterfaceId(), 0, subnetId, VPC_F, ip,
                        ipv6 == null ? List.of() : List.of(ipv6), null, List.of(groupId))), host.productCodes(),
                host.tags(), host.profileAssociation()));
        b.lmusInstances(new LmusInstance(id, "ACTIVE", null, List.of(RDS), now.minus(Duration.ofMinutes(37))
                .toString(), directoryId));
        b.ssmInstances(new SsmInstance(id, "Online", now.minus(Duration.ofMinutes(2)), AGENT,
                "Microsoft Windows Server 2022 Datacenter", name.toUpperCase(java.util.Locale.ROOT)));
    }

    private static void lmusAndSsm(FleetSnapshot.Builder b, Instant now, String id, String name, String product) {
        b.lmusInstances(new LmusInstance(id, "ACTIVE", null, List.of(product),
                now.minus(Duration.ofMinutes(37)).toString(), DIRECTORY));
        b.ssmInstances(new SsmInstance(id, "Online", now.minus(Duration.ofMinutes(2)), AGENT,
                "Microsoft Windows Server 2022 Datacenter", name.toUpperCase(java.util.Locale.ROOT)));
    }

    private static void instance(FleetSnapshot.Builder b, Instant now, String id, String name, String subnetId,
            String ip, String publicIp, String groupId, String product, String lmusStatus, String lmusMessage,
            boolean profile, String ping, int pingMinutesAgo, String agent) {
        b.instances(ec2(id, name, "running", subnetId, ip, publicIp, groupId, profile));
        b.lmusInstances(new LmusInstance(id, lmusStatus, lmusMessage, List.of(product),
                now.minus(Duration.ofMinutes(37)).toString(), VPC_E.equals(vpcOf(subnetId)) ? DIRECTORY_E : DIRECTORY));
        if (ping != null) {
            b.ssmInstances(new SsmInstance(id, ping, now.minus(Duration.ofMinutes(pingMinutesAgo)), agent,
                    "Microsoft Windows Server 2022 Datacenter", name.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private static Ec2Instance ec2(String id, String name, String state, String subnetId, String ip,
            String publicIp, String groupId, boolean profile) {
        String vpc = vpcOf(subnetId);
        NetworkInterface eni = new NetworkInterface("eni-" + id.substring(2), 0, subnetId, vpc, ip, List.of(),
                publicIp, List.of(groupId));
        InstanceProfileAssociation association = profile
                ? new InstanceProfileAssociation("iip-assoc-" + id.substring(2), PROFILE, "associated")
                : null;
        return new Ec2Instance(id, state, vpc, subnetId, "Windows", Instant.parse("2026-09-01T08:00:00Z"),
                List.of(eni), List.of(), Map.of("Name", name, "AWSLicenseManager", "UserSubscriptions"),
                association);
    }

    private static String vpcOf(String subnetId) {
        return switch (subnetId.charAt(8)) {
            case 'a' -> VPC_A;
            case 'b' -> VPC_B;
            case 'c' -> VPC_C;
            case 'e' -> VPC_E;
            case 'f' -> VPC_F;
            default -> VPC_D;
        };
    }

    private static void network(FleetSnapshot.Builder b) {
        b.vpcs(new Vpc(VPC_A, List.of("10.0.0.0/16"), List.of(), true, true, "dopt-0a5e00000000000001"),
                new Vpc(VPC_B, List.of("10.1.0.0/16"), List.of(), true, true, "dopt-0a5e00000000000001"),
                new Vpc(VPC_C, List.of("10.2.0.0/16"), List.of(), true, true, "dopt-0a5e00000000000001"),
                new Vpc(VPC_D, List.of("10.3.0.0/16"), List.of(), true, false, "dopt-0a5e00000000000001"),
                new Vpc(VPC_E, List.of("10.4.0.0/16"), List.of(), true, true, "dopt-0a5e00000000000001"));
        b.dhcpOptions(new DhcpOptions("dopt-0a5e00000000000001", List.of("AmazonProvidedDNS")));
        b.subnets(subnet(SUBNET_A1, "10.0.1.0/24", "a"), subnet(SUBNET_A2, "10.0.2.0/24", "a"),
                subnet(SUBNET_A3, "10.0.3.0/24", "a"), subnet(SUBNET_A4, "10.0.4.0/24", "b"),
                subnet(SUBNET_B1, "10.1.1.0/24", "a"), subnet(SUBNET_B2, "10.1.2.0/24", "a"),
                subnet(SUBNET_C1, "10.2.1.0/24", "a"), subnet(SUBNET_C2, "10.2.2.0/24", "a"),
                subnet(SUBNET_D1, "10.3.1.0/24", "a"), subnet(SUBNET_E1, "10.4.1.0/24", "a"),
                subnet(SUBNET_E2, "10.4.2.0/24", "b"));
        b.peeringConnections(
                new PeeringConnection(PCX_AB, "active", VPC_A, List.of("10.0.0.0/16"), VPC_B, List.of("10.1.0.0/16")),
                new PeeringConnection(PCX_AC, "active", VPC_A, List.of("10.0.0.0/16"), VPC_C, List.of("10.2.0.0/16")),
                new PeeringConnection(PCX_AD, "active", VPC_A, List.of("10.0.0.0/16"), VPC_D,
                        List.of("10.3.0.0/16")));
        b.routeTables(
                new RouteTable("rtb-0a5e00000000000a1", VPC_A, true, List.of(), List.of(
                        route("10.0.0.0/16", "local"), route("10.1.0.0/16", PCX_AB), route("10.2.0.0/16", PCX_AC),
                        route("10.3.0.0/16", PCX_AD))),
                new RouteTable("rtb-0b5e00000000000b1", VPC_B, false, List.of(SUBNET_B1), List.of(
                        route("10.1.0.0/16", "local"), route("10.0.0.0/16", PCX_AB),
                        route("0.0.0.0/0", "nat-0b5e00000000000b1"))),
                new RouteTable("rtb-0b5e00000000000b2", VPC_B, true, List.of(SUBNET_B2), List.of(
                        route("10.1.0.0/16", "local"), route("0.0.0.0/0", "igw-0b5e00000000000b1"))),
                new RouteTable("rtb-0c5e00000000000c1", VPC_C, false, List.of(SUBNET_C1), List.of(
                        route("10.2.0.0/16", "local"), route("10.0.0.0/16", PCX_AC),
                        route("0.0.0.0/0", "nat-0c5e00000000000c1"))),
                new RouteTable("rtb-0c5e00000000000c2", VPC_C, true, List.of(SUBNET_C2), List.of(
                        route("10.2.0.0/16", "local"), route("0.0.0.0/0", "igw-0c5e00000000000c1"))),
                new RouteTable("rtb-0e5e00000000000e1", VPC_E, true, List.of(), List.of(
                        route("10.4.0.0/16", "local"), route("0.0.0.0/0", "nat-0e5e00000000000e1"))),
                new RouteTable("rtb-0e5e00000000000e2", VPC_E, false, List.of(SUBNET_E2), List.of(
                        route("10.4.0.0/16", "local"), route("0.0.0.0/0", "igw-0e5e00000000000e1"))),
                new RouteTable("rtb-0d5e00000000000d1", VPC_D, true, List.of(), List.of(
                        route("10.3.0.0/16", "local"), route("10.0.0.0/16", PCX_AD),
                        route("0.0.0.0/0", "igw-0d5e00000000000d1"))));
        b.natGateways(new NatGateway("nat-0b5e00000000000b1", VPC_B, SUBNET_B2, "available", "public"),
                new NatGateway("nat-0c5e00000000000c1", VPC_C, SUBNET_C2, "available", "public"),
                new NatGateway("nat-0e5e00000000000e1", VPC_E, SUBNET_E2, "available", "public"));
        b.internetGateways(igw("igw-0b5e00000000000b1", VPC_B), igw("igw-0c5e00000000000c1", VPC_C),
                igw("igw-0d5e00000000000d1", VPC_D), igw("igw-0e5e00000000000e1", VPC_E));
        b.networkAcls(openAcl("acl-0a5e00000000000a1", VPC_A), openAcl("acl-0b5e00000000000b1", VPC_B),
                openAcl("acl-0c5e00000000000c1", VPC_C), openAcl("acl-0d5e00000000000d1", VPC_D),
                openAcl("acl-0e5e00000000000e1", VPC_E),
                new NetworkAcl("acl-0a5e00000000000a2", VPC_A, false, List.of(SUBNET_A2), List.of(
                        new NaclEntry(100, true, "6", "allow", "10.0.3.0/24", 443, 443),
                        new NaclEntry(110, true, "6", "allow", "10.0.3.0/24", 1688, 1688),
                        new NaclEntry(120, true, "17", "allow", "10.0.0.2/32", 53, 53),
                        new NaclEntry(130, true, "-1", "allow", "10.0.4.0/24", null, null),
                        new NaclEntry(32767, true, "-1", "deny", "0.0.0.0/0", null, null),
                        new NaclEntry(100, false, "6", "allow", "10.0.0.0/16", 3389, 3389),
                        // replies from the SSM endpoints (10.0.3.10-12) only: 10.0.3.20 was forgotten
                        new NaclEntry(110, false, "6", "allow", "10.0.3.0/28", 49152, 65535),
                        new NaclEntry(120, false, "17", "allow", "10.0.0.2/32", 1024, 65535),
                        new NaclEntry(130, false, "-1", "allow", "10.0.4.0/24", null, null),
                        new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null))));
        b.prefixLists();
        b.securityGroups(
                group(SG_VPCE_SSM, "vpce-ssm", VPC_A, List.of(SgRule.cidr("tcp", 443, 443, "10.0.0.0/16")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                group(SG_ACTIVATION, "lmus-office-activation", VPC_A, List.of(
                        SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/16"), SgRule.cidr("tcp", 1688, 1688, "10.1.0.0/16"),
                        SgRule.cidr("tcp", 1688, 1688, "10.2.0.0/16"), SgRule.cidr("tcp", 1688, 1688,
                                "10.3.0.0/16")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                group(SG_BASTION, "bastion", VPC_A, List.of(SgRule.cidr("tcp", 22, 22, "192.0.2.0/24")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                group(SG_WORKSTATION_A, "lmus-workstations", VPC_A, List.of(rdpFromBastion()), allEgress()),
                group(SG_LOCKED, "lmus-workstations-locked", VPC_A, List.of(rdpFromBastion()), List.of(
                        SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/16"), SgRule.cidr("udp", 53, 53, "10.0.0.2/32"),
                        SgRule.cidr("-1", null, null, "10.0.4.0/24"))),
                group(SG_RDP_OPEN, "rdp-anywhere", VPC_A, List.of(SgRule.cidr("tcp", 3389, 3389, "0.0.0.0/0")),
                        allEgress()),
                group(SG_PREFIX_LIST, "egress-corporate-proxy", VPC_A, List.of(rdpFromBastion()), List.of(
                        SgRule.prefixList("tcp", 443, 443, PL_CORP), SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/16"),
                        SgRule.cidr("udp", 53, 53, "10.0.0.2/32"), SgRule.cidr("-1", null, null, "10.0.4.0/24"))),
                group(SG_NO_SMB, "lmus-workstations-no-smb", VPC_A, List.of(rdpFromBastion()), List.of(
                        SgRule.cidr("tcp", 0, 444, "0.0.0.0/0"), SgRule.cidr("tcp", 446, 65535, "0.0.0.0/0"),
                        SgRule.cidr("udp", 0, 65535, "0.0.0.0/0"))),
                group(SG_NO_ADWS, "lmus-workstations-no-adws", VPC_A, List.of(rdpFromBastion()), List.of(
                        SgRule.cidr("tcp", 0, 9388, "0.0.0.0/0"), SgRule.cidr("tcp", 9390, 65535, "0.0.0.0/0"),
                        SgRule.cidr("udp", 0, 65535, "0.0.0.0/0"))),
                group(SG_DC, DIRECTORY + "_controllers", VPC_A, List.of(SgRule.cidr("-1", null, null,
                        "10.0.0.0/8")), allEgress()),
                group(SG_DEFAULT_A, "default", VPC_A, List.of(SgRule.group("-1", null, null, SG_DEFAULT_A)),
                        allEgress()),
                group(SG_DEV_E, "dev", VPC_E, List.of(SgRule.cidr("tcp", 3389, 3389, "10.0.0.0/16")), allEgress()),
                group(SG_DC_E, DIRECTORY_E + "_controllers", VPC_E, List.of(SgRule.cidr("-1", null, null,
                        "10.4.0.0/16")), allEgress()),
                group(SG_DEFAULT_E, "default", VPC_E, List.of(SgRule.group("-1", null, null, SG_DEFAULT_E)),
                        allEgress()),
                group(SG_WORKSTATION_B, "lmus-workstations", VPC_B, List.of(new SgRule("tcp", 3389, 3389, null,
                        null, new GroupRef(SG_BASTION, ACCOUNT, VPC_A, PCX_AB, "active"), "bastion in shared VPC")),
                        allEgress()),
                group(SG_LAB_C, "lab", VPC_C, List.of(SgRule.cidr("tcp", 3389, 3389, "10.0.0.0/16")), allEgress()),
                group(SG_DEV_D, "dev", VPC_D, List.of(SgRule.cidr("tcp", 3389, 3389, "203.0.113.0/24")),
                        allEgress()));
        b.vpcEndpoints(
                endpoint("vpce-0a5e0000000055a01", "com.amazonaws.us-east-1.ssm", SG_VPCE_SSM, true, "10.0.3.10"),
                endpoint("vpce-0a5e0000000055a02", "com.amazonaws.us-east-1.ssmmessages", SG_VPCE_SSM, true,
                        "10.0.3.11"),
                endpoint("vpce-0a5e0000000055a03", "com.amazonaws.us-east-1.ec2messages", SG_VPCE_SSM, true,
                        "10.0.3.12"),
                endpoint("vpce-0a5e0000000168801", "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69788",
                        SG_ACTIVATION, false, "10.0.3.20"));
    }

    private static void directory(FleetSnapshot.Builder b) {
        b.directories(new Directory(DIRECTORY, DOMAIN, VPC_A, List.of(SUBNET_A4), List.of("10.0.4.10",
                "10.0.4.11"), "Active", null, SG_DC, "MicrosoftAD"));
        for (String product : List.of(OFFICE, VS_ENT, VS_PRO)) {
            b.identityProviders(new IdentityProvider(DIRECTORY, product, "REGISTERED", List.of(SUBNET_A3),
                    SG_ACTIVATION, "AWS_MANAGED", null, List.of(), List.of()));
        }
        b.identityProviders(new IdentityProvider(DIRECTORY, RDS, "REGISTRATION_FAILED", List.of(SUBNET_A3),
                SG_ACTIVATION, "AWS_MANAGED", null, List.of(), List.of(), "The Remote Desktop Services license"
                        + " server endpoint could not be provisioned: the secret license-manager-user-rds could not"
                        + " be read.", "arn:aws:license-manager-user-subscriptions:us-east-1:111122223333:"
                        + "identity-provider/" + DIRECTORY + "/" + RDS));
        b.directoryInterfaces(new DirectoryInterfaces(DIRECTORY, List.of(
                lmInterface("eni-0a40000000000dd01", DIRECTORY, SUBNET_A4, VPC_A, "10.0.4.20",
                        SG_DEFAULT_A),
                lmInterface("eni-0a40000000000dd02", DIRECTORY, SUBNET_A4, VPC_A, "10.0.4.21", SG_DEFAULT_A))));
        b.directories(new Directory(DIRECTORY_E, DOMAIN_E, VPC_E, List.of(SUBNET_E1), List.of("10.4.1.10",
                "10.4.1.11"), "Impaired", "The directory is not reachable from its monitoring: check the domain"
                        + " controllers' security group and network ACLs.", SG_DC_E, "MicrosoftAD"));
        b.identityProviders(new IdentityProvider(DIRECTORY_E, VS_PRO, "REGISTERED", List.of(SUBNET_E1), SG_DEV_E,
                "AWS_MANAGED", null, List.of(), List.of()));
        b.directoryInterfaces(new DirectoryInterfaces(DIRECTORY_E, List.of(
                lmInterface("eni-0e10000000000dd01", DIRECTORY_E, SUBNET_E1, VPC_E, "10.4.1.20", SG_DEFAULT_E),
                lmInterface("eni-0e10000000000dd02", DIRECTORY_E, SUBNET_E1, VPC_E, "10.4.1.21", SG_DEFAULT_E))));
        b.serviceLinkedRoles(new ServiceLinkedRole(ServiceLinkedRole.LMUS_ROLE_NAME, true, "arn:aws:iam::"
                + ACCOUNT + ":role/aws-service-role/license-manager-user-subscriptions.amazonaws.com/"
                + ServiceLinkedRole.LMUS_ROLE_NAME));
        b.resolverRules(new ResolverRule("rslvr-rr-0c0a5e000000000a1", DOMAIN + ".", "FORWARD", "COMPLETE",
                List.of(VPC_B, VPC_D)));
    }

    /**
     * VPC F: dual-stack, two directories registered for Remote Desktop Services SAL with their licence server
     * endpoints, the licence servers' interfaces and groups.
     */
    private static void remoteDesktop(FleetSnapshot.Builder b) {
        b.vpcs(new Vpc(VPC_F, List.of("10.5.0.0/16"), List.of(VPC_F_IPV6), true, true, "dopt-0a5e00000000000001"));
        b.subnets(dualSubnet(SUBNET_F1, "10.5.1.0/24", "f501", "a"), dualSubnet(SUBNET_F2, "10.5.2.0/24", "f502", "a"),
                dualSubnet(SUBNET_F3, "10.5.3.0/24", "f503", "a"), dualSubnet(SUBNET_F4, "10.5.4.0/24", "f504", "b"),
                dualSubnet(SUBNET_F5, "10.5.5.0/24", "f505", "a"));
        b.routeTables(
                new RouteTable("rtb-0f5e00000000000f1", VPC_F, true, List.of(), List.of(route("10.5.0.0/16",
                        "local"), route(VPC_F_IPV6, "local"), route("0.0.0.0/0", "nat-0f5e00000000000f1"),
                        route("::/0", EIGW_F))),
                new RouteTable("rtb-0f5e00000000000f2", VPC_F, false, List.of(SUBNET_F4), List.of(
                        route("10.5.0.0/16", "local"), route(VPC_F_IPV6, "local"),
                        route("0.0.0.0/0", "igw-0f5e00000000000f1"), route("::/0", "igw-0f5e00000000000f1"))));
        b.natGateways(new NatGateway("nat-0f5e00000000000f1", VPC_F, SUBNET_F4, "available", "public"));
        b.internetGateways(igw("igw-0f5e00000000000f1", VPC_F));
        b.egressOnlyInternetGateways(new EgressOnlyInternetGateway(EIGW_F, List.of(
                new InternetGateway.Attachment(VPC_F, "attached"))));
        NetworkAcl open = openAcl("acl-0f5e00000000000f1", VPC_F);
        List<NaclEntry> dualStack = new java.util.ArrayList<>(open.entries());
        dualStack.add(new NaclEntry(101, true, "-1", "allow", "::/0", null, null));
        dualStack.add(new NaclEntry(101, false, "-1", "allow", "::/0", null, null));
        dualStack.add(new NaclEntry(32768, true, "-1", "deny", "::/0", null, null));
        dualStack.add(new NaclEntry(32768, false, "-1", "deny", "::/0", null, null));
        b.networkAcls(new NetworkAcl(open.networkAclId(), VPC_F, true, List.of(), dualStack),
                // written before the subnet had an IPv6 CIDR: IPv4 entries only, so the IPv6 * entries deny
                new NetworkAcl("acl-0f5e00000000000f2", VPC_F, false, List.of(SUBNET_F2), List.of(
                        new NaclEntry(100, true, "-1", "allow", "10.0.0.0/8", null, null),
                        new NaclEntry(110, true, "-1", "allow", "0.0.0.0/0", null, null),
                        new NaclEntry(32767, true, "-1", "deny", "0.0.0.0/0", null, null),
                        new NaclEntry(32768, true, "-1", "deny", "::/0", null, null),
                        new NaclEntry(100, false, "-1", "allow", "10.0.0.0/8", null, null),
                        new NaclEntry(110, false, "-1", "allow", "0.0.0.0/0", null, null),
                        new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null),
                        new NaclEntry(32768, false, "-1", "deny", "::/0", null, null))));
        List<SgRule> bothOut = List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"), SgRule.cidr("-1", null, null,
                "::/0"));
        List<SgRule> fromVpc = List.of(SgRule.cidr("-1", null, null, "10.5.0.0/16"), SgRule.cidr("-1", null, null,
                VPC_F_IPV6));
        List<SgRule> licensing = List.of(SgRule.cidr("tcp", 135, 135, "10.5.0.0/16"), SgRule.cidr("tcp", 445, 445,
                "10.5.0.0/16"), SgRule.cidr("tcp", 49152, 65535, "10.5.0.0/16"), SgRule.cidr("tcp", 135, 135,
                VPC_F_IPV6), SgRule.cidr("tcp", 445, 445, VPC_F_IPV6), SgRule.cidr("tcp", 49152, 65535, VPC_F_IPV6));
        b.securityGroups(
                group(SG_RDS, "rds-session-hosts", VPC_F, List.of(SgRule.cidr("tcp", 3389, 3389, "10.5.0.0/16")),
                        bothOut),
                group(SG_RDS_DC_ONLY, "rds-session-hosts-dc-only", VPC_F, List.of(SgRule.cidr("tcp", 3389, 3389,
                        "10.5.0.0/16")), List.of(SgRule.cidr("-1", null, null, "10.5.3.0/24"),
                        SgRule.cidr("tcp", 443, 443, "0.0.0.0/0"))),
                group(SG_DC_F, DIRECTORY_F + "_controllers", VPC_F, fromVpc, bothOut),
                group(SG_DC_G, DIRECTORY_G + "_controllers", VPC_F, fromVpc, bothOut),
                group(SG_LS_F, "license-manager-user-rds-" + LSE_F, VPC_F, licensing, bothOut),
                group(SG_LS_G, "license-manager-user-rds-" + LSE_G, VPC_F, licensing, bothOut),
                group(SG_DEFAULT_F, "default", VPC_F, List.of(SgRule.group("-1", null, null, SG_DEFAULT_F)),
                        bothOut));
        b.directories(new Directory(DIRECTORY_F, DOMAIN_F, VPC_F, List.of(SUBNET_F3, SUBNET_F4), List.of(
                "10.5.3.10", "10.5.3.11"), "Active", null, SG_DC_F, "MicrosoftAD", List.of(
                        "2600:1f18:5e00:f503::10", "2600:1f18:5e00:f503::11")),
                new Directory(DIRECTORY_G, DOMAIN_G, VPC_F, List.of(SUBNET_F3, SUBNET_F4), List.of("10.5.3.20",
                        "10.5.3.21"), "Active", null, SG_DC_G, "MicrosoftAD"));
        b.directoryInterfaces(new DirectoryInterfaces(DIRECTORY_F, List.of(
                        lmInterface("eni-0f30000000000dd01", DIRECTORY_F, SUBNET_F3, VPC_F, "10.5.3.40", SG_DEFAULT_F),
                        lmInterface("eni-0f30000000000dd02", DIRECTORY_F, SUBNET_F3, VPC_F, "10.5.3.41",
                                SG_DEFAULT_F))),
                new DirectoryInterfaces(DIRECTORY_G, List.of(
                        lmInterface("eni-0f30000000000dd03", DIRECTORY_G, SUBNET_F3, VPC_F, "10.5.3.42", SG_DEFAULT_F),
                        lmInterface("eni-0f30000000000dd04", DIRECTORY_G, SUBNET_F3, VPC_F, "10.5.3.43",
                                SG_DEFAULT_F))));
        String providerF = LMUS_ARN + "identity-provider/" + DIRECTORY_F + "/" + RDS;
        String providerG = LMUS_ARN + "identity-provider/" + DIRECTORY_G + "/" + RDS;
        b.identityProviders(new IdentityProvider(DIRECTORY_F, RDS, "REGISTERED", List.of(SUBNET_F5), SG_LS_F,
                        "AWS_MANAGED", null, List.of(), List.of(), null, providerF),
                new IdentityProvider(DIRECTORY_G, RDS, "REGISTERED", List.of(SUBNET_F5), SG_LS_G, "AWS_MANAGED", null,
                        List.of(), List.of(), null, providerG));
        Instant created = Instant.parse("2026-10-01T09:00:00Z");
        b.licenseServerEndpoints(
                new LicenseServerEndpoint(LSE_F, LMUS_ARN + "license-server-endpoint/" + LSE_F, providerF, "RDS_SAL",
                        null, "PROVISIONED", null, List.of(
                                new LicenseServer("PROVISIONED", "HEALTHY", "10.5.5.50", "2600:1f18:5e00:f505::50"),
                                new LicenseServer("PROVISIONED", "HEALTHY", "10.5.5.51", "2600:1f18:5e00:f505::51")),
                        created),
                new LicenseServerEndpoint(LSE_G, LMUS_ARN + "license-server-endpoint/" + LSE_G, providerG, "RDS_SAL",
                        null, "PROVISIONED", "License server 10.5.5.60 failed its health check: the RD Licensing"
                                + " service is not running.", List.of(
                                        new LicenseServer("PROVISIONED", "UNHEALTHY", "10.5.5.60", null),
                                        new LicenseServer("PROVISIONED", "HEALTHY", "10.5.5.61", null)), created));
        b.licenseServerInterfaces(
                licenseServerInterface("eni-0f50000000000ls01", "10.5.5.50", "2600:1f18:5e00:f505::50", SG_LS_F),
                licenseServerInterface("eni-0f50000000000ls02", "10.5.5.51", "2600:1f18:5e00:f505::51", SG_LS_F),
                licenseServerInterface("eni-0f50000000000ls03", "10.5.5.60", null, SG_LS_G),
                licenseServerInterface("eni-0f50000000000ls04", "10.5.5.61", null, SG_LS_G));
    }

    private static LicenseServerInterface licenseServerInterface(String id, String ip, String ipv6, String groupId) {
        return new LicenseServerInterface(id, SUBNET_F5, VPC_F, ip, ipv6 == null ? List.of() : List.of(ipv6),
                List.of(groupId), "in-use");
    }

    private static Subnet dualSubnet(String id, String cidr, String ipv6Group, String zone) {
        return new Subnet(id, VPC_F, cidr, List.of("2600:1f18:5e00:" + ipv6Group + "::/64"), REGION + zone);
    }

    private static DirectoryInterface lmInterface(String id, String directoryId, String subnetId, String vpcId,
            String ip, String groupId) {
        return new DirectoryInterface(id, directoryId, "AWS created network interface for LicenseManager "
                + directoryId, "in-use", "interface", null, subnetId, vpcId, ip, List.of(groupId));
    }

    private static Subnet subnet(String id, String cidr, String zone) {
        return new Subnet(id, vpcOf(id), cidr, List.of(), REGION + zone);
    }

    private static Route route(String destination, String target) {
        return new Route(destination, null, target, "active");
    }

    private static InternetGateway igw(String id, String vpc) {
        return new InternetGateway(id, List.of(new InternetGateway.Attachment(vpc, "available")));
    }

    private static NetworkAcl openAcl(String id, String vpc) {
        return new NetworkAcl(id, vpc, true, List.of(), List.of(
                new NaclEntry(100, true, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(32767, true, "-1", "deny", "0.0.0.0/0", null, null),
                new NaclEntry(100, false, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null)));
    }

    private static SecurityGroup group(String id, String name, String vpc, List<SgRule> ingress,
            List<SgRule> egress) {
        return new SecurityGroup(id, name, vpc, ACCOUNT, ingress, egress);
    }

    private static SgRule rdpFromBastion() {
        return SgRule.group("tcp", 3389, 3389, SG_BASTION);
    }

    private static List<SgRule> allEgress() {
        return List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"));
    }

    private static VpcEndpoint endpoint(String id, String service, String group, boolean privateDns, String ip) {
        return new VpcEndpoint(id, VPC_A, service, "Interface", "available", List.of(SUBNET_A3), List.of(group),
                privateDns, List.of(new EndpointInterface("eni-" + id.substring(5), SUBNET_A3, ip)));
    }
}
