package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.report.CheckResult;
import java.util.List;

/**
 * The licence server endpoints that serve an instance's Remote Desktop Services SAL: those LM-US lists for the
 * identity provider that serves the instance for {@code REMOTE_DESKTOP_SERVICES} (ListLicenseServerEndpoints
 * {@code IdentityProviderArn}). Shared by LICENSE_SERVER and LICENSE_SERVER_PATH.
 */
final class LicenseServers {

    /**
     * The endpoints of the instance's provider, or why a check reports something else.
     *
     * @param provider  the identity provider that serves the instance for REMOTE_DESKTOP_SERVICES
     * @param detail    how it was resolved (for evidence)
     * @param endpoints its licence server endpoints (empty when LM-US lists none)
     * @param result    what the check reports instead (SKIPPED, UNKNOWN, or FAIL when no directory serves the
     *                  instance), or null when the endpoints are known
     */
    record Found(IdentityProvider provider, String detail, List<LicenseServerEndpoint> endpoints,
            CheckResult result) {
    }

    private LicenseServers() {
    }

    /** The endpoints that serve the instance, or the result a check reports when they cannot be told. */
    static Found of(BaseCheck check, InstanceContext context) {
        if (context.products().isEmpty()) {
            String reason = context.index().unknown(FactKind.LMUS_INSTANCES, context.instanceId());
            return stop(reason != null
                    ? check.unknown("products unknown", "LM-US ListInstances failed, so the products are unknown: "
                            + reason)
                    : check.skipped("no Remote Desktop Services product (LM-US lists no product for this instance)"));
        }
        if (context.products().stream().noneMatch(Products::isRemoteDesktop)) {
            return stop(check.skipped("no Remote Desktop Services product (" + String.join(", ",
                    context.products()) + ")"));
        }
        IdentityProviderResolver.Resolution resolution = context.directories().resolve(context.instance(),
                context.lmus(), provider -> Products.isRemoteDesktop(provider.product()));
        CheckResult unresolved = InstanceDirectory.unresolved(check, resolution);
        if (unresolved != null) {
            return stop(unresolved);
        }
        IdentityProvider provider = resolution.provider();
        String failed = context.index().unknown(FactKind.LICENSE_SERVER_ENDPOINTS, null);
        if (failed != null) {
            return stop(check.unknown("licence server endpoints unknown", "LM-US ListLicenseServerEndpoints failed: "
                    + failed));
        }
        if (!context.index().snapshot().licenseServersListed()) {
            return stop(check.unknown("licence server endpoints unknown", "the snapshot does not record LM-US"
                    + " ListLicenseServerEndpoints"));
        }
        if (provider.identityProviderArn() == null) {
            return stop(check.unknown("licence server endpoints unknown", resolution.detail() + ", but the snapshot"
                    + " records no IdentityProviderArn for it, which ListLicenseServerEndpoints names its endpoints"
                    + " by"));
        }
        return new Found(provider, resolution.detail(),
                context.index().licenseServerEndpoints(provider.identityProviderArn()), null);
    }

    private static Found stop(CheckResult result) {
        return new Found(null, null, List.of(), result);
    }
}
