package dev.subsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void reserve_burstThenRate_eachRequestDueOneIntervalAfterThePrevious() {
        RequestPacer.Bucket bucket = new RequestPacer.Bucket(3, 20);
        long t0 = System.nanoTime();

        long[] due = new long[6];
        for (int i = 0; i < due.length; i++) {
            due[i] = bucket.reserve(t0);
        }

        assertThat(due[0]).isZero();
        assertThat(due[1]).isZero();
        assertThat(due[2]).isZero();
        assertThat(due[3]).isBetween(SECOND / 20 - 1_000_000, SECOND / 20 + 1_000_000);
        assertThat(due[4]).isBetween(2 * SECOND / 20 - 1_000_000, 2 * SECOND / 20 + 1_000_000);
        assertThat(due[5]).isBetween(3 * SECOND / 20 - 1_000_000, 3 * SECOND / 20 + 1_000_000);
    }

    @Test
    void reserve_afterAPause_refilledUpToTheBurstOnly() {
        RequestPacer.Bucket bucket = new RequestPacer.Bucket(2, 10);
        long t0 = System.nanoTime();
        bucket.reserve(t0);
        bucket.reserve(t0);

        long later = t0 + 10 * SECOND;

        assertThat(bucket.reserve(later)).isZero();
        assertThat(bucket.reserve(later)).isZero();
        assertThat(bucket.reserve(later)).as("a long pause saves no more than the burst").isPositive();
    }

    @Test
    void fromEnvironment_paceVariables_readAndValidated() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("SENTINEL_AWS_MAX_CONCURRENT_CALLS", "4",
                "SENTINEL_AWS_REQUESTS_PER_SECOND", "2.5", "SENTINEL_AWS_REQUEST_BURST", "10"));

        assertThat(config.aws().rate()).isEqualTo(new AwsCallSettings.Rate(4, 2.5, 10));
        assertThat(AppConfig.fromEnvironment(Map.of()).aws().rate()).isEqualTo(AwsCallSettings.Rate.DEFAULTS)
                .isEqualTo(new AwsCallSettings.Rate(8, 20, 50));
        assertThat(AppConfig.fromEnvironment(Map.of("SENTINEL_AWS_REQUESTS_PER_SECOND", "0")).aws().rate().limited())
                .isFalse();
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SENTINEL_AWS_REQUESTS_PER_SECOND", "fast")))
                .isInstanceOf(ConfigException.class).hasMessage("SENTINEL_AWS_REQUESTS_PER_SECOND must be a number of"
                        + " requests per second per API (0 for no limit, at most 10000), was 'fast'");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SENTINEL_AWS_MAX_CONCURRENT_CALLS", "65")))
                .isInstanceOf(ConfigException.class).hasMessage("SENTINEL_AWS_MAX_CONCURRENT_CALLS must be at most 64,"
                        + " was '65'");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SENTINEL_AWS_REQUEST_BURST", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SENTINEL_AWS_REQUEST_BURST");
    }
}
