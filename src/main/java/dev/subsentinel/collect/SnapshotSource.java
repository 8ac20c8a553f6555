package dev.subsentinel.collect;

import dev.subsentinel.core.model.FleetSnapshot;

/**
 * Where the engine's snapshots come from: {@link FleetCollector} reads them from AWS; the SnapStart priming and the
 * handler tests read them from a fixture, so the rest of the engine runs unchanged.
 */
@FunctionalInterface
public interface SnapshotSource {

    /**
     * A snapshot of the scope.
     *
     * @throws CollectionException when the scope cannot be established (listed, described, its account read)
     */
    FleetSnapshot collect(Scope scope);

    /**
     * A snapshot of the scope that reuses facts the run already read. Sources that cannot reuse them collect as
     * usual.
     */
    default FleetSnapshot collect(Scope scope, Prefetched prefetched) {
        return collect(scope);
    }

    /**
     * A snapshot of the scope collected before the deadline (less the collector's margin): what was not read by then
     * is unknown. Sources that do not call AWS ignore the deadline.
     */
    default FleetSnapshot collect(Scope scope, Prefetched prefetched, Deadline deadline) {
        return collect(scope, prefetched);
    }
}
