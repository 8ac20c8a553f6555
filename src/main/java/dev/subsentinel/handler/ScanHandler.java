package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.event.ManualRun;
import dev.subsentinel.event.ScheduledScan;
import dev.subsentinel.event.Trigger;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The scheduled scan (EventBridge schedule): every monitored instance, tracked and alerted; a fleet too large for one
 * invocation is split across the worker instead ({@link Application#scheduledScan}). A direct invocation
 * {@code {"instanceIds": [...], "dryRun": true}} runs the same engine on those instances and returns the ScanReport.
 */
public final class ScanHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(ScanHandler.class);

    private final Application application;
    private final ScanService scans;

    /** The Lambda entry point: production wiring, built once per process. */
    public ScanHandler() {
        this(Production.application());
    }

    /** A handler over an application (the CLI's invoke, tests). */
    public ScanHandler(Application application) {
        this.application = application;
        this.scans = application.scans();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        HandlerIo.handle(input, output, context, this::handle);
    }

    private void handle(Trigger trigger, Deadline deadline, OutputStream output) {
        switch (trigger) {
            case ScheduledScan scheduled -> {
                Application.ScheduledOutcome outcome = application.scheduledScan(scheduled.describe(), deadline);
                if (outcome.split() != null) {
                    HandlerIo.writeSplit(output, outcome.split());
                } else {
                    HandlerIo.writeSummary(output, outcome.outcome());
                }
            }
            case ManualRun manual -> {
                ScanOutcome outcome = scans.scan(ScanRequest.manual(manual).withDeadline(deadline));
                HandlerIo.writeReport(output, outcome.report());
            }
            default -> {
                LOG.info("ignored by the scan function: {}", trigger.describe());
                HandlerIo.writeIgnored(output, "the scan function runs on its schedule and on direct invocations;"
                        + " this is " + trigger.describe());
            }
        }
    }
}
