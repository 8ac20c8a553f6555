package dev.subsentinel.core.model;

import java.util.List;

/**
 * An IAM instance profile association.
 *
 * @param associationId {@code iip-assoc-...}
 * @param profileArn    the instance profile's ARN
 * @param state         associating, associated, disassociating, disassociated
 */
public record InstanceProfileAssociation(String associationId, String profileArn, String state) {

    /** The association states of the EC2 API. */
    public static final List<String> STATES = List.of("associating", "associated", "disassociating",
            "disassociated");

    public InstanceProfileAssociation {
        Fields.requiredText(associationId, "associationId");
        Fields.requiredText(profileArn, "profileArn");
        Fields.oneOf(state, "state", STATES);
    }
}
