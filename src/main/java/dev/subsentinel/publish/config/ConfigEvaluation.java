package dev.subsentinel.publish.config;

import java.time.Instant;
import java.util.Objects;

/**
 * One evaluation for AWS Config, within PutEvaluations' limits.
 *
 * @param resourceType      {@code ComplianceResourceType}, 1 to 256 characters (normally {@code AWS::EC2::Instance})
 * @param resourceId        {@code ComplianceResourceId}, 1 to 768 characters
 * @param compliance        the compliance type
 * @param annotation        why, 1 to 256 characters, or null
 * @param orderingTimestamp the configuration item's capture time (change-triggered) or the notification's creation
 *                          time (periodic)
 */
public record ConfigEvaluation(String resourceType, String resourceId, Compliance compliance, String annotation,
        Instant orderingTimestamp) {

    /** The resource type the Sentinel evaluates. */
    public static final String INSTANCE_TYPE = "AWS::EC2::Instance";
    /** PutEvaluations' limit on an annotation. */
    public static final int MAX_ANNOTATION = 256;

    public ConfigEvaluation {
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(orderingTimestamp, "orderingTimestamp");
        if (resourceType == null || resourceType.isEmpty() || resourceType.length() > 256) {
            throw new IllegalArgumentException("resourceType must be 1 to 256 characters: " + resourceType);
        }
        if (resourceId == null || resourceId.isEmpty() || resourceId.length() > 768) {
            throw new IllegalArgumentException("resourceId must be 1 to 768 characters: " + resourceId);
        }
        if (annotation != null && (annotation.isEmpty() || annotation.length() > MAX_ANNOTATION)) {
            throw new IllegalArgumentException("annotation must be 1 to 256 characters, was " + annotation.length());
        }
    }

    /** An evaluation of an EC2 instance. */
    public static ConfigEvaluation instance(String instanceId, Compliance compliance, String annotation,
            Instant orderingTimestamp) {
        return new ConfigEvaluation(INSTANCE_TYPE, instanceId, compliance, annotation, orderingTimestamp);
    }
}
