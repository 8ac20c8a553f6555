package dev.subsentinel.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.subsentinel.config.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes alerts to a standard SNS topic with {@code MessageStructure=json} ({@link AlertRenderer} decides the
 * content and when a digest replaces single messages). Each message is one {@code Publish} call; an alert counts as
 * delivered only when SNS returned a MessageId for the message carrying it. A failed call (after the SDK's own
 * retries) is reported in the alerts' {@link AlertSink.Delivery} and never thrown, so the other messages of the run
 * still go out and the tracker keeps the failed ones for the next run.
 *
 * <p>{@link #dryRun} renders exactly the same requests and prints them instead of calling SNS.
 */
public final class SnsAlertPublisher implements AlertSink {

    /** Sends one request and returns the MessageId. */
    @FunctionalInterface
    interface Transport {
        String publish(PublishRequest request);
    }

    private final Transport transport;
    private final String topicArn;
    private final int digestThreshold;

    /**
     * A publisher to a topic.
     *
     * @param sns             the client (from the client factory)
     * @param topicArn        the topic
     * @param digestThreshold more alerts than this in one run are sent as a digest
     */
    public SnsAlertPublisher(SnsClient sns, String topicArn, int digestThreshold) {
        this(request -> sns.publish(request).messageId(), topicArn, digestThreshold);
        Objects.requireNonNull(sns, "sns");
    }

    SnsAlertPublisher(Transport transport, String topicArn, int digestThreshold) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        if (digestThreshold < 1) {
            throw new IllegalArgumentException("digestThreshold must be at least 1, was " + digestThreshold);
        }
        this.digestThreshold = digestThreshold;
    }

    /**
     * A publisher that prints what it would publish (subject, attributes, text and JSON document of every message)
     * and publishes nothing. Its deliveries carry message ids {@code dry-run-1}, {@code dry-run-2}, ...
     */
    public static SnsAlertPublisher dryRun(PrintStream out, String topicArn, int digestThreshold) {
        AtomicInteger counter = new AtomicInteger();
        return new SnsAlertPublisher(request -> {
            String id = "dry-run-" + counter.incrementAndGet();
            out.print(describe(request, id));
            out.flush();
            return id;
        }, topicArn == null ? "(no topic configured)" : topicArn, digestThreshold);
    }

    @Override
    public List<Delivery> send(List<Alert> alerts) {
        List<Delivery> deliveries = new ArrayList<>(alerts.size());
        for (AlertMessage message : AlertRenderer.messages(alerts, digestThreshold)) {
            String messageId = null;
            String error = null;
            try {
                messageId = transport.publish(request(message));
                if (messageId == null || messageId.isBlank()) {
                    error = "SNS returned no MessageId";
                    messageId = null;
                }
            } catch (SdkException e) {
                error = Sanitizer.line(e.getClass().getSimpleName() + ": " + e.getMessage(), 300);
            }
            for (String alertId : message.alertIds()) {
                deliveries.add(messageId != null ? Delivery.accepted(alertId, messageId)
                        : Delivery.failed(alertId, error));
            }
        }
        return deliveries;
    }

    /** The Publish request for a rendered message. */
    public PublishRequest request(AlertMessage message) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, attribute) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(attribute.dataType()).stringValue(attribute.value()).build()));
        return PublishRequest.builder()
                .topicArn(topicArn)
                .subject(message.subject())
                .messageStructure("json")
                .message(message.structuredMessage())
                .messageAttributes(attributes)
                .build();
    }

    private static String describe(PublishRequest request, String id) {
        StringBuilder out = new StringBuilder(4096);
        out.append("=== DRY RUN: would publish to ").append(request.topicArn()).append(" (").append(id).append(")\n");
        out.append("Subject: ").append(request.subject()).append('\n');
        request.messageAttributes().forEach((name, value) -> out.append("Attribute ").append(name).append(" (")
                .append(value.dataType()).append("): ").append(value.stringValue()).append('\n'));
        try {
            var structure = Json.mapper().readTree(request.message());
            out.append("--- default/email ---\n").append(structure.path("default").asText()).append('\n');
            out.append("--- sqs/lambda/https ---\n").append(Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Json.mapper().readTree(structure.path("sqs").asText()))).append('\n');
        } catch (JsonProcessingException e) {
            out.append(request.message()).append('\n');
        }
        return out.toString();
    }
}
