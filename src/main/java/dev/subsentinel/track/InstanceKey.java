package dev.subsentinel.track;

import java.util.Objects;

/**
 * The key of one tracked instance: account, region and instance id. In DynamoDB the partition key is
 * {@code accountId#region} (so one Query lists a whole account and region) and the sort key is the instance id.
 *
 * @param accountId  the account
 * @param region     the region
 * @param instanceId the instance
 */
public record InstanceKey(String accountId, String region, String instanceId) {

    public InstanceKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /** The partition key value: {@code accountId#region}. */
    public String partition() {
        return partition(accountId, region);
    }

    /** The partition key value of an account and region. */
    public static String partition(String accountId, String region) {
        return accountId + "#" + region;
    }
}
