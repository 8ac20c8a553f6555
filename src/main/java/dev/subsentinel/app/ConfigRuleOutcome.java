package dev.subsentinel.app;

import dev.subsentinel.publish.config.Compliance;
import dev.subsentinel.publish.config.ConfigEvaluation;
import dev.subsentinel.publish.config.PutEvaluationsResult;
import java.util.List;
import java.util.Objects;

/**
 * What one invocation of the AWS Config rule reported.
 *
 * @param trigger        what Config asked
 * @param evaluations    what was sent with PutEvaluations, in order
 * @param skippedUnknown instances with an UNKNOWN verdict that got no evaluation (rule parameter unknownVerdict)
 * @param put            how PutEvaluations went
 * @param evaluated      how many instances were collected and evaluated (0 when none had to be)
 */
public record ConfigRuleOutcome(String trigger, List<ConfigEvaluation> evaluations, List<String> skippedUnknown,
        PutEvaluationsResult put, int evaluated) {

    public ConfigRuleOutcome {
        Objects.requireNonNull(trigger, "trigger");
        evaluations = List.copyOf(evaluations);
        skippedUnknown = List.copyOf(skippedUnknown);
        Objects.requireNonNull(put, "put");
    }

    /** How many evaluations have this compliance type. */
    public long count(Compliance compliance) {
        return evaluations.stream().filter(e -> e.compliance() == compliance).count();
    }
}
