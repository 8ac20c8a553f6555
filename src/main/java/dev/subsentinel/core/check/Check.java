package dev.subsentinel.core.check;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/**
 * One entry of the check catalogue (DESIGN section 3). A check describes itself and evaluates one instance from the
 * snapshot; it calls no AWS API and reads no clock (the time is in the context).
 */
public interface Check {

    /** The stable id. */
    CheckId id();

    /** What a FAIL costs. */
    Severity severity();

    /** The read-only IAM actions the collector needs so that this check can be evaluated. */
    List<String> requiredActions();

    /** How to fix a failure, in one line. */
    String remediation();

    /** Whether the check does not apply to a stopped instance (network paths and live agent state). */
    default boolean skippedWhenStopped() {
        return false;
    }

    /** Whether the check needs the EC2 description of the instance (almost all do). */
    default boolean needsInstance() {
        return true;
    }

    /** Evaluates one instance. The evaluator has already handled stopped instances and missing descriptions. */
    CheckResult evaluate(InstanceContext context);
}
