package dev.subsentinel.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.multi.Target;
import dev.subsentinel.app.multi.TargetMessage;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code events/} parses to the trigger it stands for. The expectations are listed per file: a new
 * event file without one fails {@link #everyEventFile_hasAnExpectation()}.
 */
class EventFilesTest {

    private static final Path EVENTS = Path.of("events");
    private static final Path MIRROR = Path.of("src", "test", "resources", "events");
    private static final String INSTANCE = "i-0123456789abcdef0";
    private static final String OTHER_INSTANCE = "i-0fedcba9876543210";
    private static final String VPC = "vpc-0a1b2c3d4e5f67890";
    private static final String ENDPOINT_SG = "sg-0123456789abcdef0";
    private static final String INSTANCE_SG = "sg-0fedcba9876543210";
    private static final String NEW_SG = "sg-0aa11bb22cc33dd44";
    private static final String DIRECTORY = "d-9067abcdef";
    private static final String LMUS_ARN = "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:";
    private static final String IDENTITY_PROVIDER = LMUS_ARN
            + "identity-provider/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
    private static final String LICENSE_SERVER_ENDPOINT = LMUS_ARN + "license-server-endpoint/lse-0a1b2c3d4e5f60718";

    private static final Map<String, Consumer<Trigger>> EXPECTATIONS = expectations();

    /** The worker's SQS events (issue 11): each record's body is a target message or a member's change event. */
    private static final String SQS_PREFIX = "sqs-";

    @Test
    void everyEventFile_hasAnExpectation() throws IOException {
        assertThat(new TreeSet<>(EXPECTATIONS.keySet())).isEqualTo(new TreeSet<>(jsonFiles(EVENTS).stream()
                .filter(n -> !n.startsWith(SQS_PREFIX)).toList()));
        assertThat(jsonFiles(EVENTS)).filteredOn(n -> n.startsWith(SQS_PREFIX))
                .containsExactly("sqs-worker-member-change.json", "sqs-worker-target.json");
    }

    @Test
    void sqsEventFiles_eachRecordATargetMessageOrAMemberChangeEvent() throws IOException {
        JsonNode target = Json.mapper().readTree(EVENTS.resolve("sqs-worker-target.json").toFile());
        JsonNode change = Json.mapper().readTree(EVENTS.resolve("sqs-worker-member-change.json").toFile());

        assertThat(target.get("Records")).singleElement().satisfies(record -> {
            assertThat(record.get("eventSource").asText()).isEqualTo("aws:sqs");
            TargetMessage message = TargetMessage.parse(record.get("body").asText());
            assertThat(message.target()).isEqualTo(new Target("123456789012", "us-west-2"));
            assertThat(message.shard()).isNull();
        });
        assertThat(change.get("Records")).singleElement().satisfies(record -> {
            Trigger trigger = EventParser.parse(record.get("body").asText());
            assertThat(trigger).isInstanceOf(InstanceStateChange.class);
            InstanceStateChange stateChange = (InstanceStateChange) trigger;
            assertThat(stateChange.envelope().account()).as("a member account's event").isEqualTo("111122223333");
            assertThat(stateChange.instanceId()).isEqualTo(INSTANCE);
        });
    }

    @Test
    void eventsDirectory_mirroredInTestResources_identical() throws IOException {
        assertThat(jsonFiles(MIRROR)).isEqualTo(jsonFiles(EVENTS));
        for (String name : jsonFiles(EVENTS)) {
            assertThat(Files.readString(MIRROR.resolve(name))).as(name)
                    .isEqualTo(Files.readString(EVENTS.resolve(name)));
        }
    }

    static Stream<String> eventFiles() throws IOException {
        return jsonFiles(EVENTS).stream().filter(n -> !n.startsWith(SQS_PREFIX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void parse_eventFile_givesItsTrigger(String name) throws IOException {
        Consumer<Trigger> expectation = EXPECTATIONS.get(name);
        assertThat(expectation).as("expectation for " + name).isNotNull();
        try (InputStream in = getClass().getResourceAsStream("/events/" + name)) {
            assertThat(in).as("classpath copy of " + name).isNotNull();
            Trigger trigger = EventParser.parse(in);
            expectation.accept(trigger);
            assertThat(trigger.describe()).isNotBlank();
        }
    }

    private static List<String> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    private static Map<String, Consumer<Trigger>> expectations() {
        Map<String, Consumer<Trigger>> e = new TreeMap<>();
        e.put("cloudtrail-associate-iam-instance-profile.json",
                cloudTrail("AssociateIamInstanceProfile", INSTANCE, "iip-assoc-0a1b2c3d4e5f60718"));
        e.put("cloudtrail-associate-route-table.json", cloudTrail("AssociateRouteTable", "subnet-0fedcba9876543210")
                .andThen(context("rtb-0fedcba9876543210", "rtbassoc-0aa11bb22cc33dd44")));
        e.put("cloudtrail-authorize-sg-egress.json", cloudTrail("AuthorizeSecurityGroupEgress", INSTANCE_SG)
                .andThen(context(ENDPOINT_SG)));
        e.put("cloudtrail-authorize-sg-ingress.json", cloudTrail("AuthorizeSecurityGroupIngress", ENDPOINT_SG));
        e.put("cloudtrail-create-network-acl-entry.json",
                cloudTrail("CreateNetworkAclEntry", "acl-0123456789abcdef0"));
        e.put("cloudtrail-create-route.json", cloudTrail("CreateRoute", "rtb-0123456789abcdef0")
                .andThen(context("pcx-0123456789abcdef0")));
        e.put("cloudtrail-create-security-group.json", ignored("no members"));
        e.put("cloudtrail-create-vpc-endpoint.json", cloudTrail("CreateVpcEndpoint", "vpce-0a9b8c7d6e5f43210")
                .andThen(context(VPC, "subnet-0123456789abcdef0", ENDPOINT_SG, "eni-0a9b8c7d6e5f43210")));
        e.put("cloudtrail-delete-network-acl-entry.json",
                cloudTrail("DeleteNetworkAclEntry", "acl-0123456789abcdef0"));
        e.put("cloudtrail-delete-route.json", cloudTrail("DeleteRoute", "rtb-0123456789abcdef0"));
        e.put("cloudtrail-delete-security-group.json", cloudTrail("DeleteSecurityGroup", ENDPOINT_SG));
        e.put("cloudtrail-delete-vpc-endpoints.json", cloudTrail("DeleteVpcEndpoints", "vpce-0123456789abcdef0"));
        e.put("cloudtrail-disassociate-iam-instance-profile.json",
                cloudTrail("DisassociateIamInstanceProfile", "iip-assoc-05020b59952902f5f", INSTANCE));
        e.put("cloudtrail-disassociate-route-table.json",
                cloudTrail("DisassociateRouteTable", "rtbassoc-0aa11bb22cc33dd44"));
        e.put("cloudtrail-modify-instance-attribute-groups.json", cloudTrail("ModifyInstanceAttribute", INSTANCE)
                .andThen(context(INSTANCE_SG, NEW_SG)));
        e.put("cloudtrail-modify-network-interface-attribute-groups.json",
                cloudTrail("ModifyNetworkInterfaceAttribute", "eni-0123456789abcdef0").andThen(context(NEW_SG)));
        e.put("cloudtrail-modify-security-group-rules.json", cloudTrail("ModifySecurityGroupRules", ENDPOINT_SG)
                .andThen(context(INSTANCE_SG)));
        e.put("cloudtrail-modify-vpc-attribute.json", cloudTrail("ModifyVpcAttribute", VPC));
        e.put("cloudtrail-modify-vpc-endpoint.json", cloudTrail("ModifyVpcEndpoint", "vpce-0123456789abcdef0")
                .andThen(context(ENDPOINT_SG, NEW_SG)));
        e.put("cloudtrail-replace-iam-instance-profile-association.json",
                cloudTrail("ReplaceIamInstanceProfileAssociation", "iip-assoc-0a1b2c3d4e5f60718",
                        "iip-assoc-0b2c3d4e5f6071829", INSTANCE));
        e.put("cloudtrail-replace-network-acl-association.json", cloudTrail("ReplaceNetworkAclAssociation",
                "aclassoc-0123456789abcdef0", "aclassoc-0fedcba9876543210").andThen(context("acl-0fedcba9876543210")));
        e.put("cloudtrail-replace-network-acl-entry.json",
                cloudTrail("ReplaceNetworkAclEntry", "acl-0123456789abcdef0"));
        e.put("cloudtrail-replace-route-table-association.json", cloudTrail("ReplaceRouteTableAssociation",
                "rtbassoc-0123456789abcdef0", "rtbassoc-0fedcba9876543210").andThen(context("rtb-0fedcba9876543210")));
        e.put("cloudtrail-replace-route.json", cloudTrail("ReplaceRoute", "rtb-0123456789abcdef0")
                .andThen(context("nat-0123456789abcdef0")));
        e.put("cloudtrail-revoke-sg-egress.json", cloudTrail("RevokeSecurityGroupEgress", INSTANCE_SG));
        e.put("cloudtrail-revoke-sg-ingress.json", cloudTrail("RevokeSecurityGroupIngress", ENDPOINT_SG));
        e.put("cloudtrail-revoke-sg-ingress-domain-controllers.json",
                cloudTrail("RevokeSecurityGroupIngress", "sg-0d0c0a1b2c3d4e5f6")
                        .andThen(changedAt("2026-11-25T12:15:57Z")));
        e.put("config-ci-change-instance.json", config("AWS::EC2::Instance UPDATE", INSTANCE)
                .andThen(changedAt("2026-11-25T12:41:41.306Z")).andThen(context("eni-0123456789abcdef0", VPC)));
        e.put("config-ci-change-internet-gateway.json",
                config("AWS::EC2::InternetGateway UPDATE", "igw-0123456789abcdef0").andThen(context(VPC)));
        e.put("config-ci-change-nat-gateway.json", config("AWS::EC2::NatGateway UPDATE", "nat-0123456789abcdef0")
                .andThen(context(VPC, "subnet-0fedcba9876543210")));
        e.put("config-ci-change-network-acl.json", config("AWS::EC2::NetworkAcl UPDATE", "acl-0123456789abcdef0")
                .andThen(context(VPC, "subnet-0123456789abcdef0")));
        e.put("config-ci-change-network-interface.json",
                config("AWS::EC2::NetworkInterface UPDATE", "eni-0123456789abcdef0")
                        .andThen(context(INSTANCE, NEW_SG, VPC)));
        e.put("config-ci-change-oversized-security-group.json", config("AWS::EC2::SecurityGroup UPDATE", INSTANCE_SG)
                .andThen(changedAt("2026-11-25T12:42:41.306Z")));
        e.put("config-ci-change-route-table.json", config("AWS::EC2::RouteTable UPDATE", "rtb-0123456789abcdef0")
                .andThen(context(VPC, "subnet-0123456789abcdef0", "nat-0123456789abcdef0")));
        e.put("config-ci-change-security-group.json", config("AWS::EC2::SecurityGroup UPDATE", ENDPOINT_SG)
                .andThen(context(VPC)).andThen(changedAt("2026-11-25T12:00:57.456Z")));
        e.put("config-ci-change-subnet.json", config("AWS::EC2::Subnet UPDATE", "subnet-0123456789abcdef0")
                .andThen(context(VPC)));
        e.put("config-ci-change-vpc-endpoint.json", config("AWS::EC2::VPCEndpoint UPDATE", "vpce-0123456789abcdef0")
                .andThen(context(VPC, NEW_SG)));
        e.put("config-ci-change-vpc-peering-connection.json",
                config("AWS::EC2::VPCPeeringConnection UPDATE", "pcx-0123456789abcdef0")
                        .andThen(context(VPC, "vpc-0b2c3d4e5f6a78901")));
        e.put("config-ci-change-vpc.json", config("AWS::EC2::VPC UPDATE", VPC));
        e.put("config-rule-change-triggered.json", configRule(ConfigMessageType.CONFIGURATION_ITEM_CHANGE,
                "2026-11-25T12:00:57.456Z", false).andThen(t -> assertThat(((ConfigRuleInvocation) t)
                        .ruleParameters()).containsExactly(Map.entry("activationPort", "1688"))));
        e.put("config-rule-event-left-scope.json", configRule(ConfigMessageType.CONFIGURATION_ITEM_CHANGE,
                "2026-11-25T12:30:05.871Z", true).andThen(t -> assertThat(((ConfigRuleInvocation) t).item().deleted())
                        .isTrue()));
        e.put("config-rule-oversized.json", configRule(ConfigMessageType.OVERSIZED_CONFIGURATION_ITEM_CHANGE,
                "2026-11-25T12:20:31.402Z", false));
        e.put("config-rule-periodic.json", t -> {
            assertThat(t).isInstanceOf(ConfigRuleInvocation.class);
            ConfigRuleInvocation rule = (ConfigRuleInvocation) t;
            assertThat(rule.periodic()).isTrue();
            assertThat(rule.item()).isNull();
            assertThat(rule.orderingTimestamp()).isEqualTo(Instant.parse("2026-11-25T12:00:00.373Z"));
            assertThat(rule.configRuleName()).isEqualTo("lmus-periodic-compliance");
        });
        e.put("ec2-instance-state-change.json", t -> {
            assertThat(t).isInstanceOf(InstanceStateChange.class);
            InstanceStateChange change = (InstanceStateChange) t;
            assertThat(change.instanceId()).isEqualTo(INSTANCE);
            assertThat(change.state()).isEqualTo("stopped");
            assertThat(change.terminal()).isFalse();
        });
        e.put("lmus-instance-activated.json", lmus(LmusEventKind.ACTIVATED, "ACTIVATED", INSTANCE, OTHER_INSTANCE));
        e.put("lmus-instance-activation-failed.json", lmus(LmusEventKind.ACTIVATION_FAILED,
                "Office activation against the KMS VPC endpoint on TCP 1688 timed out", INSTANCE));
        e.put("lmus-instance-terminated.json", lmus(LmusEventKind.TERMINATED,
                "Instance could not be returned to a healthy state and was terminated", INSTANCE));
        e.put("lmus-instance-unhealthy.json", lmus(LmusEventKind.UNHEALTHY,
                "Instance is not managed by AWS Systems Manager", INSTANCE));
        e.put("lmus-identity-provider-registration-failed.json", provider(
                LmusEventKind.IDENTITY_PROVIDER_REGISTRATION_FAILED, List.of(IDENTITY_PROVIDER), List.of(),
                List.of(DIRECTORY), "The security group sg-0123456789abcdef0 does not allow inbound TCP 1688 from the"
                        + " instance subnets"));
        e.put("lmus-identity-provider-deregistered.json", provider(LmusEventKind.IDENTITY_PROVIDER_DEREGISTERED,
                List.of(), List.of(), List.of(DIRECTORY), "DEREGISTERED"));
        e.put("lmus-license-server-endpoint-unhealthy.json", provider(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_UNHEALTHY, List.of(), List.of(LICENSE_SERVER_ENDPOINT),
                List.of(), "The RD licensing server at 10.1.1.25 does not answer on TCP 135"));
        e.put("lmus-license-server-endpoint-healthy.json", provider(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_HEALTHY, List.of(), List.of(LICENSE_SERVER_ENDPOINT),
                List.of(), "Both licence servers answer"));
        e.put("lmus-license-server-endpoint-provisioned.json", provider(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_PROVISIONED, List.of(), List.of(LICENSE_SERVER_ENDPOINT),
                List.of(), "PROVISIONED"));
        e.put("lmus-license-server-endpoint-deleted.json", provider(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_DELETED, List.of(IDENTITY_PROVIDER), List.of(),
                List.of(DIRECTORY), "The licence server endpoint was deleted"));
        e.put("lmus-license-server-endpoint-provisioning-failed.json", provider(
                LmusEventKind.LICENSE_SERVER_ENDPOINT_PROVISIONING_FAILED, List.of(), List.of(), List.of(),
                "The license server's network interfaces could not be created in the subnets given")
                .andThen(t -> assertThat(((IdentityProviderEvent) t).identifiesProvider()).isFalse()));
        e.put("manual-invoke.json", t -> assertThat(t).isEqualTo(new ManualRun(List.of(INSTANCE, OTHER_INSTANCE),
                true)));
        e.put("scheduled-scan.json", t -> {
            assertThat(t).isInstanceOf(ScheduledScan.class);
            assertThat(((ScheduledScan) t).ruleArn())
                    .isEqualTo("arn:aws:events:us-east-1:123456789012:rule/lmus-compliance-scan");
            assertThat(((ScheduledScan) t).envelope().time()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        });
        e.put("ssm-compliance-state-change.json", t -> {
            assertThat(t).isInstanceOf(SsmComplianceChange.class);
            SsmComplianceChange change = (SsmComplianceChange) t;
            assertThat(change.instanceId()).isEqualTo(INSTANCE);
            assertThat(change.complianceType()).isEqualTo("Association");
            assertThat(change.complianceStatus()).isEqualTo("non_compliant");
        });
        return e;
    }

    private static Consumer<Trigger> cloudTrail(String action, String... subjects) {
        return change(ChangeOrigin.CLOUDTRAIL, action, subjects);
    }

    private static Consumer<Trigger> config(String action, String... subjects) {
        return change(ChangeOrigin.CONFIG, action, subjects);
    }

    private static Consumer<Trigger> change(ChangeOrigin origin, String action, String... subjects) {
        return t -> {
            assertThat(t).isInstanceOf(ResourceChange.class);
            ResourceChange change = (ResourceChange) t;
            assertThat(change.origin()).isEqualTo(origin);
            assertThat(change.action()).isEqualTo(action);
            assertThat(change.subjects()).extracting(ResourceRef::id).containsExactly(subjects);
            assertThat(change.changedAt()).isNotNull();
            assertThat(change.context()).doesNotContainAnyElementsOf(change.subjects());
        };
    }

    private static Consumer<Trigger> context(String... ids) {
        return t -> assertThat(((ResourceChange) t).context()).extracting(ResourceRef::id).contains(ids);
    }

    private static Consumer<Trigger> changedAt(String time) {
        return t -> assertThat(((ResourceChange) t).changedAt()).isEqualTo(Instant.parse(time));
    }

    private static Consumer<Trigger> ignored(String reasonPart) {
        return t -> {
            assertThat(t).isInstanceOf(IgnoredEvent.class);
            assertThat(((IgnoredEvent) t).reason()).contains(reasonPart);
        };
    }

    private static Consumer<Trigger> configRule(ConfigMessageType type, String ordering, boolean gone) {
        return t -> {
            assertThat(t).isInstanceOf(ConfigRuleInvocation.class);
            ConfigRuleInvocation rule = (ConfigRuleInvocation) t;
            assertThat(rule.messageType()).isEqualTo(type);
            assertThat(rule.item().resourceType()).isEqualTo("AWS::EC2::Instance");
            assertThat(rule.item().resourceId()).isEqualTo(INSTANCE);
            assertThat(rule.orderingTimestamp()).isEqualTo(Instant.parse(ordering));
            assertThat(rule.resourceGone()).isEqualTo(gone);
            assertThat(rule.resultToken()).isEqualTo("myResultToken");
        };
    }

    private static Consumer<Trigger> provider(LmusEventKind kind, List<String> providers, List<String> endpoints,
            List<String> directories, String message) {
        return t -> {
            assertThat(t).isInstanceOf(IdentityProviderEvent.class);
            IdentityProviderEvent event = (IdentityProviderEvent) t;
            assertThat(event.kind()).isEqualTo(kind);
            assertThat(event.identityProviderArns()).isEqualTo(providers);
            assertThat(event.licenseServerEndpointArns()).isEqualTo(endpoints);
            assertThat(event.directoryIds()).isEqualTo(directories);
            assertThat(event.message()).isEqualTo(message);
        };
    }

    private static Consumer<Trigger> lmus(LmusEventKind kind, String message, String... ids) {
        return t -> {
            assertThat(t).isInstanceOf(LmusInstanceEvent.class);
            LmusInstanceEvent event = (LmusInstanceEvent) t;
            assertThat(event.kind()).isEqualTo(kind);
            assertThat(event.instanceIds()).containsExactly(ids);
            assertThat(event.statusMessage()).isEqualTo(message);
        };
    }
}
