package dev.subsentinel.app.change;

/**
 * Where the LM-US identity providers come from: their {@code Settings.SecurityGroupId} and {@code Settings.Subnets}
 * say which security group guards the Office activation endpoints and where those endpoints are.
 */
@FunctionalInterface
public interface IdentityProviderSource {

    /** The registered identity providers, with the number of API calls it took to list them. */
    IdentityProviderListing identityProviders();
}
