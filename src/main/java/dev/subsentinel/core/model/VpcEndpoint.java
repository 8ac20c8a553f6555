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
        List<EndpointInterface> interfaces) {

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

    /** Whether the endpoint is available (the wire value is lower case, the SDK enum is not). */
    public boolean available() {
        return "available".equalsIgnoreCase(state);
    }
}
