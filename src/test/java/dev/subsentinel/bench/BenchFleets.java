package dev.subsentinel.bench;

import dev.subsentinel.core.model.FleetSnapshot;
import java.time.Instant;

/** The fleets the scan benchmark serves: {@link FleetGenerator}'s, seed 42, captured at {@link #NOW}. */
public final class BenchFleets {

    /** When every benchmark fleet was captured (ping ages and launch times are relative to it). */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    /** The group a change event names. */
    public static final String EVENT_GROUP = FleetGenerator.EVENT_GROUP;
    static final long SEED = 42;

    private BenchFleets() {
    }

    /**
     * The generated fleet of {@code instances} over {@code vpcs} VPCs; with {@code eventGroupInstances > 0}, that
     * many instances also carry {@link #EVENT_GROUP}.
     */
    public static FleetSnapshot generate(int instances, int vpcs, int eventGroupInstances) {
        return FleetGenerator.generate(instances, vpcs, SEED, NOW, eventGroupInstances);
    }
}
