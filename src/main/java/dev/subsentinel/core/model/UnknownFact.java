package dev.subsentinel.core.model;

/**
 * A fact the collector could not establish.
 *
 * @param kind       which kind of fact
 * @param resourceId the resource it concerns (a VPC id, a prefix-list id, ...), or {@code "*"} for all of that kind
 * @param reason     why, e.g. {@code "AccessDenied: ec2:DescribeVpcAttribute is not allowed"}
 * @param action     the IAM action of the call that failed, e.g. {@code ec2:DescribeVpcAttribute}; null when no
 *                   call is to blame (a snapshot written by hand or by an older version)
 * @param errorCode  what went wrong, in one word: the service's error code ({@code AccessDenied},
 *                   {@code RequestLimitExceeded}, ...), {@code HTTP 503}, {@code Timeout}, {@code NetworkError},
 *                   {@code MalformedResponse}, {@code DeadlineExceeded}; null when not known
 */
public record UnknownFact(FactKind kind, String resourceId, String reason, String action, String errorCode) {

    /** The resource id that stands for every resource of a kind. */
    public static final String ALL = "*";
    /** The error code of a fact the run did not read because it stopped collecting before its deadline. */
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    public UnknownFact {
        Fields.required(kind, "kind");
        Fields.requiredText(resourceId, "resourceId");
        Fields.requiredText(reason, "reason");
    }

    /** A fact unknown for a reason that names no call (fixtures, hand-written snapshots). */
    public UnknownFact(FactKind kind, String resourceId, String reason) {
        this(kind, resourceId, reason, null, null);
    }

    /** Whether this unknown covers the given resource. */
    public boolean covers(FactKind otherKind, String otherResourceId) {
        return kind == otherKind && (ALL.equals(resourceId) || resourceId.equals(otherResourceId));
    }

    /** Whether the fact is missing because the run stopped collecting before its deadline. */
    public boolean cutByDeadline() {
        return DEADLINE_EXCEEDED.equals(errorCode);
    }

    /** Whether it concerns the scope itself: the listing of the tagged or of LM-US's instances failed. */
    public boolean scopeListing() {
        return ALL.equals(resourceId) && (kind == FactKind.INSTANCES || kind == FactKind.LMUS_INSTANCES);
    }
}
