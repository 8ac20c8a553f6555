package dev.subsentinel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.testing.EmulatorEnv;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's front answers as AWS does, as far as the collector can tell: a scan through it collects exactly
 * the generated fleet (every record of every kind), and evaluates to the same reports as the generated snapshot
 * evaluated offline. So the benchmark measures the real collector on a fleet whose verdicts are known.
 */
class FleetFrontTest {

    private static final Clock AT_CAPTURE = Clock.fixed(BenchFleets.NOW, ZoneOffset.UTC);

    @Test
    void collect_throughTheFront_snapshotIsTheGeneratedFleet() {
        FleetSnapshot generated = BenchFleets.generate(1_200, 12, 5);
        try (FleetFront front = FleetFront.start(generated, FleetFront.Settings.INSTANT)) {
            FleetSnapshot collected = collect(front);

            assertThat(collected.unknownFacts()).isEmpty();
            assertThat(collected.accountId()).isEqualTo(generated.accountId());
            assertThat(collected.instances()).containsExactlyInAnyOrderElementsOf(generated.instances());
            assertThat(collected.ssmInstances()).containsExactlyInAnyOrderElementsOf(generated.ssmInstances());
            assertThat(collected.lmusInstances()).containsExactlyInAnyOrderElementsOf(generated.lmusInstances());
            assertThat(collected.identityProviders()).containsExactlyInAnyOrderElementsOf(
                    generated.identityProviders());
            assertThat(collected.directories()).containsExactlyInAnyOrderElementsOf(generated.directories());
            assertThat(collected.directoryInterfaces()).containsExactlyInAnyOrderElementsOf(
                    generated.directoryInterfaces());
            // the groups the collector reads: those of instances, endpoints, providers, the directory and License
            // Manager's interfaces (the generator also makes endpoint groups in VPCs without endpoints)
            assertThat(generated.securityGroups()).containsAll(collected.securityGroups());
            assertThat(collected.securityGroups()).extracting(g -> g.groupId()).containsAll(generated.instances()
                    .stream().flatMap(i -> i.networkInterfaces().stream()).flatMap(e -> e.groupIds().stream())
                    .distinct().toList()).contains(BenchFleets.EVENT_GROUP);
            assertThat(collected.vpcs()).containsExactlyInAnyOrderElementsOf(generated.vpcs());
            assertThat(collected.subnets()).containsExactlyInAnyOrderElementsOf(generated.subnets());
            assertThat(collected.routeTables()).containsExactlyInAnyOrderElementsOf(generated.routeTables());
            assertThat(collected.networkAcls()).containsExactlyInAnyOrderElementsOf(generated.networkAcls());
            assertThat(collected.vpcEndpoints()).containsExactlyInAnyOrderElementsOf(generated.vpcEndpoints());
            assertThat(collected.natGateways()).containsExactlyInAnyOrderElementsOf(generated.natGateways());
            assertThat(collected.internetGateways()).containsExactlyInAnyOrderElementsOf(
                    generated.internetGateways());
            assertThat(collected.peeringConnections()).containsExactlyInAnyOrderElementsOf(
                    generated.peeringConnections());
            assertThat(collected.prefixLists()).extracting(p -> p.prefixListId() + p.cidrs())
                    .containsExactlyInAnyOrderElementsOf(generated.prefixLists().stream()
                            .map(p -> p.prefixListId() + p.cidrs()).toList());
            assertThat(collected.resolverRules()).containsExactlyInAnyOrderElementsOf(generated.resolverRules());
            assertThat(collected.dhcpOptions()).containsExactlyInAnyOrderElementsOf(generated.dhcpOptions());
            assertThat(collected.serviceLinkedRoles()).containsExactlyInAnyOrderElementsOf(
                    generated.serviceLinkedRoles());
        }
    }

    @Test
    void evaluate_collectedThroughTheFront_sameReportsAsTheGeneratedFleet() {
        FleetSnapshot generated = BenchFleets.generate(600, 6, 0);
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS);
        try (FleetFront front = FleetFront.start(generated, FleetFront.Settings.INSTANT)) {
            List<InstanceReport> collected = evaluator.evaluate(collect(front), BenchFleets.NOW).reports();
            List<InstanceReport> offline = evaluator.evaluate(generated, BenchFleets.NOW).reports();

            assertThat(collected).hasSize(600).containsExactlyInAnyOrderElementsOf(offline);
            assertThat(collected).extracting(r -> r.verdict().name()).contains("HEALTHY", "UNHEALTHY");
        }
    }

    @Test
    void requests_beyondTheBucket_throttledAndRetriedToTheSameSnapshot() {
        FleetSnapshot generated = BenchFleets.generate(400, 30, 0);
        // 30 VPCs: 60 DescribeVpcAttribute calls against a bucket of 10 refilled at 50 per second
        try (FleetFront front = FleetFront.start(generated, FleetFront.Settings.INSTANT.withThrottle(50, 10))) {
            FleetSnapshot collected = collect(front);

            assertThat(collected.unknownFacts()).isEmpty();
            assertThat(collected.vpcs()).containsExactlyInAnyOrderElementsOf(generated.vpcs());
            assertThat(front.stats().get("throttled").asLong()).isPositive();
        }
    }

    @Test
    void collect_lmusRejectsTheLargePage_listsAgainAtItsOwnPageSizeAndRemembers() {
        FleetSnapshot generated = BenchFleets.generate(120, 2, 0);
        try (FleetFront front = FleetFront.start(generated, FleetFront.Settings.INSTANT.rejectingLmusPagesAbove(100))) {
            AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint(), Map.of()));
            try (Clients clients = Clients.create(config)) {
                FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config), AT_CAPTURE);
                FleetSnapshot first = collector.collect(Scope.fleet());
                long afterFirst = front.stats().path("byOperation")
                        .path("license-manager-user-subscriptions:ListInstances").asLong();
                collector.collect(Scope.fleet());
                long afterSecond = front.stats().path("byOperation")
                        .path("license-manager-user-subscriptions:ListInstances").asLong();

                assertThat(first.unknownFacts()).isEmpty();
                assertThat(first.lmusInstances()).containsExactlyInAnyOrderElementsOf(generated.lmusInstances());
                assertThat(afterFirst).as("one rejected page of 1,000, then 3 pages of LM-US's 50").isEqualTo(4);
                assertThat(afterSecond - afterFirst).as("the next run asks at LM-US's size at once").isEqualTo(3);
            }
        }
    }

    private static FleetSnapshot collect(FleetFront front) {
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint(), Map.of()));
        try (Clients clients = Clients.create(config)) {
            return new FleetCollector(clients, FleetCollector.Settings.of(config), AT_CAPTURE).collect(Scope.fleet());
        }
    }
}
