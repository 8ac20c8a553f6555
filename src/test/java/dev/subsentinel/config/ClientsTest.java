package dev.subsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.EmulatorEnv;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;

@ExtendWith(AwsFrontExtension.class)
class ClientsTest {

    @Test
    void create_regionAndEndpoint_everyClientUsesThemWithAdaptiveRetriesAndTheCounter() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
        try (Clients clients = Clients.create(config)) {
            List<SdkClient> all = List.of(clients.ec2(), clients.ssm(), clients.licenseManagerUserSubscriptions(),
                    clients.route53Resolver(), clients.directory(), clients.sns(), clients.dynamoDb(),
                    clients.config(), clients.sts());

            assertThat(clients.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(all).allSatisfy(client -> {
                AwsServiceClientConfiguration configuration =
                        (AwsServiceClientConfiguration) client.serviceClientConfiguration();
                assertThat(configuration.region()).isEqualTo(Region.EU_WEST_1);
                assertThat(configuration.endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
                assertThat(configuration.overrideConfiguration().retryStrategy()).get()
                        .isInstanceOf(AdaptiveRetryStrategy.class);
                assertThat(configuration.overrideConfiguration().executionInterceptors())
                        .contains(clients.apiCalls());
            });
        }
    }

    @Test
    void batches_valuesOverTheLimit_splitInOrder() {
        List<List<Integer>> batches = Clients.batches(IntStream.range(0, 450).boxed().toList(), 200);

        assertThat(batches).extracting(List::size).containsExactly(200, 200, 50);
        assertThat(batches.get(2).get(0)).isEqualTo(400);
        assertThat(Clients.batches(List.of(), 200)).isEmpty();
    }

    @Test
    void partition_region_fromTheSdksPartitionData() {
        assertThat(Clients.partition("eu-west-1")).isEqualTo("aws");
        assertThat(Clients.partition("cn-north-1")).isEqualTo("aws-cn");
        assertThat(Clients.partition("cn-southwest-9")).as("a China region newer than the SDK's list")
                .isEqualTo("aws-cn");
        assertThat(Clients.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
        assertThat(Clients.partition("us-iso-east-1")).isEqualTo("aws-iso");
        assertThat(Clients.partition(null)).isEqualTo("aws");
    }

    @Test
    void ec2_askedTwice_buildsOneClient() {
        try (Clients clients = Clients.create(AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1")))) {
            assertThat(clients.ec2()).isSameAs(clients.ec2());
            assertThat(clients.endpointOverride()).isNull();
        }
    }

    @Test
    void apiCalls_callRetriedAfterServiceErrors_countsEveryAttempt(AwsFront front) {
        front.failEc2("DescribeVpcs");
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        try (Clients clients = Clients.create(config)) {
            assertThatThrownBy(() -> clients.ec2().describeVpcs()).isInstanceOf(SdkException.class);
            clients.sts().getCallerIdentity();

            long attempts = AwsCallSettings.DEFAULTS.maxAttempts();
            assertThat(clients.apiCalls().byOperation()).containsEntry("Ec2:DescribeVpcs", attempts)
                    .containsEntry("Sts:GetCallerIdentity", 1L);
            assertThat(clients.apiCalls().total()).isEqualTo(attempts + 1).isEqualTo(front.requestsServed());
        }
    }
}
