package dev.subsentinel.core.model;

/**
 * A fact the collector could not establish.
 *
 * @param kind       which kind of fact
 * @param resourceId the resource it concerns (a VPC id, a prefix-list id, ...), or {@code "*"} for all of that kind
 * @param reason     why, e.g. {@code "AccessDenied: ec2:DescribeVpcAttribute is not allowed"}
 */
public record UnknownFact(FactKind kind, String resourceId, String reason) {

    /** The resource id that stands for every resource of a kind. */
    public static final String ALL = "*";

    public UnknownFact {
        Fields.required(kind, "kind");
        Fields.requiredText(resourceId, "resourceId");
        Fields.requiredText(reason, "reason");
    }

    /** Whether this unknown covers the given resource. */
    public boolean covers(FactKind otherKind, String otherResourceId) {
        return kind == otherKind && (ALL.equals(resourceId) || resourceId.equals(otherResourceId));
    }
}
