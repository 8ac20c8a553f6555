package dev.subsentinel.app.multi;

import dev.subsentinel.config.Clients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The worker's queue: SendMessageBatch, up to {@value #BATCH} messages a call (SQS's limit). A message SQS refuses,
 * alone or with its batch, is answered as not sent with SQS's reason; nothing is retried here beyond the SDK's own
 * retries (the coordinator reports it, loudly, and the next scheduled run sends it again).
 */
public final class SqsTargetQueue implements TargetQueue {

    /** Most entries in one SendMessageBatch. */
    static final int BATCH = 10;
    /** The IAM action the queue needs (sqs:SendMessage authorises SendMessageBatch). */
    public static final List<String> REQUIRED_ACTIONS = List.of("sqs:SendMessage");

    private final SqsClient sqs;
    private final String queueUrl;

    /** A queue by its URL. */
    public SqsTargetQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public Map<TargetMessage, String> send(List<TargetMessage> messages) {
        Map<TargetMessage, String> failed = new LinkedHashMap<>();
        for (List<TargetMessage> batch : Clients.batches(messages, BATCH)) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(batch.get(i).toJson())
                        .build());
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                for (BatchResultErrorEntry error : response.failed()) {
                    failed.put(batch.get(Integer.parseInt(error.id().substring(1))), error.code() + ": "
                            + error.message());
                }
            } catch (SdkException e) {
                batch.forEach(message -> failed.put(message, "sqs:SendMessage failed: " + e.getMessage()));
            }
        }
        return failed;
    }
}
