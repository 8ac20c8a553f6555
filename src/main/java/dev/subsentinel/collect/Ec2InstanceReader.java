package dev.subsentinel.collect;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeIamInstanceProfileAssociationsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** EC2 instances and their IAM instance profile associations. */
final class Ec2InstanceReader {

    /** The states of the instances a full scan watches (DESIGN section 2). */
    static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");
    /** EC2 rejects a request with more filter values than this (FilterLimitExceeded). */
    static final int MAX_FILTER_VALUES = 200;
    /** The largest page DescribeInstances and DescribeIamInstanceProfileAssociations return. */
    static final int PAGE_SIZE = 1000;

    /**
     * Instances as DescribeInstances reports them.
     *
     * @param instances the instances
     * @param ownerIds  the accounts that own their reservations
     */
    record Described(List<Ec2Instance> instances, Set<String> ownerIds) {
    }

    private final Ec2Client ec2;
    private final AwsCalls calls;

    Ec2InstanceReader(Ec2Client ec2, AwsCalls calls) {
        this.ec2 = ec2;
        this.calls = calls;
    }

    /** The instances carrying the tag in a live state (all pages). */
    Fetched<Described> tagged(String tagKey, String tagValue) {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(filter("tag:" + tagKey, List.of(tagValue)), filter("instance-state-name", LIVE_STATES))
                .maxResults(PAGE_SIZE)
                .build();
        return calls.fetch("ec2:DescribeInstances", () -> describe(request));
    }

    /**
     * The instances with these ids, in any state, terminated included (at most {@value #MAX_FILTER_VALUES}). A filter
     * rather than InstanceIds: an id EC2 no longer knows is simply absent instead of failing the whole call.
     */
    Fetched<Described> byIds(List<String> instanceIds) {
        requireBatch(instanceIds);
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(filter("instance-id", instanceIds))
                .maxResults(PAGE_SIZE)
                .build();
        return calls.fetch("ec2:DescribeInstances", () -> describe(request));
    }

    private Described describe(DescribeInstancesRequest request) {
        List<Ec2Instance> instances = new ArrayList<>();
        Set<String> owners = new LinkedHashSet<>();
        for (Reservation reservation : ec2.describeInstancesPaginator(request).reservations()) {
            if (reservation.ownerId() != null) {
                owners.add(reservation.ownerId());
            }
            reservation.instances().forEach(i -> instances.add(Ec2Mapper.instance(i)));
        }
        return new Described(instances, owners);
    }

    /**
     * The IAM instance profile association of each instance that has one (at most {@value #MAX_FILTER_VALUES} ids).
     * When an instance has several (a replacement in progress), the one in effect wins: associated over associating
     * over the rest.
     */
    Fetched<Map<String, InstanceProfileAssociation>> profileAssociations(List<String> instanceIds) {
        requireBatch(instanceIds);
        DescribeIamInstanceProfileAssociationsRequest request = DescribeIamInstanceProfileAssociationsRequest.builder()
                .filters(filter("instance-id", instanceIds))
                .maxResults(PAGE_SIZE)
                .build();
        return calls.fetch("ec2:DescribeIamInstanceProfileAssociations", () -> {
            Map<String, InstanceProfileAssociation> byInstance = new HashMap<>();
            for (var association : ec2.describeIamInstanceProfileAssociationsPaginator(request)
                    .iamInstanceProfileAssociations()) {
                if (association.instanceId() == null || association.iamInstanceProfile() == null) {
                    continue;
                }
                InstanceProfileAssociation mapped = Ec2Mapper.profileAssociation(association);
                byInstance.merge(association.instanceId(), mapped,
                        (a, b) -> rank(b.state()) < rank(a.state()) ? b : a);
            }
            return byInstance;
        });
    }

    private static int rank(String state) {
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "associated" -> 0;
            case "associating" -> 1;
            default -> 2;
        };
    }

    static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    static void requireBatch(List<String> values) {
        if (values.isEmpty() || values.size() > MAX_FILTER_VALUES) {
            throw new IllegalArgumentException("between 1 and " + MAX_FILTER_VALUES + " filter values, not "
                    + values.size());
        }
    }
}
