package dev.subsentinel.bench;

import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.InternetGateway;
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
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates large, realistic snapshots for the benchmarks: a hub VPC (an Active AWS Managed AD with two domain
 * controllers behind their group, License Manager's two interfaces for it, the Office activation endpoint) peered with
 * every other VPC; even VPCs reach SSM through interface endpoints, odd ones through a NAT gateway; every instance is
 * an Office instance, so every check runs, including the activation path and the Active Directory ports to both
 * domain controllers across the peering. The service-linked role exists. About one instance in twenty is broken in
 * some way (security group, ACL, ping, profile). Deterministic for a seed.
 */
public final class FleetGenerator {

    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "111122223333";
    private static final String DIRECTORY = "d-9067000000";
    /** The group of {@link #generate(int, int, long, Instant, int)}'s event instances. */
    public static final String EVENT_GROUP = "sg-0e7e470000000000e";

    private FleetGenerator() {
    }

    /** A snapshot of {@code instances} instances spread over {@code vpcs} VPCs. */
    public static FleetSnapshot generate(int instances, int vpcs, long seed, Instant now) {
        return generate(instances, vpcs, seed, now, 0);
    }

    /**
     * A snapshot of {@code instances} instances spread over {@code vpcs} VPCs, where the primary interface of the
     * first {@code eventGroupInstances} instances of the second VPC (the first when there is one) also carries
     * {@link #EVENT_GROUP} (egress tcp/443 anywhere, no ingress): a group that a change event can name to touch
     * exactly those instances. Otherwise the same fleet as without it.
     */
    public static FleetSnapshot generate(int instances, int vpcs, long seed, Instant now, int eventGroupInstances) {
        Random random = new Random(seed);
        FleetSnapshot.Builder b = FleetSnapshot.builder(ACCOUNT, REGION, now);
        String hub = vpcId(0);
        String activationSg = "sg-" + hex(0, 0xac7);
        String controllersSg = "sg-" + hex(0, 0xdc);
        String defaultSg = "sg-" + hex(0, 0xdef);
        b.directories(new Directory(DIRECTORY, "corp.example.com", hub, List.of(subnetId(0, 3)),
                List.of("10.0.3.10", "10.0.3.11"), "Active", null, controllersSg, "MicrosoftAD"));
        b.identityProviders(new IdentityProvider(DIRECTORY, "OFFICE_PROFESSIONAL_PLUS", "REGISTERED",
                List.of(subnetId(0, 3)), activationSg, "AWS_MANAGED", null, List.of(), List.of()));
        b.securityGroups(
                new SecurityGroup(controllersSg, DIRECTORY + "_controllers", hub, ACCOUNT,
                        List.of(SgRule.cidr("-1", null, null, "10.0.0.0/8")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                new SecurityGroup(defaultSg, "default", hub, ACCOUNT, List.of(),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))));
        List<DirectoryInterface> lmInterfaces = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            lmInterfaces.add(new DirectoryInterface("eni-" + hex(n, 0x1a), DIRECTORY,
                    "AWS created network interface for LicenseManager " + DIRECTORY, "in-use", "interface",
                    "AIDAEXAMPLE", subnetId(0, 3), hub, "10.0.3." + (200 + n), List.of(defaultSg)));
        }
        b.directoryInterfaces(new DirectoryInterfaces(DIRECTORY, lmInterfaces));
        b.serviceLinkedRoles(new ServiceLinkedRole(ServiceLinkedRole.LMUS_ROLE_NAME, true, "arn:aws:iam::" + ACCOUNT
                + ":role/aws-service-role/license-manager-user-subscriptions.amazonaws.com/"
                + ServiceLinkedRole.LMUS_ROLE_NAME));
        b.dhcpOptions(new DhcpOptions("dopt-0000000000000001", List.of("AmazonProvidedDNS")));
        b.prefixLists(new PrefixList("pl-" + hex(0, 0xc0), "corp", List.of("192.0.2.0/24", "198.51.100.0/24")));
        List<String> resolverVpcs = new ArrayList<>();
        for (int v = 0; v < vpcs; v++) {
            network(b, v, vpcs, activationSg);
            resolverVpcs.add(vpcId(v));
        }
        b.resolverRules(new ResolverRule("rslvr-rr-000000000000001", "corp.example.com", "FORWARD", "COMPLETE",
                resolverVpcs));
        int eventVpc = Math.min(1, vpcs - 1);
        if (eventGroupInstances > 0) {
            b.securityGroups(new SecurityGroup(EVENT_GROUP, "event", vpcId(eventVpc), ACCOUNT, List.of(),
                    List.of(SgRule.cidr("tcp", 443, 443, "0.0.0.0/0"))));
        }
        int eventInstances = 0;
        for (int i = 0; i < instances; i++) {
            int v = i % vpcs;
            boolean event = v == eventVpc && eventInstances < eventGroupInstances;
            if (event) {
                eventInstances++;
            }
            instance(b, random, i, v, vpcs, now, event);
        }
        return b.build();
    }

    private static void network(FleetSnapshot.Builder b, int v, int vpcs, String activationSg) {
        String vpc = vpcId(v);
        String cidr = vpcCidr(v, vpcs);
        b.vpcs(new Vpc(vpc, List.of(cidr), List.of(), true, true, "dopt-0000000000000001"));
        for (int s = 0; s < 4; s++) {
            b.subnets(new Subnet(subnetId(v, s), vpc, net(v, s, vpcs) + ".0/24", List.of(), REGION + "a"));
        }
        List<Route> routes = new ArrayList<>(List.of(new Route(cidr, null, "local", "active")));
        if (v != 0) {
            String pcx = "pcx-" + hex(v, 0xbc);
            b.peeringConnections(new PeeringConnection(pcx, "active", vpcId(0), List.of(vpcCidr(0, vpcs)), vpc,
                    List.of(cidr)));
            routes.add(new Route(vpcCidr(0, vpcs), null, pcx, "active"));
        }
        String workloadTable = "rtb-" + hex(v, 1);
        if (v % 2 == 1) {
            String nat = "nat-" + hex(v, 1);
            String igw = "igw-" + hex(v, 1);
            b.natGateways(new NatGateway(nat, vpc, subnetId(v, 3), "available", "public"));
            b.internetGateways(new InternetGateway(igw, List.of(new InternetGateway.Attachment(vpc, "available"))));
            routes.add(new Route("0.0.0.0/0", null, nat, "active"));
            b.routeTables(new RouteTable("rtb-" + hex(v, 2), vpc, false, List.of(subnetId(v, 3)), List.of(
                    new Route(cidr, null, "local", "active"), new Route("0.0.0.0/0", null, igw, "active"))));
        }
        if (v == 0) {
            for (int p = 1; p < vpcs; p++) {
                routes.add(new Route(vpcCidr(p, vpcs), null, "pcx-" + hex(p, 0xbc), "active"));
            }
        }
        b.routeTables(new RouteTable(workloadTable, vpc, true, List.of(), routes));
        b.networkAcls(new NetworkAcl("acl-" + hex(v, 1), vpc, true, List.of(), List.of(
                new NaclEntry(100, true, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(32767, true, "-1", "deny", "0.0.0.0/0", null, null),
                new NaclEntry(100, false, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null))));
        b.networkAcls(new NetworkAcl("acl-" + hex(v, 2), vpc, false, List.of(subnetId(v, 2)), List.of(
                new NaclEntry(90, true, "6", "deny", "10.0.3.0/24", 1688, 1688),
                new NaclEntry(100, true, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(32767, true, "-1", "deny", "0.0.0.0/0", null, null),
                new NaclEntry(100, false, "6", "allow", "0.0.0.0/0", 1024, 65535),
                new NaclEntry(110, false, "6", "allow", "10.0.0.0/8", 3389, 3389),
                new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null))));
        String endpointSg = "sg-" + hex(v, 0xe0);
        String workloadSg = "sg-" + hex(v, 0xf1);
        String lockedSg = "sg-" + hex(v, 0xf2);
        b.securityGroups(
                new SecurityGroup(endpointSg, "vpce", vpc, ACCOUNT, List.of(SgRule.cidr("tcp", 443, 443, cidr)),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                new SecurityGroup(workloadSg, "workload", vpc, ACCOUNT, List.of(
                        SgRule.prefixList("tcp", 3389, 3389, "pl-" + hex(0, 0xc0)),
                        SgRule.cidr("tcp", 3389, 3389, "10.0.0.0/8"),
                        SgRule.cidr("icmp", -1, -1, "10.0.0.0/8")), List.of(
                        SgRule.cidr("tcp", 443, 443, "0.0.0.0/0"),
                        SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/8"),
                        SgRule.cidr("udp", 53, 53, net(v, 0, vpcs) + ".2/32"),
                        SgRule.cidr("tcp", 80, 80, "0.0.0.0/0"),
                        SgRule.cidr("-1", null, null, "10.0.3.0/24"))),
                new SecurityGroup(lockedSg, "locked", vpc, ACCOUNT, List.of(
                        SgRule.cidr("tcp", 3389, 3389, "0.0.0.0/0")), List.of(
                        SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/8"))));
        if (v == 0) {
            b.securityGroups(new SecurityGroup(activationSg, "lmus-activation", vpc, ACCOUNT, List.of(
                    SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/8")), List.of(SgRule.cidr("-1", null, null,
                    "0.0.0.0/0"))));
            b.vpcEndpoints(new VpcEndpoint("vpce-" + hex(0, 0x1688), vpc,
                    "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69788", "Interface", "available",
                    List.of(subnetId(0, 3)), List.of(activationSg), false,
                    List.of(new EndpointInterface("eni-" + hex(0, 0x1688), subnetId(0, 3), "10.0.3.20"))));
        }
        if (v % 2 == 0) {
            int n = 0;
            for (String service : List.of("ssm", "ssmmessages", "ec2messages")) {
                n++;
                b.vpcEndpoints(new VpcEndpoint("vpce-" + hex(v, 0x550 + n), vpc, "com.amazonaws." + REGION + "."
                        + service, "Interface", "available", List.of(subnetId(v, 3)), List.of(endpointSg), true,
                        List.of(new EndpointInterface("eni-" + hex(v, 0x550 + n), subnetId(v, 3),
                                net(v, 3, vpcs) + "." + (30 + n)))));
            }
        }
    }

    private static void instance(FleetSnapshot.Builder b, Random random, int i, int v, int vpcs, Instant now,
            boolean event) {
        String id = "i-" + hex(i, 0x1);
        int roll = random.nextInt(100);
        int subnet = roll < 3 ? 2 : random.nextInt(2);
        String group = roll >= 3 && roll < 5 ? "sg-" + hex(v, 0xf2) : "sg-" + hex(v, 0xf1);
        String ip = net(v, subnet, vpcs) + "." + (10 + (i / 100) % 240);
        NetworkInterface eni = new NetworkInterface("eni-" + hex(i, 0x2), 0, subnetId(v, subnet), vpcId(v), ip,
                List.of(), null, event ? List.of(group, EVENT_GROUP) : List.of(group));
        InstanceProfileAssociation profile = roll == 5 ? null
                : new InstanceProfileAssociation("iip-assoc-" + hex(i, 3), "arn:aws:iam::" + ACCOUNT
                        + ":instance-profile/ssm", "associated");
        String state = roll == 6 ? "stopped" : "running";
        b.instances(new Ec2Instance(id, state, vpcId(v), subnetId(v, subnet), "Windows", now.minus(Duration.ofDays(3)),
                List.of(eni), List.of(), Map.of("Name", "ws-" + i, "AWSLicenseManager", "UserSubscriptions"),
                profile));
        b.lmusInstances(new LmusInstance(id, roll == 7 ? "FAILED" : "ACTIVE", null,
                List.of("OFFICE_PROFESSIONAL_PLUS"), now.toString(), DIRECTORY));
        if (!"stopped".equals(state) && roll != 8) {
            b.ssmInstances(new SsmInstance(id, roll == 9 ? "ConnectionLost" : "Online",
                    now.minus(Duration.ofMinutes(roll == 9 ? 90 : 2)), "3.3.1142.0", "Windows Server 2022", null));
        }
    }

    /**
     * The first three octets of subnet {@code s} of VPC {@code v}: {@code 10.v.s} (a /16 per VPC) up to 256 VPCs, else
     * two VPCs per /16 ({@code 10.(v/2).(128(v%2)+s)}, a /17 per VPC), so that every VPC stays in 10.0.0.0/8.
     */
    private static String net(int v, int s, int vpcs) {
        return vpcs <= 256 ? "10." + v + "." + s : "10." + (v / 2) + "." + ((v % 2) * 128 + s);
    }

    private static String vpcCidr(int v, int vpcs) {
        return vpcs <= 256 ? "10." + v + ".0.0/16" : "10." + (v / 2) + "." + ((v % 2) * 128) + ".0/17";
    }

    private static String vpcId(int v) {
        return "vpc-" + hex(v, 0xa);
    }

    private static String subnetId(int v, int s) {
        return "subnet-" + hex(v, 0x50 + s);
    }

    private static String hex(int n, int kind) {
        return String.format("0%05x%011x", kind & 0xfffff, n);
    }
}
