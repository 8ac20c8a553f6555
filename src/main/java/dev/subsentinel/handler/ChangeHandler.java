package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.ChangeService;
import dev.subsentinel.app.multi.MemberChanges;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.event.Trigger;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;

/**
 * The change events (EventBridge rules: LM-US instance events, EC2 state changes, CloudTrail API calls, Config item
 * changes, SSM compliance changes): re-evaluates the monitored instances a change affects, tracked and alerted as by
 * the scan ({@link ChangeService}); in a multi-account deployment, events forwarded by member accounts are handled
 * in the account and region they report, through the member role ({@link MemberChanges}). A direct invocation
 * {@code {"instanceIds": [...], "dryRun": true}} returns the ScanReport. Runs with SnapStart; see
 * {@link SnapStartPriming} for what the snapshot holds.
 */
public final class ChangeHandler implements RequestStreamHandler {

    private final BiFunction<Trigger, Deadline, ChangeOutcome> changes;

    /** The Lambda entry point: production wiring, built once per process (which registers the SnapStart hook). */
    public ChangeHandler() {
        this(Production.application().memberChanges()::handle);
    }

    /** A handler over a service (the CLI's invoke, tests). */
    public ChangeHandler(ChangeService changes) {
        this(changes::handle);
    }

    private ChangeHandler(BiFunction<Trigger, Deadline, ChangeOutcome> changes) {
        this.changes = changes;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        HandlerIo.handle(input, output, context, this::handle);
    }

    private void handle(Trigger trigger, Deadline deadline, OutputStream output) {
        switch (changes.apply(trigger, deadline)) {
            case ChangeOutcome.Ignored ignored -> HandlerIo.writeIgnored(output, ignored.reason());
            case ChangeOutcome.Reevaluated change -> HandlerIo.writeChange(output, change);
            case ChangeOutcome.Reported manual -> HandlerIo.writeReport(output, manual.outcome().report());
        }
    }
}
