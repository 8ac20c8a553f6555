package dev.subsentinel.publish.config;

import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.event.ConfigItem;
import dev.subsentinel.event.ConfigRuleInvocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns instance reports into AWS Config evaluations of {@code AWS::EC2::Instance}:
 * <ul>
 *   <li>HEALTHY: COMPLIANT;</li>
 *   <li>UNHEALTHY, AT_RISK: NON_COMPLIANT, the annotation naming the failing checks (worst first) and the first
 *       one's finding, at most 256 characters, cut at a word with an ellipsis;</li>
 *   <li>UNKNOWN: as the {@link UnknownVerdictPolicy} says (by default no evaluation);</li>
 *   <li>an instance the rule asked about without a report (not monitored: no tag, not an LM-US instance), one that
 *       was deleted or left the rule's scope: NOT_APPLICABLE.</li>
 * </ul>
 */
public final class ConfigEvaluations {

    /** The annotation of an instance the Sentinel does not monitor. */
    static final String NOT_MONITORED = "not an LM-US instance: neither tagged for monitoring nor listed by LM-US";

    private final UnknownVerdictPolicy unknownPolicy;

    /** A mapping with this policy for UNKNOWN verdicts. */
    public ConfigEvaluations(UnknownVerdictPolicy unknownPolicy) {
        this.unknownPolicy = Objects.requireNonNull(unknownPolicy, "unknownPolicy");
    }

    /** A mapping with the policy the rule's parameters ask for. */
    public static ConfigEvaluations forRule(ConfigRuleInvocation invocation) {
        return new ConfigEvaluations(UnknownVerdictPolicy.fromRuleParameters(invocation.ruleParameters()));
    }

    /**
     * The evaluations for a run of the rule.
     *
     * @param reports           the reports of the instances that were evaluated
     * @param requested         the instances the rule asked about (the change-triggered resource); those without a
     *                          report are NOT_APPLICABLE. Empty for a periodic run.
     * @param orderingTimestamp {@link ConfigRuleInvocation#orderingTimestamp()}
     */
    public EvaluationSet evaluate(List<InstanceReport> reports, Collection<String> requested,
            Instant orderingTimestamp) {
        Objects.requireNonNull(orderingTimestamp, "orderingTimestamp");
        Map<String, ConfigEvaluation> evaluations = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (InstanceReport report : reports) {
            ConfigEvaluation evaluation = switch (report.verdict()) {
                case HEALTHY -> ConfigEvaluation.instance(report.instanceId(), Compliance.COMPLIANT,
                        Annotations.healthy(report), orderingTimestamp);
                case UNHEALTHY, AT_RISK -> ConfigEvaluation.instance(report.instanceId(), Compliance.NON_COMPLIANT,
                        Annotations.failing(report), orderingTimestamp);
                case UNKNOWN -> unknownPolicy == UnknownVerdictPolicy.NON_COMPLIANT
                        ? ConfigEvaluation.instance(report.instanceId(), Compliance.NON_COMPLIANT,
                                Annotations.unknown(report), orderingTimestamp)
                        : null;
            };
            if (evaluation == null) {
                skipped.add(report.instanceId());
            } else {
                evaluations.put(report.instanceId(), evaluation);
            }
        }
        for (String id : new LinkedHashSet<>(requested)) {
            if (!evaluations.containsKey(id) && !skipped.contains(id)) {
                evaluations.put(id, ConfigEvaluation.instance(id, Compliance.NOT_APPLICABLE, NOT_MONITORED,
                        orderingTimestamp));
            }
        }
        return new EvaluationSet(List.copyOf(evaluations.values()), skipped);
    }

    /**
     * The evaluation of a change-triggered invocation that needs no scan: NOT_APPLICABLE when the resource was
     * deleted or left the rule's scope, or is not an EC2 instance (a rule scoped wider than it should be); null when
     * the instance must be evaluated.
     */
    public static ConfigEvaluation withoutScan(ConfigRuleInvocation invocation) {
        ConfigItem item = invocation.item();
        if (item == null) {
            return null;
        }
        String reason;
        if (invocation.eventLeftScope()) {
            reason = "the resource left the rule's scope";
        } else if (item.deleted()) {
            reason = "the instance was deleted (" + item.status() + ")";
        } else if (!ConfigEvaluation.INSTANCE_TYPE.equals(item.resourceType())) {
            reason = "the rule evaluates EC2 instances, not " + item.resourceType();
        } else {
            return null;
        }
        return new ConfigEvaluation(item.resourceType(), item.resourceId(), Compliance.NOT_APPLICABLE,
                Annotations.reason(reason), invocation.orderingTimestamp());
    }
}
