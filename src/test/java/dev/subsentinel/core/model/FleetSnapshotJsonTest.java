package dev.subsentinel.core.model;

import static dev.subsentinel.core.Fixtures.ACCOUNT;
import static dev.subsentinel.core.Fixtures.NOW;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.out;
import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.tcpPeeredGroup;
import static dev.subsentinel.core.Fixtures.tcpPrefixList;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FleetSnapshotJsonTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    /** Every kind of record, optional fields set and unset, IPv6, peered group references and unknown facts. */
    static FleetSnapshot richSnapshot() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            tags.put("tag-" + i, "value-" + i);
        }
        Ec2Instance tagged = new Ec2Instance("i-0tagged", "stopped", VPC, Fixtures.SUBNET_APP, null, null,
                List.of(new NetworkInterface("eni-0v6", 0, Fixtures.SUBNET_APP, VPC, "10.0.1.77",
                        List.of("2001:db8:0:1::77"), "54.1.2.3", List.of(Fixtures.SG_INSTANCE, "sg-0extra"))),
                List.of(), tags, null);
        return Fixtures.withSpoke(Fixtures.healthy())
                .with(tagged,
                        new SsmInstance("i-0tagged", "ConnectionLost", null, null, null, null),
                        new LmusInstance("i-0tagged", "UNHEALTHY", "Instance is not managed by SSM",
                                List.of("OFFICE_PROFESSIONAL_PLUS", "VISUAL_STUDIO_ENTERPRISE"), null, null),
                        new IdentityProvider(null, "REMOTE_DESKTOP_SERVICES", "REGISTERED", List.of("subnet-0rds"),
                                "sg-0rds", "SELF_MANAGED", "ad.example.org", List.of("10.9.0.10", "10.9.0.11"),
                                List.of("subnet-0rds")),
                        new Subnet("subnet-0v6", VPC, null, List.of("2001:db8:0:2::/64"), null),
                        new Vpc("vpc-0v6", List.of("10.8.0.0/16"), List.of("2001:db8::/56"), null, false, null),
                        sg("sg-0extra", VPC)
                                .ingress(tcpPeeredGroup(3389, "sg-0bastion", "vpc-0mgmt", "pcx-0mgmt", "active"),
                                        tcpPrefixList(3389, "pl-0corp"), tcp(443, "::/0"))
                                .egress(new SgRule("-1", null, null, "0.0.0.0/0", null, null, "all out"))
                                .build(),
                        rtb("rtb-0extra", VPC).subnets("subnet-0v6").local("2001:db8::/56")
                                .blackhole("10.50.0.0/16", "pcx-0gone").prefixListRoute("pl-0corp", "tgw-0hub")
                                .route("::/0", "eigw-0a").build(),
                        acl("acl-0extra", VPC).subnets("subnet-0v6")
                                .entries(in(90, "deny", "6", "10.0.1.0/24", 1688, 1688),
                                        out(100, "allow", "-1", "::/0", null, null),
                                        new NaclEntry(32768, false, "-1", "deny", "::/0", null, null))
                                .defaultDeny().build(),
                        new VpcEndpoint("vpce-0pending", VPC, "com.amazonaws.us-east-1.ec2messages", "Interface",
                                "pendingAcceptance", List.of(), List.of(), false, List.of()),
                        new NatGateway("nat-0private", VPC, null, "pending", null),
                        new InternetGateway("igw-0detached", List.of(new InternetGateway.Attachment("vpc-0v6",
                                "detached"))),
                        prefixList("pl-0corp", "192.168.0.0/16", "2001:db8:ffff::/48"),
                        new PrefixList("pl-0noname", null, List.of()),
                        new ResolverRule("rslvr-rr-0ad", "corp.example.com.", "FORWARD", "COMPLETE",
                                List.of(Fixtures.SPOKE_VPC)),
                        new ResolverRule("rslvr-rr-0sys", "example.org", "SYSTEM", null, List.of()),
                        new DhcpOptions("dopt-0ad", List.of("10.0.2.100", "10.0.3.100")),
                        new Directory("d-0second", "second.example.com", null, List.of(), List.of()),
                        new EgressOnlyInternetGateway("eigw-0a", List.of(new InternetGateway.Attachment("vpc-0v6",
                                "attached"))),
                        new LicenseServerEndpoint("lse-0rds", "arn:aws:license-manager-user-subscriptions:us-east-1:"
                                + "123456789012:license-server-endpoint/lse-0rds", "arn:aws:license-manager-user-"
                                + "subscriptions:us-east-1:123456789012:identity-provider/rds", "RDS_SAL", null,
                                "PROVISIONED", null, List.of(new LicenseServer("PROVISIONED", "HEALTHY", "10.9.0.20",
                                        "2001:db8:0:2::20"), new LicenseServer("PROVISIONING", null, null, null)),
                                java.time.Instant.parse("2026-11-01T00:00:00Z")),
                        new LicenseServerInterface("eni-0ls", "subnet-0v6", VPC, "10.9.0.20",
                                List.of("2001:db8:0:2::20"), List.of("sg-0rds"), "in-use"),
                        unknown(FactKind.PREFIX_LISTS, "pl-0secret"),
                        unknown(FactKind.VPC_ATTRIBUTES, "vpc-0v6"))
                .snapshot();
    }

    @Test
    void roundTrip_richSnapshot_equalAndReserialisedIdentically() throws Exception {
        FleetSnapshot snapshot = richSnapshot();

        String json = MAPPER.writeValueAsString(snapshot);
        FleetSnapshot back = MAPPER.readValue(json, FleetSnapshot.class);

        assertThat(back).isEqualTo(snapshot);
        assertThat(MAPPER.writeValueAsString(back)).isEqualTo(json);
    }

    @Test
    void roundTrip_richSnapshot_keepsEveryKindAndOrder() throws Exception {
        FleetSnapshot snapshot = richSnapshot();

        FleetSnapshot back = MAPPER.readValue(MAPPER.writeValueAsString(snapshot), FleetSnapshot.class);

        assertThat(back.instances()).extracting(Ec2Instance::instanceId)
                .containsExactly(Fixtures.INSTANCE, Fixtures.SPOKE_INSTANCE, "i-0tagged");
        assertThat(back.instances().get(2).tags().keySet()).as("tags keep the collector's order")
                .startsWith("tag-0", "tag-1", "tag-2").endsWith("tag-38", "tag-39")
                .containsExactlyElementsOf(snapshot.instances().get(2).tags().keySet());
        assertThat(back.networkAcls()).filteredOn(NetworkAcl::isDefault).extracting(NetworkAcl::networkAclId)
                .containsExactly(Fixtures.ACL_DEFAULT, "acl-0spoke");
        assertThat(back.unknownFacts()).hasSize(2);
        assertThat(back.partial()).isTrue();
        for (var component : FleetSnapshot.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(back);
            if (value instanceof List<?> list) {
                assertThat(list).as(component.getName()).isNotEmpty();
            }
        }
    }

    @Test
    void serialise_snapshot_isoDatesWireNamesAndNoNulls() throws Exception {
        JsonNode tree = MAPPER.readTree(MAPPER.writeValueAsString(richSnapshot()));

        assertThat(tree.get("capturedAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(tree.get("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(tree.at("/networkAcls/0/isDefault").isBoolean()).isTrue();
        assertThat(tree.at("/instances/2").has("profileAssociation")).isFalse();
        assertThat(tree.at("/ssmInstances/0/lastPingAt").asText()).isEqualTo(NOW.minusSeconds(120).toString());
        assertThat(tree.has("partial")).as("derived values are not serialised").isFalse();
    }

    @Test
    void deserialise_unknownProperty_ignored() throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(richSnapshot());
        tree.put("someFutureField", 42);
        ((ObjectNode) tree.at("/instances/0")).put("hypervisor", "nitro");

        FleetSnapshot back = MAPPER.treeToValue(tree, FleetSnapshot.class);

        assertThat(back).isEqualTo(richSnapshot());
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of("", "accountId"),
                Arguments.of("", "capturedAt"),
                Arguments.of("/instances/0", "instanceId"),
                Arguments.of("/instances/0", "state"),
                Arguments.of("/instances/0/networkInterfaces/0", "privateIp"),
                Arguments.of("/securityGroups/0", "groupId"),
                Arguments.of("/securityGroups/0/ingress/0", "protocol"),
                Arguments.of("/networkAcls/0", "isDefault"),
                Arguments.of("/networkAcls/0/entries/0", "ruleNumber"),
                Arguments.of("/routeTables/0", "main"),
                Arguments.of("/routeTables/0/routes/0", "target"),
                Arguments.of("/vpcEndpoints/0", "privateDnsEnabled"),
                Arguments.of("/peeringConnections/0", "status"),
                Arguments.of("/unknownFacts/0", "kind"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("requiredFields")
    void deserialise_missingRequiredField_failsNamingTheField(String pointer, String field) {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(richSnapshot());
        JsonNode parent = pointer.isEmpty() ? tree : tree.at(pointer);
        assertThat(parent.has(field)).as("fixture has %s%s", pointer, field).isTrue();
        ((ObjectNode) parent).remove(field);

        assertThatThrownBy(() -> MAPPER.treeToValue(tree, FleetSnapshot.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("problem: " + field)
                .satisfies(e -> {
                    if (!pointer.isEmpty()) {
                        String collection = pointer.split("/")[1];
                        assertThat(((JsonMappingException) e).getPathReference())
                                .contains("FleetSnapshot[\"" + collection + "\"]");
                    }
                });
    }

    @Test
    void deserialise_nullInsideList_failsNamingTheList() {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(richSnapshot());
        ((ArrayNode) tree.get("subnets")).addNull();

        assertThatThrownBy(() -> MAPPER.treeToValue(tree, FleetSnapshot.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("subnets must not contain null");
    }

    @Test
    void deserialise_badTimestamp_failsNamingTheField() {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(richSnapshot());
        tree.put("capturedAt", "yesterday");

        assertThatThrownBy(() -> MAPPER.treeToValue(tree, FleetSnapshot.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getPathReference()).contains("capturedAt"));
    }
}
