package dev.subsentinel.core.model;

import java.util.List;

/**
 * A security group with its rules, one {@link SgRule} per source or destination.
 *
 * @param groupId   {@code sg-...}
 * @param groupName its name
 * @param vpcId     its VPC
 * @param ownerId   the owning account
 * @param ingress   inbound rules
 * @param egress    outbound rules
 */
public record SecurityGroup(String groupId, String groupName, String vpcId, String ownerId, List<SgRule> ingress,
        List<SgRule> egress) {

    public SecurityGroup {
        Fields.requiredText(groupId, "groupId");
        ingress = Fields.list(ingress, "ingress");
        egress = Fields.list(egress, "egress");
    }
}
