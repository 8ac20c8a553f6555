package dev.subsentinel.app.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.core.model.Directory;
import dev.subsentinel.event.ChangeOrigin;
import dev.subsentinel.event.EventEnvelope;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceKind;
import dev.subsentinel.event.ResourceRef;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.FaultFront.Fault;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A change mapping whose reads fail (issue 8): a read refused for good re-evaluates every monitored instance and names
 * the refused IAM action, a read that failed in passing fails the invocation for Lambda to retry, and a fleet that
 * cannot be listed is never taken for an empty one. The faults come from {@link FaultFront} in front of moto.
 */
@ExtendWith(MotoExtension.class)
class ChangeMappingFaultsTest {

    private Ec2World world;
    private FaultFront front;
    private Ec2Client ec2;
    private ChangeImpactMapper mapper;

    @BeforeEach
    void setUp(MotoServer moto) {
        world = new Ec2World(moto);
        front = FaultFront.start(moto.endpoint());
        ec2 = Ec2Client.builder()
                .endpointOverride(front.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        mapper = new ChangeImpactMapper(ec2, new NoIdentityProviders(), Ec2World.TAG_KEY, Ec2World.TAG_VALUE);
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        front.close();
    }

    /** The directory side is not read by the changes these tests map. */
    private static final class NoIdentityProviders implements IdentityProviderSource {

        @Override
        public IdentityProviderListing identityProviders() {
            return new IdentityProviderListing(List.of(), 1);
        }

        @Override
        public Listed<List<Directory>> directories() {
            return new Listed<>(List.of(), 1);
        }

        @Override
        public Listed<Map<String, String>> licenseServerEndpoints() {
            return new Listed<>(Map.of(), 1);
        }
    }

    private static ResourceChange groupChange(String groupId) {
        EventEnvelope envelope = new EventEnvelope("e-1", "aws.ec2", "AWS API Call via CloudTrail", "123456789012",
                "us-east-1", Instant.parse("2026-11-25T12:00:00Z"), List.of());
        return new ResourceChange(envelope, ChangeOrigin.CLOUDTRAIL, "AuthorizeSecurityGroupEgress", envelope.time(),
                List.of(new ResourceRef(ResourceKind.SECURITY_GROUP, groupId)), List.of());
    }

    @Test
    void affectedInstances_groupLookupDenied_everyMonitoredInstanceWidenedWithTheRefusedAction() {
        String vpc = world.vpc("10.0.0.0/16");
        String subnetA = world.subnet(vpc, "10.0.1.0/24");
        String subnetB = world.subnet(vpc, "10.0.2.0/24");
        String app = world.securityGroup(vpc, "app");
        String user = world.monitored(subnetA, app);
        String other = world.monitored(subnetB);
        world.unmonitored(subnetA, app);
        // On no monitored instance, so the mapping must look the group up to find its VPC.
        String group = world.securityGroup(vpc, "endpoints");
        front.fail("DescribeSecurityGroups", Fault.DENIED);

        ChangeImpact impact = mapper.affectedInstances(groupChange(group), Set.of());

        assertThat(impact.widened()).isTrue();
        assertThat(impact.instanceIds()).containsExactlyInAnyOrder(user, other);
        assertThat(impact.explanation()).contains("ec2:DescribeSecurityGroups was refused (AccessDenied)")
                .contains("every monitored instance is re-evaluated");
        assertThat(front.injected()).containsExactly(Map.entry("DENIED", 1));
    }

    @Test
    void affectedInstances_endpointLookupServerError_failsRetryableNamingTheAction() {
        String vpc = world.vpc("10.0.0.0/16");
        String subnet = world.subnet(vpc, "10.0.1.0/24");
        String group = world.securityGroup(vpc, "app");
        world.monitored(subnet, group);
        // The group is on a monitored instance: the mapping looks for the endpoints in its VPC that also use it.
        front.fail("DescribeVpcEndpoints", Fault.SERVER_ERROR);

        assertThatThrownBy(() -> mapper.affectedInstances(groupChange(group), Set.of()))
                .isInstanceOfSatisfying(MappingReadException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.action()).isEqualTo("ec2:DescribeVpcEndpoints");
                    assertThat(e.getMessage()).isEqualTo("InternalError: ec2:DescribeVpcEndpoints failed on the"
                            + " service side (HTTP 500)");
                });
    }

    @Test
    void affectedInstances_fleetListingDenied_failsInsteadOfReportingNoInstance() {
        String vpc = world.vpc("10.0.0.0/16");
        String subnet = world.subnet(vpc, "10.0.1.0/24");
        String group = world.securityGroup(vpc, "app");
        world.monitored(subnet, group);
        front.fail("DescribeInstances", Fault.DENIED);

        assertThatThrownBy(() -> mapper.affectedInstances(groupChange(group), Set.of()))
                .isInstanceOfSatisfying(MappingReadException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.action()).isEqualTo("ec2:DescribeInstances");
                    assertThat(e.errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).isEqualTo("AccessDenied: ec2:DescribeInstances is not allowed");
                });
    }
}
