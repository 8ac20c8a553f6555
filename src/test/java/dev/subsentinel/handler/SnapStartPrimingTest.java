package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.app.Application;
import dev.subsentinel.demo.DemoFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.IgnoredEvent;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.testing.CapturedLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming runs every offline path of an invocation and calls no AWS API: the application points at an
 * address where nothing listens (any call would fail and count), with a topic and a table configured as in Lambda.
 */
class SnapStartPrimingTest {

    private static Application offlineApplication() {
        return Application.create(AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
                        "SENTINEL_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:sentinel-alerts",
                        "SENTINEL_STATE_TABLE", "sentinel-state")),
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
                new Application.Io(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                        true));
    }

    @Test
    void prime_offlineApplication_runsEveryPathWithoutAnAwsCall() {
        try (Application application = offlineApplication()) {
            SnapStartPriming.Primed primed = SnapStartPriming.prime(application);

            assertThat(primed.events()).isEqualTo(SnapStartPriming.SAMPLE_EVENTS.size());
            assertThat(primed.instances()).isEqualTo(DemoFleet.snapshot(Instant.parse("2026-11-25T12:00:00Z"))
                    .instances().size());
            assertThat(primed.alerts()).isPositive();
            assertThat(primed.responseBytes()).isPositive();
            assertThat(application.clients().apiCalls().total()).isZero();
        }
    }

    @Test
    void sampleEvents_eachParsesToAnEventTheFunctionsActOn() {
        assertThat(SnapStartPriming.SAMPLE_EVENTS).allSatisfy(sample ->
                assertThat(EventParser.parse(sample)).isNotInstanceOf(IgnoredEvent.class));
        assertThat(SnapStartPriming.SAMPLE_EVENTS.stream().map(SnapStartPrimingTest::shape).distinct())
                .hasSize(SnapStartPriming.SAMPLE_EVENTS.size());
    }

    /** The kind of trigger a sample is; resource changes by origin (CloudTrail, Config). */
    private static String shape(String sample) {
        Trigger trigger = EventParser.parse(sample);
        return trigger instanceof ResourceChange change ? "ResourceChange " + change.origin()
                : trigger.getClass().getSimpleName();
    }

    @Test
    void beforeCheckpoint_registeredHook_primesAndKeepsNothingInTheApplication() {
        try (Application application = offlineApplication()) {
            SnapStartPriming hook = SnapStartPriming.register(application);

            hook.beforeCheckpoint(null);
            hook.afterRestore(null);

            assertThat(application.clients().apiCalls().total()).isZero();
        }
    }

    @Test
    void beforeCheckpoint_log_saysPrimingAndNothingThatReadsLikeAScan() {
        try (Application application = offlineApplication(); CapturedLog log = CapturedLog.start()) {
            SnapStartPriming.register(application).beforeCheckpoint(null);

            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("INFO SnapStart priming before the snapshot")
                    .contains("offline demo fleet", "no AWS call was made, nothing was sent"));
        }
    }
}
