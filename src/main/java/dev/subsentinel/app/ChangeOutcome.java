package dev.subsentinel.app;

import dev.subsentinel.app.change.ChangeImpact;
import java.util.List;
import java.util.Objects;

/** What a change event or a manual run led to. */
public sealed interface ChangeOutcome {

    /**
     * Nothing was re-evaluated.
     *
     * @param trigger  what arrived
     * @param reason   why nothing was done (no monitored instance affected, or not a change event)
     * @param apiCalls the AWS API calls it took to find that out
     */
    record Ignored(String trigger, String reason, int apiCalls) implements ChangeOutcome {

        public Ignored {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The affected monitored instances were re-read and re-evaluated, tracked and alerted.
     *
     * @param trigger       what arrived
     * @param impact        the affected instances and why
     * @param outcome       the run that counts: the second look when there was one
     * @param looks         1, or 2 when the first look seemed to predate the change (see {@link ChangeService})
     * @param recheckReason why a second look was taken, or null
     * @param apiCalls      every AWS API call of the event: tracking lookup, mapping and every look
     */
    record Reevaluated(String trigger, ChangeImpact impact, ScanOutcome outcome, int looks, String recheckReason,
            int apiCalls) implements ChangeOutcome {

        public Reevaluated {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(impact, "impact");
            Objects.requireNonNull(outcome, "outcome");
        }

        /** The instances re-evaluated. */
        public List<String> instanceIds() {
            return impact.instanceIds();
        }
    }

    /**
     * A manual run: the report goes back to the caller.
     *
     * @param outcome the run
     */
    record Reported(ScanOutcome outcome) implements ChangeOutcome {

        public Reported {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
