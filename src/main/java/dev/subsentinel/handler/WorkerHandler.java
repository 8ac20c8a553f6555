package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.multi.MemberChanges;
import dev.subsentinel.app.multi.TargetMessage;
import dev.subsentinel.app.multi.Worker;
import dev.subsentinel.app.multi.WorkerOutcome;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.config.Json;
import dev.subsentinel.event.EventParseException;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.publish.Sanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The worker of a multi-account deployment and of split scans: its event source is the target queue (SQS, with
 * {@code ReportBatchItemFailures}). A record's body is either a {@link TargetMessage} (from the coordinator or a split
 * scan), which the {@link Worker} scans, or a change event of a member account, which the member accounts' rules
 * forward to the monitor's cross-account bus and whose rule puts it on this queue: it is handled in the account and
 * region it reports, through that account's member role ({@link MemberChanges}). Member change events come here
 * rather than to the change function because that function runs a published SnapStart version whose settings are
 * pinned by its version description, which has no room left for the member role's name and external id
 * (template.yaml); the queue also gives them retries and the dead-letter queue.
 *
 * <p>The answer is the partial batch response {@code {"batchItemFailures": [{"itemIdentifier": messageId}, ...]}},
 * naming only the records a retry may fix: SQS delivers those again and moves them to the dead-letter queue after the
 * last attempt (its alarm fires). A target whose member role cannot be assumed is a failure no retry fixes: it is
 * logged at ERROR and counted in {@code TargetScanFailed}, and its record is not returned. A body that is neither a
 * target message nor an event is logged and dropped the same way.
 */
public final class WorkerHandler implements RequestStreamHandler {

    /**
     * The IAM actions Lambda's event source mapping needs on the queue to deliver its messages to this handler
     * (Lambda developer guide, "Using Lambda with Amazon SQS", execution role permissions; the same three actions as
     * the AWS managed policy AWSLambdaSQSQueueExecutionRole, which SAM would attach on every queue).
     */
    public static final List<String> EVENT_SOURCE_ACTIONS = List.of("sqs:DeleteMessage", "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage");

    private static final Logger LOG = LogManager.getLogger(WorkerHandler.class);

    private final Supplier<Worker> worker;
    private final Supplier<MemberChanges> changes;

    /** The Lambda entry point: production wiring, built once per process. */
    public WorkerHandler() {
        this(Production.application());
    }

    /** A handler over an application (the CLI's invoke, tests). */
    public WorkerHandler(Application application) {
        this.worker = application::worker;
        this.changes = application::memberChanges;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        PowertoolsLogging.withLogging(context, () -> {
            JsonNode event;
            try {
                event = Json.mapper().readTree(input);
            } catch (JsonProcessingException e) {
                LOG.error("rejected input: not JSON ({})", Sanitizer.line(e.getOriginalMessage(), HandlerIo.MAX_ERROR));
                write(output, Json.mapper().createObjectNode().put("error", "the event is not JSON"));
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (event == null || !event.path("Records").isArray()) {
                LOG.error("rejected input: not an SQS event (no Records)");
                write(output, Json.mapper().createObjectNode().put("error", "not an SQS event").put("field",
                        "Records"));
                return null;
            }
            write(output, handle(event.path("Records"), HandlerIo.deadline(context)));
            return null;
        });
    }

    private ObjectNode handle(JsonNode records, Deadline deadline) {
        Worker scanner = worker.get();
        List<String> retry = new ArrayList<>();
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText("");
            String body = record.path("body").asText(null);
            JsonNode event = changeEvent(body);
            if (event != null) {
                if (!change(messageId, event, deadline)) {
                    retry.add(messageId);
                }
                continue;
            }
            TargetMessage message;
            try {
                message = TargetMessage.parse(body);
            } catch (IllegalArgumentException e) {
                LOG.error("message {} dropped: not a target message: {}", Sanitizer.line(messageId, 80),
                        Sanitizer.line(e.getMessage(), HandlerIo.MAX_ERROR));
                continue;
            }
            WorkerOutcome outcome = scanner.handle(message, deadline);
            LOG.info("target {} (run {}): {} - {}", outcome.target(), message.runId(), outcome.status(),
                    outcome.detail());
            if (outcome.retry()) {
                retry.add(messageId);
            }
        }
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        retry.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return response;
    }

    /** The body as an EventBridge event (it has a detail-type), or null when it is not one. */
    static JsonNode changeEvent(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node != null && node.isObject() && node.has("detail-type") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Handles a member account's change event; false when a retry may succeed (the event could not be handled for a
     * reason other than its content). An event that does not parse is dropped, logged.
     */
    private boolean change(String messageId, JsonNode event, Deadline deadline) {
        Trigger trigger;
        try {
            trigger = EventParser.parse(event);
        } catch (EventParseException e) {
            LOG.error("message {} dropped: not a change event: {}", Sanitizer.line(messageId, 80),
                    Sanitizer.line(e.getMessage(), HandlerIo.MAX_ERROR));
            return true;
        }
        try {
            ChangeOutcome outcome = changes.get().handle(trigger, deadline);
            LOG.info("change event {}: {}", Sanitizer.line(trigger.describe(), HandlerIo.MAX_ERROR),
                    outcome.getClass().getSimpleName());
            return true;
        } catch (RuntimeException e) {
            LOG.error("change event {} failed, to be retried: {}", Sanitizer.line(trigger.describe(),
                    HandlerIo.MAX_ERROR), Sanitizer.line(String.valueOf(e.getMessage()), HandlerIo.MAX_ERROR), e);
            return false;
        }
    }

    private static void write(OutputStream out, Object value) {
        try {
            Json.mapper().writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
