package dev.subsentinel.collect;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoIam;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.directory.model.DirectoryEdition;
import software.amazon.awssdk.services.route53resolver.model.RuleTypeOption;

/**
 * A fleet in which every failure kind of the check catalogue appears at least once beside healthy instances, seeded
 * into moto with the SDK (EC2, Directory Service, Route 53 Resolver, IAM) and into the front's canned SSM and LM-US
 * answers.
 *
 * <pre>
 * VPC app 10.0.0.0/16 (DNS on; DHCP options AmazonProvidedDNS; resolver rule for corp.example.com)
 *   app-private 10.0.1.0/24, app-isolated 10.0.3.0/24 (ACL denies tcp 1024-65535 from 10.0.2.0/24): route table
 *     rt-app: local, 10.1.0.0/16 -> pcx-app-dir
 *   app-endpoints 10.0.2.0/24: interface endpoints ssm, ssmmessages, ec2messages (private DNS, sg-ssm-endpoints:
 *     443 from 10.0.0.0/16 and from sg-app)
 *   sg-app: 3389 from sg-bastion and from 10.50.0.0/16; sg-rdp-open: 3389 from 0.0.0.0/0;
 *   sg-restricted: egress only tcp/443 to prefix list pl-app (10.0.0.0/16); rt-app also routes ::/0 to an egress-only
 *   internet gateway
 * VPC dir 10.1.0.0/16 (DNS on): directory corp.example.com in dir-a 10.1.1.0/24 + dir-b 10.1.2.0/24; activation
 *   endpoint in dir-a with sg-activation (1688 from 10.0.0.0/8); rt-dir: 10.0.0.0/16 -> pcx-app-dir,
 *   10.2.0.0/16 -> pcx-nat-dir. Identity providers (Office, Visual Studio, Remote Desktop Services): Settings.Subnets
 *   [dir-a], sg-activation. The Remote Desktop Services licence server endpoint: two HEALTHY licence servers on
 *   interfaces in dir-a and dir-b with sg-licence-servers (tcp/135, tcp/445, tcp/49152-65535 from 10.0.0.0/8).
 * VPC nat 10.2.0.0/16 (DNS on; resolver rule): nat-private 10.2.1.0/24 (0.0.0.0/0 -> NAT, 10.1.0.0/16 ->
 *   pcx-nat-dir), nat-public 10.2.0.0/24 (NAT gateway; 0.0.0.0/0 -> IGW)
 * VPC legacy 10.3.0.0/16 (DNS hostnames OFF; no resolver rule): legacy-public 10.3.1.0/24, 0.0.0.0/0 -> IGW
 * </pre>
 *
 * Instances (Windows, tagged, instance profile, SSM Online with agent 3.3.1230.0 and LM-US ACTIVE unless said):
 * office-ok, vs-untagged (without the AWSLicenseManager tag: found through LM-US, fails SUBSCRIPTION_TAG),
 * lmus-failed (LM-US FAILED), not-managed (not in SSM), ping-lost (ConnectionLost), old-agent (3.2.582.0; Remote
 * Desktop Services SAL, its licence servers healthy and reachable), no-profile,
 * rdp-open (+sg-rdp-open), no-1688 (sg-restricted: also no path to the domain controllers), stopped, nacl-blocked
 * (app-isolated), nat-ok (Office, VPC nat), legacy (VPC legacy, public IP, not peered with the directory),
 * gone-tracked and gone-untracked (terminated, LM-US TERMINATED).
 */
public final class SeededFleet {

    public static final String OFFICE = "OFFICE_PROFESSIONAL_PLUS";
    public static final String RDS = "REMOTE_DESKTOP_SERVICES";
    public static final String VISUAL_STUDIO = "VISUAL_STUDIO_PROFESSIONAL";
    public static final String DOMAIN = "corp.example.com";
    public static final String AGENT = "3.3.1230.0";
    public static final String OLD_AGENT = "3.2.582.0";
    public static final String LMUS_FAILURE = "Activation failed: the KMS host could not be reached.";

    private final Map<String, String> ids = new LinkedHashMap<>();
    private AwsFront front;
    private Instant now;
    private String directoryId;

    private SeededFleet() {
    }

    /** The id of a named resource, e.g. {@code i.office-ok}, {@code vpc.legacy}, {@code sg.rdp-open}. */
    public String id(String name) {
        return Objects.requireNonNull(ids.get(name), () -> "nothing seeded as " + name);
    }

    /** Every seeded resource's id by name (e.g. {@code i.office-ok}), in seeding order. */
    public Map<String, String> ids() {
        return Collections.unmodifiableMap(ids);
    }

    /** Seeds moto and the front. {@code now} dates the SSM pings. */
    public static SeededFleet seed(MotoServer moto, AwsFront front, Instant now) {
        SeededFleet fleet = new SeededFleet();
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint()));
        try (Clients clients = Clients.create(config)) {
            fleet.seed(clients, moto, front, now);
        }
        return fleet;
    }

    private void seed(Clients clients, MotoServer moto, AwsFront awsFront, Instant at) {
        this.front = awsFront;
        this.now = at;
        Ec2Seeder ec2 = new Ec2Seeder(clients.ec2(), front);
        MotoIam.createInstanceProfile(moto, "sentinel-ssm");

        String app = put("vpc.app", ec2.vpc("10.0.0.0/16", true, true));
        String dir = put("vpc.dir", ec2.vpc("10.1.0.0/16", true, true));
        String nat = put("vpc.nat", ec2.vpc("10.2.0.0/16", true, true));
        String legacy = put("vpc.legacy", ec2.vpc("10.3.0.0/16", true, false));

        String appPrivate = put("subnet.app-private", ec2.subnet(app, "10.0.1.0/24", "us-east-1a"));
        String appEndpoints = put("subnet.app-endpoints", ec2.subnet(app, "10.0.2.0/24", "us-east-1a"));
        String appIsolated = put("subnet.app-isolated", ec2.subnet(app, "10.0.3.0/24", "us-east-1a"));
        String dirA = put("subnet.dir-a", ec2.subnet(dir, "10.1.1.0/24", "us-east-1a"));
        String dirB = put("subnet.dir-b", ec2.subnet(dir, "10.1.2.0/24", "us-east-1b"));
        String natPrivate = put("subnet.nat-private", ec2.subnet(nat, "10.2.1.0/24", "us-east-1a"));
        String natPublic = put("subnet.nat-public", ec2.subnet(nat, "10.2.0.0/24", "us-east-1a"));
        String legacyPublic = put("subnet.legacy-public", ec2.subnet(legacy, "10.3.1.0/24", "us-east-1a"));

        String plApp = put("pl.app", ec2.prefixList("app-networks", "10.0.0.0/16"));
        String sgApp = put("sg.app", ec2.securityGroup(app, "app"));
        String sgBastion = put("sg.bastion", ec2.securityGroup(app, "bastion"));
        ec2.ingressGroup(sgApp, 3389, sgBastion);
        ec2.ingressCidr(sgApp, 3389, "10.50.0.0/16");
        String sgRdpOpen = put("sg.rdp-open", ec2.securityGroup(app, "rdp-open"));
        ec2.ingressCidr(sgRdpOpen, 3389, "0.0.0.0/0");
        String sgRestricted = put("sg.restricted", ec2.securityGroup(app, "restricted"));
        ec2.egressOnlyToPrefixList(sgRestricted, 443, plApp);
        String sgSsmEndpoints = put("sg.ssm-endpoints", ec2.securityGroup(app, "ssm-endpoints"));
        ec2.ingressCidr(sgSsmEndpoints, 443, "10.0.0.0/16");
        ec2.ingressGroup(sgSsmEndpoints, 443, sgApp);
        String sgActivation = put("sg.activation", ec2.securityGroup(dir, "activation"));
        ec2.ingressCidr(sgActivation, 1688, "10.0.0.0/8");
        String sgNatApp = put("sg.nat-app", ec2.securityGroup(nat, "nat-app"));
        String sgLegacy = put("sg.legacy", ec2.securityGroup(legacy, "legacy"));

        for (String service : List.of("ssm", "ssmmessages", "ec2messages")) {
            put("vpce." + service, ec2.interfaceEndpoint(app, "com.amazonaws.us-east-1." + service,
                    List.of(appEndpoints), sgSsmEndpoints, true));
        }
        put("vpce.activation", ec2.interfaceEndpoint(dir, "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718",
                List.of(dirA), sgActivation, false));

        String pcxAppDir = put("pcx.app-dir", ec2.peering(app, dir));
        String pcxNatDir = put("pcx.nat-dir", ec2.peering(nat, dir));
        String rtApp = put("rtb.app", ec2.routeTable(app, appPrivate, appIsolated));
        ec2.routeToPeering(rtApp, "10.1.0.0/16", pcxAppDir);
        String rtDir = put("rtb.dir", ec2.routeTable(dir, dirA, dirB));
        ec2.routeToPeering(rtDir, "10.0.0.0/16", pcxAppDir);
        ec2.routeToPeering(rtDir, "10.2.0.0/16", pcxNatDir);
        put("acl.app-isolated", ec2.aclDenyingReplies(app, appIsolated, "10.0.2.0/24"));
        ec2.routeIpv6ToEgressOnly(rtApp, "::/0", put("eigw.app", ec2.egressOnlyInternetGateway(app)));

        String igwNat = put("igw.nat", ec2.internetGateway(nat));
        String natGateway = put("nat.nat", ec2.natGateway(natPublic));
        String rtNatPublic = put("rtb.nat-public", ec2.routeTable(nat, natPublic));
        ec2.routeToGateway(rtNatPublic, "0.0.0.0/0", igwNat);
        String rtNatPrivate = put("rtb.nat-private", ec2.routeTable(nat, natPrivate));
        ec2.routeToNat(rtNatPrivate, "0.0.0.0/0", natGateway);
        ec2.routeToPeering(rtNatPrivate, "10.1.0.0/16", pcxNatDir);
        String igwLegacy = put("igw.legacy", ec2.internetGateway(legacy));
        String rtLegacy = put("rtb.legacy", ec2.routeTable(legacy, legacyPublic));
        ec2.routeToGateway(rtLegacy, "0.0.0.0/0", igwLegacy);
        put("dopt.app", ec2.dhcpOptions(app, "AmazonProvidedDNS"));

        directoryId = put("d.corp", clients.directory().createMicrosoftAD(r -> r.name(DOMAIN)
                .shortName("CORP").password("Sup3r-S3cret!").edition(DirectoryEdition.STANDARD)
                .vpcSettings(v -> v.vpcId(dir).subnetIds(dirA, dirB))).directoryId());
        List<String> dnsIps = clients.directory().describeDirectories(r -> r.directoryIds(directoryId))
                .directoryDescriptions().get(0).dnsIpAddrs();
        List<String> directoryGroups = seedDirectorySide(clients, directoryId, dir, List.of(dirA, dirB),
                "10.0.0.0/8");
        put("sg.dc", directoryGroups.get(0));
        put("sg.dir-default", directoryGroups.get(1));
        String ruleId = put("rslvr.corp", clients.route53Resolver().createResolverRule(r -> r
                .creatorRequestId("corp-forward").name("corp").ruleType(RuleTypeOption.FORWARD).domainName(DOMAIN)
                .targetIps(dnsIps.stream().map(ip -> software.amazon.awssdk.services.route53resolver.model
                        .TargetAddress.builder().ip(ip).port(53).build()).toList()))
                .resolverRule().id());
        for (String vpc : List.of(app, nat)) {
            clients.route53Resolver().associateResolverRule(r -> r.resolverRuleId(ruleId).vpcId(vpc)
                    .name("corp-" + vpc));
        }

        String profile = "sentinel-ssm";
        List<String> app1 = List.of(sgApp);
        instance("office-ok", ec2.instance(appPrivate, app1, profile, true), OFFICE, "ACTIVE", null, AGENT);
        instance("vs-untagged", ec2.instance(appPrivate, app1, profile, false), VISUAL_STUDIO, "ACTIVE", null, AGENT);
        instance("lmus-failed", ec2.instance(appPrivate, app1, profile, true), OFFICE, "FAILED", LMUS_FAILURE, AGENT);
        instance("not-managed", ec2.instance(appPrivate, app1, profile, true), VISUAL_STUDIO, "ACTIVE", null, null);
        instance("ping-lost", ec2.instance(appPrivate, app1, profile, true), VISUAL_STUDIO, "ACTIVE", null, AGENT);
        instance("old-agent", ec2.instance(appPrivate, app1, profile, true), RDS, "ACTIVE", null, OLD_AGENT);
        instance("no-profile", ec2.instance(appPrivate, app1, null, true), VISUAL_STUDIO, "ACTIVE", null, AGENT);
        instance("rdp-open", ec2.instance(appPrivate, List.of(sgApp, sgRdpOpen), profile, true), VISUAL_STUDIO,
                "ACTIVE", null, AGENT);
        instance("no-1688", ec2.instance(appPrivate, List.of(sgRestricted), profile, true), OFFICE, "ACTIVE", null,
                AGENT);
        instance("stopped", ec2.instance(appPrivate, app1, profile, true), VISUAL_STUDIO, "ACTIVE", null, null);
        ec2.stop(id("i.stopped"));
        instance("nacl-blocked", ec2.instance(appIsolated, app1, profile, true), VISUAL_STUDIO, "ACTIVE", null,
                AGENT);
        instance("nat-ok", ec2.instance(natPrivate, List.of(sgNatApp), profile, true), OFFICE, "ACTIVE", null, AGENT);
        instance("legacy", ec2.instances(1, legacyPublic, List.of(sgLegacy), profile, true, true).get(0),
                VISUAL_STUDIO, "ACTIVE", null, AGENT);
        instance("gone-tracked", ec2.instance(appPrivate, app1, profile, true), VISUAL_STUDIO, "TERMINATED",
                "The instance was terminated.", null);
        instance("gone-untracked", ec2.instance(appPrivate, app1, profile, true), VISUAL_STUDIO, "TERMINATED",
                "The instance was terminated.", null);
        ec2.terminate(id("i.gone-tracked"));
        ec2.terminate(id("i.gone-untracked"));

        front.lmus().add(new CannedAws.Lmus.Provider(directoryId, OFFICE, List.of(dirA), sgActivation));
        front.lmus().add(new CannedAws.Lmus.Provider(directoryId, VISUAL_STUDIO, List.of(dirA), sgActivation));
        CannedAws.Lmus.Provider rds = new CannedAws.Lmus.Provider(directoryId, RDS, List.of(dirA), sgActivation);
        front.lmus().add(rds);
        String sgServers = put("sg.licence-servers", ec2.securityGroup(dir, "licence-servers"));
        ec2.ingressCidr(sgServers, 135, "10.0.0.0/8");
        ec2.ingressCidr(sgServers, 445, "10.0.0.0/8");
        ec2.ingressCidrRange(sgServers, 49152, 65535, "10.0.0.0/8");
        front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint("arn:aws:license-manager-user-subscriptions:"
                + "us-east-1:123456789012:license-server-endpoint/lse-corp", rds.arn(), "PROVISIONED", List.of(
                        new CannedAws.Lmus.Server(put("ls.a", ec2.licenseServerInterface(dirA, sgServers)), null,
                                "PROVISIONED", "HEALTHY"),
                        new CannedAws.Lmus.Server(put("ls.b", ec2.licenseServerInterface(dirB, sgServers)), null,
                                "PROVISIONED", "HEALTHY"))));
        front.ssm().add(new CannedAws.Ssm.Node(id("i.ping-lost"), "ConnectionLost", now.minus(Duration.ofHours(3)),
                AGENT));
    }

    /** Registers an instance by name, with its LM-US record and (when {@code agent} is set) its SSM node. */
    private void instance(String name, String instanceId, String product, String status, String message,
            String agent) {
        put("i." + name, instanceId);
        front.lmus().add(new CannedAws.Lmus.Instance(instanceId, status, message, List.of(product), directoryId));
        if (agent != null && !"ping-lost".equals(name)) {
            front.ssm().add(new CannedAws.Ssm.Node(instanceId, "Online", now.minus(Duration.ofMinutes(2)), agent));
        }
    }

    private String put(String name, String id) {
        ids.put(name, id);
        return id;
    }

    /**
     * The directory VPC the count and cost tests share: 10.9.0.0/16 with subnets a and b, the Office activation
     * endpoint in a guarded by a group admitting tcp/1688 from 10.0.0.0/8, the AWS Managed AD of {@link #DOMAIN}, a
     * FORWARD resolver rule for it (associated with nothing yet) and the canned Office identity provider.
     *
     * @param vpc        the directory VPC
     * @param subnetA    its first subnet (activation endpoint, identity provider)
     * @param subnetB    its second subnet
     * @param directory  the directory id
     * @param ruleId     the resolver rule id
     */
    public record DirectoryHub(String vpc, String subnetA, String subnetB, String directory, String ruleId) {
    }

    /** Seeds the {@link DirectoryHub}. */
    public static DirectoryHub seedDirectoryHub(Clients clients, Ec2Seeder ec2, AwsFront front) {
        String dir = ec2.vpc("10.9.0.0/16", true, true);
        String dirA = ec2.subnet(dir, "10.9.1.0/24", "us-east-1a");
        String dirB = ec2.subnet(dir, "10.9.2.0/24", "us-east-1b");
        String activation = ec2.securityGroup(dir, "activation");
        ec2.ingressCidr(activation, 1688, "10.0.0.0/8");
        ec2.interfaceEndpoint(dir, "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718", List.of(dirA),
                activation, false);
        String directoryId = clients.directory().createMicrosoftAD(r -> r.name(DOMAIN)
                .shortName("CORP").password("Sup3r-S3cret!").edition(DirectoryEdition.STANDARD)
                .vpcSettings(v -> v.vpcId(dir).subnetIds(dirA, dirB))).directoryId();
        String ruleId = clients.route53Resolver().createResolverRule(r -> r.creatorRequestId("corp")
                .name("corp").ruleType(RuleTypeOption.FORWARD).domainName(DOMAIN)
                .targetIps(software.amazon.awssdk.services.route53resolver.model.TargetAddress.builder()
                        .ip("10.9.1.53").port(53).build())).resolverRule().id();
        front.lmus().add(new CannedAws.Lmus.Provider(directoryId, OFFICE, List.of(dirA), activation));
        seedDirectorySide(clients, directoryId, dir, List.of(dirA, dirB), "10.0.0.0/8");
        return new DirectoryHub(dir, dirA, dirB, directoryId, ruleId);
    }

    /**
     * What License Manager and Directory Service leave around a registered AWS Managed AD, which moto does not: the
     * domain controllers' group opened to {@code clients} on every port (moto creates it without ingress rules),
     * License Manager's two network interfaces (described with the directory id, the VPC's default group), and the
     * LM-US service-linked role.
     *
     * @return the controllers' group and the VPC's default group
     */
    public static List<String> seedDirectorySide(Clients clients, String directoryId, String vpc,
            List<String> subnets, String clientCidr) {
        String controllers = clients.directory().describeDirectories(r -> r.directoryIds(directoryId))
                .directoryDescriptions().get(0).vpcSettings().securityGroupId();
        clients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(controllers).ipPermissions(p -> p.ipProtocol("-1")
                .ipRanges(range -> range.cidrIp(clientCidr))));
        String defaultGroup = clients.ec2().describeSecurityGroups(r -> r.filters(
                f -> f.name("vpc-id").values(vpc), f -> f.name("group-name").values("default")))
                .securityGroups().get(0).groupId();
        for (String subnet : subnets) {
            clients.ec2().createNetworkInterface(r -> r.subnetId(subnet).groups(defaultGroup)
                    .description("AWS created network interface for LicenseManager " + directoryId));
        }
        MotoIam.createLmusServiceLinkedRole(clients.iam());
        return List.of(controllers, defaultGroup);
    }
}
