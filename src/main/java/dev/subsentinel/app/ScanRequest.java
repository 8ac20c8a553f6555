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
 * @param kind          why the run happens: only the scheduled scan is the heartbeat, priming is not a scan
 * @param deadline      when the run is stopped from outside (a Lambda function's remaining time); collection stops a
 *                      margin before it ({@link Deadline#NONE} for none)
 */
public record ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun, Prefetched prefetched,
        Kind kind, Deadline deadline) {

    /** Why a run happens, which decides what it reports about itself beyond its results. */
    public enum Kind {
        /** The scheduled full scan: its completion (or failure) is the heartbeat metric the heartbeat alarm watches. */
        SCHEDULED,
        /** Any other run: change events, the Config rule, direct invocations, the CLI. Never a heartbeat. */
        ON_DEMAND,
        /** SnapStart priming over the offline demo fleet: not a scan, so its summary is logged at DEBUG only. */
        PRIMING
    }

    /** An on-demand run that collects everything itself, without a deadline. */
    public ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun) {
        this(trigger, scope, completeScope, dryRun, Prefetched.NONE);
    }

    /** An on-demand run that may reuse facts already read, without a deadline. */
    public ScanRequest(String trigger, Scope scope, boolean completeScope, boolean dryRun, Prefetched prefetched) {
        this(trigger, scope, completeScope, dryRun, prefetched, Kind.ON_DEMAND, Deadline.NONE);
    }

    public ScanRequest {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(prefetched, "prefetched");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deadline, "deadline");
        if (completeScope && scope.narrowed()) {
            throw new IllegalArgumentException("a run narrowed to some instances cannot be a complete scan");
        }
        if (kind == Kind.SCHEDULED && (!completeScope || dryRun)) {
            throw new IllegalArgumentException("the scheduled scan covers the whole fleet and is never a dry run");
        }
    }

    /** A direct invocation: the named instances, or the whole fleet when it names none. */
    public static ScanRequest manual(ManualRun run) {
        return run.instanceIds().isEmpty() ? fleet(run.describe(), run.dryRun())
                : new ScanRequest(run.describe(), Scope.instances(run.instanceIds()), false, run.dryRun());
    }

    /** A copy with a deadline. */
    public ScanRequest withDeadline(Deadline value) {
        return new ScanRequest(trigger, scope, completeScope, dryRun, prefetched, kind, value);
    }

    /** An on-demand run over every monitored instance (a direct invocation naming none, the CLI's scan). */
    public static ScanRequest fleet(String trigger, boolean dryRun) {
        return new ScanRequest(trigger, Scope.fleet(), true, dryRun);
    }

    /** The scheduled scan: every monitored instance, tracked and alerted, and the heartbeat. */
    public static ScanRequest scheduled(String trigger) {
        return new ScanRequest(trigger, Scope.fleet(), true, false, Prefetched.NONE, Kind.SCHEDULED, Deadline.NONE);
    }

    /** SnapStart priming: a full run over an offline fleet, reported as priming rather than as a scan. */
    public static ScanRequest priming(String trigger) {
        return new ScanRequest(trigger, Scope.fleet(), true, false, Prefetched.NONE, Kind.PRIMING, Deadline.NONE);
    }
}
