package dev.subsentinel.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.ChangeFixture;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.TrackClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The change function's production wiring against moto through the {@link AwsFront}: a tracking table, an alert
 * topic delivering to an SQS queue (which receives what an SQS subscriber would), every client pointed at the front.
 * Its clock moves only when the function waits ({@link ChangeFixture.RecordingSleeper}).
 */
final class ChangeRig implements AutoCloseable {

    final ChangeFixture.MutableClock clock;
    final ChangeFixture.RecordingSleeper sleeper;
    final Application application;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final DynamoDbClient dynamo;
    private final String queueUrl;

    ChangeRig(MotoServer moto, AwsFront front, Instant now, Map<String, String> environment) {
        dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        sns = TrackClients.sns(moto);
        sqs = TrackClients.sqs(moto);
        String topicArn = sns.createTopic(b -> b.name("sentinel-alerts")).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("alert-consumer")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        Map<String, String> env = new java.util.HashMap<>(EmulatorEnv.of(front.endpoint()));
        env.putAll(environment);
        env.put("SENTINEL_STATE_TABLE", TrackClients.TABLE);
        env.put("SENTINEL_TOPIC_ARN", topicArn);
        clock = new ChangeFixture.MutableClock(now);
        sleeper = new ChangeFixture.RecordingSleeper(clock);
        application = Application.create(AppConfig.fromEnvironment(env), clock,
                new Application.Io(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                        false), sleeper);
    }

    /** Runs the change function's handler with an event. */
    JsonNode invokeChange(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChangeHandler(application.changes()).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("ChangeFunction", Duration.ofMinutes(2), 1024,
                        new PrintWriter(Writer.nullWriter())));
        return Json.mapper().readTree(out.toByteArray());
    }

    /** The SNS notifications the queue holds, removed from it. */
    List<JsonNode> drainAlerts() {
        return TrackClients.drain(sqs, queueUrl);
    }

    /** The instanceId attribute of each notification. */
    static List<String> instanceIds(List<JsonNode> notifications) {
        return notifications.stream()
                .map(n -> n.path("MessageAttributes").path("instanceId").path("Value").asText())
                .sorted().toList();
    }

    @Override
    public void close() {
        application.close();
        sqs.close();
        sns.close();
        dynamo.close();
    }
}
