package dev.subsentinel.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.track.TrackingFleet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a report says about the facts it could not read: grouped by call and error, with the number of instances each
 * leaves UNKNOWN, and {@code partial} only when a reported instance depends on one of them (or the scope itself was
 * listed in part).
 */
class MissingFactTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String A = "i-0aaa1111bbbb2222c";
    private static final String B = "i-0bbb2222cccc3333d";
    private static final String TIMEOUT = "Timeout: ec2:DescribeIamInstanceProfileAssociations did not answer in"
            + " time";
    private static final String ACTION = "ec2:DescribeIamInstanceProfileAssociations";

    @Test
    void evaluate_profileUnknownForOneInstance_oneGroupAffectingItAloneAndPartial() {
        FleetSnapshot snapshot = TrackingFleet.of(A, B)
                .unknown(FactKind.INSTANCE_PROFILES, A, TIMEOUT, ACTION, "Timeout")
                .snapshot(NOW);

        Evaluator.Evaluation evaluation = evaluate(snapshot);

        assertThat(evaluation.partial(snapshot)).isTrue();
        assertThat(evaluation.missingFacts(snapshot)).containsExactly(new MissingFact(FactKind.INSTANCE_PROFILES,
                List.of(A), ACTION, "Timeout", TIMEOUT, 1));
    }

    @Test
    void evaluate_unknownFactNoInstanceNeeds_listedWithNoInstanceAndNotPartial() {
        FleetSnapshot snapshot = TrackingFleet.of(A)
                .unknown(FactKind.SECURITY_GROUPS, "sg-0000000000nobody", "AccessDenied: ec2:DescribeSecurityGroups is"
                        + " not allowed", "ec2:DescribeSecurityGroups", "AccessDenied")
                .snapshot(NOW);

        Evaluator.Evaluation evaluation = evaluate(snapshot);

        assertThat(evaluation.partial(snapshot)).isFalse();
        assertThat(evaluation.missingFacts(snapshot)).singleElement().satisfies(f -> {
            assertThat(f.instances()).isZero();
            assertThat(f.resources()).containsExactly("sg-0000000000nobody");
        });
    }

    @Test
    void evaluate_scopeListingFailed_partialBecauseInstancesMayBeMissing() {
        FleetSnapshot snapshot = TrackingFleet.of(A)
                .unknown(FactKind.INSTANCES, "*", "AccessDenied: ec2:DescribeInstances is not allowed",
                        "ec2:DescribeInstances", "AccessDenied")
                .snapshot(NOW);
        FleetSnapshot listedByLmusOnly = snapshot.toBuilder().build();

        assertThat(evaluate(listedByLmusOnly).partial(listedByLmusOnly)).isTrue();
    }

    @Test
    void of_sameCallAndErrorForSeveralResources_oneEntryCountingDistinctInstances() {
        FleetSnapshot snapshot = TrackingFleet.of(A, B)
                .unknown(FactKind.INSTANCE_PROFILES, A, TIMEOUT, ACTION, "Timeout")
                .unknown(FactKind.INSTANCE_PROFILES, B, TIMEOUT, ACTION, "Timeout")
                .snapshot(NOW);

        List<MissingFact> facts = evaluate(snapshot).missingFacts(snapshot);

        assertThat(facts).singleElement().satisfies(f -> {
            assertThat(f.resources()).containsExactly(A, B);
            assertThat(f.instances()).isEqualTo(2);
        });
    }

    private static Evaluator.Evaluation evaluate(FleetSnapshot snapshot) {
        return new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS).evaluate(snapshot, NOW);
    }
}
