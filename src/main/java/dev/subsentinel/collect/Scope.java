package dev.subsentinel.collect;

import dev.subsentinel.core.model.FleetSnapshot;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which instances a collection covers (DESIGN section 2).
 *
 * <ul>
 *   <li>{@link #fleet()}: the union of LM-US ListInstances and the EC2 instances carrying the configured tag, in
 *       states pending, running, stopping or stopped. What the scheduled scan and {@code snapshot} use.</li>
 *   <li>{@link #fleet(Collection)}: the same, plus the tracked instances in whatever state, so that a terminated one
 *       is reported (tracking turns it into TERMINATED).</li>
 *   <li>{@link #instances(Collection)}: only these instances, in whatever state. What change events, the Config rule
 *       and a manual invoke use.</li>
 * </ul>
 *
 * @param instanceIds the only instances to cover, or empty for the whole fleet
 * @param trackedIds  instances to cover even when terminated (with the whole fleet)
 */
public record Scope(Set<String> instanceIds, Set<String> trackedIds) {

    public Scope {
        instanceIds = Set.copyOf(instanceIds);
        trackedIds = Set.copyOf(trackedIds);
        if (!instanceIds.isEmpty() && !trackedIds.isEmpty()) {
            throw new IllegalArgumentException("a narrowed scope names its instances; tracked ids go with the fleet");
        }
    }

    /** The whole fleet. */
    public static Scope fleet() {
        return new Scope(Set.of(), Set.of());
    }

    /** The whole fleet plus the tracked instances, whatever their state. */
    public static Scope fleet(Collection<String> trackedIds) {
        return new Scope(Set.of(), new TreeSet<>(trackedIds));
    }

    /** Only these instances, whatever their state. */
    public static Scope instances(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one instance, or use Scope.fleet()");
        }
        return new Scope(new TreeSet<>(instanceIds), Set.of());
    }

    /** Whether the scope names its instances rather than covering the fleet. */
    public boolean narrowed() {
        return !instanceIds.isEmpty();
    }

    /** The ids asked for explicitly: the named instances or the tracked ones. */
    public Set<String> requestedIds() {
        return narrowed() ? instanceIds : trackedIds;
    }

    /**
     * What to evaluate after collecting: every instance of the snapshot, then every requested id it does not hold.
     * A requested id that the snapshot neither describes nor covers with an unknown fact is gone (terminated long
     * ago, or in another account or region); the evaluator reports it UNKNOWN with that evidence.
     */
    public Set<String> idsToEvaluate(FleetSnapshot snapshot) {
        Set<String> ids = new LinkedHashSet<>();
        snapshot.instances().forEach(i -> ids.add(i.instanceId()));
        snapshot.lmusInstances().forEach(i -> ids.add(i.instanceId()));
        ids.addAll(new TreeSet<>(requestedIds()));
        return ids;
    }
}
