package dev.subsentinel.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.ConfigRuleService;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.event.ConfigRuleInvocation;
import dev.subsentinel.event.Trigger;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The AWS Config custom rule on {@code AWS::EC2::Instance}, change-triggered and periodic: evaluates and reports
 * through PutEvaluations ({@link ConfigRuleService}); it neither tracks nor alerts. A refused evaluation fails the
 * invocation, so Config invokes the rule again. Any other input is answered as ignored.
 */
public final class ConfigRuleHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(ConfigRuleHandler.class);

    private final ConfigRuleService rules;

    /** The Lambda entry point: production wiring, built once per process (which registers the SnapStart hook). */
    public ConfigRuleHandler() {
        this(Production.application().configRules());
    }

    /** A handler over a service (the CLI's invoke, tests). */
    public ConfigRuleHandler(ConfigRuleService rules) {
        this.rules = rules;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        HandlerIo.handle(input, output, context, this::handle);
    }

    private void handle(Trigger trigger, Deadline deadline, OutputStream output) {
        if (trigger instanceof ConfigRuleInvocation invocation) {
            HandlerIo.writeConfigRule(output, rules.evaluate(invocation, deadline));
        } else {
            LOG.info("ignored by the Config rule function: {}", trigger.describe());
            HandlerIo.writeIgnored(output, "the Config rule function answers AWS Config rule invocations; this is "
                    + trigger.describe());
        }
    }
}
