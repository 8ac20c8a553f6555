package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.AwsCallSettings;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.FaultFront;
import dev.subsentinel.testing.FaultFront.Fault;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import dev.subsentinel.track.TrackingResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on every API the collection calls, injected by a {@link FaultFront} between the clients and the
 * {@link AwsFront} (moto, plus what moto lacks): persistent 5xx, connection resets, empty answers, malformed bodies,
 * access denials, and an endpoint that accepts the connection and never answers. For each, against the
 * {@link SeededFleet} and its fault-free baseline:
 * <ul>
 *   <li>the facts that API feeds are unknown with the IAM action and the error, and nothing else is;</li>
 *   <li>every other instance and check is evaluated as in the baseline: a check either keeps its result or says
 *       UNKNOWN (never PASS for a FAIL, never FAIL for a PASS); an instance may be missing only when the failing API
 *       is one of the two scope listings, and then the report is partial;</li>
 *   <li>tracking the faulted run after the baseline decides nothing: no RESOLVED, no new alert, no TERMINATED;</li>
 *   <li>an access denial logs once which IAM action to add.</li>
 * </ul>
 * The hung endpoint is bounded by small configured timeouts; the test asserts on what the run reports, not on how
 * long it took.
 */
@ExtendWith(AwsFrontExtension.class)
class FaultInjectionTest {

    /** Every operation the collection of the seeded fleet calls, each with the fault it gets besides a denial. */
    static final Map<String, Fault> OPERATIONS = new LinkedHashMap<>();

    static {
        List<Fault> rotation = List.of(Fault.SERVER_ERROR, Fault.CONNECTION_RESET, Fault.MALFORMED_BODY,
                Fault.EMPTY_RESPONSE, Fault.UNAVAILABLE);
        List<String> operations = List.of("DescribeInstances", "ListInstances", "ListIdentityProviders",
                "DescribeIamInstanceProfileAssociations", "DescribeInstanceInformation", "DescribeDirectories",
                "ListResolverRules", "ListResolverRuleAssociations", "DescribeSubnets",
                "DescribeVpcPeeringConnections", "DescribeVpcs", "DescribeRouteTables", "DescribeNetworkAcls",
                "DescribeVpcEndpoints", "DescribeVpcAttribute", "DescribeDhcpOptions", "DescribeNetworkInterfaces",
                "DescribeSecurityGroups", "GetManagedPrefixListEntries", "DescribeNatGateways",
                "DescribeInternetGateways", "GetRole", "DescribeEgressOnlyInternetGateways",
                "ListLicenseServerEndpoints");
        for (int i = 0; i < operations.size(); i++) {
            OPERATIONS.put(operations.get(i), rotation.get(i % rotation.size()));
        }
    }

    /** The scope listings: when one fails, instances only the other lists are still found. */
    private static final Set<String> SCOPE = Set.of("DescribeInstances", "ListInstances");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private SeededFleet fleet;
    private FaultFront faults;
    private ScanReport baseline;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, NOW);
        faults = FaultFront.start(front.endpoint());
        baseline = run(config(EmulatorEnv.of(faults.endpoint())));
    }

    @AfterEach
    void stop() {
        faults.close();
    }

    @Test
    void collect_everyApiFailingEveryWay_onlyItsFactsUnknownAndNothingResolvedOrAlerted() {
        assertThat(baseline.unknownFacts()).isEmpty();
        assertThat(baseline.instances()).hasSize(13);
        assertThat(OPERATIONS.keySet()).as("every action the checks declare is faulted")
                .containsExactlyInAnyOrderElementsOf(CheckRegistry.defaults().requiredActions().stream()
                        .map(a -> a.substring(a.indexOf(':') + 1)).toList());
        SoftAssertions softly = new SoftAssertions();
        int cases = 0;
        for (Map.Entry<String, Fault> entry : OPERATIONS.entrySet()) {
            for (Fault fault : List.of(entry.getValue(), Fault.DENIED)) {
                String operation = entry.getKey();
                faults.fail(operation, fault);
                ScanReport faulted;
                List<String> log;
                try (CapturedLog captured = CapturedLog.start()) {
                    faulted = run(config(EmulatorEnv.of(faults.endpoint())));
                    log = captured.lines();
                }
                faults.heal(operation);
                cases++;
                verify(softly, operation + " " + fault, operation, expectedCode(fault), faulted);
                if (fault == Fault.DENIED) {
                    softly.assertThat(log).as(operation + " denied: one line naming the action to add")
                            .filteredOn(l -> l.contains("AccessDenied: add " + action(operation)))
                            .hasSize(1);
                }
            }
        }
        softly.assertAll();
        assertThat(cases).isEqualTo(2 * OPERATIONS.size());
        assertThat(faults.injected()).containsOnlyKeys("SERVER_ERROR", "CONNECTION_RESET", "MALFORMED_BODY",
                "EMPTY_RESPONSE", "UNAVAILABLE", "DENIED");
        System.out.println("faults injected on " + OPERATIONS.size() + " APIs, " + cases + " runs: "
                + faults.injected());
    }

    @Test
    void collect_oneApiAcceptsAndNeverAnswers_boundedByTheCallTimeoutAndOnlyItsFactsUnknown() {
        AwsCallSettings small = AwsCallSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(6))
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10));
        SoftAssertions softly = new SoftAssertions();
        for (String operation : List.of("DescribeSecurityGroups", "DescribeInstanceInformation", "ListInstances",
                "GetRole")) {
            faults.fail(operation, Fault.HANG);
            ScanReport faulted = run(config(EmulatorEnv.of(faults.endpoint())).withAws(small));
            faults.heal(operation);
            verify(softly, operation + " hung", operation, Failures.TIMEOUT, faulted);
        }
        softly.assertAll();
        assertThat(faults.hungConnections()).isGreaterThanOrEqualTo(4);
    }

    private void verify(SoftAssertions softly, String label, String operation, String code, ScanReport faulted) {
        String action = action(operation);
        softly.assertThat(faulted.unknownFacts()).as(label + ": unknown facts").isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.action()).isEqualTo(action);
                    assertThat(f.errorCode()).as(f.message()).matches(code);
                    assertThat(f.message()).contains(action);
                });
        Map<String, InstanceReport> after = byId(faulted.instances());
        boolean changed = false;
        for (InstanceReport before : baseline.instances()) {
            InstanceReport now = after.get(before.instanceId());
            if (now == null) {
                softly.assertThat(SCOPE).as(label + ": " + before.instanceId() + " missing").contains(operation);
                softly.assertThat(faulted.partial()).as(label + ": partial scope").isTrue();
                changed = true;
                continue;
            }
            for (CheckResult check : before.checks()) {
                Status status = now.check(check.id()).status();
                if (status != check.status()) {
                    changed = true;
                    softly.assertThat(status).as(label + ": " + before.instanceId() + " " + check.id() + " was "
                            + check.status()).isEqualTo(Status.UNKNOWN);
                }
            }
        }
        softly.assertThat(faulted.partial()).as(label + ": partial exactly when something depends on it")
                .isEqualTo(changed || SCOPE.contains(operation));
        for (TrackingResult.InstanceTransition transition : trackAfterBaseline(faulted)) {
            softly.assertThat(transition.transition()).as(label + ": " + transition.instanceId() + " "
                    + transition.reason()).isEqualTo(Transition.UNCHANGED);
        }
    }

    /**
     * Tracks the baseline (alerting), the faulted run five minutes later, and the baseline again five minutes after
     * that: the transitions of the last two runs (the faulted run must not have changed what the next complete run
     * decides either).
     */
    private List<TrackingResult.InstanceTransition> trackAfterBaseline(ScanReport faulted) {
        Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                Duration.ofMinutes(10), Duration.ofDays(30), true));
        tracker.deliver(tracker.track(baseline, true, NOW), accept(), NOW);
        Instant later = NOW.plus(Duration.ofMinutes(5));
        List<TrackingResult.InstanceTransition> transitions = new ArrayList<>(tracker.track(faulted, true, later)
                .transitions());
        Instant after = later.plus(Duration.ofMinutes(5));
        transitions.addAll(tracker.track(baseline, true, after).transitions());
        return transitions;
    }

    private static AlertSink accept() {
        return alerts -> alerts.stream().map(a -> AlertSink.Delivery.accepted(a.alertId(), "m-" + a.alertId()))
                .toList();
    }

    private static String expectedCode(Fault fault) {
        return switch (fault) {
            case SERVER_ERROR -> "InternalError|InternalFailure";
            case UNAVAILABLE -> "Unavailable|ServiceUnavailable";
            case CONNECTION_RESET, EMPTY_RESPONSE -> Failures.NETWORK_ERROR;
            case MALFORMED_BODY -> Failures.MALFORMED_RESPONSE;
            case DENIED -> Failures.ACCESS_DENIED;
            case HANG -> Failures.TIMEOUT;
            case THROTTLED -> "Throttling";
        };
    }

    static String action(String operation) {
        return CheckRegistry.defaults().requiredActions().stream()
                .filter(a -> a.endsWith(":" + operation)).findFirst().orElseThrow();
    }

    private static AppConfig config(Map<String, String> env) {
        return AppConfig.fromEnvironment(env).withAws(AppConfig.fromEnvironment(env).aws()
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(10)));
    }

    /** Collects, evaluates and reports the fleet as the scan does. */
    static ScanReport run(AppConfig config) {
        try (Clients clients = Clients.create(config)) {
            FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            Scope scope = Scope.fleet();
            FleetSnapshot snapshot = collector.collect(scope);
            Evaluator.Evaluation evaluation = new Evaluator(CheckRegistry.defaults(),
                    new EvaluationSettings(15, "3.3.40.0", List.of())).evaluate(snapshot,
                    scope.idsToEvaluate(snapshot), NOW);
            return ScanReport.of("fault-run", snapshot.accountId(), snapshot.region(), NOW, 0,
                    (int) clients.apiCalls().total(), evaluation.partial(snapshot), evaluation.missingFacts(snapshot),
                    evaluation.reports());
        }
    }

    private static Map<String, InstanceReport> byId(List<InstanceReport> reports) {
        return reports.stream().collect(Collectors.toMap(InstanceReport::instanceId, Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
    }
}
