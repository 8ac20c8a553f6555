package dev.subsentinel.core.model;

/**
 * A NAT gateway.
 *
 * @param natGatewayId     {@code nat-...}
 * @param vpcId            its VPC
 * @param subnetId         the subnet it lives in (its traffic follows that subnet's route table and ACL)
 * @param state            pending, failed, available, deleting, deleted
 * @param connectivityType public or private
 */
public record NatGateway(String natGatewayId, String vpcId, String subnetId, String state,
        String connectivityType) {

    public NatGateway {
        Fields.requiredText(natGatewayId, "natGatewayId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.requiredText(state, "state");
    }

    /** Whether the gateway is available. */
    public boolean available() {
        return "available".equalsIgnoreCase(state);
    }

    /** Whether it translates to a public address (the default when the type is not reported). */
    public boolean publicConnectivity() {
        return connectivityType == null || "public".equalsIgnoreCase(connectivityType);
    }
}
