package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.Ec2Seeder;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoIam;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

/**
 * The cost of an event: one security-group change in a fleet of monitored instances, measured on the emulator. The
 * fleet (every instance tagged, running, listed by LM-US, managed by SSM, with an instance profile) sits in one VPC
 * with SSM interface endpoints, peered with the directory VPC that holds the Office activation endpoint; all but 5
 * instances use group {@code app}, 5 use group {@code team}. A scheduled scan tracks the whole fleet first. Then
 * {@code team} loses its egress rule (SDK) and its CloudTrail event goes through the change function: the test
 * counts every request the front received (EC2, DynamoDB and SNS from moto; SSM and LM-US canned) by operation.
 *
 * <p>Measured: 32 calls whether the fleet has 1,000 or 100 instances: the cost follows the affected instances, not
 * the fleet. Per affected instance 1 (LM-US ListInstances with the InstanceId filter); 27 fixed: tracking and alerting
 * 6 (the tracked ids, one batch read, one transactional write, two PublishBatch since the alerts carry fix plans, one
 * transactional confirm), the
 * mapping 3, and the collection of one VPC and its peer 18, which reuses the instance descriptions and identity
 * providers the mapping read (16 network and instance facts, and for the directory checks one IAM GetRole of the
 * service-linked role and one DescribeNetworkInterfaces of License Manager's interfaces of the directory).
 *
 * <p>Run: {@code mvn -q -B test -Dtest=ChangeEventCostTest}; the breakdown is printed.
 */
@ExtendWith(AwsFrontExtension.class)
class ChangeEventCostTest {

    private static final int AFFECTED = 5;

    /** What one measurement found. */
    private record Cost(int fleet, Map<String, Integer> byOperation, JsonNode response, List<String> alerted,
            List<String> team) {

        int total() {
            return byOperation.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Test
    void changeEvent_fiveOfAThousandInstancesAffected_costsTheseCallsByOperation(AwsFront front, MotoServer moto)
            throws IOException {
        Cost cost = measure(1000, front, moto);

        assertThat(cost.response().get("instanceIds")).hasSize(AFFECTED);
        assertThat(cost.alerted()).containsExactlyElementsOf(cost.team());
        assertThat(cost.byOperation()).containsExactlyInAnyOrderEntriesOf(expected(1000));
        assertThat(cost.total()).isEqualTo(32);
        assertThat(cost.response().get("awsApiCalls").asInt()).isEqualTo(cost.total());
    }

    @Test
    void changeEvent_aTenthOfTheFleet_exactlyTheSameCalls(AwsFront front, MotoServer moto) throws IOException {
        Cost small = measure(100, front, moto);

        assertThat(small.byOperation()).containsExactlyInAnyOrderEntriesOf(expected(100));
        assertThat(expected(100)).isEqualTo(expected(1000));
    }

    /**
     * The calls of the event, by operation, for a fleet of {@code fleet} instances of which 5 are affected: none
     * depends on the fleet's size.
     */
    private static Map<String, Integer> expected(int fleet) {
        Map<String, Integer> calls = new TreeMap<>();
        // Tracking and alerting: the tracked ids (one page up to 1 MB of rows), then for all 5 at once a read, a
        // transactional write of the new states with their alerts already claimed, two PublishBatch (the five alerts
        // with their fix plans, each in five protocol copies, exceed the 250,000 bytes one batch carries), and a
        // transactional confirm.
        calls.put("Query", 1);
        calls.put("BatchGetItem", 1);
        calls.put("TransactWriteItems", 2);
        calls.put("PublishBatch", 2);
        // Mapping: the tagged fleet (1000 a page), the identity providers, the endpoints of the group's VPC (known
        // from the instances that carry the group). The collection reuses the first two.
        calls.put("DescribeInstances", 1);
        calls.put("ListIdentityProviders", 1);
        calls.put("DescribeVpcEndpoints", 2);
        // Collection of the 5: LM-US asked per instance, then their VPC and its peer.
        calls.put("ListInstances", AFFECTED);
        calls.put("DescribeSecurityGroups", 1);
        calls.put("DescribeVpcPeeringConnections", 1);
        calls.put("DescribeIamInstanceProfileAssociations", 1);
        calls.put("DescribeInstanceInformation", 1);
        calls.put("DescribeDirectories", 1);
        calls.put("ListResolverRules", 1);
        calls.put("ListResolverRuleAssociations", 1);
        calls.put("DescribeSubnets", 2);
        calls.put("DescribeVpcs", 1);
        calls.put("DescribeRouteTables", 1);
        calls.put("DescribeNetworkAcls", 1);
        calls.put("DescribeVpcAttribute", 2);
        // The endpoints' interfaces, and License Manager's interfaces of the directory (one call for every directory).
        calls.put("DescribeNetworkInterfaces", 2);
        // The service-linked role: one GetRole per run, whatever the number of instances.
        calls.put("GetRole", 1);
        return calls;
    }

    private static Cost measure(int fleet, AwsFront front, MotoServer moto) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AppConfig seeding = AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint()));
        String team;
        List<String> teamIds;
        try (Clients clients = Clients.create(seeding)) {
            Ec2Seeder ec2 = new Ec2Seeder(clients.ec2(), front);
            MotoIam.createInstanceProfile(moto, "sentinel-ssm");
            SeededFleet.DirectoryHub hub = SeededFleet.seedDirectoryHub(clients, ec2, front);
            String dir = hub.vpc();
            String dirA = hub.subnetA();
            String dirB = hub.subnetB();
            String directoryId = hub.directory();
            String ruleId = hub.ruleId();

            String vpc = ec2.vpc("10.1.0.0/16", true, true);
            String instanceSubnet = ec2.subnet(vpc, "10.1.0.0/22", "us-east-1a");
            String endpointSubnet = ec2.subnet(vpc, "10.1.8.0/24", "us-east-1a");
            String app = ec2.securityGroup(vpc, "app");
            team = ec2.securityGroup(vpc, "team");
            String endpoints = ec2.securityGroup(vpc, "endpoints");
            ec2.ingressCidr(endpoints, 443, "10.1.0.0/16");
            for (String service : List.of("ssm", "ssmmessages")) {
                ec2.interfaceEndpoint(vpc, "com.amazonaws.us-east-1." + service, List.of(endpointSubnet), endpoints,
                        true);
            }
            String peering = ec2.peering(vpc, dir);
            ec2.routeToPeering(ec2.routeTable(vpc, instanceSubnet), "10.9.0.0/16", peering);
            ec2.routeToPeering(ec2.routeTable(dir, dirA, dirB), "10.1.0.0/16", peering);
            clients.route53Resolver().associateResolverRule(r -> r.resolverRuleId(ruleId).vpcId(vpc).name("corp"));
            List<String> ids = new ArrayList<>(ec2.instances(fleet - AFFECTED, instanceSubnet, List.of(app),
                    "sentinel-ssm", true, false));
            teamIds = ec2.instances(AFFECTED, instanceSubnet, List.of(team), "sentinel-ssm", true, false).stream()
                    .sorted().toList();
            ids.addAll(teamIds);
            ec2.associateMissingProfiles(ids, "sentinel-ssm");
            for (String id : ids) {
                front.lmus().add(new CannedAws.Lmus.Instance(id, "ACTIVE", null, List.of(SeededFleet.OFFICE),
                        directoryId));
                front.ssm().add(new CannedAws.Ssm.Node(id, "Online", now.minus(Duration.ofMinutes(1)),
                        SeededFleet.AGENT));
            }
        }
        try (ChangeRig rig = new ChangeRig(moto, front, now, Map.of())) {
            rig.application.scans().scan(ScanRequest.fleet("baseline", false));
            assertThat(rig.application.scans().trackedInstanceIds()).hasSize(fleet);
            assertThat(rig.drainAlerts()).isEmpty();
            try (Clients clients = Clients.create(seeding)) {
                String group = team;
                clients.ec2().revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder()
                        .ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
            }
            String event = Files.readString(Path.of("events", "cloudtrail-revoke-sg-egress.json"))
                    .replace("sg-0fedcba9876543210", team)
                    .replace("2026-11-25T12:11:58Z", now.toString());
            front.resetRequests();

            JsonNode response = rig.invokeChange(event);

            Map<String, Integer> byOperation = front.requestsByOperation();
            List<String> alerted = ChangeRig.instanceIds(rig.drainAlerts());
            Cost cost = new Cost(fleet, byOperation, response, alerted, teamIds);
            System.out.printf("cost of one security-group change, %d of %d instances affected: %d AWS API calls%n"
                    + "  by operation: %s%n  response: %s%n", AFFECTED, fleet, cost.total(), byOperation, response);
            return cost;
        }
    }
}
