package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoIam;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API call count of a scan is a function of the fleet's shape, not a multiple of its size: the same shape with 50
 * and with 500 instances is collected from moto (SSM and LM-US canned by the front, paginated as AWS does), and the
 * calls counted by the SDK interceptor, and independently by the front's request journal, must equal
 * {@link ApiCallFormula} operation by operation.
 *
 * <p>Shape: VPCs app1 and app2 (instances, half each; interface endpoints ssm and ssmmessages; app1 has a DHCP
 * options set, a security group egress rule to a prefix list and an IPv6 default route to an egress-only internet
 * gateway), VPC dir (identity provider subnets, activation endpoint, directory, and two licence servers on interfaces
 * with their own group) peered with both, one resolver rule associated with app1 and app2. Every instance is tagged,
 * running, listed by LM-US, managed by SSM and has an instance profile; the first one is a Remote Desktop Services
 * SAL instance, so the licence server endpoints (canned in the front: moto has no LM-US) and the interfaces of the
 * licence servers are read.
 */
@ExtendWith(AwsFrontExtension.class)
class ApiCallCountTest {

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {50, 500})
    void collect_sameShapeAtTwoSizes_callCountMatchesTheFormula(int instances, AwsFront front, MotoServer moto) {
        seed(instances, front, moto);
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        FleetSnapshot snapshot;
        Map<String, Long> measured;
        long total;
        try (Clients clients = Clients.create(config)) {
            snapshot = FleetCollector.create(clients, config).collect(Scope.fleet());
            measured = clients.apiCalls().byOperation();
            total = clients.apiCalls().total();
        }

        assertThat(snapshot.instances()).hasSize(instances);
        assertThat(snapshot.ssmInstances()).hasSize(instances);
        assertThat(snapshot.unknownFacts()).isEmpty();
        ApiCallFormula.Shape shape = shape(instances);
        Map<String, Integer> expected = ApiCallFormula.byOperation(shape);
        assertThat(measured).containsExactlyInAnyOrderEntriesOf(toLongs(expected));
        assertThat(total).isEqualTo(ApiCallFormula.total(shape)).isEqualTo(front.requestsServed());
        assertThat(total).isEqualTo(instances == 50 ? 28 : 39);
    }

    @Test
    void collect_emptyAccount_listsTheScopeAndAsksStsForTheAccount(AwsFront front) {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            FleetSnapshot snapshot = FleetCollector.create(clients, config).collect(Scope.fleet());

            assertThat(snapshot.accountId()).isEqualTo("123456789012");
            assertThat(snapshot.instances()).isEmpty();
            ApiCallFormula.Shape empty = new ApiCallFormula.Shape(0, LmusReader.PAGE_SIZE, 0, 0, 0, 0, List.of(),
                    false, 0, 0, 0, false, false, 0, 0, 0, false, false, 0, 0, 0, List.of());
            assertThat(clients.apiCalls().byOperation())
                    .containsExactlyInAnyOrderEntriesOf(toLongs(ApiCallFormula.byOperation(empty)));
            assertThat(clients.apiCalls().total()).isEqualTo(6);
        }
    }

    @Test
    void formula_thousandInstancesInTenVpcs_withinEightHundredthsOfACallPerInstance() {
        int instances = 1000;
        ApiCallFormula.Shape shape = new ApiCallFormula.Shape(instances, LmusReader.PAGE_SIZE, 2, instances, 0,
                instances, Collections.nCopies(10, 100), true, 1, 3, 12, true, true, 10, 10, 10, true, true, 3, 30,
                20, List.of(5, 40));

        assertThat(ApiCallFormula.total(shape)).isEqualTo(67).isLessThanOrEqualTo(80);
    }

    @Test
    void formula_tenTimesTheInstances_addsOnlyThePerInstanceBatchesAndPages() {
        assertThat(ApiCallFormula.total(shape(500)) - ApiCallFormula.total(shape(50)))
                .as("profile batches and SSM pages; the LM-US listing stays one page of up to 1,000")
                .isEqualTo((3 - 1) + (10 - 1));
    }

    /** The shape {@link #seed} builds, for {@code instances} instances. */
    static ApiCallFormula.Shape shape(int instances) {
        List<Integer> managed = new ArrayList<>();
        for (int left = instances; left > 0; left -= 100) {
            managed.add(Math.min(100, left));
        }
        return new ApiCallFormula.Shape(instances, LmusReader.PAGE_SIZE, 2, instances, 0, instances, managed,
                true, 1, 1, 2, true, true, 3, 3, 2, false, false, 1, 5, 7, List.of(1)).withIssueTen(true, 1, 2, 0, 8);
    }

    /** Seeds the shape with {@code instances} instances into moto and the front. */
    static void seed(int instances, AwsFront front, MotoServer moto) {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint()));
        try (Clients clients = Clients.create(config)) {
            Ec2Seeder ec2 = new Ec2Seeder(clients.ec2(), front);
            MotoIam.createInstanceProfile(moto, "sentinel-ssm");
            SeededFleet.DirectoryHub hub = SeededFleet.seedDirectoryHub(clients, ec2, front);
            String dir = hub.vpc();
            String directoryId = hub.directory();
            String ruleId = hub.ruleId();
            String prefixList = ec2.prefixList("corp-networks", "10.0.0.0/8");
            String servers = ec2.securityGroup(dir, "licence-servers");
            ec2.ingressCidr(servers, 135, "10.0.0.0/8");
            CannedAws.Lmus.Provider rds = new CannedAws.Lmus.Provider(directoryId, SeededFleet.RDS,
                    List.of(hub.subnetA()), servers);
            front.lmus().add(rds);
            front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint(
                    "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:license-server-endpoint/lse-1",
                    rds.arn(), "PROVISIONED", List.of(
                            new CannedAws.Lmus.Server(ec2.licenseServerInterface(hub.subnetA(), servers), null,
                                    "PROVISIONED", "HEALTHY"),
                            new CannedAws.Lmus.Server(ec2.licenseServerInterface(hub.subnetB(), servers), null,
                                    "PROVISIONED", "HEALTHY"))));

            Instant now = Instant.now();
            for (int v = 1; v <= 2; v++) {
                String vpc = ec2.vpc("10." + v + ".0.0/16", true, true);
                String instanceSubnet = ec2.subnet(vpc, "10." + v + ".1.0/24", "us-east-1a");
                String endpointSubnet = ec2.subnet(vpc, "10." + v + ".2.0/24", "us-east-1a");
                String app = ec2.securityGroup(vpc, "app" + v);
                if (v == 1) {
                    ec2.egressOnlyToPrefixList(app, 443, prefixList);
                    ec2.dhcpOptions(vpc, "AmazonProvidedDNS");
                }
                String endpoints = ec2.securityGroup(vpc, "endpoints" + v);
                ec2.ingressCidr(endpoints, 443, "10." + v + ".0.0/16");
                for (String service : List.of("ssm", "ssmmessages")) {
                    ec2.interfaceEndpoint(vpc, "com.amazonaws.us-east-1." + service, List.of(endpointSubnet),
                            endpoints, true);
                }
                String peering = ec2.peering(vpc, dir);
                String table = ec2.routeTable(vpc, instanceSubnet);
                ec2.routeToPeering(table, "10.9.0.0/16", peering);
                if (v == 1) {
                    ec2.routeIpv6ToEgressOnly(table, "::/0", ec2.egressOnlyInternetGateway(vpc));
                }
                String vpcId = vpc;
                clients.route53Resolver().associateResolverRule(r -> r.resolverRuleId(ruleId).vpcId(vpcId)
                        .name("corp-" + vpcId));
                List<String> ids = ec2.instances(instances / 2, instanceSubnet, List.of(app), "sentinel-ssm", true,
                        false);
                for (String id : ids) {
                    String product = v == 1 && id.equals(ids.get(0)) ? SeededFleet.RDS : SeededFleet.OFFICE;
                    front.lmus().add(new CannedAws.Lmus.Instance(id, "ACTIVE", null, List.of(product),
                            directoryId));
                    front.ssm().add(new CannedAws.Ssm.Node(id, "Online", now.minus(Duration.ofMinutes(1)),
                            SeededFleet.AGENT));
                }
            }
        }
    }

    private static Map<String, Long> toLongs(Map<String, Integer> counts) {
        Map<String, Long> longs = new TreeMap<>();
        counts.forEach((k, v) -> longs.put(k, v.longValue()));
        return longs;
    }
}
