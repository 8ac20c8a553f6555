package dev.subsentinel.publish.config;

/**
 * What PutEvaluations accepted.
 *
 * @param evaluations how many evaluations were sent
 * @param apiCalls    how many PutEvaluations requests it took (batches of at most 100)
 * @param testMode    whether they were sent in test mode (Config validated them and stored nothing)
 */
public record PutEvaluationsResult(int evaluations, int apiCalls, boolean testMode) {
}
