package dev.subsentinel.collect;

import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
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
                summary.identityProviderArn(),
                settings != null ? settings.domainIpv6List() : List.of());
    }

    /** A licence server endpoint as ListLicenseServerEndpoints reports it (statuses as their wire values). */
    public static LicenseServerEndpoint licenseServerEndpoint(
            software.amazon.awssdk.services.licensemanagerusersubscriptions.model.LicenseServerEndpoint endpoint) {
        List<LicenseServer> servers = endpoint.licenseServers().stream()
                .map(s -> new LicenseServer(s.provisioningStatusAsString(), s.healthStatusAsString(),
                        blankToNull(s.ipv4Address()), blankToNull(s.ipv6Address())))
                .toList();
        return new LicenseServerEndpoint(endpoint.licenseServerEndpointId(), endpoint.licenseServerEndpointArn(),
                endpoint.identityProviderArn(), endpoint.serverTypeAsString(),
                endpoint.serverEndpoint() != null ? endpoint.serverEndpoint().endpoint() : null,
                Objects.requireNonNullElse(endpoint.licenseServerEndpointProvisioningStatusAsString(),
                        LmusReader.NO_STATUS),
                endpoint.statusMessage(), servers, endpoint.creationTime());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
