package dev.subsentinel.core.model;

/**
 * What IAM GetRole said about a service-linked role: a fleet-level fact, read once per scan.
 *
 * @param roleName the role's exact name
 * @param exists   whether GetRole returned it (false: NoSuchEntity)
 * @param arn      its ARN when it exists (may be null)
 */
public record ServiceLinkedRole(String roleName, boolean exists, String arn) {

    /**
     * The role License Manager user-based subscriptions needs (LM user guide, "License Manager - User-based
     * subscription role").
     */
    public static final String LMUS_ROLE_NAME = "AWSServiceRoleForAWSLicenseManagerUserSubscriptionsService";

    public ServiceLinkedRole {
        Fields.requiredText(roleName, "roleName");
    }
}
