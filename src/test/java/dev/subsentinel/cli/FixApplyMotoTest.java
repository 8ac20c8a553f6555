package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.apply.FixApplier;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Fix plans applied for real: for each kind of failure a plan can fix, the {@link SeededFleet} in moto (broken
 * further where it has no such failure), the plan as {@code fix --format json} prints it from a scan, then
 * {@code fix --apply --yes} (the code path an operator runs: the same plan, {@code apply.FixApplier}, a scan again),
 * and an independent scan that must PASS the check. A Describe of the touched resources before and after shows that
 * exactly the planned change was made and nothing else.
 */
@ExtendWith(AwsFrontExtension.class)
class FixApplyMotoTest {

    private final Instant now = Instant.now();
    private SeededFleet fleet;
    private Map<String, String> env;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, now);
        env = EmulatorEnv.of(front.endpoint(), Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"));
    }

    @Test
    void fix_groupWithoutActivationEgress_egressToTheActivationGroupOnly(MotoServer moto) {
        String instance = fleet.id("i.no-1688");
        String group = fleet.id("sg.restricted");
        List<IpPermission> before = egress(moto, group);

        JsonNode plan = plan(instance, CheckId.ACTIVATION_PATH);
        CliRun applied = apply(instance, CheckId.ACTIVATION_PATH);

        assertThat(operations(plan)).containsExactly("ec2:AuthorizeSecurityGroupEgress");
        assertThat(applied.out()).contains("ACTIVATION_PATH: FAIL -> PASS");
        assertThat(status(instance, CheckId.ACTIVATION_PATH)).isEqualTo(Status.PASS);
        List<IpPermission> added = minus(egress(moto, group), before);
        assertThat(added).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(1688);
            assertThat(p.toPort()).isEqualTo(1688);
            assertThat(p.ipRanges()).isEmpty();
            assertThat(p.userIdGroupPairs()).extracting(pair -> pair.groupId())
                    .containsExactly(fleet.id("sg.activation"));
        });
        assertThat(minus(before, egress(moto, group))).isEmpty();
    }

    @Test
    void fix_aclDeniesEndpointReplies_allowBelowTheDenyForEachEndpointAddress(MotoServer moto) {
        String instance = fleet.id("i.nacl-blocked");
        String acl = fleet.id("acl.app-isolated");
        List<NetworkAclEntry> before = entries(moto, acl);

        JsonNode plan = plan(instance, CheckId.SSM_NETWORK_PATH);
        CliRun applied = apply(instance, CheckId.SSM_NETWORK_PATH);

        assertThat(operations(plan)).containsOnly("ec2:CreateNetworkAclEntry").hasSize(2);
        assertThat(applied.out()).contains("SSM_NETWORK_PATH: FAIL -> PASS");
        assertThat(status(instance, CheckId.SSM_NETWORK_PATH)).isEqualTo(Status.PASS);
        List<NetworkAclEntry> added = minus(entries(moto, acl), before);
        assertThat(added).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.egress()).isFalse();
            assertThat(entry.ruleActionAsString()).isEqualTo("allow");
            assertThat(entry.protocol()).isEqualTo("6");
            assertThat(entry.ruleNumber()).isLessThan(100);
            assertThat(entry.cidrBlock()).startsWith("10.0.2.").endsWith("/32");
            assertThat(entry.portRange().from()).isEqualTo(49152);
            assertThat(entry.portRange().to()).isEqualTo(65535);
        });
        assertThat(added).extracting(NetworkAclEntry::ruleNumber).containsExactlyInAnyOrder(99, 98);
        assertThat(minus(before, entries(moto, acl))).isEmpty();
    }

    @Test
    void fix_vpcHostnamesOff_modifyVpcAttributeTurnsOnlyHostnamesOn(MotoServer moto) {
        String instance = fleet.id("i.legacy");
        String vpc = fleet.id("vpc.legacy");
        assertThat(dns(moto, vpc)).containsExactly(true, false);

        JsonNode plan = plan(instance, CheckId.VPC_DNS);
        CliRun applied = apply(instance, CheckId.VPC_DNS);

        assertThat(operations(plan)).containsExactly("ec2:ModifyVpcAttribute");
        assertThat(plan.get("checks").get(0).get("fix").get("actions").get(0).get("parameters")
                .get("EnableDnsHostnames").get("Value").asBoolean()).isTrue();
        assertThat(applied.out()).contains("VPC_DNS: FAIL -> PASS");
        assertThat(status(instance, CheckId.VPC_DNS)).isEqualTo(Status.PASS);
        assertThat(dns(moto, vpc)).containsExactly(true, true);
        assertThat(dns(moto, fleet.id("vpc.app"))).containsExactly(true, true);
    }

    @Test
    void fix_noInstanceProfile_associatesTheProfileTheFleetUses(MotoServer moto) {
        String instance = fleet.id("i.no-profile");

        JsonNode plan = plan(instance, CheckId.INSTANCE_PROFILE);
        CliRun applied = apply(instance, CheckId.INSTANCE_PROFILE);

        assertThat(operations(plan)).containsExactly("ec2:AssociateIamInstanceProfile");
        assertThat(applied.out()).contains("INSTANCE_PROFILE: FAIL -> ");
        try (Clients clients = clients(moto)) {
            var associations = clients.ec2().describeIamInstanceProfileAssociations(r -> r.filters(Filter.builder()
                    .name("instance-id").values(instance).build())).iamInstanceProfileAssociations();
            assertThat(associations).singleElement().satisfies(a -> assertThat(a.iamInstanceProfile().arn())
                    .endsWith("instance-profile/sentinel-ssm"));
        }
        assertThat(status(instance, CheckId.INSTANCE_PROFILE)).isIn(Status.PASS, Status.WARN);
        assertThat(status(fleet.id("i.office-ok"), CheckId.INSTANCE_PROFILE)).isEqualTo(Status.PASS);
    }

    @Test
    void fix_routeBackFromTheDirectoryVpcDeleted_routeForTheInstanceSubnetThroughThePeering(MotoServer moto) {
        String instance = fleet.id("i.office-ok");
        String table = fleet.id("rtb.dir");
        try (Clients clients = clients(moto)) {
            clients.ec2().deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("10.0.0.0/16"));
        }
        List<Route> before = routes(moto, table);
        assertThat(status(instance, CheckId.ACTIVATION_PATH)).isEqualTo(Status.FAIL);

        JsonNode plan = plan(instance, CheckId.ACTIVATION_PATH);
        CliRun applied = apply(instance, CheckId.ACTIVATION_PATH);

        assertThat(operations(plan)).containsExactly("ec2:CreateRoute");
        assertThat(applied.out()).contains("ACTIVATION_PATH: FAIL -> PASS");
        assertThat(status(instance, CheckId.ACTIVATION_PATH)).isEqualTo(Status.PASS);
        assertThat(minus(routes(moto, table), before)).singleElement().satisfies(route -> {
            assertThat(route.destinationCidrBlock()).isEqualTo("10.0.1.0/24");
            assertThat(route.vpcPeeringConnectionId()).isEqualTo(fleet.id("pcx.app-dir"));
        });
        assertThat(minus(before, routes(moto, table))).isEmpty();
    }

    @Test
    void fix_ssmmessagesEndpointDeleted_endpointBesideTheSsmEndpointWithItsGroup(AwsFront front, MotoServer moto) {
        String instance = fleet.id("i.office-ok");
        String vpc = fleet.id("vpc.app");
        try (Clients clients = clients(moto)) {
            clients.ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(fleet.id("vpce.ssmmessages")));
        }
        List<VpcEndpoint> before = endpoints(moto, vpc);
        List<IpPermission> groupBefore = egress(moto, fleet.id("sg.app"));

        JsonNode plan = plan(instance, CheckId.SSM_NETWORK_PATH);
        CliRun applied = apply(instance, CheckId.SSM_NETWORK_PATH);

        assertThat(operations(plan)).containsExactly("ec2:CreateVpcEndpoint");
        assertThat(applied.code()).as(applied.err()).isIn(ExitCodes.OK, ExitCodes.UNHEALTHY);
        List<VpcEndpoint> created = endpoints(moto, vpc).stream()
                .filter(e -> before.stream().noneMatch(b -> b.vpcEndpointId().equals(e.vpcEndpointId()))).toList();
        assertThat(created).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.serviceName()).isEqualTo("com.amazonaws.us-east-1.ssmmessages");
            assertThat(endpoint.privateDnsEnabled()).isTrue();
            assertThat(endpoint.subnetIds()).containsExactly(fleet.id("subnet.app-endpoints"));
            assertThat(endpoint.groups()).extracting(g -> g.groupId()).containsExactly(fleet.id("sg.ssm-endpoints"));
        });
        // moto gives an endpoint's interface a random address outside its subnet; AWS gives one inside it.
        try (Clients clients = clients(moto)) {
            for (String eni : created.get(0).networkInterfaceIds()) {
                front.correctEndpointInterface(eni, created.get(0).vpcEndpointId(), "10.0.2.99",
                        Map.of(fleet.id("sg.ssm-endpoints"), "ssm-endpoints"));
            }
            assertThat(clients.ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(created.get(0).vpcEndpointId()))
                    .vpcEndpoints()).hasSize(1);
        }
        assertThat(status(instance, CheckId.SSM_NETWORK_PATH)).isEqualTo(Status.PASS);
        assertThat(egress(moto, fleet.id("sg.app"))).containsExactlyInAnyOrderElementsOf(groupBefore);
        assertThat(before).allSatisfy(b -> assertThat(endpoints(moto, vpc)).anySatisfy(a -> assertThat(a)
                .isEqualTo(b)));
    }

    @Test
    void fix_legacyVpcWithoutTheForwardRule_associatesTheExistingRule(MotoServer moto) {
        String instance = fleet.id("i.legacy");
        String rule = fleet.id("rslvr.corp");
        List<String> before = ruleVpcs(moto, rule);

        JsonNode plan = plan(instance, CheckId.DIRECTORY_DNS);
        CliRun applied = apply(instance, CheckId.DIRECTORY_DNS);

        assertThat(operations(plan)).containsExactly("route53resolver:AssociateResolverRule");
        assertThat(applied.out()).contains("DIRECTORY_DNS: FAIL -> PASS");
        assertThat(status(instance, CheckId.DIRECTORY_DNS)).isEqualTo(Status.PASS);
        List<String> after = new ArrayList<>(ruleVpcs(moto, rule));
        assertThat(after).containsExactlyInAnyOrderElementsOf(concat(before, fleet.id("vpc.legacy")));
    }

    @Test
    void fix_controllersGroupRefusesSmb_ingressFromTheInstanceGroupOnTcp445Only(MotoServer moto) {
        String instance = fleet.id("i.office-ok");
        String group = fleet.id("sg.dc");
        try (Clients clients = clients(moto)) {
            clients.ec2().revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("-1")
                    .ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
            clients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(
                    p -> p.ipProtocol("tcp").fromPort(0).toPort(444).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("tcp").fromPort(446).toPort(65535)
                            .ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("udp").fromPort(0).toPort(65535).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("icmp").fromPort(-1).toPort(-1).ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
        }
        List<IpPermission> before = ingress(moto, group);

        JsonNode plan = plan(instance, CheckId.DIRECTORY_PATH);
        CliRun applied = apply(instance, CheckId.DIRECTORY_PATH);

        assertThat(operations(plan)).containsExactly("ec2:AuthorizeSecurityGroupIngress");
        assertThat(applied.out()).contains("DIRECTORY_PATH: FAIL -> PASS");
        assertThat(status(instance, CheckId.DIRECTORY_PATH)).isEqualTo(Status.PASS);
        assertThat(minus(ingress(moto, group), before)).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(445);
            assertThat(p.toPort()).isEqualTo(445);
            assertThat(p.ipRanges()).isEmpty();
            assertThat(p.userIdGroupPairs()).extracting(pair -> pair.groupId()).containsExactly(fleet.id("sg.app"));
        });
        assertThat(minus(before, ingress(moto, group))).isEmpty();
    }

    @Test
    void fix_licenceServersGroupLosesSmb_ingressFromTheInstanceGroupOnTcp445Only(MotoServer moto) {
        String instance = fleet.id("i.old-agent");
        String group = fleet.id("sg.licence-servers");
        try (Clients clients = clients(moto)) {
            clients.ec2().revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(445).toPort(445).ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
        }
        List<IpPermission> before = ingress(moto, group);

        JsonNode plan = plan(instance, CheckId.LICENSE_SERVER_PATH);
        CliRun applied = apply(instance, CheckId.LICENSE_SERVER_PATH);

        assertThat(operations(plan)).containsExactly("ec2:AuthorizeSecurityGroupIngress");
        assertThat(applied.out()).contains("LICENSE_SERVER_PATH: FAIL -> PASS");
        assertThat(status(instance, CheckId.LICENSE_SERVER_PATH)).isEqualTo(Status.PASS);
        assertThat(minus(ingress(moto, group), before)).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(445);
            assertThat(p.toPort()).isEqualTo(445);
            assertThat(p.userIdGroupPairs()).extracting(pair -> pair.groupId()).containsExactly(fleet.id("sg.app"));
        });
        assertThat(minus(before, ingress(moto, group))).isEmpty();
    }

    @Test
    void fix_rdpOpenToTheInternet_revokesExactlyThatRule(MotoServer moto) {
        String instance = fleet.id("i.rdp-open");
        String group = fleet.id("sg.rdp-open");
        List<IpPermission> before = ingress(moto, group);
        List<IpPermission> appBefore = ingress(moto, fleet.id("sg.app"));

        JsonNode plan = plan(instance, CheckId.RDP_INGRESS);
        CliRun applied = apply(instance, CheckId.RDP_INGRESS);

        assertThat(operations(plan)).containsExactly("ec2:RevokeSecurityGroupIngress");
        assertThat(applied.out()).contains("RDP_INGRESS: FAIL -> PASS");
        assertThat(status(instance, CheckId.RDP_INGRESS)).isEqualTo(Status.PASS);
        assertThat(minus(before, ingress(moto, group))).singleElement().satisfies(p -> {
            assertThat(p.fromPort()).isEqualTo(3389);
            assertThat(p.ipRanges()).extracting(r -> r.cidrIp()).containsExactly("0.0.0.0/0");
        });
        assertThat(minus(ingress(moto, group), before)).isEmpty();
        assertThat(ingress(moto, fleet.id("sg.app"))).containsExactlyInAnyOrderElementsOf(appBefore);
    }

    @Test
    void fix_subscriptionTagRemoved_putsBackExactlyThatTag(MotoServer moto) {
        String instance = fleet.id("i.vs-untagged");
        Map<String, String> before = tags(moto, instance);

        JsonNode plan = plan(instance, CheckId.SUBSCRIPTION_TAG);
        CliRun applied = apply(instance, CheckId.SUBSCRIPTION_TAG);

        assertThat(operations(plan)).containsExactly("ec2:CreateTags");
        assertThat(applied.out()).contains("SUBSCRIPTION_TAG: FAIL -> PASS");
        assertThat(status(instance, CheckId.SUBSCRIPTION_TAG)).isEqualTo(Status.PASS);
        Map<String, String> expected = new java.util.HashMap<>(before);
        expected.put("AWSLicenseManager", "UserSubscriptions");
        assertThat(tags(moto, instance)).isEqualTo(expected);
    }

    @Test
    void apply_ruleTheGroupAlreadyHas_alreadyPresentAndNothingChanged(MotoServer moto) {
        String group = fleet.id("sg.restricted");
        FixAction action = FixActions.authorizeGroup(Direction.EGRESS, group, Protocol.TCP, PortRange.of(1688),
                new FixActions.RulePeer(fleet.id("sg.activation"), null), "test");
        try (Clients clients = clients(moto)) {
            FixApplier applier = new FixApplier(clients.ec2(), clients.route53Resolver());
            assertThat(applier.apply(action)).isEqualTo("done");
            List<IpPermission> once = egress(moto, group);

            assertThat(applier.apply(action)).isEqualTo("already present (InvalidPermission.Duplicate)");
            assertThat(egress(moto, group)).containsExactlyInAnyOrderElementsOf(once);
        }
    }

    @Test
    void fix_answerNo_changesNothing(MotoServer moto) {
        String instance = fleet.id("i.no-1688");
        String group = fleet.id("sg.restricted");
        List<IpPermission> before = egress(moto, group);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new FixCommand(new CliContext(Clock.systemUTC(), env,
                new Terminal(false, true, 80)), new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8))));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int code = command.execute("--instance-id", instance, "--check", "ACTIVATION_PATH", "--apply");

        assertThat(err.toString()).contains("Apply 1 change to account ").contains("? [y/N] ")
                .contains("fix: not applied; nothing changed");
        assertThat(code).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(egress(moto, group)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void fix_applyWithoutTerminalOrYes_usageErrorAndNothingChanged(MotoServer moto) {
        String instance = fleet.id("i.no-1688");
        List<IpPermission> before = egress(moto, fleet.id("sg.restricted"));

        CliRun run = CliRun.run(new CliContext(Clock.systemUTC(), env), "fix", "--instance-id", instance, "--apply");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("pass --yes to apply without asking");
        assertThat(egress(moto, fleet.id("sg.restricted"))).containsExactlyInAnyOrderElementsOf(before);
    }

    private JsonNode plan(String instance, CheckId check) {
        CliRun run = CliRun.run(new CliContext(Clock.systemUTC(), env), "fix", "--instance-id", instance, "--check",
                check.name(), "--format", "json");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.UNHEALTHY);
        try {
            JsonNode document = Json.mapper().readTree(run.out());
            assertThat(document.get("checks")).as(run.out()).hasSize(1);
            return document;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CliRun apply(String instance, CheckId check) {
        CliRun run = CliRun.run(new CliContext(Clock.systemUTC(), env), "fix", "--instance-id", instance, "--check",
                check.name(), "--apply", "--yes");
        assertThat(run.code()).as(run.out() + run.err()).isIn(ExitCodes.OK, ExitCodes.UNHEALTHY);
        assertThat(run.out()).contains("applied ");
        return run;
    }

    private static List<String> operations(JsonNode plan) {
        List<String> operations = new ArrayList<>();
        plan.get("checks").get(0).get("fix").get("actions").forEach(a -> operations.add(a.get("operation").asText()));
        return operations;
    }

    private Status status(String instance, CheckId check) {
        AppConfig config = AppConfig.fromEnvironment(env);
        try (Application application = Application.create(config, Clock.systemUTC(), new Application.Io(
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false))) {
            ScanReport report = application.scans().scan(ScanRequest.fleet("test", true)).report();
            InstanceReport found = report.instances().stream().filter(r -> r.instanceId().equals(instance))
                    .findFirst().orElseThrow();
            return found.check(check).status();
        }
    }

    private static Clients clients(MotoServer moto) {
        return Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint())));
    }

    private static <T> T read(MotoServer moto, Function<Clients, T> call) {
        try (Clients clients = clients(moto)) {
            return call.apply(clients);
        }
    }

    private static List<IpPermission> egress(MotoServer moto, String group) {
        return read(moto, c -> c.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0)
                .ipPermissionsEgress());
    }

    private static List<IpPermission> ingress(MotoServer moto, String group) {
        return read(moto, c -> c.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0)
                .ipPermissions());
    }

    private static Map<String, String> tags(MotoServer moto, String instance) {
        return read(moto, c -> c.ec2().describeInstances(r -> r.instanceIds(instance)).reservations().get(0)
                .instances().get(0).tags().stream().collect(java.util.stream.Collectors.toMap(t -> t.key(),
                        t -> t.value())));
    }

    private static List<NetworkAclEntry> entries(MotoServer moto, String acl) {
        return read(moto, c -> c.ec2().describeNetworkAcls(r -> r.networkAclIds(acl)).networkAcls().get(0)
                .entries());
    }

    private static List<Route> routes(MotoServer moto, String table) {
        return read(moto, c -> c.ec2().describeRouteTables(r -> r.routeTableIds(table)).routeTables().get(0)
                .routes());
    }

    private static List<VpcEndpoint> endpoints(MotoServer moto, String vpc) {
        return read(moto, c -> c.ec2().describeVpcEndpoints(r -> r.filters(Filter.builder().name("vpc-id")
                .values(vpc).build())).vpcEndpoints());
    }

    private static List<Boolean> dns(MotoServer moto, String vpc) {
        return read(moto, c -> List.of(
                c.ec2().describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                        .enableDnsSupport().value(),
                c.ec2().describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                        .enableDnsHostnames().value()));
    }

    private static List<String> ruleVpcs(MotoServer moto, String rule) {
        return read(moto, c -> c.route53Resolver().listResolverRuleAssociations().resolverRuleAssociations().stream()
                .filter(a -> a.resolverRuleId().equals(rule)).map(a -> a.vpcId()).toList());
    }

    private static <T> List<T> minus(List<T> after, List<T> before) {
        List<T> rest = new ArrayList<>(after);
        before.forEach(rest::remove);
        return rest;
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }
}
