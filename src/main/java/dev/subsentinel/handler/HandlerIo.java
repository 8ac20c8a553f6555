package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.ConfigRuleOutcome;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.multi.CoordinatorOutcome;
import dev.subsentinel.app.multi.SplitScans;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.event.EventParseException;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.publish.Sanitizer;
import dev.subsentinel.publish.config.ConfigEvaluation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** What the handlers write back to their caller: one place for the response shapes. */
final class HandlerIo {

    private static final Logger LOG = LogManager.getLogger(HandlerIo.class);
    /** Longest error message logged or answered for bad input (it may quote the input). */
    static final int MAX_ERROR = 300;
    private static final int MAX_FIELD = 120;

    /** What a handler does with a trigger it could parse, within the deadline, writing its answer to the output. */
    @FunctionalInterface
    interface Body {
        void handle(Trigger trigger, Deadline deadline, OutputStream output);
    }

    private HandlerIo() {
    }

    /**
     * The skeleton every handler shares: Powertools logging around the invocation, the input parsed into a trigger,
     * and bad input answered with the field at fault (a retry could not help, so the invocation succeeds and Lambda
     * does not retry it) instead of reaching the body, with one ERROR line naming the problem.
     */
    static void handle(InputStream input, OutputStream output, Context context, Body body) {
        PowertoolsLogging.withLogging(context, () -> {
            Trigger trigger;
            try {
                trigger = EventParser.parse(input);
            } catch (EventParseException e) {
                LOG.error("rejected input: {}", Sanitizer.line(e.getMessage(), MAX_ERROR));
                writeError(output, e);
                return null;
            }
            body.handle(trigger, deadline(context), output);
            return null;
        });
    }

    /** The invocation's remaining time, asked each time it matters; none without a context. */
    static Deadline deadline(Context context) {
        return context == null ? Deadline.NONE : Deadline.of(context::getRemainingTimeInMillis);
    }

    /** The whole ScanReport: the answer to a direct (synchronous) invocation. */
    static void writeReport(OutputStream out, ScanReport report) {
        write(out, Json.mapper().valueToTree(report));
    }

    /**
     * A summary of the run: what an asynchronous trigger gets back (Lambda discards it; the full report of a large
     * fleet would exceed the response size limit).
     */
    static void writeSummary(OutputStream out, ScanOutcome outcome) {
        ScanReport report = outcome.report();
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("scanId", report.scanId());
        node.put("partial", report.partial());
        node.set("summary", Json.mapper().valueToTree(report.summary()));
        node.set("unknownFacts", Json.mapper().valueToTree(report.unknownFacts()));
        node.put("alertsSent", outcome.delivery().sent());
        node.put("alertsFailed", outcome.delivery().failed());
        node.put("durationMs", report.durationMs());
        node.put("awsApiCalls", report.awsApiCalls());
        write(out, node);
    }

    /** A scheduled scan split across the worker: its run, shards and instances (the shards report the verdict). */
    static void writeSplit(OutputStream out, SplitScans.Split split) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.putObject("split").put("runId", split.runId()).put("shards", split.shards())
                .put("instances", split.size());
        write(out, node);
    }

    /** What the coordinator sent: the targets queued, those SQS refused, those covered, the accounts skipped. */
    static void writeCoordinated(OutputStream out, CoordinatorOutcome outcome) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("runId", outcome.runId());
        ArrayNode queued = node.putArray("queued");
        outcome.queued().forEach(t -> queued.add(t.toString()));
        ObjectNode notQueued = node.putObject("notQueued");
        outcome.notQueued().forEach((t, reason) -> notQueued.put(t.toString(), reason));
        ArrayNode covered = node.putArray("coveredByTheScanFunction");
        outcome.covered().forEach(t -> covered.add(t.toString()));
        ObjectNode skipped = node.putObject("skippedAccounts");
        outcome.skippedAccounts().forEach(skipped::put);
        write(out, node);
    }

    /** What a change event led to: which instances were re-evaluated, why, and the run's summary. */
    static void writeChange(OutputStream out, ChangeOutcome.Reevaluated change) {
        ScanReport report = change.outcome().report();
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("trigger", change.trigger());
        ArrayNode ids = node.putArray("instanceIds");
        change.instanceIds().forEach(ids::add);
        node.put("impact", change.impact().explanation());
        node.put("looks", change.looks());
        if (change.recheckReason() != null) {
            node.put("recheckReason", change.recheckReason());
        }
        node.put("scanId", report.scanId());
        node.put("partial", report.partial());
        node.set("summary", Json.mapper().valueToTree(report.summary()));
        node.set("unknownFacts", Json.mapper().valueToTree(report.unknownFacts()));
        node.put("alertsSent", change.outcome().delivery().sent());
        node.put("alertsFailed", change.outcome().delivery().failed());
        node.put("awsApiCalls", change.apiCalls());
        write(out, node);
    }

    /** What the Config rule reported. */
    static void writeConfigRule(OutputStream out, ConfigRuleOutcome outcome) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("trigger", outcome.trigger());
        node.put("evaluated", outcome.evaluated());
        ArrayNode evaluations = node.putArray("evaluations");
        for (ConfigEvaluation evaluation : outcome.evaluations()) {
            ObjectNode item = evaluations.addObject();
            item.put("resourceId", evaluation.resourceId());
            item.put("complianceType", evaluation.compliance().name());
            item.put("annotation", evaluation.annotation());
        }
        ArrayNode skipped = node.putArray("skippedUnknown");
        outcome.skippedUnknown().forEach(skipped::add);
        node.put("putEvaluationsCalls", outcome.put().apiCalls());
        node.put("testMode", outcome.put().testMode());
        write(out, node);
    }

    /** Why nothing was done. */
    static void writeIgnored(OutputStream out, String reason) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("ignored", reason);
        write(out, node);
    }

    /**
     * Bad input: the caller gets the field at fault instead of a retry that cannot help. The texts are cleaned and
     * bounded: they may quote what the input held.
     */
    static void writeError(OutputStream out, EventParseException e) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("error", Sanitizer.line(e.getMessage(), MAX_ERROR));
        node.put("field", Sanitizer.line(e.field(), MAX_FIELD));
        write(out, node);
    }

    private static void write(OutputStream out, Object value) {
        try {
            Json.mapper().writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
