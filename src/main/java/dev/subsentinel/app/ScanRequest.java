package dev.subsentinel.app;

import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.event.ManualRun;
import java.util.Objects;

/**
 * One run of the engine.
 *
 * @param trigger       what started it, for the log line (e.g. "schedule", "AuthorizeSecurityGroupIngress sg-1")
 * @param scope         which instances to collect and evaluate
 * @param completeScope whether the run covers the whole monitored fleet (the scheduled scan): only such a run may
 *                      report a tracked instance that disappeared as TERMINATED
 * @param dryRun        whether to publish nothing: tracking is previewed, alerts are printed instead of sent
 * @param prefetched    facts the run already read and the collection may reuse ({@link Prefetched#NONE} for none)
 * @param deadline      when the run is stopped from outside (a Lambda function's remaining time); collection stops a
 *                      margin before it ({@link Deadline#NONE} for none)
 */
public record ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun, Prefetched prefetched,
        Deadline deadline) {

    /** A run that collects everything itself, without a deadline. */
    public ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun) {
        this(trigger, scope, completeScope, dryRun, Prefetched.NONE, Deadline.NONE);
    }

    /** A run that reuses what was read already, without a deadline. */
    public ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun, Prefetched prefetched) {
        this(trigger, scope, completeScope, dryRun, prefetched, Deadline.NONE);
    }

    public ScanRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(prefetched, "prefetched");
        Objects.requireNonNull(deadline, "deadline");
        if (completeScope && scope.narrowed()) {
            throw new IllegalArgumentException("a run narrowed to some instances cannot be a complete scan");
        }
    }

    /** A direct invocation: the named instances, or the whole fleet when it names none. */
    public static ScanRequest manual(ManualRun run) {
        return run.instanceIds().isEmpty() ? fleet(run.describe(), run.dryRun())
                : new ScanRequest(run.describe(), Scope.instances(run.instanceIds()), false, run.dryRun());
    }

    /** A copy with a deadline. */
    public ScanRequest withDeadline(Deadline value) {
        return new ScanRequest(trigger, scope, completeScope, dryRun, prefetched, value);
    }

    /** The scheduled scan: every monitored instance. */
    public static ScanRequest fleet(String trigger, boolean dryRun) {
        return new ScanRequest(trigger, Scope.fleet(), true, dryRun);
    }
}
