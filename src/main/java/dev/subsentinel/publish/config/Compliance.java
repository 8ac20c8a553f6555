package dev.subsentinel.publish.config;

/**
 * The compliance types AWS Config accepts from a custom rule. {@code INSUFFICIENT_DATA} is in Config's enum but
 * PutEvaluations rejects it, so it is not here: see {@link UnknownVerdictPolicy}.
 */
public enum Compliance {
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE
}
