package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.Application;
import dev.subsentinel.app.multi.Coordinator;
import dev.subsentinel.app.multi.CoordinatorOutcome;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.event.ScheduledScan;
import dev.subsentinel.event.Trigger;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The coordinator of a multi-account deployment (its schedule, the scan function's): sends one message per (account,
 * region) to the worker's queue ({@link Coordinator}) and answers what it sent. A listing that fails fails the
 * invocation (Lambda's Errors metric and the function's alarm). Other events are ignored.
 */
public final class CoordinatorHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(CoordinatorHandler.class);

    private final Supplier<Coordinator> coordinator;

    /** The Lambda entry point: production wiring, built once per process. */
    public CoordinatorHandler() {
        this(Production.application());
    }

    /** A handler over an application (the CLI's invoke, tests). */
    public CoordinatorHandler(Application application) {
        this.coordinator = application::coordinator;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        HandlerIo.handle(input, output, context, this::handle);
    }

    private void handle(Trigger trigger, Deadline deadline, OutputStream output) {
        if (trigger instanceof ScheduledScan) {
            CoordinatorOutcome outcome = coordinator.get().run();
            HandlerIo.writeCoordinated(output, outcome);
        } else {
            LOG.info("ignored by the coordinator: {}", trigger.describe());
            HandlerIo.writeIgnored(output, "the coordinator runs on its schedule; this is " + trigger.describe());
        }
    }
}
