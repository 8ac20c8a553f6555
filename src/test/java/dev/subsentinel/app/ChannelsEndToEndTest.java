package dev.subsentinel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.Json;
import dev.subsentinel.publish.Channel;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.TrackClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The three channels through the application wiring on the emulator (moto behind the front): the alert topic and the
 * chat topic each deliver to an SQS queue in moto, Security Hub is moto's behind the front. Security Hub is not enabled
 * at first (the front refuses every finding with InvalidAccess, as AWS does; moto would accept them): the alert topic
 * and chat still deliver every alert, Security Hub's alerts stay in the outbox and are counted failed; once Security
 * Hub accepts, the next run imports them and sends nothing again on the topics.
 */
@ExtendWith(AwsFrontExtension.class)
class ChannelsEndToEndTest {

    private final Instant seededAt = Instant.now();
    private SqsClient sqs;
    private String alertQueue;
    private String chatQueue;
    private Map<String, String> environment;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        SeededFleet.seed(moto, front, seededAt);
        TrackClients.createTable(TrackClients.dynamo(moto));
        var sns = TrackClients.sns(moto);
        sqs = TrackClients.sqs(moto);
        String alertTopic = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        String chatTopic = sns.createTopic(b -> b.name("sentinel-chat")).topicArn();
        alertQueue = subscribedQueue(sns, alertTopic, "alert-consumer");
        chatQueue = subscribedQueue(sns, chatTopic, "chat-consumer");
        environment = new HashMap<>(EmulatorEnv.of(front.endpoint(), Map.of(
                "SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", alertTopic,
                "SENTINEL_CHAT_TOPIC_ARN", chatTopic, "SENTINEL_SECURITY_HUB", "true",
                "SENTINEL_MIN_AGENT_VERSION", "3.3.40.0")));
    }

    private String subscribedQueue(software.amazon.awssdk.services.sns.SnsClient sns, String topic, String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
        return url;
    }

    @Test
    void scan_securityHubRefusesThenAccepts_topicsDeliverOnceAndSecurityHubCatchesUpAlone(AwsFront front) {
        front.refuseFindings("InvalidAccess", "Account 123456789012 is not subscribed to AWS Security Hub");
        ChangeFixture.MutableClock clock = new ChangeFixture.MutableClock(seededAt.plusSeconds(30));
        AppConfig config = AppConfig.fromEnvironment(environment);
        try (Application app = Application.create(config, clock, new Application.Io(System.out, false))) {
            ScanOutcome first = app.scans().scan(ScanRequest.fleet("test: hub refuses", false));

            assertThat(first.delivery().sent()).isEqualTo(10);
            assertThat(first.delivery().channel(Channel.CHAT).sent()).isEqualTo(10);
            assertThat(first.delivery().channel(Channel.SECURITY_HUB).sent()).isZero();
            assertThat(first.delivery().channel(Channel.SECURITY_HUB).failed()).isEqualTo(10);
            assertThat(first.delivery().channel(Channel.SECURITY_HUB).errors()).singleElement()
                    .satisfies(e -> assertThat(e).startsWith("InvalidAccess: Account 123456789012 is not"));
            assertThat(TrackClients.drain(sqs, alertQueue)).hasSize(10);
            List<JsonNode> chat = TrackClients.drain(sqs, chatQueue);
            assertThat(chat).hasSize(10).allSatisfy(envelope -> {
                JsonNode notification = parse(envelope.get("Message").asText());
                assertThat(notification.get("version").asText()).isEqualTo("1.0");
                assertThat(notification.get("source").asText()).isEqualTo("custom");
                assertThat(notification.get("content").get("textType").asText()).isEqualTo("client-markdown");
            });

            front.acceptFindings();
            front.resetRequests();
            clock.advance(Duration.ofMinutes(1));
            ScanOutcome second = app.scans().scan(ScanRequest.fleet("test: hub accepts", false));

            assertThat(second.delivery().sent()).isZero();
            assertThat(second.delivery().channel(Channel.CHAT).sent()).isZero();
            assertThat(second.delivery().channel(Channel.SECURITY_HUB).sent()).isEqualTo(10);
            assertThat(TrackClients.drain(sqs, alertQueue)).isEmpty();
            assertThat(TrackClients.drain(sqs, chatQueue)).isEmpty();
            assertThat(front.batchImportFindingsRequests()).hasSize(1);
            try (Clients clients = Clients.create(AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint())))) {
                assertThat(clients.securityHub().getFindings(b -> b.maxResults(100)).findings())
                        .as("one finding per (instance, failing check)")
                        .hasSize(front.batchImportFindingsRequests().get(0).get("Findings").size())
                        .allSatisfy(f -> assertThat(f.productArn()).isEqualTo(
                                "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"));
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
