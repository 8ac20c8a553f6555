package dev.subsentinel.core.model;

import java.util.List;

/**
 * A network ACL.
 *
 * @param networkAclId {@code acl-...}
 * @param vpcId        its VPC
 * @param isDefault    whether it is the VPC's default ACL (used by subnets without an explicit association)
 * @param subnetIds    the subnets associated with it
 * @param entries      its entries, both directions, including the default {@code *} deny (rule 32767)
 */
public record NetworkAcl(String networkAclId, String vpcId, Boolean isDefault, List<String> subnetIds,
        List<NaclEntry> entries) {

    public NetworkAcl {
        Fields.requiredText(networkAclId, "networkAclId");
        Fields.requiredText(vpcId, "vpcId");
        Fields.required(isDefault, "isDefault");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        entries = Fields.list(entries, "entries");
    }
}
