package dev.subsentinel.app.change;

import dev.subsentinel.core.model.IdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ActiveDirectoryIdentityProvider;
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
                providers.add(toModel(summary));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new IdentityProviderListing(providers, calls);
    }

    private static IdentityProvider toModel(IdentityProviderSummary summary) {
        ActiveDirectoryIdentityProvider directory = summary.identityProvider() == null ? null
                : summary.identityProvider().activeDirectoryIdentityProvider();
        String domainName = null;
        List<String> domainIps = List.of();
        List<String> domainSubnets = List.of();
        if (directory != null && directory.activeDirectorySettings() != null) {
            domainName = directory.activeDirectorySettings().domainName();
            domainIps = directory.activeDirectorySettings().domainIpv4List();
            if (directory.activeDirectorySettings().domainNetworkSettings() != null) {
                domainSubnets = directory.activeDirectorySettings().domainNetworkSettings().subnets();
            }
        }
        return new IdentityProvider(directory == null ? null : directory.directoryId(), summary.product(),
                summary.status(), summary.settings() == null ? List.of() : summary.settings().subnets(),
                summary.settings() == null ? null : summary.settings().securityGroupId(),
                directory == null ? null : directory.activeDirectoryTypeAsString(), domainName, domainIps,
                domainSubnets);
    }
}
