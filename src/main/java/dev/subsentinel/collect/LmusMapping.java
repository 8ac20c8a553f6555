package dev.subsentinel.collect;

import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ActiveDirectoryIdentityProvider;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.InstanceSummary;

/** LM-US API shapes to snapshot records: the one mapping the collector and the change mapping share. */
public final class LmusMapping {

    private LmusMapping() {
    }

    /** An instance as ListInstances reports it. */
    public static LmusInstance instance(InstanceSummary summary) {
        ActiveDirectoryIdentityProvider ad = summary.identityProvider() != null
                ? summary.identityProvider().activeDirectoryIdentityProvider() : null;
        return new LmusInstance(summary.instanceId(),
                Objects.requireNonNullElse(summary.status(), LmusReader.NO_STATUS), summary.statusMessage(),
                summary.products(), summary.lastStatusCheckDate(), ad != null ? ad.directoryId() : null);
    }

    /** An identity provider as ListIdentityProviders reports it. */
    public static IdentityProvider identityProvider(IdentityProviderSummary summary) {
        ActiveDirectoryIdentityProvider ad = summary.identityProvider() != null
                ? summary.identityProvider().activeDirectoryIdentityProvider() : null;
        var settings = ad != null ? ad.activeDirectorySettings() : null;
        return new IdentityProvider(
                ad != null ? ad.directoryId() : null,
                summary.product(),
                Objects.requireNonNullElse(summary.status(), LmusReader.NO_STATUS),
                summary.settings() != null ? summary.settings().subnets() : List.of(),
                summary.settings() != null ? summary.settings().securityGroupId() : null,
                ad != null ? ad.activeDirectoryTypeAsString() : null,
                settings != null ? settings.domainName() : null,
                settings != null ? settings.domainIpv4List() : List.of(),
                settings != null && settings.domainNetworkSettings() != null
                        ? settings.domainNetworkSettings().subnets() : List.of(),
                summary.failureMessage(),
                summary.identityProviderArn());
    }
}
