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
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/**
 * Publishes alerts to a standard SNS topic, drawn by a {@link MessageRenderer}: the alert topic's messages with
 * {@code MessageStructure=json} ({@link AlertRenderer#SNS} decides the content and when a digest replaces single
 * messages), the chat topic's as plain custom notifications ({@code publish.chat.ChatNotifications}). The messages
 * go out with {@code PublishBatch}: up to
 * {@value #MAX_ENTRIES} per call and {@value #MAX_BATCH_BYTES} bytes in all (SNS allows 262,144), each entry with its
 * own subject, JSON structure and message attributes; a digest is one entry. An alert counts as delivered only when SNS
 * returned a MessageId for the entry carrying it. SNS answers per entry: a failed entry (the {@code Failed} list), or a
 * failed call (after the SDK's own retries), is reported in its alerts' {@link AlertSink.Delivery} and never thrown,
 * so the other messages of the run still go out and the tracker keeps the failed ones for the next run.
 *
 * <p>{@link #dryRun} renders exactly the same entries and prints them instead of calling SNS.
 */
public final class SnsAlertPublisher implements AlertSink {

    /** The IAM action the publisher needs on the topic: {@code sns:Publish} authorises PublishBatch too. */
    public static final List<String> REQUIRED_ACTIONS = List.of("sns:Publish");
    /**
     * What publishing to a topic encrypted with a customer managed key needs on that key: SNS generates a data key
     * and decrypts it on the publisher's behalf.
     */
    public static final List<String> ENCRYPTED_TOPIC_KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");
    /** Most entries SNS takes in one PublishBatch. */
    public static final int MAX_ENTRIES = 10;
    /** Most bytes of messages (with subjects and attributes) in one PublishBatch, below SNS's 262,144. */
    public static final int MAX_BATCH_BYTES = AlertRenderer.MAX_MESSAGE_BYTES;

    /** Sends one batch request. */
    @FunctionalInterface
    interface Transport {
        PublishBatchResponse publishBatch(PublishBatchRequest request);
    }

    private final Transport transport;
    private final String topicArn;
    private final int digestThreshold;
    private final MessageRenderer renderer;

    /**
     * A publisher to a topic.
     *
     * @param sns             the client (from the client factory)
     * @param topicArn        the topic
     * @param digestThreshold more alerts than this in one run are sent as a digest
     */
    public SnsAlertPublisher(SnsClient sns, String topicArn, int digestThreshold) {
        this(sns, topicArn, digestThreshold, AlertRenderer.SNS);
    }

    /**
     * A publisher to a topic whose messages a renderer draws (the chat topic's custom notifications).
     *
     * @param sns             the client (from the client factory)
     * @param topicArn        the topic
     * @param digestThreshold more alerts than this in one run are sent as a digest
     * @param renderer        how the messages look
     */
    public SnsAlertPublisher(SnsClient sns, String topicArn, int digestThreshold, MessageRenderer renderer) {
        this(Objects.requireNonNull(sns, "sns")::publishBatch, topicArn, digestThreshold, renderer);
    }

    SnsAlertPublisher(Transport transport, String topicArn, int digestThreshold) {
        this(transport, topicArn, digestThreshold, AlertRenderer.SNS);
    }

    SnsAlertPublisher(Transport transport, String topicArn, int digestThreshold, MessageRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
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
        return dryRun(out, topicArn, digestThreshold, AlertRenderer.SNS);
    }

    /** A dry-run publisher ({@link #dryRun(PrintStream, String, int)}) for a topic whose messages a renderer draws. */
    public static SnsAlertPublisher dryRun(PrintStream out, String topicArn, int digestThreshold,
            MessageRenderer renderer) {
        AtomicInteger counter = new AtomicInteger();
        return new SnsAlertPublisher(request -> {
            List<PublishBatchResultEntry> successful = new ArrayList<>();
            for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
                String id = "dry-run-" + counter.incrementAndGet();
                out.print(describe(request.topicArn(), entry, id));
                successful.add(PublishBatchResultEntry.builder().id(entry.id()).messageId(id).build());
            }
            out.flush();
            return PublishBatchResponse.builder().successful(successful).build();
        }, topicArn == null ? "(no topic configured)" : topicArn, digestThreshold, renderer);
    }

    @Override
    public List<Delivery> send(List<Alert> alerts) {
        List<Delivery> deliveries = new ArrayList<>(alerts.size());
        for (List<AlertMessage> batch : batches(FleetAlerts.messages(alerts, digestThreshold, renderer))) {
            Map<String, AlertMessage> byEntry = new LinkedHashMap<>();
            for (AlertMessage message : batch) {
                byEntry.put("m" + byEntry.size(), message);
            }
            Map<String, String> messageIds = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            try {
                PublishBatchResponse response = transport.publishBatch(request(byEntry));
                for (PublishBatchResultEntry ok : response.successful()) {
                    if (ok.messageId() == null || ok.messageId().isBlank()) {
                        errors.put(ok.id(), "SNS returned no MessageId");
                    } else {
                        messageIds.put(ok.id(), ok.messageId());
                    }
                }
                for (BatchResultErrorEntry failed : response.failed()) {
                    errors.put(failed.id(), Sanitizer.line(failed.message() == null ? failed.code()
                            : failed.code() + ": " + failed.message(), 300));
                }
            } catch (SdkException e) {
                String error = Sanitizer.line(e.getClass().getSimpleName() + ": " + e.getMessage(), 300);
                byEntry.keySet().forEach(id -> errors.put(id, error));
            }
            byEntry.forEach((id, message) -> {
                String messageId = messageIds.get(id);
                String error = errors.getOrDefault(id, "SNS reported no outcome for the message");
                for (String alertId : message.alertIds()) {
                    deliveries.add(messageId != null && !errors.containsKey(id)
                            ? Delivery.accepted(alertId, messageId) : Delivery.failed(alertId, error));
                }
            });
        }
        return deliveries;
    }

    /**
     * The messages in PublishBatch calls, in order: at most {@value #MAX_ENTRIES} and {@value #MAX_BATCH_BYTES} bytes
     * each (a message is never larger: {@link AlertRenderer} trims to {@link AlertRenderer#MAX_MESSAGE_BYTES}).
     */
    static List<List<AlertMessage>> batches(List<AlertMessage> messages) {
        List<List<AlertMessage>> batches = new ArrayList<>();
        List<AlertMessage> batch = new ArrayList<>();
        int bytes = 0;
        for (AlertMessage message : messages) {
            int size = message.sizeBytes();
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(message);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private PublishBatchRequest request(Map<String, AlertMessage> byEntry) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(byEntry.size());
        byEntry.forEach((id, message) -> entries.add(entry(message, id)));
        return PublishBatchRequest.builder().topicArn(topicArn).publishBatchRequestEntries(entries).build();
    }

    /** The PublishBatch entry for a rendered message; {@code id} must be unique within its batch. */
    public PublishBatchRequestEntry entry(AlertMessage message, String id) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, attribute) -> attributes.put(name, MessageAttributeValue.builder()
                .dataType(attribute.dataType()).stringValue(attribute.value()).build()));
        return PublishBatchRequestEntry.builder()
                .id(id)
                .subject(message.subject())
                .messageStructure(message.structured() ? "json" : null)
                .message(message.message())
                .messageAttributes(attributes)
                .build();
    }

    private static String describe(String topicArn, PublishBatchRequestEntry entry, String id) {
        StringBuilder out = new StringBuilder(4096);
        out.append("=== DRY RUN: would publish to ").append(topicArn).append(" (").append(id).append(")\n");
        out.append("Subject: ").append(entry.subject()).append('\n');
        entry.messageAttributes().forEach((name, value) -> out.append("Attribute ").append(name).append(" (")
                .append(value.dataType()).append("): ").append(value.stringValue()).append('\n'));
        try {
            var structure = Json.mapper().readTree(entry.message());
            if (entry.messageStructure() == null) {
                out.append("--- every protocol ---\n").append(Json.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(structure)).append('\n');
                return out.toString();
            }
            out.append("--- default/email ---\n").append(structure.path("default").asText()).append('\n');
            out.append("--- sqs/lambda/https ---\n").append(Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Json.mapper().readTree(structure.path("sqs").asText()))).append('\n');
        } catch (JsonProcessingException e) {
            out.append(entry.message()).append('\n');
        }
        return out.toString();
    }
}
