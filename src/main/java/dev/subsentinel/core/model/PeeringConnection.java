package dev.subsentinel.core.model;

import java.util.List;

/**
 * A VPC peering connection.
 *
 * @param peeringConnectionId {@code pcx-...}
 * @param status              active, pending-acceptance, deleted, rejected, failed, expired, provisioning, deleting
 * @param requesterVpcId      the requester VPC
 * @param requesterCidrs      its IPv4 CIDRs
 * @param accepterVpcId       the accepter VPC
 * @param accepterCidrs       its IPv4 CIDRs
 */
public record PeeringConnection(String peeringConnectionId, String status, String requesterVpcId,
        List<String> requesterCidrs, String accepterVpcId, List<String> accepterCidrs) {

    /** The status codes of a peering connection in the EC2 API. */
    public static final List<String> STATUSES = List.of("initiating-request", "pending-acceptance", "active",
            "deleted", "rejected", "failed", "expired", "provisioning", "deleting");

    public PeeringConnection {
        Fields.requiredText(peeringConnectionId, "peeringConnectionId");
        Fields.oneOf(status, "status", STATUSES);
        Fields.requiredText(requesterVpcId, "requesterVpcId");
        Fields.requiredText(accepterVpcId, "accepterVpcId");
        requesterCidrs = Fields.cidrs(requesterCidrs, "requesterCidrs");
        accepterCidrs = Fields.cidrs(accepterCidrs, "accepterCidrs");
    }

    /** Whether traffic flows through it. */
    public boolean active() {
        return "active".equalsIgnoreCase(status);
    }

    /** The VPC on the other side of {@code vpcId}, or null when this connection does not touch it. */
    public String otherSide(String vpcId) {
        if (requesterVpcId.equals(vpcId)) {
            return accepterVpcId;
        }
        return accepterVpcId.equals(vpcId) ? requesterVpcId : null;
    }
}
