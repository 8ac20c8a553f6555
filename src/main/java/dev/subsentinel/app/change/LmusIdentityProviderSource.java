package dev.subsentinel.app.change;

import dev.subsentinel.collect.LmusMapping;
import dev.subsentinel.core.model.IdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListIdentityProvidersResponse;

/**
 * Lists identity providers with LM-US {@code ListIdentityProviders} (one call per page of up to 100). Only what the
 * change mapping needs is kept faithfully: product, status, {@code Settings} and the directory's identity.
 */
public final class LmusIdentityProviderSource implements IdentityProviderSource {

    private static final int PAGE_SIZE = 100;

    private final LicenseManagerUserSubscriptionsClient client;

    /** A source that reads with this client. */
    public LmusIdentityProviderSource(LicenseManagerUserSubscriptionsClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public IdentityProviderListing identityProviders() {
        List<IdentityProvider> providers = new ArrayList<>();
        int calls = 0;
        String token = null;
        do {
            String next = token;
            ListIdentityProvidersResponse page = client.listIdentityProviders(r -> r.maxResults(PAGE_SIZE)
                    .nextToken(next));
            calls++;
            for (IdentityProviderSummary summary : page.identityProviderSummaries()) {
                if (summary.product() != null) {
                    providers.add(LmusMapping.identityProvider(summary));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new IdentityProviderListing(providers, calls);
    }
}
