package dev.subsentinel.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An LM-US licence server endpoint (ListLicenseServerEndpoints): the Remote Desktop Services licence servers License
 * Manager provisions for an identity provider registered for {@code REMOTE_DESKTOP_SERVICES}
 * (CreateLicenseServerEndpoint). Statuses are kept as the API writes them.
 *
 * @param licenseServerEndpointId  {@code LicenseServerEndpointId} (may be null)
 * @param licenseServerEndpointArn {@code LicenseServerEndpointArn}
 * @param identityProviderArn      {@code IdentityProviderArn}: the registration it serves
 * @param serverType               {@code ServerType}, e.g. RDS_SAL (may be null)
 * @param serverEndpoint           {@code ServerEndpoint.Endpoint}, "the network address of the endpoint" (may be
 *                                 null; its format is not documented)
 * @param provisioningStatus       {@code LicenseServerEndpointProvisioningStatus}: PROVISIONING,
 *                                 PROVISIONING_FAILED, PROVISIONED, DELETING, DELETION_FAILED, DELETED
 * @param statusMessage            {@code StatusMessage} (may be null)
 * @param licenseServers           {@code LicenseServers}
 * @param creationTime             {@code CreationTime} (may be null)
 */
public record LicenseServerEndpoint(String licenseServerEndpointId, String licenseServerEndpointArn,
        String identityProviderArn, String serverType, String serverEndpoint, String provisioningStatus,
        String statusMessage, List<LicenseServer> licenseServers, Instant creationTime) {

    public LicenseServerEndpoint {
        Fields.requiredText(licenseServerEndpointArn, "licenseServerEndpointArn");
        Fields.requiredText(identityProviderArn, "identityProviderArn");
        Fields.requiredText(provisioningStatus, "provisioningStatus");
        licenseServers = Fields.list(licenseServers, "licenseServers");
    }

    /** How evidence names it: its id, else its ARN. */
    public String label() {
        return licenseServerEndpointId != null ? licenseServerEndpointId : licenseServerEndpointArn;
    }
}
