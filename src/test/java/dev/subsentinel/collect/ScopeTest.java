package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.LmusInstance;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void fleet_withoutTrackedIds_isNotNarrowedAndRequestsNothing() {
        assertThat(Scope.fleet().narrowed()).isFalse();
        assertThat(Scope.fleet().requestedIds()).isEmpty();
    }

    @Test
    void fleet_withTrackedIds_requestsThemWithoutNarrowing() {
        Scope scope = Scope.fleet(List.of("i-0b", "i-0a"));

        assertThat(scope.narrowed()).isFalse();
        assertThat(scope.requestedIds()).containsExactlyInAnyOrder("i-0a", "i-0b");
    }

    @Test
    void instances_named_isNarrowedToThem() {
        Scope scope = Scope.instances(List.of("i-0a"));

        assertThat(scope.narrowed()).isTrue();
        assertThat(scope.requestedIds()).containsExactly("i-0a");
    }

    @Test
    void instances_none_isRejected() {
        assertThatThrownBy(() -> Scope.instances(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scope(Set.of("i-0a"), Set.of("i-0b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsToEvaluate_snapshotThenRequestedIdsItLacks_withoutDuplicates() {
        FleetSnapshot snapshot = FleetSnapshot.builder("123456789012", "eu-west-1", Instant.EPOCH)
                .instances(new Ec2Instance("i-0b", "running", "vpc-0a", "subnet-0a", null, null, List.of(),
                        List.of(), null, null))
                .lmusInstances(new LmusInstance("i-0b", "ACTIVE", null, List.of(), null, null),
                        new LmusInstance("i-0c", "ACTIVE", null, List.of(), null, null))
                .build();

        assertThat(Scope.fleet(List.of("i-0z", "i-0b")).idsToEvaluate(snapshot))
                .containsExactly("i-0b", "i-0c", "i-0z");
    }
}
