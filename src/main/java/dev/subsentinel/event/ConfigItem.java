package dev.subsentinel.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The configuration item (or its summary) of an AWS Config rule invocation.
 *
 * @param resourceType e.g. {@code AWS::EC2::Instance}
 * @param resourceId   e.g. {@code i-0123456789abcdef0}
 * @param status       {@code configurationItemStatus}: OK, ResourceDiscovered, ResourceNotRecorded, ResourceDeleted,
 *                     ResourceDeletedNotRecorded (null when absent)
 * @param captureTime  {@code configurationItemCaptureTime} (null when absent)
 */
public record ConfigItem(String resourceType, String resourceId, String status, Instant captureTime) {

    public ConfigItem {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
    }

    /** Whether Config recorded the resource as deleted. */
    public boolean deleted() {
        return "ResourceDeleted".equals(status) || "ResourceDeletedNotRecorded".equals(status);
    }
}
