package dev.subsentinel.core.model;

import java.util.List;

/**
 * An LM-US identity provider (ListIdentityProviders): an Active Directory registered for one product.
 *
 * @param directoryId            the AWS Managed Microsoft AD id (may be null for a self-managed directory)
 * @param product                the product it is registered for
 * @param status                 open text, as LM-US reports it ({@code REGISTERED} when usable)
 * @param subnetIds              {@code Settings.Subnets}: where LM-US put the activation VPC endpoints
 * @param securityGroupId        {@code Settings.SecurityGroupId}: the group of those endpoints (must admit tcp/1688)
 * @param directoryType          AWS_MANAGED or SELF_MANAGED (may be null)
 * @param domainName             the domain of a self-managed directory (ActiveDirectorySettings), may be null
 * @param domainIps              its domain controllers' addresses, may be empty
 * @param domainSubnetIds        the subnets of a self-managed directory's network settings, may be empty
 * @param failureMessage         {@code FailureMessage}: why the registration is not usable (may be null)
 * @param identityProviderArn    {@code IdentityProviderArn} (may be null)
 * @param domainIpv6s            {@code ActiveDirectorySettings.DomainIpv6List}: a self-managed directory's domain
 *                               controllers' IPv6 addresses, may be empty
 */
public record IdentityProvider(
        String directoryId,
        String product,
        String status,
        List<String> subnetIds,
        String securityGroupId,
        String directoryType,
        String domainName,
        List<String> domainIps,
        List<String> domainSubnetIds,
        String failureMessage,
        String identityProviderArn,
        List<String> domainIpv6s) {

    /** The status of a usable registration (ListIdentityProviders). */
    public static final String REGISTERED = "REGISTERED";
    /** {@code ActiveDirectoryType} of a directory the customer runs. */
    public static final String SELF_MANAGED = "SELF_MANAGED";

    public IdentityProvider {
        Fields.requiredText(product, "product");
        Fields.requiredText(status, "status");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        domainIps = Fields.cidrs(domainIps, "domainIps");
        domainSubnetIds = Fields.list(domainSubnetIds, "domainSubnetIds");
        domainIpv6s = Fields.cidrs(domainIpv6s, "domainIpv6s");
    }

    /** A provider without IPv6 domain addresses (as snapshots before they were collected record it). */
    public IdentityProvider(String directoryId, String product, String status, List<String> subnetIds,
            String securityGroupId, String directoryType, String domainName, List<String> domainIps,
            List<String> domainSubnetIds, String failureMessage, String identityProviderArn) {
        this(directoryId, product, status, subnetIds, securityGroupId, directoryType, domainName, domainIps,
                domainSubnetIds, failureMessage, identityProviderArn, List.of());
    }

    /** A provider without failure message and ARN (as snapshots before they were collected record it). */
    public IdentityProvider(String directoryId, String product, String status, List<String> subnetIds,
            String securityGroupId, String directoryType, String domainName, List<String> domainIps,
            List<String> domainSubnetIds) {
        this(directoryId, product, status, subnetIds, securityGroupId, directoryType, domainName, domainIps,
                domainSubnetIds, null, null, List.of());
    }

    /** Whether the directory is self-managed: named so, or registered without a Directory Service id. */
    public boolean selfManaged() {
        return SELF_MANAGED.equalsIgnoreCase(directoryType) || directoryId == null;
    }

    /** Whether LM-US reports the registration as usable. */
    public boolean registered() {
        return REGISTERED.equalsIgnoreCase(status);
    }
}
