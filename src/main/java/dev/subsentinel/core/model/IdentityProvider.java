package dev.subsentinel.core.model;

import java.util.List;

/**
 * An LM-US identity provider (ListIdentityProviders): an Active Directory registered for one product.
 *
 * @param directoryId            the AWS Managed Microsoft AD id (may be null for a self-managed directory)
 * @param product                the product it is registered for
 * @param status                 open text, as LM-US reports it
 * @param subnetIds              {@code Settings.Subnets}: where LM-US put the activation VPC endpoints
 * @param securityGroupId        {@code Settings.SecurityGroupId}: the group of those endpoints (must admit tcp/1688)
 * @param directoryType          AWS_MANAGED or SELF_MANAGED (may be null)
 * @param domainName             the domain of a self-managed directory (ActiveDirectorySettings), may be null
 * @param domainIps              its domain controllers' addresses, may be empty
 * @param domainSubnetIds        the subnets of a self-managed directory's network settings, may be empty
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
        List<String> domainSubnetIds) {

    public IdentityProvider {
        Fields.requiredText(product, "product");
        Fields.requiredText(status, "status");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        domainIps = Fields.list(domainIps, "domainIps");
        domainSubnetIds = Fields.list(domainSubnetIds, "domainSubnetIds");
    }
}
