package dev.subsentinel.app.change;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;

/** The monitored instances with where they sit: every network interface's VPC, subnet and security groups. */
final class MonitoredFleet {

    /** States in which an instance counts for network changes (DESIGN section 2). */
    private static final Set<String> LIVE_STATES = Set.of("pending", "running", "stopping", "stopped");

    /**
     * One monitored instance.
     *
     * @param id         the instance id
     * @param state      its state
     * @param placements every (VPC, subnet) it has an interface in
     * @param groupIds   every security group on any of its interfaces
     * @param interfaces its network interface ids
     */
    record Member(String id, String state, Set<Placement> placements, Set<String> groupIds, Set<String> interfaces) {

        boolean live() {
            return LIVE_STATES.contains(state);
        }

        boolean inAnyVpc(Collection<String> vpcIds) {
            return placements.stream().anyMatch(p -> vpcIds.contains(p.vpcId()));
        }
    }

    /**
     * Where an interface sits.
     *
     * @param vpcId    its VPC
     * @param subnetId its subnet
     */
    record Placement(String vpcId, String subnetId) {
    }

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Instance> described = new LinkedHashMap<>();

    MonitoredFleet(Collection<Instance> instances) {
        for (Instance instance : instances) {
            members.putIfAbsent(instance.instanceId(), member(instance));
            described.putIfAbsent(instance.instanceId(), instance);
        }
    }

    /** The descriptions DescribeInstances gave of these members (for the collection to reuse). */
    List<Instance> descriptions(Collection<String> instanceIds) {
        List<Instance> found = new ArrayList<>();
        for (String id : instanceIds) {
            Instance instance = described.get(id);
            if (instance != null) {
                found.add(instance);
            }
        }
        return found;
    }

    /**
     * The VPC of a security group that a member's interface carries (an instance's interfaces and their groups are
     * all in one VPC), or null when no member carries it.
     */
    String vpcOfGroup(String groupId) {
        for (Member member : members.values()) {
            if (member.groupIds().contains(groupId) && !member.placements().isEmpty()) {
                return member.placements().iterator().next().vpcId();
            }
        }
        return null;
    }

    private static Member member(Instance instance) {
        Set<Placement> placements = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        Set<String> interfaces = new LinkedHashSet<>();
        if (instance.vpcId() != null && instance.subnetId() != null) {
            placements.add(new Placement(instance.vpcId(), instance.subnetId()));
        }
        instance.securityGroups().stream().map(GroupIdentifier::groupId).forEach(groups::add);
        for (InstanceNetworkInterface eni : instance.networkInterfaces()) {
            if (eni.vpcId() != null && eni.subnetId() != null) {
                placements.add(new Placement(eni.vpcId(), eni.subnetId()));
            }
            eni.groups().stream().map(GroupIdentifier::groupId).forEach(groups::add);
            interfaces.add(eni.networkInterfaceId());
        }
        String state = instance.state() == null ? "unknown" : instance.state().nameAsString();
        return new Member(instance.instanceId(), state, placements, groups, interfaces);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean contains(String instanceId) {
        return members.containsKey(instanceId);
    }

    Collection<Member> members() {
        return members.values();
    }

    /** Whether a live member has an interface in one of these VPCs. */
    boolean anyLiveIn(Collection<String> vpcIds) {
        return members.values().stream().anyMatch(m -> m.live() && m.inAnyVpc(vpcIds));
    }

    /** The VPC of a subnet, when a member sits in it. */
    String vpcOfSubnet(String subnetId) {
        for (Member member : members.values()) {
            for (Placement placement : member.placements()) {
                if (placement.subnetId().equals(subnetId)) {
                    return placement.vpcId();
                }
            }
        }
        return null;
    }

    /** The members with this interface. */
    List<String> withInterface(String interfaceId) {
        List<String> ids = new ArrayList<>();
        for (Member member : members.values()) {
            if (member.interfaces().contains(interfaceId)) {
                ids.add(member.id());
            }
        }
        return ids;
    }
}
