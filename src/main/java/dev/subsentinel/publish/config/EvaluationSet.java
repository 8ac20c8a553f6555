package dev.subsentinel.publish.config;

import java.util.List;

/**
 * The evaluations of one rule run.
 *
 * @param evaluations    what to send with PutEvaluations
 * @param skippedUnknown instances with an UNKNOWN verdict that get no evaluation (policy SKIP), for the log line
 */
public record EvaluationSet(List<ConfigEvaluation> evaluations, List<String> skippedUnknown) {

    public EvaluationSet {
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
        skippedUnknown = skippedUnknown == null ? List.of() : List.copyOf(skippedUnknown);
    }
}
