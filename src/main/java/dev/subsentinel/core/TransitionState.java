package dev.subsentinel.core;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What tracking remembers about one instance between runs: the input and the output of
 * {@link TransitionRules#decide}. Nullable fields are documented as such.
 *
 * @param verdict         the last conclusive verdict: a failing verdict, or HEALTHY with every check evaluated. An
 *                        inconclusive run (UNKNOWN, or a HEALTHY report that did not re-run a failing check) leaves it
 *                        unchanged, so an UNKNOWN interlude neither resolves nor worsens an open incident
 * @param observedVerdict the verdict of the last evaluation, conclusive or not
 * @param failingChecks   the checks failing in the open incident (empty when not failing), in catalogue order
 * @param causes          one line per failing check, worst first ("SSM_PING: SSM ping lost: ConnectionLost"), kept
 *                        so that a TERMINATED alert can say why the instance had been failing
 * @param products        the LM-US products of the instance
 * @param unhealthySince  when the open incident started; null when the instance is not failing
 * @param lastAlertAt     when an alert about this instance was last accepted by SNS; null when never
 * @param lastEvaluatedAt when the instance was last evaluated (or found gone)
 * @param terminatedAt    when the instance was found terminated or gone; null while it exists
 */
public record TransitionState(
        Verdict verdict,
        Verdict observedVerdict,
        List<CheckId> failingChecks,
        List<String> causes,
        List<String> products,
        Instant unhealthySince,
        Instant lastAlertAt,
        Instant lastEvaluatedAt,
        Instant terminatedAt) {

    public TransitionState {
        Objects.requireNonNull(verdict, "verdict");
        observedVerdict = observedVerdict == null ? verdict : observedVerdict;
        failingChecks = failingChecks == null ? List.of() : List.copyOf(failingChecks);
        causes = causes == null ? List.of() : List.copyOf(causes);
        products = products == null ? List.of() : List.copyOf(products);
        Objects.requireNonNull(lastEvaluatedAt, "lastEvaluatedAt");
    }

    /** Whether an incident is open: the instance was failing when last conclusively evaluated and still exists. */
    public boolean failing() {
        return unhealthySince != null && terminatedAt == null;
    }

    /** Whether the instance was found terminated or gone. */
    public boolean terminated() {
        return terminatedAt != null;
    }

    /** A copy with another last-alert time (set when SNS accepted an alert). */
    public TransitionState withLastAlertAt(Instant value) {
        return new TransitionState(verdict, observedVerdict, failingChecks, causes, products, unhealthySince, value,
                lastEvaluatedAt, terminatedAt);
    }
}
