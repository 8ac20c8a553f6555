package dev.subsentinel.track;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
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
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small, realistic LM-US fleet for tracking tests: one VPC with a NAT gateway, the directory and the Office
 * activation endpoints, and Office instances that are healthy unless a test breaks something. Snapshots are
 * evaluated with the real {@link Evaluator}, so the reports carry the checks' own summaries and evidence.
 */
public final class TrackingFleet {

    /** The account of the fleet. */
    public static final String ACCOUNT = "123456789012";
    /** The region of the fleet. */
    public static final String REGION = "us-east-1";

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final List<UnknownFact> unknowns = new ArrayList<>();
    private boolean vpcDns = true;
    private String directoryStage = "Active";

    /** How one instance looks in the snapshot. */
    public record Instance(String id, String state, String pingStatus, boolean profile, boolean rdpOpenToWorld,
            String lmusStatus) {

        /** A copy with another EC2 state (running, stopped, terminated, ...). */
        public Instance state(String value) {
            return new Instance(id, value, pingStatus, profile, rdpOpenToWorld, lmusStatus);
        }

        /** A copy with another SSM ping status (Online, ConnectionLost). */
        public Instance ping(String value) {
            return new Instance(id, state, value, profile, rdpOpenToWorld, lmusStatus);
        }

        /** A copy with or without an instance profile. */
        public Instance profile(boolean value) {
            return new Instance(id, state, pingStatus, value, rdpOpenToWorld, lmusStatus);
        }

        /** A copy with RDP open to 0.0.0.0/0 or not. */
        public Instance rdpOpen(boolean value) {
            return new Instance(id, state, pingStatus, profile, value, lmusStatus);
        }

        /** A copy with another LM-US status text. */
        public Instance lmus(String value) {
            return new Instance(id, state, pingStatus, profile, rdpOpenToWorld, value);
        }
    }

    /** A fleet with healthy running Office instances of these ids. */
    public static TrackingFleet of(String... ids) {
        TrackingFleet fleet = new TrackingFleet();
        for (String id : ids) {
            fleet.instances.put(id, new Instance(id, "running", "Online", true, false, "ACTIVE"));
        }
        return fleet;
    }

    /** Changes one instance. */
    public TrackingFleet change(String id, UnaryOperator<Instance> change) {
        instances.put(id, change.apply(instances.get(id)));
        return this;
    }

    /** Removes an instance from the snapshot altogether (not tagged, not listed, not described). */
    public TrackingFleet remove(String id) {
        instances.remove(id);
        return this;
    }

    /** Sets the Directory Service stage of the fleet's one directory (Active by default). */
    public TrackingFleet directoryStage(String stage) {
        directoryStage = stage;
        return this;
    }

    /** Switches the VPC's DNS attributes on or off. */
    public TrackingFleet vpcDns(boolean on) {
        vpcDns = on;
        return this;
    }

    /** Marks a fact unknown (the report becomes partial). */
    public TrackingFleet unknown(FactKind kind, String resourceId, String reason) {
        unknowns.add(new UnknownFact(kind, resourceId, reason));
        return this;
    }

    /** Forgets the unknown facts: every fact is read again. */
    public TrackingFleet allKnown() {
        unknowns.clear();
        return this;
    }

    /** Marks a fact unknown because a call failed. */
    public TrackingFleet unknown(FactKind kind, String resourceId, String reason, String action, String errorCode) {
        unknowns.add(new UnknownFact(kind, resourceId, reason, action, errorCode));
        return this;
    }

    /** The snapshot at a time. */
    public FleetSnapshot snapshot(Instant at) {
        FleetSnapshot.Builder b = FleetSnapshot.builder(ACCOUNT, REGION, at);
        b.vpcs(new Vpc("vpc-0a1b2c3d", List.of("10.0.0.0/16"), List.of(), vpcDns, vpcDns, null));
        b.subnets(new Subnet("subnet-0app0001", "vpc-0a1b2c3d", "10.0.1.0/24", List.of(), "us-east-1a"),
                new Subnet("subnet-0edge0001", "vpc-0a1b2c3d", "10.0.2.0/24", List.of(), "us-east-1a"));
        b.routeTables(new RouteTable("rtb-0main0001", "vpc-0a1b2c3d", true, List.of(), List.of(
                new Route("10.0.0.0/16", null, "local", "active"),
                new Route("0.0.0.0/0", null, "nat-0f1e2d3c4b5a69788", "active"))),
                new RouteTable("rtb-0edge0001", "vpc-0a1b2c3d", false, List.of("subnet-0edge0001"), List.of(
                        new Route("10.0.0.0/16", null, "local", "active"),
                        new Route("0.0.0.0/0", null, "igw-0a1b2c3d4e5f60718", "active"))));
        b.internetGateways(new InternetGateway("igw-0a1b2c3d4e5f60718",
                List.of(new InternetGateway.Attachment("vpc-0a1b2c3d", "available"))));
        b.natGateways(new NatGateway("nat-0f1e2d3c4b5a69788", "vpc-0a1b2c3d", "subnet-0edge0001", "available",
                "public"));
        b.networkAcls(new NetworkAcl("acl-0def00001", "vpc-0a1b2c3d", true, List.of(), List.of(
                new NaclEntry(100, false, "-1", "allow", "0.0.0.0/0", null, null),
                new NaclEntry(100, true, "-1", "allow", "0.0.0.0/0", null, null))));
        b.securityGroups(
                new SecurityGroup("sg-0aaa1111bbbb2222c", "office-instances", "vpc-0a1b2c3d", ACCOUNT,
                        List.of(SgRule.cidr("tcp", 3389, 3389, "10.0.0.0/16")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                new SecurityGroup("sg-0bad0000bad00000d", "rdp-anywhere", "vpc-0a1b2c3d", ACCOUNT,
                        List.of(SgRule.cidr("tcp", 3389, 3389, "0.0.0.0/0")), List.of()),
                new SecurityGroup("sg-0ccc3333dddd4444e", "activation-endpoints", "vpc-0a1b2c3d", ACCOUNT,
                        List.of(SgRule.cidr("tcp", 1688, 1688, "10.0.0.0/16")), List.of()));
        b.directories(new Directory("d-9067abcdef", "corp.example.com", "vpc-0a1b2c3d",
                List.of("subnet-0edge0001"), List.of("10.0.2.50", "10.0.2.51"), directoryStage,
                "Active".equals(directoryStage) ? null : "The directory's domain controllers stopped answering"
                        + " health checks.", "sg-0dc00000000000001", "MicrosoftAD"));
        b.securityGroups(new SecurityGroup("sg-0dc00000000000001", "d-9067abcdef_controllers", "vpc-0a1b2c3d",
                        ACCOUNT, List.of(SgRule.cidr("-1", null, null, "10.0.0.0/16")),
                        List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))),
                new SecurityGroup("sg-0def0000000000001", "default", "vpc-0a1b2c3d", ACCOUNT,
                        List.of(), List.of(SgRule.cidr("-1", null, null, "0.0.0.0/0"))));
        b.directoryInterfaces(new DirectoryInterfaces("d-9067abcdef", List.of(new DirectoryInterface(
                "eni-0lm0000000000001", "d-9067abcdef", "AWS created network interface for LicenseManager"
                        + " d-9067abcdef", "in-use", "interface", null, "subnet-0edge0001", "vpc-0a1b2c3d",
                "10.0.2.60", List.of("sg-0def0000000000001")))));
        b.serviceLinkedRoles(new ServiceLinkedRole(ServiceLinkedRole.LMUS_ROLE_NAME, true, null));
        b.identityProviders(new IdentityProvider("d-9067abcdef", "OFFICE_PROFESSIONAL_PLUS", "REGISTERED",
                List.of("subnet-0edge0001"), "sg-0ccc3333dddd4444e", "AWS_MANAGED", "corp.example.com", List.of(),
                List.of()));
        b.vpcEndpoints(new VpcEndpoint("vpce-0act0000000000001", "vpc-0a1b2c3d",
                "com.amazonaws.vpce.us-east-1.vpce-svc-0licence000000001", "Interface", "available",
                List.of("subnet-0edge0001"), List.of("sg-0ccc3333dddd4444e"), false,
                List.of(new EndpointInterface("eni-0act00000000001", "subnet-0edge0001", "10.0.2.10"))));
        int n = 0;
        for (Instance instance : instances.values()) {
            n++;
            List<String> groups = new ArrayList<>(List.of("sg-0aaa1111bbbb2222c"));
            if (instance.rdpOpenToWorld()) {
                groups.add("sg-0bad0000bad00000d");
            }
            b.instances(new Ec2Instance(instance.id(), instance.state(), "vpc-0a1b2c3d", "subnet-0app0001",
                    "Windows", at.minusSeconds(86_400), List.of(new NetworkInterface("eni-0inst000000000" + n, 0,
                            "subnet-0app0001", "vpc-0a1b2c3d", "10.0.1." + (10 + n), List.of(), null, groups)),
                    List.of("77yzkpa7kvee1y1tt7wnsdwoc"),
                    Map.of("AWSLicenseManager", "UserSubscriptions", "Name", "office-" + n),
                    instance.profile() ? new InstanceProfileAssociation("iip-assoc-000" + n,
                            "arn:aws:iam::" + ACCOUNT + ":instance-profile/SSMManaged", "associated") : null));
            b.lmusInstances(new LmusInstance(instance.id(), instance.lmusStatus(),
                    "ACTIVE".equals(instance.lmusStatus()) ? null : "Instance failed health checks",
                    List.of("OFFICE_PROFESSIONAL_PLUS"), at.toString(), "d-9067abcdef"));
            b.ssmInstances(new SsmInstance(instance.id(), instance.pingStatus(), "Online".equals(
                    instance.pingStatus()) ? at.minusSeconds(60) : at.minusSeconds(3600), "3.3.1345.0",
                    "Microsoft Windows Server 2022 Datacenter", "EC2AMAZ-" + n));
        }
        b.unknownFacts(unknowns);
        return b.build();
    }

    /** The reports of the fleet at a time, evaluated by the real evaluator. */
    public List<InstanceReport> evaluate(Instant at) {
        return new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS).evaluate(snapshot(at), at)
                .reports();
    }

    /** A scan report of the fleet at a time. */
    public ScanReport scan(String scanId, Instant at) {
        FleetSnapshot snapshot = snapshot(at);
        Evaluator.Evaluation evaluation = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS)
                .evaluate(snapshot, at);
        return ScanReport.of(scanId, ACCOUNT, REGION, at, 1234, 17, evaluation.partial(snapshot),
                evaluation.missingFacts(snapshot), evaluation.reports());
    }
}
