package dev.subsentinel.app.multi;

import dev.subsentinel.app.ChangeService;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.config.Clients;
import java.util.Objects;

/**
 * The engine of one target (an account and region other than the function's own): its own clients, collector, scan
 * and change services, sharing the process's checks, tracking table and alert topic ({@code Application.engine}).
 * Closing it closes the target's clients and their credentials.
 *
 * @param access    the target and its clients
 * @param collector the collector on those clients
 * @param scans     the engine
 * @param changes   the change events of the target
 */
public record TargetEngine(Access access, FleetCollector collector, ScanService scans, ChangeService changes)
        implements AutoCloseable {

    /**
     * A target with its clients.
     *
     * @param target  the account and region
     * @param clients clients with the target's credentials and region
     */
    public record Access(Target target, Clients clients) {

        public Access {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(clients, "clients");
        }
    }

    public TargetEngine {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(scans, "scans");
        Objects.requireNonNull(changes, "changes");
    }

    /** The target. */
    public Target target() {
        return access.target();
    }

    @Override
    public void close() {
        access.clients().close();
    }
}
