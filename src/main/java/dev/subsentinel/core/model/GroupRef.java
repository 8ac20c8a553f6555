package dev.subsentinel.core.model;

/**
 * A security group referenced by a rule (a UserIdGroupPair).
 *
 * @param groupId             the referenced group
 * @param userId              its account (may be null: the same account)
 * @param vpcId               its VPC when it is in another VPC (may be null)
 * @param peeringConnectionId the peering connection it is reached through (may be null)
 * @param peeringStatus       that connection's status as the rule reports it (may be null)
 */
public record GroupRef(String groupId, String userId, String vpcId, String peeringConnectionId,
        String peeringStatus) {

    public GroupRef {
        Fields.requiredText(groupId, "groupId");
        Fields.optionalOneOf(peeringStatus, "peeringStatus", PeeringConnection.STATUSES);
    }
}
