package dev.subsentinel.collect;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.IdentityProvider;
import java.util.List;

/**
 * Facts a run has already read before collecting (the change mapping reads the monitored fleet and the identity
 * providers to find the affected instances), so that the collection does not ask again. Only facts read moments
 * earlier, after the change they are about settled, belong here: a second look always collects afresh.
 *
 * @param accountId         the account (saves STS when the described instances come from here), or null
 * @param instances         descriptions of some of the scope's instances (without their profile associations,
 *                          which the collector reads), or null when none were read
 * @param identityProviders the LM-US identity providers, or null when they were not read
 */
public record Prefetched(String accountId, List<Ec2Instance> instances, List<IdentityProvider> identityProviders) {

    /** Nothing read beforehand. */
    public static final Prefetched NONE = new Prefetched(null, null, null);

    public Prefetched {
        instances = instances == null ? null : List.copyOf(instances);
        identityProviders = identityProviders == null ? null : List.copyOf(identityProviders);
    }

    /** A copy naming the account. */
    public Prefetched withAccountId(String account) {
        return new Prefetched(account, instances, identityProviders);
    }

    /** The snapshot form of an instance DescribeInstances returned, as the collector maps it. */
    public static Ec2Instance describe(software.amazon.awssdk.services.ec2.model.Instance instance) {
        return Ec2Mapper.instance(instance);
    }
}
