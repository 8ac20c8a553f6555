package dev.subsentinel.core.model;

import java.util.List;

/**
 * A VPC endpoint.
 *
 * @param vpcEndpointId     {@code vpce-...}
 * @param vpcId             its VPC
 * @param serviceName       e.g. {@code com.amazonaws.us-east-1.ssm}
 * @param type              Interface, Gateway, GatewayLoadBalancer, ...
 * @param state             the wire value (available, pending, deleting, ...: compare ignoring case)
 * @param subnetIds         the subnets it has interfaces in
 * @param groupIds          its security groups
 * @param privateDnsEnabled whether the service's regional name resolves to it inside the VPC
 * @param interfaces        its network interfaces with their addresses
 * @param ipAddressType     {@code IpAddressType}: ipv4, dualstack or ipv6 (null when not reported: an older snapshot,
 *                          or an endpoint type without interfaces)
 * @param dnsRecordIpType   {@code DnsOptions.DnsRecordIpType}: ipv4, ipv6, dualstack, service-defined (null when not
 *                          reported)
 */
public record VpcEndpoint(
        String vpcEndpointId,
        String vpcId,
        String serviceName,
        String type,
        String state,
        List<String> subnetIds,
        List<String> groupIds,
        Boolean privateDnsEnabled,
        List<EndpointInterface> interfaces,
        String ipAddressType,
        String dnsRecordIpType) {

    /** The endpoint types of the EC2 API. */
    public static final List<String> TYPES = List.of("Interface", "Gateway", "GatewayLoadBalancer", "Resource",
            "ServiceNetwork");
    /** The endpoint states of the EC2 API (EC2 writes them in lower case; compared ignoring case). */
    public static final List<String> STATES = List.of("PendingAcceptance", "Pending", "Available", "Deleting",
            "Deleted", "Rejected", "Failed", "Expired", "Partial");

    public VpcEndpoint {
        Fields.requiredText(vpcEndpointId, "vpcEndpointId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(serviceName, "serviceName");
        Fields.oneOf(type, "type", TYPES);
        Fields.oneOf(state, "state", STATES);
        Fields.required(privateDnsEnabled, "privateDnsEnabled");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        groupIds = Fields.list(groupIds, "groupIds");
        interfaces = Fields.list(interfaces, "interfaces");
    }

    /** An endpoint without address type and DNS options (as snapshots before IPv6 was collected record it). */
    public VpcEndpoint(String vpcEndpointId, String vpcId, String serviceName, String type, String state,
            List<String> subnetIds, List<String> groupIds, Boolean privateDnsEnabled,
            List<EndpointInterface> interfaces) {
        this(vpcEndpointId, vpcId, serviceName, type, state, subnetIds, groupIds, privateDnsEnabled, interfaces, null,
                null);
    }

    /**
     * Whether the service's private DNS name (e.g. {@code ssm.us-east-1.amazonaws.com}, what the SSM Agent resolves)
     * has AAAA records pointing at the endpoint: only with {@code DnsRecordIpType} ipv6 or dualstack;
     * {@code service-defined} gives AAAA records to the Regional and zonal names only (EC2 API reference, DnsOptions).
     */
    public boolean privateNameHasIpv6() {
        return "ipv6".equalsIgnoreCase(dnsRecordIpType) || "dualstack".equalsIgnoreCase(dnsRecordIpType);
    }

    /** Whether the service's private DNS name has A records: every record type but ipv6. */
    public boolean privateNameHasIpv4() {
        return !"ipv6".equalsIgnoreCase(dnsRecordIpType);
    }

    /**
     * Whether the endpoint's own Regional and zonal names ({@code vpce-...vpce.amazonaws.com}) have AAAA records:
     * with {@code DnsRecordIpType} ipv6, dualstack or service-defined (EC2 API reference, DnsOptions).
     */
    public boolean endpointNamesHaveIpv6() {
        return privateNameHasIpv6() || "service-defined".equalsIgnoreCase(dnsRecordIpType);
    }

    /** Whether the endpoint is available (the wire value is lower case, the SDK enum is not). */
    public boolean available() {
        return "available".equalsIgnoreCase(state);
    }
}
