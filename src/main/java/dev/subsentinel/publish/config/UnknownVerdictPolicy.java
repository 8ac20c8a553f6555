package dev.subsentinel.publish.config;

import java.util.Locale;
import java.util.Map;

/**
 * What the Config rule reports for an instance whose verdict is UNKNOWN (no check failed, but one could not be
 * evaluated: an API error, a missing permission). Config's own word for that, {@code INSUFFICIENT_DATA}, is rejected
 * by PutEvaluations, and each accepted value would claim something the Sentinel does not know.
 *
 * <p>The default is {@link #SKIP}: no evaluation is sent, so Config keeps the instance's last evaluation until a
 * complete one replaces it (a new instance shows no result yet). The gap stays visible where it belongs: the
 * {@code UnknownInstances} metric, the scan report and the log line name the check that could not run. A rule that
 * must never be silent can set the rule parameter {@code unknownVerdict} to {@code NON_COMPLIANT}: an instance that
 * cannot be shown compliant is then reported non-compliant, with an annotation naming the unevaluated checks.
 */
public enum UnknownVerdictPolicy {
    /** Send no evaluation; Config keeps the last one. */
    SKIP,
    /** Report NON_COMPLIANT, annotated "could not evaluate ...". */
    NON_COMPLIANT;

    /** The rule parameter that chooses the policy. */
    public static final String RULE_PARAMETER = "unknownVerdict";

    /** The policy a Config rule's parameters ask for; {@link #SKIP} when the parameter is absent. */
    public static UnknownVerdictPolicy fromRuleParameters(Map<String, String> parameters) {
        String value = parameters == null ? null : parameters.get(RULE_PARAMETER);
        if (value == null || value.isBlank()) {
            return SKIP;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule parameter " + RULE_PARAMETER + " must be SKIP or NON_COMPLIANT,"
                    + " was '" + value + "'", e);
        }
    }
}
