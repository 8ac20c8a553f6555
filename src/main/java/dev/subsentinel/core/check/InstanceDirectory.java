package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;

/** The registered directory that serves an instance, for the checks about that directory. */
final class InstanceDirectory {

    private InstanceDirectory() {
    }

    /**
     * The identity provider of one of the instance's products that serves it (LM-US's own rule:
     * {@link IdentityProviderResolver}); any product's when LM-US lists none.
     */
    static IdentityProviderResolver.Resolution resolve(InstanceContext context) {
        return context.directories().resolve(context.instance(), context.lmus(),
                provider -> context.products().isEmpty() || context.products().contains(provider.product()));
    }
}
