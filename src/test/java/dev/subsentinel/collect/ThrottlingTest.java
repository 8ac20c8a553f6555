package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.MotoServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scan of 500 instances while 30 % of all responses are throttled (EC2 RequestLimitExceeded, JSON
 * ThrottlingException, LM-US's 429, bare 429 and 503, drawn from a seeded sequence by a {@link FaultFront}) ends
 * with exactly the report of the same scan without throttling: the adaptive retries absorb it. The retry settings
 * are the product's with shorter delays (the backoff's length is not what is tested) and ten attempts, so that a call
 * fails only after ten throttled answers in a row (0.3^10 per call).
 */
@ExtendWith(AwsFrontExtension.class)
class ThrottlingTest {

    @Test
    void scan_fiveHundredInstancesThirtyPercentThrottled_sameReportAsWithout(AwsFront front, MotoServer moto) {
        ApiCallCountTest.seed(500, front, moto);
        ScanReport calm = FaultInjectionTest.run(config(front.endpoint().toString()));

        ScanReport throttled;
        int injected;
        int requests;
        try (FaultFront faults = FaultFront.start(front.endpoint())) {
            faults.throttle(0.3, 20261125L);
            throttled = FaultInjectionTest.run(config(faults.endpoint().toString()));
            injected = faults.injectedTotal();
            requests = faults.requests();
            System.out.println("throttled " + injected + " of " + requests + " responses: " + faults.injected()
                    + "; " + calm.awsApiCalls() + " calls without throttling, " + throttled.awsApiCalls() + " with");
        }

        assertThat(calm.instances()).hasSize(500);
        assertThat(calm.unknownFacts()).isEmpty();
        assertThat(throttled.unknownFacts()).isEmpty();
        assertThat(throttled.partial()).isFalse();
        assertThat(throttled.summary()).isEqualTo(calm.summary());
        assertThat(throttled.instances()).isEqualTo(calm.instances());
        assertThat(injected).as("about 30 % of %d requests throttled", requests)
                .isGreaterThanOrEqualTo(requests / 5).isLessThanOrEqualTo(requests * 2 / 5);
        assertThat(throttled.awsApiCalls()).isEqualTo(calm.awsApiCalls() + injected);
    }

    private static AppConfig config(String endpoint) {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(java.net.URI.create(endpoint)));
        return config.withAws(config.aws().withRetries(10, Duration.ofMillis(5), Duration.ofMillis(20)));
    }
}
