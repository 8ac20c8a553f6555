package dev.subsentinel.core.model;

/**
 * An IAM instance profile association.
 *
 * @param associationId {@code iip-assoc-...}
 * @param profileArn    the instance profile's ARN
 * @param state         associating, associated, disassociating, disassociated
 */
public record InstanceProfileAssociation(String associationId, String profileArn, String state) {

    public InstanceProfileAssociation {
        Fields.requiredText(associationId, "associationId");
        Fields.requiredText(profileArn, "profileArn");
        Fields.requiredText(state, "state");
    }
}
