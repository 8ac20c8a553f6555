package dev.subsentinel.app.change;

import dev.subsentinel.core.model.IdentityProvider;
import java.util.List;

/**
 * The identity providers of an account and region.
 *
 * @param providers the providers
 * @param apiCalls  the API calls it took to list them
 */
public record IdentityProviderListing(List<IdentityProvider> providers, int apiCalls) {

    public IdentityProviderListing {
        providers = providers == null ? List.of() : List.copyOf(providers);
        if (apiCalls < 0) {
            throw new IllegalArgumentException("apiCalls must not be negative");
        }
    }
}
