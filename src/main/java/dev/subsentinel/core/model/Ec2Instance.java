package dev.subsentinel.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance as DescribeInstances (and DescribeIamInstanceProfileAssociations) report it.
 *
 * @param instanceId         {@code i-...}
 * @param state              the wire value of {@code State.Name}: pending, running, stopping, stopped, shutting-down,
 *                           terminated
 * @param vpcId              the VPC of the primary network interface (null for an instance without one)
 * @param subnetId           the subnet of the primary network interface
 * @param platform           {@code PlatformDetails}, e.g. "Windows" (may be null)
 * @param launchTime         when it was launched (may be null)
 * @param networkInterfaces  every attached ENI, primary (device index 0) first
 * @param productCodes       Marketplace product codes
 * @param tags               tags
 * @param profileAssociation the IAM instance profile association, or null when it has none
 */
public record Ec2Instance(
        String instanceId,
        String state,
        String vpcId,
        String subnetId,
        String platform,
        Instant launchTime,
        List<NetworkInterface> networkInterfaces,
        List<String> productCodes,
        Map<String, String> tags,
        InstanceProfileAssociation profileAssociation) {

    /** The wire values of {@code State.Name}. */
    public static final List<String> STATES = List.of("pending", "running", "shutting-down", "terminated", "stopping",
            "stopped");

    public Ec2Instance {
        Fields.requiredText(instanceId, "instanceId");
        Fields.oneOf(state, "state", STATES);
        networkInterfaces = Fields.list(networkInterfaces, "networkInterfaces");
        productCodes = Fields.list(productCodes, "productCodes");
        tags = Fields.map(tags, "tags");
    }

    /** The interface at device index 0, or the first one, or null when there is none. */
    public NetworkInterface primaryInterface() {
        for (NetworkInterface eni : networkInterfaces) {
            if (eni.deviceIndex() == 0) {
                return eni;
            }
        }
        return networkInterfaces.isEmpty() ? null : networkInterfaces.get(0);
    }

    /** The value of the {@code Name} tag, or null. */
    public String name() {
        return tags.get("Name");
    }

    /** A copy with another profile association. */
    public Ec2Instance withProfileAssociation(InstanceProfileAssociation association) {
        return new Ec2Instance(instanceId, state, vpcId, subnetId, platform, launchTime, networkInterfaces,
                productCodes, tags, association);
    }
}
