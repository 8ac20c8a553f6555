package dev.subsentinel.collect;

import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ActiveDirectoryIdentityProvider;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.InstanceSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListIdentityProvidersRequest;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListInstancesRequest;

/**
 * License Manager user-based subscriptions: its instances and identity providers. No MaxResults is sent: the API
 * model documents no range for it, so LM-US chooses the page size.
 */
final class LmusReader {

    /** What an instance or provider without a status is recorded as (the API marks Status required). */
    static final String NO_STATUS = "UNKNOWN";

    private final LicenseManagerUserSubscriptionsClient lmus;
    private final AwsCalls calls;

    LmusReader(LicenseManagerUserSubscriptionsClient lmus, AwsCalls calls) {
        this.lmus = lmus;
        this.calls = calls;
    }

    /** Every instance LM-US lists, whatever its status (all pages). */
    Fetched<List<LmusInstance>> instances() {
        return calls.fetch("license-manager-user-subscriptions:ListInstances", () -> {
            List<LmusInstance> instances = new ArrayList<>();
            for (InstanceSummary summary : lmus.listInstancesPaginator(ListInstancesRequest.builder().build())
                    .instanceSummaries()) {
                if (summary.instanceId() != null) {
                    instances.add(instance(summary));
                }
            }
            return instances;
        });
    }

    /** Every registered identity provider (all pages). */
    Fetched<List<IdentityProvider>> identityProviders() {
        return calls.fetch("license-manager-user-subscriptions:ListIdentityProviders", () -> {
            List<IdentityProvider> providers = new ArrayList<>();
            for (IdentityProviderSummary summary : lmus.listIdentityProvidersPaginator(
                    ListIdentityProvidersRequest.builder().build()).identityProviderSummaries()) {
                if (summary.product() != null) {
                    providers.add(identityProvider(summary));
                }
            }
            return providers;
        });
    }

    static LmusInstance instance(InstanceSummary summary) {
        ActiveDirectoryIdentityProvider ad = summary.identityProvider() != null
                ? summary.identityProvider().activeDirectoryIdentityProvider() : null;
        return new LmusInstance(summary.instanceId(), Objects.requireNonNullElse(summary.status(), NO_STATUS),
                summary.statusMessage(), summary.products(), summary.lastStatusCheckDate(),
                ad != null ? ad.directoryId() : null);
    }

    static IdentityProvider identityProvider(IdentityProviderSummary summary) {
        ActiveDirectoryIdentityProvider ad = summary.identityProvider() != null
                ? summary.identityProvider().activeDirectoryIdentityProvider() : null;
        var settings = ad != null ? ad.activeDirectorySettings() : null;
        return new IdentityProvider(
                ad != null ? ad.directoryId() : null,
                summary.product(),
                Objects.requireNonNullElse(summary.status(), NO_STATUS),
                summary.settings() != null ? summary.settings().subnets() : List.of(),
                summary.settings() != null ? summary.settings().securityGroupId() : null,
                ad != null ? ad.activeDirectoryTypeAsString() : null,
                settings != null ? settings.domainName() : null,
                settings != null ? settings.domainIpv4List() : List.of(),
                settings != null && settings.domainNetworkSettings() != null
                        ? settings.domainNetworkSettings().subnets() : List.of());
    }
}
