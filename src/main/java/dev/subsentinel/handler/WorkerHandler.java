package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.multi.TargetMessage;
import dev.subsentinel.app.multi.Worker;
import dev.subsentinel.app.multi.WorkerOutcome;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.config.Json;
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
 * {@code ReportBatchItemFailures}). Each record's body is a {@link TargetMessage}; the {@link Worker} scans it. The
 * answer is the partial batch response {@code {"batchItemFailures": [{"itemIdentifier": messageId}, ...]}}, naming
 * only the records a retry may fix: SQS delivers those again and moves them to the dead-letter queue after the last
 * attempt (its alarm fires). A target whose member role cannot be assumed is a failure no retry fixes: it is logged
 * at ERROR and counted in {@code TargetScanFailed}, and its record is not returned. A body that is not a target
 * message is logged and dropped the same way.
 */
public final class WorkerHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(WorkerHandler.class);

    private final Supplier<Worker> worker;

    /** The Lambda entry point: production wiring, built once per process. */
    public WorkerHandler() {
        this(Production.application());
    }

    /** A handler over an application (the CLI's invoke, tests). */
    public WorkerHandler(Application application) {
        this.worker = application::worker;
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
            TargetMessage message;
            try {
                message = TargetMessage.parse(record.path("body").asText(null));
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

    private static void write(OutputStream out, Object value) {
        try {
            Json.mapper().writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
