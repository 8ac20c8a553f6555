package dev.subsentinel.core.model;

import java.util.List;

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

    /** The NAT gateway states of the EC2 API. */
    public static final List<String> STATES = List.of("pending", "failed", "available", "deleting", "deleted");
    /** Public (to an internet gateway) or private. */
    public static final List<String> CONNECTIVITY_TYPES = List.of("public", "private");

    public NatGateway {
        Fields.requiredText(natGatewayId, "natGatewayId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.oneOf(state, "state", STATES);
        Fields.optionalOneOf(connectivityType, "connectivityType", CONNECTIVITY_TYPES);
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
