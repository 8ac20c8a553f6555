package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Collects the {@link SeededFleet} from moto through the {@link AwsFront}, evaluates it with the core evaluator and
 * checks the whole report. EC2, Directory Service, Route 53 Resolver, STS and IAM are moto's; SSM
 * DescribeInstanceInformation and LM-US ListInstances / ListIdentityProviders are canned by the front (moto 5.2.1 has
 * neither), and the front gives VPC endpoint interfaces the addresses and groups AWS gives them.
 */
@ExtendWith(AwsFrontExtension.class)
class FleetCollectorTest {

    private static final EvaluationSettings SETTINGS = new EvaluationSettings(15, "3.3.40.0", List.of());

    private final Instant now = Instant.now();
    private SeededFleet fleet;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, now);
    }

    @Test
    void collect_demoFleet_reportsEveryFailureKindWithTheResourceThatDecidedIt(AwsFront front) {
        Instant started = Instant.now();
        Collected collected = collect(front, Scope.fleet());
        FleetSnapshot snapshot = collected.snapshot();
        List<InstanceReport> reports = evaluate(snapshot, Scope.fleet());
        ScanReport report = ScanReport.of("scan-1", snapshot.accountId(), snapshot.region(), started, 0,
                collected.calls(), snapshot.partial(), List.of(), reports);

        assertThat(report.accountId()).isEqualTo("123456789012");
        assertThat(report.region()).isEqualTo("us-east-1");
        assertThat(report.partial()).isFalse();
        assertThat(snapshot.unknownFacts()).isEmpty();
        assertThat(report.summary()).isEqualTo(new Summary(13, 3, 1, 9, 0, 1, 0));
        Map<String, InstanceReport> byName = byName(reports);
        assertThat(byName.keySet()).containsExactlyInAnyOrder("office-ok", "vs-untagged", "lmus-failed",
                "not-managed", "ping-lost", "old-agent", "no-profile", "rdp-open", "no-1688", "stopped", "nacl-blocked",
                "nat-ok", "legacy");

        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, Set<CheckId>> failing = new LinkedHashMap<>();
        byName.forEach((name, r) -> {
            verdicts.put(name, r.verdict());
            failing.put(name, r.failingChecks().stream().map(CheckResult::id).collect(Collectors.toSet()));
        });
        assertThat(verdicts).containsAllEntriesOf(Map.ofEntries(
                Map.entry("office-ok", Verdict.HEALTHY), Map.entry("vs-untagged", Verdict.UNHEALTHY),
                Map.entry("stopped", Verdict.HEALTHY), Map.entry("nat-ok", Verdict.HEALTHY),
                Map.entry("old-agent", Verdict.AT_RISK),
                Map.entry("lmus-failed", Verdict.UNHEALTHY), Map.entry("not-managed", Verdict.UNHEALTHY),
                Map.entry("ping-lost", Verdict.UNHEALTHY), Map.entry("no-profile", Verdict.UNHEALTHY),
                Map.entry("rdp-open", Verdict.UNHEALTHY), Map.entry("no-1688", Verdict.UNHEALTHY),
                Map.entry("nacl-blocked", Verdict.UNHEALTHY), Map.entry("legacy", Verdict.UNHEALTHY)));
        assertThat(failing).isEqualTo(Map.ofEntries(
                Map.entry("office-ok", Set.of()), Map.entry("vs-untagged", Set.of(CheckId.SUBSCRIPTION_TAG)),
                Map.entry("stopped", Set.of()),
                Map.entry("nat-ok", Set.of()),
                Map.entry("old-agent", Set.of(CheckId.SSM_AGENT_VERSION)),
                Map.entry("lmus-failed", Set.of(CheckId.LMUS_STATUS)),
                Map.entry("not-managed", Set.of(CheckId.SSM_REGISTERED)),
                Map.entry("ping-lost", Set.of(CheckId.SSM_PING)),
                Map.entry("no-profile", Set.of(CheckId.INSTANCE_PROFILE)),
                Map.entry("rdp-open", Set.of(CheckId.RDP_INGRESS)),
                Map.entry("no-1688", Set.of(CheckId.ACTIVATION_PATH, CheckId.DIRECTORY_PATH)),
                Map.entry("nacl-blocked", Set.of(CheckId.SSM_NETWORK_PATH)),
                Map.entry("legacy", Set.of(CheckId.VPC_DNS, CheckId.DIRECTORY_DNS, CheckId.DIRECTORY_PATH))));

        assertThat(evidence(byName, "lmus-failed", CheckId.LMUS_STATUS)).contains(SeededFleet.LMUS_FAILURE);
        assertThat(evidence(byName, "not-managed", CheckId.SSM_REGISTERED)).contains(fleet.id("i.not-managed"));
        assertThat(evidence(byName, "ping-lost", CheckId.SSM_PING)).contains("PingStatus ConnectionLost");
        assertThat(evidence(byName, "old-agent", CheckId.SSM_AGENT_VERSION)).contains(SeededFleet.OLD_AGENT);
        assertThat(evidence(byName, "no-profile", CheckId.INSTANCE_PROFILE)).contains(fleet.id("i.no-profile"));
        assertThat(evidence(byName, "rdp-open", CheckId.RDP_INGRESS))
                .contains(fleet.id("sg.rdp-open") + " ingress rule tcp/3389 from 0.0.0.0/0");
        assertThat(evidence(byName, "no-1688", CheckId.ACTIVATION_PATH))
                .contains(fleet.id("sg.restricted") + " egress: no rule allows tcp/1688 to 10.1.1.10 ("
                        + fleet.id("vpce.activation") + ")");
        assertThat(evidence(byName, "nacl-blocked", CheckId.SSM_NETWORK_PATH))
                .contains(fleet.id("acl.app-isolated") + " (" + fleet.id("subnet.app-isolated") + ") inbound rule 100");
        assertThat(evidence(byName, "legacy", CheckId.VPC_DNS))
                .contains(fleet.id("vpc.legacy") + ": enableDnsSupport=true, enableDnsHostnames=false");
        assertThat(evidence(byName, "legacy", CheckId.DIRECTORY_DNS))
                .contains("no Route 53 Resolver FORWARD rule for " + SeededFleet.DOMAIN + " is associated with "
                        + fleet.id("vpc.legacy"));
        assertThat(byName.get("stopped").check(CheckId.INSTANCE_STATE).status()).isEqualTo(Status.FAIL);
        assertThat(byName.get("stopped").check(CheckId.SSM_NETWORK_PATH).status()).isEqualTo(Status.SKIPPED);

        // The healthy paths went where the fixture built them: endpoints, peering, NAT and the internet gateway.
        assertThat(evidence(byName, "office-ok", CheckId.SSM_NETWORK_PATH)).contains("via " + fleet.id("vpce.ssm"));
        assertThat(evidence(byName, "office-ok", CheckId.ACTIVATION_PATH))
                .contains("10.1.0.0/16 -> " + fleet.id("pcx.app-dir"));
        assertThat(evidence(byName, "nat-ok", CheckId.SSM_NETWORK_PATH)).contains("reachable via the internet");
        assertThat(evidence(byName, "nat-ok", CheckId.ACTIVATION_PATH))
                .contains("10.1.0.0/16 -> " + fleet.id("pcx.nat-dir"));
        assertThat(byName.get("legacy").check(CheckId.SSM_NETWORK_PATH).status()).isEqualTo(Status.PASS);
        assertThat(evidence(byName, "office-ok", CheckId.RDP_INGRESS)).contains(fleet.id("sg.bastion"));
        assertThat(evidence(byName, "vs-untagged", CheckId.DIRECTORY_DNS)).contains(fleet.id("rslvr.corp"));
    }

    @Test
    void collect_demoFleet_callsExactlyTheActionsTheChecksDeclare(AwsFront front) {
        Map<String, String> iamPrefix = Map.of("Ec2", "ec2", "Ssm", "ssm", "LicenseManagerUserSubscriptions",
                "license-manager-user-subscriptions", "Directory", "ds", "Route53Resolver", "route53resolver",
                "Iam", "iam");

        Set<String> used = collect(front, Scope.fleet()).byOperation().keySet().stream()
                .map(operation -> iamPrefix.get(operation.substring(0, operation.indexOf(':')))
                        + operation.substring(operation.indexOf(':')))
                .collect(Collectors.toSet());

        assertThat(used).containsExactlyInAnyOrderElementsOf(CheckRegistry.defaults().requiredActions());
    }

    @Test
    void collect_demoFleet_snapshotSurvivesJsonUnchanged(AwsFront front) throws Exception {
        FleetSnapshot snapshot = collect(front, Scope.fleet()).snapshot();

        String json = Json.mapper().writeValueAsString(snapshot);

        assertThat(Json.mapper().readValue(json, FleetSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void collect_demoFleet_snapshotHoldsTheFleetsVpcsAndNothingElse(AwsFront front) {
        FleetSnapshot snapshot = collect(front, Scope.fleet()).snapshot();

        assertThat(snapshot.vpcs()).extracting(Vpc::vpcId).containsExactlyInAnyOrder(fleet.id("vpc.app"),
                fleet.id("vpc.dir"), fleet.id("vpc.nat"), fleet.id("vpc.legacy"));
        Vpc app = vpc(snapshot, "vpc.app");
        assertThat(app.cidrBlocks()).containsExactly("10.0.0.0/16");
        assertThat(app.enableDnsSupport()).isTrue();
        assertThat(app.enableDnsHostnames()).isTrue();
        assertThat(app.dhcpOptionsId()).isEqualTo(fleet.id("dopt.app"));
        assertThat(snapshot.dhcpOptions()).singleElement()
                .satisfies(d -> assertThat(d.domainNameServers()).containsExactly("AmazonProvidedDNS"));
        assertThat(snapshot.subnets()).allSatisfy(s -> assertThat(snapshot.vpcs()).extracting(Vpc::vpcId)
                .contains(s.vpcId()));
        assertThat(snapshot.instances()).extracting(Ec2Instance::instanceId)
                .doesNotContain(fleet.id("i.gone-tracked"), fleet.id("i.gone-untracked"));
        assertThat(snapshot.lmusInstances()).extracting(LmusInstance::instanceId)
                .hasSize(13).doesNotContain(fleet.id("i.gone-tracked"), fleet.id("i.gone-untracked"));
        assertThat(snapshot.identityProviders()).hasSize(3)
                .allSatisfy(p -> assertThat(p.subnetIds()).containsExactly(fleet.id("subnet.dir-a")));
        assertThat(snapshot.licenseServerEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.licenseServerEndpointId()).isEqualTo("lse-corp");
            assertThat(e.provisioningStatus()).isEqualTo("PROVISIONED");
            assertThat(e.licenseServers()).extracting(LicenseServer::ipv4Address)
                    .containsExactly(fleet.id("ls.a"), fleet.id("ls.b"));
            assertThat(e.licenseServers()).extracting(LicenseServer::healthStatus).containsOnly("HEALTHY");
        });
        assertThat(snapshot.licenseServerInterfaces()).extracting(LicenseServerInterface::privateIp)
                .containsExactlyInAnyOrder(fleet.id("ls.a"), fleet.id("ls.b"));
        assertThat(snapshot.licenseServerInterfaces()).allSatisfy(eni -> assertThat(eni.groupIds())
                .containsExactly(fleet.id("sg.licence-servers")));
        assertThat(snapshot.egressOnlyInternetGateways()).singleElement().satisfies(g -> {
            assertThat(g.egressOnlyInternetGatewayId()).isEqualTo(fleet.id("eigw.app"));
            assertThat(g.attachedTo(fleet.id("vpc.app"))).isTrue();
        });
        assertThat(snapshot.routeTables()).filteredOn(t -> t.routeTableId().equals(fleet.id("rtb.app")))
                .singleElement().satisfies(t -> assertThat(t.routes()).contains(
                        new Route("::/0", null, fleet.id("eigw.app"), "active")));
        assertThat(snapshot.directories()).singleElement().satisfies(d -> {
            assertThat(d.directoryId()).isEqualTo(fleet.id("d.corp"));
            assertThat(d.domainName()).isEqualTo(SeededFleet.DOMAIN);
            assertThat(d.vpcId()).isEqualTo(fleet.id("vpc.dir"));
        });
        assertThat(snapshot.resolverRules()).singleElement().satisfies(r -> assertThat(r.associatedVpcIds())
                .containsExactlyInAnyOrder(fleet.id("vpc.app"), fleet.id("vpc.nat")));
        assertThat(snapshot.peeringConnections()).extracting(PeeringConnection::peeringConnectionId)
                .containsExactlyInAnyOrder(fleet.id("pcx.app-dir"), fleet.id("pcx.nat-dir"));
        assertThat(snapshot.peeringConnections()).allMatch(PeeringConnection::active);
        assertThat(snapshot.prefixLists()).singleElement().satisfies(p -> {
            assertThat(p.prefixListId()).isEqualTo(fleet.id("pl.app"));
            assertThat(p.cidrs()).containsExactly("10.0.0.0/16");
        });
        assertThat(snapshot.internetGateways()).allSatisfy(g -> assertThat(g.attachments())
                .allSatisfy(a -> assertThat(a.state()).isEqualTo("available")));
        assertThat(snapshot.natGateways()).singleElement().satisfies(n -> {
            assertThat(n.natGatewayId()).isEqualTo(fleet.id("nat.nat"));
            assertThat(n.available()).isTrue();
            assertThat(n.subnetId()).isEqualTo(fleet.id("subnet.nat-public"));
        });
        assertThat(snapshot.securityGroups()).extracting(g -> g.groupId()).containsExactlyInAnyOrder(
                fleet.id("sg.app"), fleet.id("sg.rdp-open"), fleet.id("sg.restricted"), fleet.id("sg.ssm-endpoints"),
                fleet.id("sg.activation"), fleet.id("sg.nat-app"), fleet.id("sg.legacy"), fleet.id("sg.dc"),
                fleet.id("sg.dir-default"), fleet.id("sg.licence-servers"));
        assertThat(snapshot.securityGroups()).filteredOn(g -> g.groupId().equals(fleet.id("sg.ssm-endpoints")))
                .singleElement().satisfies(g -> {
                    assertThat(g.ingress()).hasSize(2);
                    assertThat(g.ingress()).anySatisfy(r -> assertThat(r.cidr()).isEqualTo("10.0.0.0/16"));
                    assertThat(g.ingress()).anyMatch(r -> r.group() != null
                            && r.group().groupId().equals(fleet.id("sg.app")));
                });
        Ec2Instance legacy = instance(snapshot, "i.legacy");
        assertThat(legacy.primaryInterface().publicIp()).isNotNull();
        assertThat(legacy.profileAssociation().state()).isEqualTo("associated");
        assertThat(instance(snapshot, "i.no-profile").profileAssociation()).isNull();
        assertThat(instance(snapshot, "i.vs-untagged").tags()).doesNotContainKey("AWSLicenseManager");
        assertThat(instance(snapshot, "i.stopped").state()).isEqualTo("stopped");

        // Endpoint addresses lie inside their subnets (moto's are corrected by the front) and carry their state.
        assertThat(snapshot.vpcEndpoints()).hasSize(4).allSatisfy(e -> {
            assertThat(e.available()).isTrue();
            assertThat(e.interfaces()).singleElement().satisfies(eni -> assertThat(insideSubnet(snapshot, eni))
                    .as("%s inside %s", eni.privateIp(), eni.subnetId()).isTrue());
        });
        VpcEndpoint ssm = snapshot.vpcEndpoints().stream()
                .filter(e -> e.vpcEndpointId().equals(fleet.id("vpce.ssm"))).findFirst().orElseThrow();
        assertThat(ssm.serviceName()).isEqualTo("com.amazonaws.us-east-1.ssm");
        assertThat(ssm.privateDnsEnabled()).isTrue();
        assertThat(ssm.groupIds()).containsExactly(fleet.id("sg.ssm-endpoints"));
    }

    @Test
    void collect_describeVpcAttributeDenied_dnsFactsUnknownNamingTheActionRestEvaluated(AwsFront front) {
        List<InstanceReport> baseline = evaluate(collect(front, Scope.fleet()).snapshot(), Scope.fleet());
        front.denyEc2("DescribeVpcAttribute");

        FleetSnapshot snapshot = collect(front, Scope.fleet()).snapshot();
        List<InstanceReport> reports = evaluate(snapshot, Scope.fleet());

        String reason = "AccessDenied: ec2:DescribeVpcAttribute is not allowed";
        assertThat(snapshot.partial()).isTrue();
        assertThat(snapshot.unknownFacts()).as("only the instances' VPCs have their attributes read")
                .containsExactlyInAnyOrderElementsOf(List.of("vpc.app", "vpc.nat", "vpc.legacy").stream()
                        .map(name -> new UnknownFact(FactKind.VPC_ATTRIBUTES, fleet.id(name), reason,
                                "ec2:DescribeVpcAttribute", "AccessDenied")).toList());
        assertThat(snapshot.vpcs()).hasSize(4).allSatisfy(v -> {
            assertThat(v.enableDnsSupport()).isNull();
            assertThat(v.enableDnsHostnames()).isNull();
        });
        Map<String, InstanceReport> byName = byName(reports);
        Map<String, InstanceReport> before = byName(baseline);
        for (Map.Entry<String, InstanceReport> entry : byName.entrySet()) {
            CheckResult dns = entry.getValue().check(CheckId.VPC_DNS);
            assertThat(dns.status()).as(entry.getKey()).isEqualTo(Status.UNKNOWN);
            assertThat(dns.evidence()).as(entry.getKey()).anySatisfy(e -> assertThat(e).contains(reason));
            for (CheckResult result : entry.getValue().checks()) {
                Status was = before.get(entry.getKey()).check(result.id()).status();
                if (result.id() == CheckId.SSM_NETWORK_PATH && result.status() == Status.UNKNOWN) {
                    assertThat(evidence(byName, entry.getKey(), CheckId.SSM_NETWORK_PATH))
                            .as("private DNS of the endpoints depends on the unread DNS attributes")
                            .contains("needs enableDnsSupport and enableDnsHostnames").contains(reason);
                } else if (result.id() != CheckId.VPC_DNS) {
                    assertThat(result.status()).as(entry.getKey() + " " + result.id()).isEqualTo(was);
                }
            }
        }
        assertThat(byName.get("office-ok").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(byName.get("old-agent").verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(byName.get("rdp-open").verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(byName.get("legacy").verdict()).isEqualTo(Verdict.UNHEALTHY);
        assertThat(byName.get("legacy").failingChecks()).extracting(CheckResult::id)
                .containsExactly(CheckId.DIRECTORY_DNS, CheckId.DIRECTORY_PATH);
    }

    @Test
    void collect_fleetWithTrackedIds_reportsTerminatedInstancesOnlyWhenTracked(AwsFront front) {
        String tracked = fleet.id("i.gone-tracked");
        String untracked = fleet.id("i.gone-untracked");

        FleetSnapshot snapshot = collect(front, Scope.fleet(List.of(tracked))).snapshot();

        assertThat(snapshot.instances()).extracting(Ec2Instance::instanceId).contains(tracked)
                .doesNotContain(untracked);
        assertThat(instance(snapshot, "i.gone-tracked").state()).isEqualTo("terminated");
        assertThat(snapshot.lmusInstances()).extracting(LmusInstance::instanceId).contains(tracked)
                .doesNotContain(untracked);
        InstanceReport report = byName(evaluate(snapshot, Scope.fleet(List.of(tracked)))).get("gone-tracked");
        assertThat(report.check(CheckId.INSTANCE_STATE).evidence()).containsExactly(tracked + " is terminated");
        assertThat(report.state()).isEqualTo("terminated");
        assertThat(report.check(CheckId.LMUS_STATUS).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void collect_namedInstances_coversOnlyThemAndTheVpcsTheyNeed(AwsFront front) {
        String officeOk = fleet.id("i.office-ok");
        String untracked = fleet.id("i.gone-untracked");
        Scope scope = Scope.instances(List.of(officeOk, untracked, "i-0000000000000dead"));

        Collected collected = collect(front, scope);
        FleetSnapshot snapshot = collected.snapshot();

        assertThat(snapshot.instances()).extracting(Ec2Instance::instanceId)
                .containsExactlyInAnyOrder(officeOk, untracked);
        assertThat(snapshot.lmusInstances()).extracting(LmusInstance::instanceId)
                .containsExactlyInAnyOrder(officeOk, untracked);
        assertThat(snapshot.vpcs()).extracting(Vpc::vpcId).containsExactlyInAnyOrder(fleet.id("vpc.app"),
                fleet.id("vpc.dir"), fleet.id("vpc.nat"));
        assertThat(snapshot.unknownFacts()).isEmpty();
        assertThat(collected.byOperation()).containsEntry("Ec2:DescribeInstances", 1L)
                .containsEntry("Ssm:DescribeInstanceInformation", 1L)
                .containsEntry("LicenseManagerUserSubscriptions:ListInstances", 3L);
        Map<String, InstanceReport> reports = evaluate(snapshot, scope).stream()
                .collect(Collectors.toMap(InstanceReport::instanceId, Function.identity()));
        assertThat(reports).containsOnlyKeys(officeOk, untracked, "i-0000000000000dead");
        assertThat(reports.get(officeOk).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(reports.get(untracked).check(CheckId.INSTANCE_STATE).evidence())
                .containsExactly(untracked + " is terminated");
        assertThat(reports.get("i-0000000000000dead").check(CheckId.INSTANCE_STATE).status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(reports.get("i-0000000000000dead").check(CheckId.INSTANCE_STATE).evidence()).singleElement()
                .satisfies(e -> assertThat(e).contains("DescribeInstances does not return i-0000000000000dead"));
    }

    @Test
    void collect_scopeListingsFailRetryably_throwsSoTheInvocationIsRetried(AwsFront front) {
        front.failEc2("DescribeInstances");
        front.failLmus(CannedAws.LMUS_LIST_INSTANCES);

        assertThatThrownBy(() -> collect(front, Scope.fleet()))
                .isInstanceOf(CollectionException.class)
                .hasMessageContaining("ec2:DescribeInstances failed on the service side (HTTP 503)")
                .hasMessageContaining("license-manager-user-subscriptions:ListInstances failed on the service side");
    }

    @Test
    void collect_ec2DeniedAndLmusDown_throwsBecauseARetryMayStillListTheScope(AwsFront front) {
        front.denyEc2("DescribeInstances");
        front.failLmus(CannedAws.LMUS_LIST_INSTANCES);

        assertThatThrownBy(() -> collect(front, Scope.fleet()))
                .isInstanceOf(CollectionException.class)
                .hasMessageContaining("AccessDenied: ec2:DescribeInstances is not allowed");
    }

    @ParameterizedTest
    @EnumSource(value = CannedAws.Lmus.FilterSupport.class, names = {"REJECTED", "IGNORED"})
    void collect_namedInstancesWhenLmusFilterUnusable_listsEverythingOnceAndForTheProcess(
            CannedAws.Lmus.FilterSupport support, AwsFront front) {
        front.lmus().filterSupport(support);
        String officeOk = fleet.id("i.office-ok");
        String lmusFailed = fleet.id("i.lmus-failed");
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            FleetCollector collector = FleetCollector.create(clients, config);

            FleetSnapshot first = collector.collect(Scope.instances(List.of(officeOk, lmusFailed)));
            long afterFirst = clients.apiCalls().byOperation()
                    .get("LicenseManagerUserSubscriptions:ListInstances");
            FleetSnapshot second = collector.collect(Scope.instances(List.of(officeOk)));

            assertThat(first.lmusInstances()).extracting(LmusInstance::instanceId)
                    .containsExactlyInAnyOrder(officeOk, lmusFailed);
            assertThat(first.lmusInstances()).filteredOn(l -> l.instanceId().equals(lmusFailed))
                    .extracting(LmusInstance::status).containsExactly("FAILED");
            assertThat(second.lmusInstances()).extracting(LmusInstance::instanceId).containsExactly(officeOk);
            assertThat(first.unknownFacts()).isEmpty();
            assertThat(afterFirst).as("one filtered attempt, then the full listing (one page)").isEqualTo(2);
            assertThat(clients.apiCalls().byOperation().get("LicenseManagerUserSubscriptions:ListInstances"))
                    .as("the second run lists directly").isEqualTo(3);
        }
    }

    @Test
    void collect_namedInstancesWithPrefetchedReads_sameSnapshotWithoutAskingAgain(AwsFront front) {
        Scope scope = Scope.instances(List.of(fleet.id("i.office-ok"), fleet.id("i.rdp-open")));
        FleetSnapshot fresh = collect(front, scope).snapshot();
        Prefetched reads = new Prefetched(fresh.accountId(),
                fresh.instances().stream().map(i -> i.withProfileAssociation(null)).toList(),
                fresh.identityProviders());
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config),
                    Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

            FleetSnapshot reused = collector.collect(scope, reads);

            assertThat(reused).isEqualTo(fresh);
            assertThat(clients.apiCalls().byOperation()).doesNotContainKeys("Ec2:DescribeInstances",
                    "LicenseManagerUserSubscriptions:ListIdentityProviders", "Sts:GetCallerIdentity")
                    .containsKey("Ec2:DescribeIamInstanceProfileAssociations");
        }
    }

    @Test
    void collect_namedInstancesUndescribable_throws(AwsFront front) {
        front.failEc2("DescribeInstances");

        assertThatThrownBy(() -> collect(front, Scope.instances(List.of(fleet.id("i.office-ok")))))
                .isInstanceOf(CollectionException.class)
                .hasMessage("the instances could not be described: Unavailable: ec2:DescribeInstances failed on the"
                        + " service side (HTTP 503)");
    }

    @Test
    void collect_describeInstancesDenied_returnsAPartialSnapshotNamingTheAction(AwsFront front) {
        front.denyEc2("DescribeInstances");

        FleetSnapshot snapshot = collect(front, Scope.fleet()).snapshot();

        assertThat(snapshot.unknownFacts()).contains(
                new UnknownFact(FactKind.INSTANCES, UnknownFact.ALL,
                        "AccessDenied: ec2:DescribeInstances is not allowed", "ec2:DescribeInstances", "AccessDenied"),
                new UnknownFact(FactKind.INSTANCES, fleet.id("i.office-ok"),
                        "AccessDenied: ec2:DescribeInstances is not allowed", "ec2:DescribeInstances", "AccessDenied"));
        assertThat(snapshot.instances()).isEmpty();
        assertThat(snapshot.lmusInstances()).extracting(LmusInstance::instanceId).contains(fleet.id("i.office-ok"));
        InstanceReport report = byName(evaluate(snapshot, Scope.fleet())).get("office-ok");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.check(CheckId.LMUS_STATUS).status()).isEqualTo(Status.PASS);
    }

    @Test
    void collect_endpointInterfacesDenied_onlyEndpointFactsUnknown(AwsFront front) {
        front.denyEc2("DescribeNetworkInterfaces");

        FleetSnapshot snapshot = collect(front, Scope.fleet()).snapshot();

        String reason = "AccessDenied: ec2:DescribeNetworkInterfaces is not allowed";
        assertThat(snapshot.unknownFacts()).containsExactlyInAnyOrder(
                new UnknownFact(FactKind.VPC_ENDPOINTS, fleet.id("vpc.app"), reason, "ec2:DescribeNetworkInterfaces",
                        "AccessDenied"),
                new UnknownFact(FactKind.VPC_ENDPOINTS, fleet.id("vpc.dir"), reason, "ec2:DescribeNetworkInterfaces",
                        "AccessDenied"),
                new UnknownFact(FactKind.DIRECTORY_INTERFACES, fleet.id("d.corp"), reason,
                        "ec2:DescribeNetworkInterfaces", "AccessDenied"),
                new UnknownFact(FactKind.LICENSE_SERVER_INTERFACES, fleet.id("ls.a"), reason,
                        "ec2:DescribeNetworkInterfaces", "AccessDenied"),
                new UnknownFact(FactKind.LICENSE_SERVER_INTERFACES, fleet.id("ls.b"), reason,
                        "ec2:DescribeNetworkInterfaces", "AccessDenied"));
        Map<String, InstanceReport> byName = byName(evaluate(snapshot, Scope.fleet()));
        assertThat(byName.get("office-ok").check(CheckId.SSM_NETWORK_PATH).status()).isEqualTo(Status.UNKNOWN);
        assertThat(byName.get("office-ok").check(CheckId.ACTIVATION_PATH).evidence())
                .anySatisfy(e -> assertThat(e).contains(reason));
        assertThat(byName.get("nat-ok").check(CheckId.SSM_NETWORK_PATH).status()).isEqualTo(Status.PASS);
        assertThat(byName.get("rdp-open").verdict()).isEqualTo(Verdict.UNHEALTHY);
    }

    private List<InstanceReport> evaluate(FleetSnapshot snapshot, Scope scope) {
        return new Evaluator(CheckRegistry.defaults(), SETTINGS)
                .evaluate(snapshot, scope.idsToEvaluate(snapshot), now).reports();
    }

    /**
     * What one collection produced.
     *
     * @param snapshot    the snapshot
     * @param calls       the API calls the counter saw
     * @param byOperation the same by operation
     */
    record Collected(FleetSnapshot snapshot, int calls, Map<String, Long> byOperation) {
    }

    static Collected collect(AwsFront front, Scope scope) {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config),
                    Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
            FleetSnapshot snapshot = collector.collect(scope);
            return new Collected(snapshot, (int) clients.apiCalls().total(), clients.apiCalls().byOperation());
        }
    }

    private Map<String, InstanceReport> byName(List<InstanceReport> reports) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : List.of("office-ok", "vs-untagged", "lmus-failed", "not-managed", "ping-lost", "old-agent",
                "no-profile", "rdp-open", "no-1688", "stopped", "nacl-blocked", "nat-ok", "legacy", "gone-tracked",
                "gone-untracked")) {
            names.put(fleet.id("i." + name), name);
        }
        return reports.stream().filter(r -> names.containsKey(r.instanceId()))
                .collect(Collectors.toMap(r -> names.get(r.instanceId()), Function.identity(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    private static String evidence(Map<String, InstanceReport> reports, String name, CheckId check) {
        return String.join("\n", reports.get(name).check(check).evidence());
    }

    private Vpc vpc(FleetSnapshot snapshot, String name) {
        return snapshot.vpcs().stream().filter(v -> v.vpcId().equals(fleet.id(name))).findFirst().orElseThrow();
    }

    private Ec2Instance instance(FleetSnapshot snapshot, String name) {
        return snapshot.instances().stream().filter(i -> i.instanceId().equals(fleet.id(name))).findFirst()
                .orElseThrow();
    }

    private static boolean insideSubnet(FleetSnapshot snapshot, EndpointInterface eni) {
        Subnet subnet = snapshot.subnets().stream().filter(s -> s.subnetId().equals(eni.subnetId())).findFirst()
                .orElseThrow();
        return Cidr.parse(subnet.cidrBlock()).contains(Cidr.parse(eni.privateIp()));
    }
}
