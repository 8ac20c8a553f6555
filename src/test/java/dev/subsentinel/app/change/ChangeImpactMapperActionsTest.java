package dev.subsentinel.app.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.event.ChangeOrigin;
import dev.subsentinel.event.EventEnvelope;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.LmusEventKind;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceKind;
import dev.subsentinel.event.ResourceRef;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.testing.EmulatorEnv;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * {@link ChangeImpactMapper#REQUIRED_ACTIONS} is exactly what the production mapper calls: a change of every kind of
 * subject is mapped on the {@link SeededFleet} (moto, LM-US canned by the front), and the operations the front saw,
 * as IAM actions, must equal the declared list. The change function's policy is compared with that list in
 * FunctionPoliciesTemplateTest.
 */
@ExtendWith(AwsFrontExtension.class)
class ChangeImpactMapperActionsTest {

    private static final Map<String, String> SERVICE_OF_OPERATION = Map.of(
            "ListIdentityProviders", "license-manager-user-subscriptions",
            "ListLicenseServerEndpoints", "license-manager-user-subscriptions",
            "DescribeDirectories", "ds");
    private static final String ENDPOINT =
            "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:license-server-endpoint/lse-1";

    @Test
    void affectedInstances_everyKindOfSubject_callsExactlyTheDeclaredActions(AwsFront front, MotoServer moto) {
        SeededFleet fleet = SeededFleet.seed(moto, front, Instant.now());
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            Ec2Client ec2 = clients.ec2();
            ChangeImpactMapper mapper = ChangeImpactMapper.of(config, ec2,
                    new LmusIdentityProviderSource(clients.licenseManagerUserSubscriptions(), clients.directory()));
            front.lmus().add(new CannedAws.Lmus.LicenseServerEndpoint(ENDPOINT, new CannedAws.Lmus.Provider(
                    fleet.id("d.corp"), SeededFleet.OFFICE, List.of(), "").arn()));
            String routeAssociation = ec2.describeRouteTables(r -> r.routeTableIds(fleet.id("rtb.app")))
                    .routeTables().get(0).associations().get(0).routeTableAssociationId();
            String aclAssociation = ec2.describeNetworkAcls(r -> r.networkAclIds(fleet.id("acl.app-isolated")))
                    .networkAcls().get(0).associations().get(0).networkAclAssociationId();
            String profileAssociation = ec2.describeIamInstanceProfileAssociations(r -> r.filters(Filter.builder()
                    .name("instance-id").values(fleet.id("i.office-ok")).build()))
                    .iamInstanceProfileAssociations().get(0).associationId();
            String endpointInterface = ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(fleet.id("vpce.ssm")))
                    .vpcEndpoints().get(0).networkInterfaceIds().get(0);
            List<ResourceChange> changes = List.of(
                    change(ResourceKind.INSTANCE, fleet.id("i.office-ok")),
                    change(ResourceKind.INSTANCE_PROFILE_ASSOCIATION, profileAssociation),
                    change(ResourceKind.SECURITY_GROUP, fleet.id("sg.activation")),
                    change(ResourceKind.SECURITY_GROUP, fleet.id("sg.ssm-endpoints")),
                    change(ResourceKind.SECURITY_GROUP, fleet.id("sg.dc")),
                    change(ResourceKind.SECURITY_GROUP, fleet.id("sg.dir-default")),
                    change(ResourceKind.VPC, fleet.id("vpc.app")),
                    change(ResourceKind.VPC_ENDPOINT, fleet.id("vpce.ssm")),
                    change(ResourceKind.SUBNET, fleet.id("subnet.app-endpoints")),
                    change(ResourceKind.SUBNET, fleet.id("subnet.nat-public")),
                    change(ResourceKind.ROUTE_TABLE, fleet.id("rtb.app")),
                    change(ResourceKind.ROUTE_TABLE_ASSOCIATION, routeAssociation),
                    change(ResourceKind.NETWORK_ACL, fleet.id("acl.app-isolated")),
                    change(ResourceKind.NETWORK_ACL_ASSOCIATION, aclAssociation),
                    change(ResourceKind.NAT_GATEWAY, fleet.id("nat.nat")),
                    change(ResourceKind.INTERNET_GATEWAY, fleet.id("igw.nat")),
                    change(ResourceKind.NETWORK_INTERFACE, endpointInterface),
                    change(ResourceKind.PEERING_CONNECTION, fleet.id("pcx.app-dir")));
            front.resetRequests();

            List<String> mapped = new ArrayList<>();
            for (ResourceChange change : changes) {
                ChangeImpact impact = mapper.affectedInstances(change, Set.of());
                mapped.add(change.subjects().get(0).kind() + " " + impact.instanceIds().size());
            }
            mapper.monitoredAmong(List.of(fleet.id("i.vs-untagged")), Set.of());
            ChangeImpact ofEndpoint = mapper.instancesOfIdentityProviders(new IdentityProviderEvent(new EventEnvelope(
                    "e-2", "aws.license-manager-user-subscriptions", "License Server Endpoint Unhealthy",
                    "123456789012", "us-east-1", Instant.parse("2026-11-25T12:00:00Z"), List.of(ENDPOINT)),
                    LmusEventKind.LICENSE_SERVER_ENDPOINT_UNHEALTHY, List.of(), List.of(ENDPOINT), List.of(), null),
                    Set.of());
            mapped.add("licence server endpoint " + ofEndpoint.instanceIds().size());
            assertThat(ofEndpoint.widened()).isFalse();
            assertThat(ofEndpoint.instanceIds()).isNotEmpty();

            Set<String> called = new TreeSet<>();
            front.requestsByOperation().keySet().forEach(operation -> called.add(
                    SERVICE_OF_OPERATION.getOrDefault(operation, "ec2") + ":" + operation));
            assertThat(called).as("mapped: " + mapped)
                    .containsExactlyElementsOf(new TreeSet<>(ChangeImpactMapper.REQUIRED_ACTIONS));
        }
    }

    private static ResourceChange change(ResourceKind kind, String id) {
        EventEnvelope envelope = new EventEnvelope("e-1", "aws.ec2", "AWS API Call via CloudTrail", "123456789012",
                "us-east-1", Instant.parse("2026-11-25T12:00:00Z"), List.of());
        return new ResourceChange(envelope, ChangeOrigin.CLOUDTRAIL, "Test", envelope.time(),
                List.of(new ResourceRef(kind, id)), List.of());
    }
}
