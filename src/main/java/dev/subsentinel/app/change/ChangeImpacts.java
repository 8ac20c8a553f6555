package dev.subsentinel.app.change;

import dev.subsentinel.event.IdentityProviderEvent;
import dev.subsentinel.event.ResourceChange;
import java.util.Collection;
import java.util.Set;

/**
 * Which monitored instances a change affects (a port: {@link ChangeImpactMapper} answers with EC2 Describe calls; the
 * handler tests answer from a table).
 */
public interface ChangeImpacts {

    /**
     * The monitored instances a resource change affects.
     *
     * @param change             the change
     * @param trackedInstanceIds instances that count as monitored even without the tag; may be empty
     */
    ChangeImpact affectedInstances(ResourceChange change, Set<String> trackedInstanceIds);

    /**
     * The monitored instances served by the identity providers an LM-US registration or licence-server event names;
     * every monitored instance (the impact says it was widened) when the event identifies none.
     *
     * @param event              the event
     * @param trackedInstanceIds instances that count as monitored even without the tag; may be empty
     */
    ChangeImpact instancesOfIdentityProviders(IdentityProviderEvent event, Set<String> trackedInstanceIds);

    /**
     * The instances among these that are monitored: tracked, or carrying the tag. For instance-level events, which
     * arrive for every instance of the account.
     */
    ChangeImpact monitoredAmong(Collection<String> instanceIds, Set<String> trackedInstanceIds);
}
