package dev.subsentinel.core.model;

/**
 * The kinds of fact a collector gathers. When gathering one fails, the snapshot records an
 * {@link UnknownFact} of that kind, and every check that needs it reports UNKNOWN.
 */
public enum FactKind {
    /** EC2 DescribeInstances. */
    INSTANCES,
    /** EC2 DescribeIamInstanceProfileAssociations. */
    INSTANCE_PROFILES,
    /** SSM DescribeInstanceInformation. */
    SSM_INFO,
    /** LM-US ListInstances. */
    LMUS_INSTANCES,
    /** LM-US ListIdentityProviders. */
    IDENTITY_PROVIDERS,
    /** Directory Service DescribeDirectories. */
    DIRECTORIES,
    /** EC2 DescribeSecurityGroups. */
    SECURITY_GROUPS,
    /** EC2 DescribeVpcs. */
    VPCS,
    /** EC2 DescribeVpcAttribute (enableDnsSupport, enableDnsHostnames). */
    VPC_ATTRIBUTES,
    /** EC2 DescribeSubnets. */
    SUBNETS,
    /** EC2 DescribeRouteTables. */
    ROUTE_TABLES,
    /** EC2 DescribeNetworkAcls. */
    NETWORK_ACLS,
    /** EC2 DescribeVpcEndpoints and DescribeNetworkInterfaces for their addresses. */
    VPC_ENDPOINTS,
    /** EC2 DescribeNatGateways. */
    NAT_GATEWAYS,
    /** EC2 DescribeInternetGateways. */
    INTERNET_GATEWAYS,
    /** EC2 DescribeVpcPeeringConnections. */
    PEERING_CONNECTIONS,
    /** EC2 GetManagedPrefixListEntries. */
    PREFIX_LISTS,
    /** Route 53 Resolver ListResolverRules and ListResolverRuleAssociations. */
    RESOLVER_RULES,
    /** EC2 DescribeDhcpOptions. */
    DHCP_OPTIONS,
    /** EC2 DescribeNetworkInterfaces of the interfaces License Manager created for a directory. */
    DIRECTORY_INTERFACES,
    /** IAM GetRole of the LM-US service-linked role. */
    SERVICE_LINKED_ROLE,
    /** EC2 DescribeEgressOnlyInternetGateways. */
    EGRESS_ONLY_INTERNET_GATEWAYS,
    /** LM-US ListLicenseServerEndpoints. */
    LICENSE_SERVER_ENDPOINTS,
    /** EC2 DescribeNetworkInterfaces of the interfaces that hold the licence servers' addresses. */
    LICENSE_SERVER_INTERFACES
}
