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

    public VpcEndpoint {
        Fields.requiredText(vpcEndpointId, "vpcEndpointId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(serviceName, "serviceName");
        Fields.requiredText(type, "type");
        Fields.requiredText(state, "state");
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
