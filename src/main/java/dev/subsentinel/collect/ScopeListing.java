package dev.subsentinel.collect;

import java.util.List;
import java.util.Map;

/**
 * The instances a full scan of an account and region would evaluate, read without collecting their facts: what a
 * scan too large for one invocation is split by ({@link FleetCollector#listScope}).
 *
 * @param vpcByInstance every instance in scope (the tagged ones, LM-US's, the tracked ones EC2 still describes) with
 *                      its VPC ({@code ""} when it has none)
 * @param notListed     the tracked instances the listing did not return: a split scan asks EC2 for each by id, so
 *                      that one that is gone is found gone by evidence
 * @param unknown       the calls of the listing that failed ("ec2:DescribeInstances AccessDenied", ...): the listing,
 *                      and so the assembled scan, is partial when there is one
 */
public record ScopeListing(Map<String, String> vpcByInstance, List<String> notListed, List<String> unknown) {

    public ScopeListing {
        vpcByInstance = Map.copyOf(vpcByInstance);
        notListed = List.copyOf(notListed);
        unknown = List.copyOf(unknown);
    }

    /** Instances in scope, the tracked ones it did not return included. */
    public int size() {
        return vpcByInstance.size() + notListed.size();
    }
}
