package dev.subsentinel.core;

import dev.subsentinel.core.check.Check;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.check.InstanceContext;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.UnknownFact;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pure evaluation: {@code FleetSnapshot -> List<InstanceReport>}. No AWS, Lambda or JSON types, no clock: the
 * time is a parameter. The snapshot is indexed once, so the cost is linear in the fleet.
 */
public final class Evaluator {

    /**
     * The reports, how many checks threw (each became UNKNOWN; a metric counts them), and which instances depend on
     * which missing facts.
     *
     * @param reports     one per instance, in snapshot order
     * @param checkErrors how many check evaluations threw
     * @param dependents  for each unknown fact of the snapshot that left a check UNKNOWN, the instances concerned
     */
    public record Evaluation(List<InstanceReport> reports, int checkErrors, Map<UnknownFact, Set<String>> dependents) {

        public Evaluation {
            reports = List.copyOf(reports);
            Map<UnknownFact, Set<String>> copy = new LinkedHashMap<>();
            dependents.forEach((fact, ids) -> copy.put(fact, Set.copyOf(ids)));
            dependents = Collections.unmodifiableMap(copy);
        }

        /** An evaluation without unknown facts. */
        public Evaluation(List<InstanceReport> reports, int checkErrors) {
            this(reports, checkErrors, Map.of());
        }

        /**
         * Whether some reported instance depends on a missing fact, or the scope itself could be read only in part
         * (an instance may be missing altogether): a report of this evaluation is partial.
         */
        public boolean partial(FleetSnapshot snapshot) {
            return !dependents.isEmpty() || snapshot.unknownFacts().stream().anyMatch(UnknownFact::scopeListing);
        }

        /** The snapshot's unknown facts, grouped, with the number of instances each leaves UNKNOWN. */
        public List<MissingFact> missingFacts(FleetSnapshot snapshot) {
            return MissingFact.of(snapshot.unknownFacts(), dependents);
        }
    }

    private static final Set<String> NOT_RUNNING = Set.of("stopped", "stopping", "shutting-down", "terminated");
    private static final Set<String> GONE = Set.of("shutting-down", "terminated");

    private final CheckRegistry registry;
    private final EvaluationSettings settings;

    /** An evaluator with these checks and settings. */
    public Evaluator(CheckRegistry registry, EvaluationSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Evaluates every monitored instance of the snapshot. */
    public Evaluation evaluate(FleetSnapshot snapshot, Instant now) {
        FleetIndex index = new FleetIndex(snapshot);
        return evaluate(index, index.monitoredInstanceIds(), now);
    }

    /** Evaluates the given instances of the snapshot (those it does not hold are reported UNKNOWN). */
    public Evaluation evaluate(FleetSnapshot snapshot, Collection<String> instanceIds, Instant now) {
        return evaluate(new FleetIndex(snapshot), instanceIds, now);
    }

    private Evaluation evaluate(FleetIndex index, Collection<String> instanceIds, Instant now) {
        PathAnalyzer paths = new PathAnalyzer(index);
        IdentityProviderResolver directories = new IdentityProviderResolver(index);
        List<InstanceReport> reports = new ArrayList<>(instanceIds.size());
        Map<UnknownFact, Set<String>> dependents = new LinkedHashMap<>();
        Set<UnknownFact> consulted = new HashSet<>();
        int errors = 0;
        for (String instanceId : instanceIds) {
            Ec2Instance instance = index.instance(instanceId);
            LmusInstance lmus = index.lmus(instanceId);
            List<String> products = Products.of(lmus, instance);
            InstanceContext context = new InstanceContext(instanceId, instance, lmus, products, index, paths,
                    directories, settings, now);
            List<CheckResult> results = new ArrayList<>(registry.checks().size());
            for (Check check : registry.checks()) {
                CheckResult result;
                consulted.clear();
                index.recordConsulted(consulted);
                try {
                    result = run(check, context);
                } catch (RuntimeException e) {
                    errors++;
                    result = new CheckResult(check.id(), Status.UNKNOWN, check.severity(),
                            "check could not be evaluated", List.of("internal error: " + e), check.remediation());
                } finally {
                    index.recordConsulted(null);
                }
                if (result.status() == Status.PASS && !result.paths().isEmpty()) {
                    // Paths are drawn for what an operator must act on. A passing check's evidence says it passes;
                    // keeping its drawings would make a healthy 10,000-instance fleet's report hundreds of megabytes.
                    result = result.withPaths(List.of());
                }
                if (result.status() == Status.UNKNOWN) {
                    consulted.forEach(fact -> dependents.computeIfAbsent(fact, f -> new LinkedHashSet<>())
                            .add(instanceId));
                }
                results.add(result);
            }
            // A gone instance has no health to judge: every check but INSTANCE_STATE was skipped, and HEALTHY would
            // count it as healthy. UNKNOWN, as for an instance EC2 no longer describes; Summary counts both as gone.
            Verdict verdict = instance != null && GONE.contains(instance.state()) ? Verdict.UNKNOWN : verdict(results);
            reports.add(new InstanceReport(instanceId, index.snapshot().accountId(), index.snapshot().region(),
                    state(index, instanceId, instance), products, verdict, null, results));
        }
        return new Evaluation(reports, errors, dependents);
    }

    /** The EC2 state, NOT_FOUND when DescribeInstances does not return the instance, null when it failed. */
    private static String state(FleetIndex index, String instanceId, Ec2Instance instance) {
        if (instance != null) {
            return instance.state();
        }
        return index.unknown(FactKind.INSTANCES, instanceId) != null ? null : InstanceReport.NOT_FOUND;
    }

    private static CheckResult run(Check check, InstanceContext context) {
        Ec2Instance instance = context.instance();
        if (check.needsInstance() && instance == null) {
            String reason = context.index().unknown(FactKind.INSTANCES, context.instanceId());
            String evidence = reason != null ? "DescribeInstances failed: " + reason
                    : "DescribeInstances does not return " + context.instanceId()
                            + " (terminated long ago, or in another account or region)";
            return new CheckResult(check.id(), Status.UNKNOWN, check.severity(), "instance description unavailable",
                    List.of(evidence), check.remediation());
        }
        if (instance != null && GONE.contains(instance.state()) && check.id() != CheckId.INSTANCE_STATE) {
            return new CheckResult(check.id(), Status.SKIPPED, check.severity(), "the instance is "
                    + instance.state(), List.of(), check.remediation());
        }
        if (check.skippedWhenStopped() && instance != null && NOT_RUNNING.contains(instance.state())) {
            return new CheckResult(check.id(), Status.SKIPPED, check.severity(), "the instance is "
                    + instance.state(), List.of(), check.remediation());
        }
        return check.evaluate(context);
    }

    /**
     * The verdict rule of DESIGN section 3: UNHEALTHY (a CRITICAL or HIGH FAIL) over AT_RISK (a WARN, or a MEDIUM or
     * LOW FAIL) over UNKNOWN (a check that could not be evaluated) over HEALTHY. INFO results never count.
     */
    public static Verdict verdict(List<CheckResult> results) {
        Verdict verdict = Verdict.HEALTHY;
        for (CheckResult result : results) {
            if (result.severity() == Severity.INFO) {
                continue;
            }
            Verdict this0 = switch (result.status()) {
                case FAIL -> result.severity().makesUnhealthy() ? Verdict.UNHEALTHY : Verdict.AT_RISK;
                case WARN -> Verdict.AT_RISK;
                case UNKNOWN -> Verdict.UNKNOWN;
                case PASS, SKIPPED -> Verdict.HEALTHY;
            };
            if (this0.worseThan(verdict)) {
                verdict = this0;
            }
        }
        return verdict;
    }
}
