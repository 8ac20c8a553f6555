package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class AwsCallsTest {

    @Test
    void fetch_manyTasksAtOnce_neverMoreCallsInFlightThanTheLimit() throws Exception {
        AwsCalls calls = new AwsCalls(3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch threeIn = new CountDownLatch(3);

        List<Future<Fetched<Integer>>> futures = calls.forkEach(IntStream.range(0, 24).boxed().toList(),
                i -> calls.fetch("ec2:DescribeVpcs", () -> {
                    highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    threeIn.countDown();
                    try {
                        threeIn.await(5, TimeUnit.SECONDS);
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inFlight.decrementAndGet();
                    return i;
                }));

        List<Fetched<Integer>> results = AwsCalls.joinAll(futures);
        assertThat(results).extracting(f -> f.orElse(-1)).containsExactlyElementsOf(IntStream.range(0, 24).boxed()
                .toList());
        assertThat(highest.get()).isEqualTo(3);
    }

    @Test
    void fetch_oneActionAtItsLimit_anotherActionStillRuns() throws Exception {
        AwsCalls calls = new AwsCalls(1);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Fetched<String>> blocking = calls.fork(() -> calls.fetch("ec2:DescribeVpcAttribute", () -> {
            held.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "attribute";
        }));
        held.await(5, TimeUnit.SECONDS);

        Fetched<String> other = calls.fetch("ssm:DescribeInstanceInformation", () -> "nodes");

        assertThat(other.orElse(null)).as("not held up by the other action's permit").isEqualTo("nodes");
        assertThat(blocking.isDone()).isFalse();
        release.countDown();
        assertThat(AwsCalls.join(blocking).orElse(null)).isEqualTo("attribute");
    }

    @Test
    void fetch_sdkFailure_becomesAFailureNamingTheAction() {
        AwsCalls calls = new AwsCalls(1);

        Fetched<String> fetched = calls.fetch("ec2:DescribeVpcAttribute", () -> {
            throw AwsServiceException.builder().statusCode(403)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation").build()).build();
        });

        assertThat(fetched).isEqualTo(new Fetched.Failed<String>("ec2:DescribeVpcAttribute", "AccessDenied",
                "AccessDenied: ec2:DescribeVpcAttribute is not allowed", false));
        assertThat(fetched.ok()).isFalse();
        assertThat(fetched.orElse("fallback")).isEqualTo("fallback");
    }

    @Test
    void fetch_unreadableResponse_becomesAFailureInsteadOfEscaping() {
        AwsCalls calls = new AwsCalls(1);

        Fetched<String> fetched = calls.fetch("ec2:DescribeSubnets", () -> {
            throw new IllegalArgumentException("vpcId must not be blank");
        });

        assertThat(fetched.failure()).isEqualTo("MalformedResponse: ec2:DescribeSubnets returned a response that"
                + " could not be read: java.lang.IllegalArgumentException: vpcId must not be blank");
        assertThat(fetched.failed().code()).isEqualTo("MalformedResponse");
    }
}
