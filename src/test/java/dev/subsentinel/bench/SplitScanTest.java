package dev.subsentinel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.ChangeService;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.app.Sleeper;
import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.change.LmusIdentityProviderSource;
import dev.subsentinel.app.multi.MemberAccess;
import dev.subsentinel.app.multi.SplitScans;
import dev.subsentinel.app.multi.Target;
import dev.subsentinel.app.multi.TargetEngine;
import dev.subsentinel.app.multi.TargetMessage;
import dev.subsentinel.app.multi.TargetQueue;
import dev.subsentinel.app.multi.Worker;
import dev.subsentinel.app.multi.WorkerOutcome;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.MultiAccountConfig;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.FleetMetrics;
import dev.subsentinel.testing.EmfDocuments;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.track.InMemorySplitStore;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.InstanceKey;
import dev.subsentinel.track.StoredState;
import dev.subsentinel.track.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * Split scans on the benchmark's front: a generated fleet larger than the bound is listed, split by VPC into shards
 * (one message each), each shard is scanned by the worker as a narrowed scan, and the shard that completes the set
 * reports the fleet: the same verdicts as the whole fleet evaluated offline, one heartbeat, a tracked instance that
 * left the fleet found TERMINATED by EC2's evidence, and no shard counted twice when SQS delivers it twice.
 */
class SplitScanTest {

    private static final String ACCOUNT = "111122223333";
    private static final Clock CLOCK = Clock.fixed(BenchFleets.NOW, ZoneOffset.UTC);
    private static final String GONE = "i-0dead00000000000d";

    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private final PrintStream stdout = System.out;
    private FleetSnapshot fleet;
    private FleetFront front;
    private Clients own;
    private AppConfig config;
    private InMemoryStateStore states;
    private Tracker tracker;
    private final List<TargetMessage> queued = new ArrayList<>();

    @BeforeEach
    void start() {
        System.setOut(new PrintStream(emf, true, StandardCharsets.UTF_8));
        fleet = BenchFleets.generate(1_200, 12, 0);
        front = FleetFront.start(fleet, FleetFront.Settings.INSTANT);
        config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint()));
        own = Clients.create(config);
        states = new InMemoryStateStore();
        tracker = new Tracker(states, new Tracker.Settings(Duration.ofHours(6), Tracker.Settings.DEFAULT_CLAIM_LEASE,
                Tracker.Settings.DEFAULT_RETENTION, true));
    }

    @AfterEach
    void stop() {
        System.setOut(stdout);
        own.close();
        front.close();
    }

    @Test
    void scan_fleetAboveTheBound_splitByVpcAndAssembledOnceToTheFleetsVerdicts() throws IOException {
        Worker worker = worker(500);
        Target target = new Target(ACCOUNT, "us-east-1");
        fleet.instances().forEach(i -> tracked(i.instanceId()));
        tracked(GONE);

        WorkerOutcome split = worker.handle(TargetMessage.whole("run-1", target, 1), Deadline.NONE);

        assertThat(split.status()).isEqualTo(WorkerOutcome.Status.SPLIT);
        assertThat(queued).hasSize(3).allSatisfy(m -> assertThat(m.shard().instanceIds()).hasSizeLessThanOrEqualTo(
                500));
        assertThat(queued).flatExtracting(m -> m.shard().instanceIds()).hasSize(1_201).doesNotHaveDuplicates()
                .contains(GONE);
        assertThat(queued.get(0).shard().instanceIds()).as("whole VPCs: 5 of 100 instances each").hasSize(500);

        List<TargetMessage> deliveries = new ArrayList<>(queued);
        deliveries.add(queued.get(1));
        Collections.reverse(deliveries);
        List<WorkerOutcome> outcomes = new ArrayList<>();
        for (TargetMessage shard : deliveries) {
            outcomes.add(worker.handle(shard, Deadline.NONE));
        }

        assertThat(outcomes).extracting(WorkerOutcome::status).containsOnly(WorkerOutcome.Status.SHARD_DONE,
                WorkerOutcome.Status.ASSEMBLED).filteredOn(s -> s == WorkerOutcome.Status.ASSEMBLED).hasSize(1);
        WorkerOutcome assembled = outcomes.stream().filter(o -> o.status() == WorkerOutcome.Status.ASSEMBLED)
                .findFirst().orElseThrow();
        Summary offline = Summary.of(new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS)
                .evaluate(fleet, BenchFleets.NOW).reports());
        assertThat(assembled.summary()).isEqualTo(new Summary(offline.evaluated() + 1, offline.healthy(),
                offline.atRisk(), offline.unhealthy(), offline.unknown(), offline.stopped(), 1));
        assertThat(assembled.partial()).isFalse();
        StoredState gone = states.get(new InstanceKey(ACCOUNT, "us-east-1", GONE));
        assertThat(gone.state().terminated()).as("gone on EC2's evidence, not inferred").isTrue();
        assertThat(gone.lastTransition()).isEqualTo(Transition.TERMINATED);
        List<JsonNode> heartbeats = EmfDocuments.parse(emf.toString(StandardCharsets.UTF_8)).stream()
                .filter(d -> d.has("ScanCompleted")).toList();
        assertThat(heartbeats).as("one heartbeat, of the own fleet").singleElement()
                .satisfies(d -> assertThat(d.get("Scope").asText()).isEqualTo(FleetMetrics.FLEET))
                .satisfies(d -> assertThat(d.get("ScanCompleted").asInt()).isEqualTo(1));
        assertThat(EmfDocuments.parse(emf.toString(StandardCharsets.UTF_8)).stream()
                .filter(d -> d.has("UnhealthyInstances")).toList()).singleElement()
                .satisfies(d -> assertThat(d.get("UnhealthyInstances").asInt()).isEqualTo(offline.unhealthy()));
    }

    @Test
    void scan_nothingTrackedYet_listsTheFleetFirstAndSplitsIt() {
        Worker worker = worker(500);

        WorkerOutcome outcome = worker.handle(TargetMessage.whole("run-3", new Target(ACCOUNT, "us-east-1"), 1),
                Deadline.NONE);

        assertThat(outcome.status()).isEqualTo(WorkerOutcome.Status.SPLIT);
        assertThat(queued).hasSize(3).flatExtracting(m -> m.shard().instanceIds()).hasSize(1_200)
                .doesNotHaveDuplicates();
        assertThat(states.list(ACCOUNT, "us-east-1")).as("the listing tracks nothing; the shards will").isEmpty();
    }

    @Test
    void scan_fleetWithinTheBound_scannedWholeWithoutListingTwice() {
        Worker worker = worker(5_000);
        for (int i = 0; i < 1_200; i++) {
            tracked(fleet.instances().get(i).instanceId());
        }

        WorkerOutcome outcome = worker.handle(TargetMessage.whole("run-2", new Target(ACCOUNT, "us-east-1"), 1),
                Deadline.NONE);

        assertThat(outcome.status()).isEqualTo(WorkerOutcome.Status.COMPLETED);
        assertThat(queued).isEmpty();
        assertThat(front.stats().path("byOperation").path("ec2:DescribeInstances").asLong())
                .as("tracking says 1,200 of a bound of 5,000: no listing before the scan").isEqualTo(2);
    }

    private void tracked(String instanceId) {
        InstanceKey key = new InstanceKey(ACCOUNT, "us-east-1", instanceId);
        states.put(new StoredState(key, new TransitionState(Verdict.HEALTHY, Verdict.HEALTHY,
                List.of(), List.of(), List.of(), null, null, BenchFleets.NOW.minus(Duration.ofDays(1)), null),
                List.of(), 0, null, "earlier", null, null), 0);
    }

    private Worker worker(int bound) {
        TargetQueue queue = messages -> {
            queued.addAll(messages);
            return Map.of();
        };
        SplitScans splits = new SplitScans(new InMemorySplitStore(), queue, bound, CLOCK);
        MemberAccess access = new MemberAccess(config, MultiAccountConfig.fromEnvironment(Map.of(), "us-east-1"), own,
                () -> ACCOUNT);
        Metrics powertools = FleetMetrics.stdoutMetrics("SubscriptionSentinel");
        ScanRun.AcceptingSink sink = new ScanRun.AcceptingSink();
        Worker.Engines engines = (target, metrics) -> {
            Clients clients = target.clients();
            FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config), CLOCK);
            ScanService scans = new ScanService(collector, new Evaluator(CheckRegistry.defaults(),
                    EvaluationSettings.DEFAULTS), new ScanService.Outputs(tracker, sink, sink, metrics),
                    clients.apiCalls(), () -> target.target().accountId(), clients.region().id(), CLOCK,
                    () -> "scan");
            ChangeService changes = new ChangeService(scans, ChangeImpactMapper.of(config, clients.ec2(),
                    new LmusIdentityProviderSource(clients.licenseManagerUserSubscriptions(), clients.directory())),
                    clients.apiCalls(), ChangeService.Settings.defaults(), CLOCK, Sleeper.system());
            return new TargetEngine(target, collector, scans, changes);
        };
        return new Worker(access, engines, kind -> new FleetMetrics(powertools, kind), splits, null, 50, CLOCK);
    }
}
