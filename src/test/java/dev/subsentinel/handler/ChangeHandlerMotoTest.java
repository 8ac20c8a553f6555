package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

/**
 * The change function end to end on moto: the {@link SeededFleet} (EC2, Directory Service, Route 53 Resolver in moto;
 * SSM and LM-US canned by the {@link AwsFront}), tracking in a moto DynamoDB table, alerts through a moto SNS topic
 * to an SQS queue. A scheduled scan establishes the tracked state; then a seeded security group is changed with the
 * SDK and the matching CloudTrail event goes through the handler: the change is traced to the group's instances, they
 * alone are re-read and re-evaluated, and the alerts arrive for exactly the instances the change broke.
 */
@ExtendWith(AwsFrontExtension.class)
class ChangeHandlerMotoTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private SeededFleet fleet;
    private ChangeRig rig;

    @BeforeEach
    void setUp(AwsFront front, MotoServer moto) throws IOException {
        fleet = SeededFleet.seed(moto, front, now);
        rig = new ChangeRig(moto, front, now, Map.of("SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"));
        rig.application.scans().scan(ScanRequest.fleet("baseline", false));
        assertThat(rig.drainAlerts()).isNotEmpty();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private List<String> ids(String... names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            out.add(fleet.id("i." + name));
        }
        return out.stream().sorted().toList();
    }

    /** The sample RevokeSecurityGroupEgress event, about this group, made now. */
    private String revokeEgressEvent(String groupId) throws IOException {
        return Files.readString(Path.of("events", "cloudtrail-revoke-sg-egress.json"))
                .replace("sg-0fedcba9876543210", groupId)
                .replace("2026-11-25T12:11:58Z", now.toString())
                .replace("2026-11-25T12:12:04Z", now.toString());
    }

    @Test
    void handleRequest_egressRevokedFromTheAppGroup_alertsExactlyTheInstancesItBroke(MotoServer moto)
            throws IOException {
        String group = fleet.id("sg.app");
        try (Clients clients = Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(moto.endpoint())))) {
            clients.ec2().revokeSecurityGroupEgress(r -> r.groupId(group).ipPermissions(IpPermission.builder()
                    .ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        }

        JsonNode response = rig.invokeChange(revokeEgressEvent(group));
        List<JsonNode> alerts = rig.drainAlerts();

        List<String> members = ids("office-ok", "vs-untagged", "lmus-failed", "not-managed", "ping-lost",
                "old-agent", "no-profile", "rdp-open", "stopped", "nacl-blocked");
        List<String> reevaluated = new ArrayList<>();
        response.get("instanceIds").forEach(n -> reevaluated.add(n.asText()));
        assertThat(reevaluated).containsExactlyInAnyOrderElementsOf(members);
        assertThat(response.get("summary").get("evaluated").asInt()).isEqualTo(members.size());
        assertThat(response.get("looks").asInt()).isEqualTo(1);
        assertThat(rig.sleeper.sleeps).containsExactly(Duration.ofSeconds(10));
        // Broken: the group was their only egress (SSM and, for Office, activation; for every one of them the path to
        // the domain controllers). nacl-blocked already failed its SSM path and now also loses the domain controllers:
        // WORSENED. Not alerted: rdp-open keeps egress through sg-rdp-open, stopped skips the network checks. Never
        // looked at: no-1688, nat-ok and legacy, which do not use the group.
        assertThat(ChangeRig.instanceIds(alerts)).containsExactlyElementsOf(ids("office-ok", "vs-untagged",
                "lmus-failed", "not-managed", "ping-lost", "old-agent", "no-profile", "nacl-blocked"));
        assertThat(alerts).allSatisfy(n -> assertThat(n.path("MessageAttributes").path("transition").path("Value")
                .asText()).isIn("NEW", "WORSENED"));
        assertThat(alerts).filteredOn(n -> n.path("MessageAttributes").path("instanceId").path("Value").asText()
                .equals(fleet.id("i.office-ok"))).singleElement().satisfies(n -> {
                    assertThat(n.path("MessageAttributes").path("transition").path("Value").asText()).isEqualTo("NEW");
                    assertThat(n.get("Message").asText()).contains("SSM_NETWORK_PATH", "ACTIVATION_PATH",
                            "DIRECTORY_PATH", group);
                });
        assertThat(alerts).filteredOn(n -> n.path("MessageAttributes").path("instanceId").path("Value").asText()
                .equals(fleet.id("i.nacl-blocked"))).singleElement().satisfies(n -> {
                    assertThat(n.path("MessageAttributes").path("transition").path("Value").asText())
                            .isEqualTo("WORSENED");
                    assertThat(n.get("Message").asText()).contains("DIRECTORY_PATH", group);
                });
        assertThat(response.get("alertsSent").asInt()).isEqualTo(8);
    }

    @Test
    void handleRequest_domainControllersGroupLosesSmb_everyInstanceOfTheDirectoryReevaluatedAndAlerted(
            MotoServer moto) throws IOException {
        String controllers = fleet.id("sg.dc");
        try (Clients clients = Clients.create(AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", moto.endpoint().toString())))) {
            clients.ec2().revokeSecurityGroupIngress(r -> r.groupId(controllers).ipPermissions(p -> p.ipProtocol("-1")
                    .ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
            clients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(controllers).ipPermissions(
                    p -> p.ipProtocol("tcp").fromPort(0).toPort(444).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("tcp").fromPort(446).toPort(65535).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("udp").fromPort(0).toPort(65535).ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
        }
        String event = Files.readString(Path.of("events", "cloudtrail-revoke-sg-ingress-domain-controllers.json"))
                .replace("sg-0d0c0a1b2c3d4e5f6", controllers)
                .replace("2026-11-25T12:15:57Z", now.toString())
                .replace("2026-11-25T12:16:00Z", now.toString());

        JsonNode response = rig.invokeChange(event);
        List<JsonNode> alerts = rig.drainAlerts();

        // The group is on no instance: the mapping finds it is the directory's controllers' group and takes the
        // instances of its identity providers' VPC (dir) and the VPCs peered with it (app, nat); legacy, in a VPC
        // of its own, is not looked at.
        List<String> reevaluated = new ArrayList<>();
        response.get("instanceIds").forEach(n -> reevaluated.add(n.asText()));
        assertThat(reevaluated).containsExactlyInAnyOrderElementsOf(ids("office-ok", "vs-untagged", "lmus-failed",
                "not-managed", "ping-lost", "old-agent", "no-profile", "rdp-open", "no-1688", "stopped",
                "nacl-blocked", "nat-ok"));
        assertThat(response.get("impact").asText()).contains(controllers + " is the domain controllers' group of"
                + " directory " + fleet.id("d.corp"));
        // Every running instance that reached the controllers before now fails DIRECTORY_PATH (and License Manager's
        // interfaces fail too): the two that were healthy share that one cause and get one fleet message; the others
        // already failed for a reason of their own and keep their own (WORSENED) alert.
        assertThat(alerts).allSatisfy(n -> assertThat(n.get("Message").asText()).contains(controllers));
        assertThat(alerts).filteredOn(n -> n.get("Message").asText().contains("subscription-sentinel/fleet-alert/v1"))
                .singleElement().satisfies(n -> {
                    JsonNode document = Json.mapper().readTree(n.get("Message").asText());
                    assertThat(document.get("transition").asText()).isEqualTo("NEW");
                    assertThat(document.get("instanceIds")).extracting(JsonNode::asText)
                            .containsExactlyInAnyOrderElementsOf(ids("office-ok", "nat-ok"));
                });
        assertThat(ChangeRig.instanceIds(alerts)).containsAll(ids("lmus-failed", "rdp-open", "nacl-blocked"));
        // All 12: the stopped one skips DIRECTORY_PATH, but License Manager's interfaces of its directory are cut off
        // all the same (a fact of the directory, not of the instance's network).
        assertThat(response.get("summary").get("unhealthy").asInt()).isEqualTo(12);
    }

    @Test
    void handleRequest_changeToAGroupNoMonitoredInstanceUses_ignoredAfterSevenCalls(AwsFront front)
            throws IOException {
        front.resetRequests();

        JsonNode response = rig.invokeChange(revokeEgressEvent(fleet.id("sg.bastion")));

        assertThat(response.get("ignored").asText()).startsWith("no monitored instance affected");
        assertThat(rig.drainAlerts()).isEmpty();
        // The tracked ids (Query), the tagged fleet and the tracked instance it misses (vs-untagged), the group's VPC,
        // which holds monitored instances, so its endpoints and the identity providers' groups are consulted; and,
        // as the group is on no monitored instance, the directories (is it a domain controllers' group?).
        assertThat(front.requestsByOperation()).containsExactlyInAnyOrderEntriesOf(Map.of("Query", 1,
                "DescribeInstances", 2, "DescribeSecurityGroups", 1, "DescribeVpcEndpoints", 1,
                "ListIdentityProviders", 1, "DescribeDirectories", 1));
    }
}
