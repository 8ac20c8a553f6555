package dev.subsentinel.app;

import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.event.ConfigRuleInvocation;
import dev.subsentinel.publish.config.Compliance;
import dev.subsentinel.publish.config.ConfigEvaluation;
import dev.subsentinel.publish.config.ConfigEvaluationPublisher;
import dev.subsentinel.publish.config.ConfigEvaluations;
import dev.subsentinel.publish.config.EvaluationSet;
import dev.subsentinel.publish.config.PutEvaluationsResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The AWS Config custom rule on {@code AWS::EC2::Instance} (DESIGN section 5): evaluates with the same engine and
 * reports COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE through PutEvaluations (batches of at most 100, the invocation's
 * result token, the configuration item's capture time or, for the periodic trigger, the notification's creation time
 * as ordering timestamp).
 *
 * <ul>
 *   <li><b>Change-triggered</b> ({@code ConfigurationItemChangeNotification}) and <b>oversized</b>
 *       ({@code OversizedConfigurationItemChangeNotification}): a resource that left the rule's scope, was deleted,
 *       or is not an instance is NOT_APPLICABLE without any other call. Otherwise the instance is re-read with the
 *       collector's Describe calls and evaluated. The configuration item is only the trigger, never the data: the
 *       checks need SSM, LM-US and network facts that no item holds, and the collector reads the instance itself
 *       anyway. So an oversized item needs no {@code config:GetResourceConfigHistory} call (nor the permission): its
 *       summary names the instance and its status, which is all the rule reads.</li>
 *   <li><b>Periodic</b> ({@code ScheduledNotification}): every monitored instance (the scan's scope).</li>
 *   <li>An instance that is neither tagged for monitoring nor listed by LM-US, or that EC2 describes as terminated,
 *       is NOT_APPLICABLE.</li>
 * </ul>
 * PutEvaluations refusals throw {@link dev.subsentinel.publish.config.ConfigEvaluationException}, so the invocation
 * fails and Config invokes the rule again.
 *
 * <p><b>Evaluate only.</b> The rule neither tracks nor alerts, and emits no fleet metrics: the scheduled scan and the
 * change events already alert on the same instances, and a second path to SNS would alert twice (or, with a shared
 * table, turn Config's invocations into REMINDER and RESOLVED decisions of their own). The engine given here must be
 * one without tracking and metrics ({@link Application#configRules()}).
 */
public final class ConfigRuleService {

    private static final Logger LOG = LogManager.getLogger(ConfigRuleService.class);
    private static final Set<String> GONE_STATES = Set.of("shutting-down", "terminated", InstanceReport.NOT_FOUND);

    private final ScanService engine;
    private final ConfigEvaluationPublisher publisher;
    private final String tagKey;
    private final String tagValue;

    /**
     * A rule over an engine.
     *
     * @param engine    the engine, without tracking
     * @param publisher where evaluations go
     * @param tagKey    the key of the tag that marks monitored instances
     * @param tagValue  its value
     */
    public ConfigRuleService(ScanService engine, ConfigEvaluationPublisher publisher, String tagKey,
            String tagValue) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (engine.tracking()) {
            throw new IllegalArgumentException("the Config rule evaluates only: give it an engine without tracking");
        }
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.tagKey = Objects.requireNonNull(tagKey, "tagKey");
        this.tagValue = Objects.requireNonNull(tagValue, "tagValue");
    }

    /**
     * Evaluates what the invocation asks about and reports it to Config.
     *
     * @throws dev.subsentinel.publish.config.ConfigEvaluationException when Config refused evaluations
     * @throws dev.subsentinel.collect.CollectionException when nothing could be collected and a retry could help
     * @throws IllegalArgumentException when a rule parameter is invalid
     */
    public ConfigRuleOutcome evaluate(ConfigRuleInvocation invocation) {
        return evaluate(invocation, Deadline.NONE);
    }

    /** Evaluates as {@link #evaluate(ConfigRuleInvocation)}, collecting only until the deadline's margin. */
    public ConfigRuleOutcome evaluate(ConfigRuleInvocation invocation, Deadline deadline) {
        Objects.requireNonNull(invocation, "invocation");
        ConfigEvaluations mapping = ConfigEvaluations.forRule(invocation);
        Instant ordering = invocation.orderingTimestamp();
        List<ConfigEvaluation> evaluations = new ArrayList<>();
        List<String> skipped = List.of();
        int evaluated = 0;
        ConfigEvaluation withoutScan = ConfigEvaluations.withoutScan(invocation);
        if (withoutScan != null) {
            evaluations.add(withoutScan);
        } else {
            List<String> requested = invocation.periodic() ? List.of() : List.of(invocation.item().resourceId());
            Scope scope = invocation.periodic() ? Scope.fleet() : Scope.instances(requested);
            ScanOutcome outcome = engine.scan(new ScanRequest(invocation.describe(), scope, false, false)
                    .withDeadline(deadline));
            List<InstanceReport> reports = outcome.report().instances();
            evaluated = reports.size();
            List<InstanceReport> monitored = new ArrayList<>();
            for (InstanceReport report : reports) {
                if (report.state() != null && GONE_STATES.contains(report.state())) {
                    evaluations.add(ConfigEvaluation.instance(report.instanceId(), Compliance.NOT_APPLICABLE,
                            InstanceReport.NOT_FOUND.equals(report.state()) ? "EC2 no longer describes the instance"
                                    : "EC2 describes the instance as " + report.state(), ordering));
                } else if (monitored(report.instanceId(), outcome.snapshot())) {
                    monitored.add(report);
                }
            }
            List<String> stillRequested = requested.stream()
                    .filter(id -> evaluations.stream().noneMatch(e -> e.resourceId().equals(id))).toList();
            EvaluationSet set = mapping.evaluate(monitored, stillRequested, ordering);
            evaluations.addAll(set.evaluations());
            skipped = set.skippedUnknown();
        }
        PutEvaluationsResult put = publisher.put(invocation.resultToken(), evaluations);
        ConfigRuleOutcome outcome = new ConfigRuleOutcome(invocation.describe(), evaluations, skipped, put,
                evaluated);
        LOG.info("{}: {} evaluation(s), {} compliant, {} non-compliant, {} not applicable{}; {} PutEvaluations"
                        + " call(s){}", invocation.describe(), evaluations.size(), outcome.count(Compliance.COMPLIANT),
                outcome.count(Compliance.NON_COMPLIANT), outcome.count(Compliance.NOT_APPLICABLE),
                skipped.isEmpty() ? "" : "; no evaluation for UNKNOWN " + String.join(", ", skipped),
                put.apiCalls(), put.testMode() ? " (test mode)" : "");
        return outcome;
    }

    /** Tagged for monitoring, or listed by LM-US. */
    private boolean monitored(String instanceId, FleetSnapshot snapshot) {
        for (Ec2Instance instance : snapshot.instances()) {
            if (instance.instanceId().equals(instanceId) && tagValue.equals(instance.tags().get(tagKey))) {
                return true;
            }
        }
        return snapshot.lmusInstances().stream().anyMatch(l -> l.instanceId().equals(instanceId));
    }
}
