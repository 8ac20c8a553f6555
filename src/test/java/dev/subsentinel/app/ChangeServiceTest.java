package dev.subsentinel.app;

import static dev.subsentinel.app.ChangeFixture.A;
import static dev.subsentinel.app.ChangeFixture.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.event.ChangeOrigin;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.event.EventEnvelope;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.InstanceStateChange;
import dev.subsentinel.event.LmusEventKind;
import dev.subsentinel.event.LmusInstanceEvent;
import dev.subsentinel.event.ManualRun;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.ResourceRef;
import dev.subsentinel.event.SsmComplianceChange;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.track.TrackingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ChangeService over {@link ChangeFixture}: the real engine, tracker and alert creation on a fixture world, a table
 * for the change mapping, and a clock that only moves when the service sleeps (no test waits).
 */
class ChangeServiceTest {

    private static final String INSTANCE_SG = "sg-0fedcba9876543210";

    private final ChangeFixture fixture = new ChangeFixture().trackB();

    private static EventEnvelope envelope(String source, String detailType, Instant time) {
        return new EventEnvelope("e-1", source, detailType, Fixtures.ACCOUNT, Fixtures.REGION, time, List.of());
    }

    private static ResourceChange change(ChangeOrigin origin, String action, Instant at, String subject) {
        return new ResourceChange(envelope(origin == ChangeOrigin.CLOUDTRAIL ? "aws.ec2" : "aws.config", "change", at),
                origin, action, at, List.of(ResourceRef.parse(subject)), List.of());
    }

    private static ResourceChange revokeEgress(Instant at) {
        return change(ChangeOrigin.CLOUDTRAIL, "RevokeSecurityGroupEgress", at, INSTANCE_SG);
    }

    /** The instances' group loses its egress rule: SSM and activation paths break. */
    private void breakEgress() {
        fixture.world.with(Fixtures.sg(Fixtures.SG_INSTANCE, Fixtures.VPC)
                .ingress(Fixtures.tcp(3389, Fixtures.VPC_CIDR)).build());
    }

    private Instant now() {
        return fixture.clock.instant();
    }

    private static ChangeOutcome.Reevaluated reevaluated(ChangeOutcome outcome) {
        assertThat(outcome).isInstanceOf(ChangeOutcome.Reevaluated.class);
        return (ChangeOutcome.Reevaluated) outcome;
    }

    private static List<String> alerted(ChangeOutcome.Reevaluated run) {
        return run.outcome().alerts().stream().map(Alert::instanceId).sorted().toList();
    }

    private static IdentityProviderEvent providerEvent(LmusEventKind kind, Instant at, String... directoryIds) {
        return new IdentityProviderEvent(envelope("aws.license-manager-user-subscriptions", kind.detailType(), at),
                kind, List.of(), List.of(), List.of(directoryIds), null);
    }

    @Test
    void handle_identityProviderEventNamingNothing_everyMonitoredInstanceWithAWarnLine() {
        ChangeOutcome.Reevaluated run;
        try (CapturedLog log = CapturedLog.start()) {
            run = reevaluated(fixture.changes.handle(providerEvent(
                    LmusEventKind.LICENSE_SERVER_ENDPOINT_PROVISIONING_FAILED, now().minusSeconds(600))));

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN change LM-US License Server"
                    + " Endpoint Provisioning Failed (names no identity provider): cannot be traced to the instances"
                    + " it affects, so every monitored instance (2) is re-evaluated"));
        }
        assertThat(fixture.impacts.providerEvents).hasSize(1);
        assertThat(fixture.impacts.trackedGiven).containsExactly(java.util.Set.of(B));
        assertThat(run.instanceIds()).containsExactly(A, B);
        assertThat(run.impact().widened()).isTrue();
    }

    @Test
    void handle_registrationFailedWhileStillListedRegistered_secondLookSeesTheFailureAndAlerts() {
        fixture.impacts.affects(Fixtures.DIRECTORY, A, B);
        fixture.sleeper.during(() -> {
            if (fixture.sleeper.sleeps.size() == 2) {
                fixture.world.with(new IdentityProvider(Fixtures.DIRECTORY, Fixtures.OFFICE, "FAILED",
                        List.of(Fixtures.SUBNET_VPCE_A, Fixtures.SUBNET_VPCE_B), Fixtures.SG_KMS, "AWS_MANAGED",
                        null, List.of(), List.of(), "The directory's domain controllers could not be reached", null));
            }
        });

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(providerEvent(
                LmusEventKind.IDENTITY_PROVIDER_REGISTRATION_FAILED, now(), Fixtures.DIRECTORY)));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(run.looks()).isEqualTo(2);
        assertThat(run.recheckReason()).isEqualTo("LM-US still lists the identity provider of " + Fixtures.DIRECTORY
                + " (" + Fixtures.OFFICE + ") as REGISTERED after Identity Provider Registration Failed");
        assertThat(alerted(run)).containsExactly(A, B);
        assertThat(fixture.sink.sent).allSatisfy(alert -> assertThat(alert.newFailingChecks())
                .contains(dev.subsentinel.core.report.CheckId.IDENTITY_PROVIDER));
    }

    @Test
    void handle_changeAffectingNoMonitoredInstance_ignoredWithOneLogLineAndNothingCollected() {
        ChangeOutcome outcome;
        try (CapturedLog log = CapturedLog.start()) {
            outcome = fixture.changes.handle(change(ChangeOrigin.CLOUDTRAIL, "CreateRoute", now().minusSeconds(600),
                    "rtb-0aaaaaaaaaaaaaaaa"));

            assertThat(log.lines()).singleElement().asString()
                    .startsWith("INFO change CloudTrail CreateRoute on rtb-0aaaaaaaaaaaaaaaa: ignored, no monitored"
                            + " instance affected");
        }
        assertThat(outcome).isInstanceOf(ChangeOutcome.Ignored.class);
        assertThat(((ChangeOutcome.Ignored) outcome).reason()).startsWith("no monitored instance affected: table:");
        assertThat(fixture.source.scopes).isEmpty();
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void handle_resourceChange_mapsWithTrackedIdsAndReevaluatesOnlyTheAffectedInstances() {
        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(revokeEgress(now().minusSeconds(600))));

        assertThat(fixture.impacts.trackedGiven).containsExactly(java.util.Set.of(B));
        assertThat(fixture.source.scopes).containsExactly(Scope.instances(List.of(A, B)));
        assertThat(run.instanceIds()).containsExactly(A, B);
        assertThat(run.outcome().report().instances()).extracting(InstanceReport::instanceId)
                .containsExactly(A, B);
        assertThat(run.looks()).isEqualTo(1);
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void handle_changeAlreadyVisible_settlesAlertsTheBrokenInstancesAndLooksOnce() {
        breakEgress();

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(revokeEgress(now())));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10));
        assertThat(run.looks()).isEqualTo(1);
        assertThat(run.recheckReason()).isNull();
        assertThat(run.outcome().transitions()).extracting(TrackingResult.InstanceTransition::transition)
                .containsOnly(Transition.NEW);
        assertThat(alerted(run)).containsExactly(A, B);
        assertThat(fixture.sink.sent).extracting(Alert::instanceId).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void handle_cloudTrailChangeNotVisibleAtFirst_secondLookAfterTheDelaySeesItAndAlerts() {
        fixture.sleeper.during(() -> {
            if (fixture.sleeper.sleeps.size() == 2) {
                breakEgress();
            }
        });

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(revokeEgress(now())));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(fixture.source.scopes).hasSize(2);
        assertThat(fixture.source.prefetched).as("the first look reuses the mapping's reads, the second reads again")
                .endsWith(ChangeFixture.MAPPING_READS, Prefetched.NONE);
        assertThat(run.looks()).isEqualTo(2);
        assertThat(run.recheckReason()).contains("RevokeSecurityGroupEgress changed nothing tracking sees");
        assertThat(alerted(run)).containsExactly(A, B);
        assertThat(run.outcome().report().instances()).extracting(InstanceReport::verdict)
                .containsOnly(Verdict.UNHEALTHY);
    }

    @Test
    void handle_cloudTrailChangeOlderThanTheWindow_oneLookWithoutWaiting() {
        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(revokeEgress(now().minusSeconds(121))));

        assertThat(run.looks()).isEqualTo(1);
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void handle_configItemChangeThatChangesNothing_neverASecondLook() {
        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(change(ChangeOrigin.CONFIG,
                "AWS::EC2::SecurityGroup UPDATE", now().minusSeconds(3), INSTANCE_SG)));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(run.looks()).isEqualTo(1);
    }

    @Test
    void handle_changeTimedInTheFuture_waitsNoLongerThanTheSettleTime() {
        fixture.changes.handle(change(ChangeOrigin.CONFIG, "AWS::EC2::SecurityGroup UPDATE",
                now().plus(Duration.ofHours(1)), INSTANCE_SG));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void handle_stateChangeStillDescribedInTheEarlierState_secondLookSeesTheNewState() {
        fixture.sleeper.during(() -> {
            if (fixture.sleeper.sleeps.size() == 2) {
                fixture.world.with(Fixtures.instance(A).state("stopped").eni(Fixtures.eni("eni-0123456789abcdef0", 0,
                        Fixtures.SUBNET_APP, Fixtures.VPC, "10.0.1.21", null, Fixtures.SG_INSTANCE)).build());
            }
        });

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(new InstanceStateChange(
                envelope("aws.ec2", "EC2 Instance State-change Notification", now()), A, "stopped")));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(run.looks()).isEqualTo(2);
        assertThat(run.recheckReason()).isEqualTo("EC2 still describes " + A + " as running, not stopped");
        assertThat(run.outcome().report().instances()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo("stopped"));
    }

    @Test
    void handle_stateChangeAlreadyDescribed_oneLook() {
        fixture.world.with(Fixtures.instance(A).state("stopped").eni(Fixtures.eni("eni-0123456789abcdef0", 0,
                Fixtures.SUBNET_APP, Fixtures.VPC, "10.0.1.21", null, Fixtures.SG_INSTANCE)).build());

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(new InstanceStateChange(
                envelope("aws.ec2", "EC2 Instance State-change Notification", now()), A, "stopped")));

        assertThat(run.looks()).isEqualTo(1);
        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void handle_lmusUnhealthyWhileStillListedActive_secondLook() {
        LmusInstanceEvent event = new LmusInstanceEvent(envelope("aws.license-manager-user-subscriptions",
                "Instance Unhealthy", now().minusSeconds(20)), LmusEventKind.UNHEALTHY, List.of(A), null);
        fixture.sleeper.during(() -> fixture.world.with(Fixtures.lmus(A, "FAILED", Fixtures.DIRECTORY,
                Fixtures.OFFICE)));

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(event));

        assertThat(fixture.sleeper.sleeps).containsExactly(Duration.ofSeconds(30));
        assertThat(run.looks()).isEqualTo(2);
        assertThat(run.recheckReason()).isEqualTo("LM-US still lists " + A + " as ACTIVE after Instance Unhealthy");
        assertThat(alerted(run)).containsExactly(A);
    }

    @Test
    void handle_lmusUnhealthyAlreadyListedFailed_oneLookAndNoLookup() {
        fixture.world.with(Fixtures.lmus(A, "FAILED", Fixtures.DIRECTORY, Fixtures.OFFICE));
        LmusInstanceEvent event = new LmusInstanceEvent(envelope("aws.license-manager-user-subscriptions",
                "Instance Unhealthy", now().minusSeconds(20)), LmusEventKind.UNHEALTHY, List.of(A), null);

        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(event));

        assertThat(run.looks()).isEqualTo(1);
        assertThat(fixture.impacts.trackedGiven).isEmpty();
        assertThat(fixture.store.lists()).isZero();
    }

    @Test
    void handle_instanceEventOfTaggedInstance_doesNotReadTheTrackingTable() {
        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(new SsmComplianceChange(
                envelope("aws.ssm", "Configuration Compliance State Change", now().minusSeconds(600)), A,
                "Association", "non_compliant")));

        assertThat(run.instanceIds()).containsExactly(A);
        assertThat(fixture.store.lists()).isZero();
    }

    @Test
    void handle_instanceEventOfUntaggedTrackedInstance_readsTheTrackingTableOnce() {
        ChangeOutcome.Reevaluated run = reevaluated(fixture.changes.handle(new SsmComplianceChange(
                envelope("aws.ssm", "Configuration Compliance State Change", now().minusSeconds(600)), B,
                "Association", "non_compliant")));

        assertThat(run.instanceIds()).containsExactly(B);
        assertThat(fixture.store.lists()).isEqualTo(1);
    }

    @Test
    void handle_instanceEventOfUnmonitoredInstance_ignoredWithOneLogLine() {
        ChangeOutcome outcome;
        try (CapturedLog log = CapturedLog.start()) {
            outcome = fixture.changes.handle(new InstanceStateChange(envelope("aws.ec2",
                    "EC2 Instance State-change Notification", now()), "i-0aaaaaaaaaaaaaaaa", "running"));

            assertThat(log.lines()).singleElement().asString().contains("ignored, no monitored instance affected");
        }
        assertThat(outcome).isInstanceOf(ChangeOutcome.Ignored.class);
        assertThat(fixture.source.scopes).isEmpty();
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void handle_manualDryRun_reportsTheInstancesAndTracksNothing() {
        ChangeOutcome outcome = fixture.changes.handle(new ManualRun(List.of(A), true));

        assertThat(outcome).isInstanceOf(ChangeOutcome.Reported.class);
        assertThat(((ChangeOutcome.Reported) outcome).outcome().report().instances())
                .extracting(InstanceReport::instanceId).containsExactly(A);
        assertThat(fixture.scans.trackedInstanceIds()).containsExactly(B);
    }
}
