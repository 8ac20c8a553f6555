package dev.subsentinel.app.multi;

import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.ChangeService;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.event.EventEnvelope;
import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.InstanceStateChange;
import dev.subsentinel.event.LmusInstanceEvent;
import dev.subsentinel.event.ResourceChange;
import dev.subsentinel.event.SsmComplianceChange;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.publish.TargetMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The change function's events, from its own account and region and from the member accounts whose EventBridge rules
 * forward their changes to the monitor's bus (member-role.yaml): an event is handled in the account and region it
 * reports ({@code account} and {@code region} of the envelope, which EventBridge keeps when it forwards an event
 * across accounts). The function's own events go to its own {@link ChangeService}; another account's through its
 * member role, another region of the own account with the function's credentials, each by a {@link TargetEngine}
 * kept for the next events of that target (up to {@value #KEPT_ENGINES}, the least recently used closed first; the
 * SDK refreshes the role's session before it ends).
 *
 * <p>An event of an account whose member role cannot be assumed is answered as ignored with the reason, logged at
 * ERROR and counted in {@code TargetScanFailed}: a retry could not fix it, and the next scheduled scan of that target
 * fails the same way, loudly, until the role is deployed.
 */
public final class MemberChanges {

    /** Targets whose engine stays open between events. */
    static final int KEPT_ENGINES = 8;
    private static final Logger LOG = LogManager.getLogger(MemberChanges.class);

    private final ChangeService local;
    private final MemberAccess access;
    private final Function<TargetEngine.Access, TargetEngine> engines;
    private final TargetMetrics metrics;
    private final Map<Target, TargetEngine> kept = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Routing over the own service.
     *
     * @param local   the own account and region's change service
     * @param access  how other accounts and regions are reached
     * @param engines builds a target's engine on its clients
     * @param metrics where failed targets are counted, or null
     */
    public MemberChanges(ChangeService local, MemberAccess access, Function<TargetEngine.Access, TargetEngine> engines,
            TargetMetrics metrics) {
        this.local = Objects.requireNonNull(local, "local");
        this.access = Objects.requireNonNull(access, "access");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.metrics = metrics;
    }

    /** Handles a trigger in the account and region it reports (see the class comment). */
    public ChangeOutcome handle(Trigger trigger, Deadline deadline) {
        EventEnvelope envelope = envelope(trigger);
        if (envelope == null || envelope.account() == null || envelope.region() == null
                || (envelope.account().equals(access.ownAccount()) && envelope.region().equals(access.ownRegion()))) {
            return local.handle(trigger, deadline);
        }
        Target target;
        try {
            target = new Target(envelope.account(), envelope.region());
        } catch (IllegalArgumentException e) {
            return local.handle(trigger, deadline);
        }
        TargetEngine engine;
        try {
            engine = engine(target);
        } catch (MemberAccessException e) {
            LOG.error("change event of {} not handled: {}", target, e.getMessage());
            if (metrics != null) {
                metrics.scanned(target.accountId(), target.region(), true, 0, false);
            }
            return new ChangeOutcome.Ignored(trigger.describe(), "not handled in " + target + ": " + e.getMessage(),
                    0);
        }
        return engine.changes().handle(trigger, deadline);
    }

    private synchronized TargetEngine engine(Target target) {
        TargetEngine engine = kept.get(target);
        if (engine == null) {
            engine = engines.apply(new TargetEngine.Access(target, access.clients(target)));
            kept.put(target, engine);
            if (kept.size() > KEPT_ENGINES) {
                Target eldest = kept.keySet().iterator().next();
                kept.remove(eldest).close();
            }
        }
        return engine;
    }

    /** The envelope of the events that report an account and region; null for the others. */
    static EventEnvelope envelope(Trigger trigger) {
        return switch (trigger) {
            case ResourceChange change -> change.envelope();
            case InstanceStateChange change -> change.envelope();
            case SsmComplianceChange change -> change.envelope();
            case IdentityProviderEvent event -> event.envelope();
            case LmusInstanceEvent event -> event.envelope();
            default -> null;
        };
    }
}
