package dev.subsentinel.app.multi;

import dev.subsentinel.core.report.Summary;
import java.util.Objects;

/**
 * What the worker did with one message.
 *
 * @param target  the account and region
 * @param status  the outcome
 * @param detail  one line: what was found, or why it failed
 * @param summary the verdict counts (of the target, the shard, or the assembled split scan), null when none
 * @param partial whether that verdict is partial
 * @param retry   whether the message is to be delivered again (a failure a retry may fix: SQS redelivers it after
 *                its visibility timeout and moves it to the dead-letter queue after the last attempt)
 */
public record WorkerOutcome(Target target, Status status, String detail, Summary summary, boolean partial,
        boolean retry) {

    /** How a message ended. */
    public enum Status {
        /** The target was scanned whole. */
        COMPLETED,
        /** The target's fleet was too large for one invocation: its shards were sent. */
        SPLIT,
        /** A shard was scanned; other shards of its scan have not all reported yet. */
        SHARD_DONE,
        /** A shard was scanned and completed its split scan: the fleet's verdict was reported. */
        ASSEMBLED,
        /** Nothing of the target could be scanned (its member role, its listing, ...). */
        FAILED
    }

    public WorkerOutcome {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
