package dev.subsentinel.core.fix;

import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.report.FixAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes a fix plan names, each as its API operation with the request parameters by their API names (what
 * {@code apply} sends) and the same call as an AWS CLI command (what an operator runs). Parameter names, CLI options
 * and their order follow the EC2 and Route 53 Resolver API references (docs/aws-facts.md, "Fix plans").
 */
public final class FixActions {

    /** What every rule the Sentinel proposes says in its description (SG descriptions allow these characters). */
    static final String DESCRIPTION = "Subscription Sentinel fix";

    private FixActions() {
    }

    /**
     * The far side of a security group rule: another group, or address blocks.
     *
     * @param groupId the group to reference, or null
     * @param cidrs   the blocks (when no group is referenced)
     */
    public record RulePeer(String groupId, List<Cidr> cidrs) {

        public RulePeer {
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            if ((groupId == null) == cidrs.isEmpty()) {
                throw new IllegalArgumentException("a rule peer is exactly one group or some address blocks");
            }
        }
    }

    /**
     * A protocol and port range a rule admits.
     *
     * @param protocol the protocol number
     * @param ports    the ports (ignored for protocols without ports)
     */
    public record Flow(int protocol, PortRange ports) {
    }

    /**
     * {@code ec2:AuthorizeSecurityGroupEgress} or {@code ec2:AuthorizeSecurityGroupIngress}: one permission per flow,
     * each to the same peer, in one call.
     */
    public static FixAction authorizeGroup(Direction direction, String groupId, List<Flow> flows, RulePeer peer,
            String why) {
        List<Map<String, Object>> permissions = new ArrayList<>();
        for (Flow flow : flows) {
            permissions.add(permission(flow.protocol(), flow.ports(), peer));
        }
        Map<String, Object> parameters = ordered("GroupId", groupId, "IpPermissions", permissions);
        String operation = direction == Direction.EGRESS ? "ec2:AuthorizeSecurityGroupEgress"
                : "ec2:AuthorizeSecurityGroupIngress";
        String command = "aws ec2 authorize-security-group-" + direction.sgWord() + " --group-id " + groupId
                + " --ip-permissions '" + JsonText.of(permissions) + "'";
        return new FixAction(operation, parameters, command, why);
    }

    /** One flow to one peer: {@link #authorizeGroup(Direction, String, List, RulePeer, String)}. */
    public static FixAction authorizeGroup(Direction direction, String groupId, int protocol, PortRange ports,
            RulePeer peer, String why) {
        return authorizeGroup(direction, groupId, List.of(new Flow(protocol, ports)), peer, why);
    }

    private static Map<String, Object> permission(int protocol, PortRange ports, RulePeer peer) {
        Map<String, Object> permission = new LinkedHashMap<>();
        permission.put("IpProtocol", Protocol.hasPorts(protocol) ? Protocol.name(protocol)
                : protocol == Protocol.ALL ? "-1" : Integer.toString(protocol));
        if (Protocol.hasPorts(protocol)) {
            permission.put("FromPort", ports.from());
            permission.put("ToPort", ports.to());
        }
        if (peer.groupId() != null) {
            permission.put("UserIdGroupPairs", List.of(ordered("GroupId", peer.groupId(), "Description",
                    DESCRIPTION)));
        } else {
            List<Map<String, Object>> v4 = new ArrayList<>();
            List<Map<String, Object>> v6 = new ArrayList<>();
            for (Cidr cidr : peer.cidrs()) {
                if (cidr.ipv6()) {
                    v6.add(ordered("CidrIpv6", block(cidr), "Description", DESCRIPTION));
                } else {
                    v4.add(ordered("CidrIp", block(cidr), "Description", DESCRIPTION));
                }
            }
            if (!v4.isEmpty()) {
                permission.put("IpRanges", v4);
            }
            if (!v6.isEmpty()) {
                permission.put("Ipv6Ranges", v6);
            }
        }
        return permission;
    }

    /**
     * {@code ec2:RevokeSecurityGroupIngress} of exactly one rule that admits TCP ports from an address block (the
     * rule's own protocol, ports and block, so no other rule of the group changes).
     */
    public static FixAction revokeIngress(String groupId, PortRange ports, Cidr cidr, String why) {
        Map<String, Object> permission = new LinkedHashMap<>();
        permission.put("IpProtocol", "tcp");
        permission.put("FromPort", ports.from());
        permission.put("ToPort", ports.to());
        permission.put(cidr.ipv6() ? "Ipv6Ranges" : "IpRanges", List.of(ordered(cidr.ipv6() ? "CidrIpv6" : "CidrIp",
                block(cidr))));
        Map<String, Object> parameters = ordered("GroupId", groupId, "IpPermissions", List.of(permission));
        String command = "aws ec2 revoke-security-group-ingress --group-id " + groupId + " --ip-permissions '"
                + JsonText.of(List.of(permission)) + "'";
        return new FixAction("ec2:RevokeSecurityGroupIngress", parameters, command, why);
    }

    /** {@code ec2:CreateTags}: one tag on one resource (it replaces the tag's value when the key exists). */
    public static FixAction createTag(String resourceId, String key, String value, String why) {
        Map<String, Object> parameters = ordered("Resources", List.of(resourceId), "Tags",
                List.of(ordered("Key", key, "Value", value)));
        String command = "aws ec2 create-tags --resources " + resourceId + " --tags '"
                + JsonText.of(parameters.get("Tags")) + "'";
        return new FixAction("ec2:CreateTags", parameters, command, why);
    }

    /** {@code ec2:CreateNetworkAclEntry}: an allow entry (an ACL entry cannot be changed in place, only added). */
    public static FixAction createAclEntry(String aclId, int ruleNumber, int protocol, Direction direction, Cidr cidr,
            PortRange ports, String why) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("NetworkAclId", aclId);
        parameters.put("RuleNumber", ruleNumber);
        parameters.put("Protocol", Integer.toString(protocol));
        parameters.put("RuleAction", "allow");
        parameters.put("Egress", direction == Direction.EGRESS);
        parameters.put(cidr.ipv6() ? "Ipv6CidrBlock" : "CidrBlock", block(cidr));
        StringBuilder command = new StringBuilder("aws ec2 create-network-acl-entry --network-acl-id ").append(aclId)
                .append(" --rule-number ").append(ruleNumber).append(" --protocol ").append(protocol)
                .append(" --rule-action allow ").append(direction == Direction.EGRESS ? "--egress" : "--ingress")
                .append(cidr.ipv6() ? " --ipv6-cidr-block " : " --cidr-block ").append(block(cidr));
        if (Protocol.hasPorts(protocol)) {
            parameters.put("PortRange", ordered("From", ports.from(), "To", ports.to()));
            command.append(" --port-range From=").append(ports.from()).append(",To=").append(ports.to());
        }
        return new FixAction("ec2:CreateNetworkAclEntry", parameters, command.toString(), why);
    }

    /**
     * {@code ec2:CreateRoute} (or {@code ec2:ReplaceRoute} when a route with the same destination exists) through a
     * peering connection.
     */
    public static FixAction peeringRoute(String routeTableId, Cidr destination, String peeringId, boolean replace,
            String why) {
        String destinationKey = destination.ipv6() ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock";
        Map<String, Object> parameters = ordered("RouteTableId", routeTableId, destinationKey, block(destination),
                "VpcPeeringConnectionId", peeringId);
        String command = "aws ec2 " + (replace ? "replace-route" : "create-route") + " --route-table-id "
                + routeTableId + (destination.ipv6() ? " --destination-ipv6-cidr-block " : " --destination-cidr-block ")
                + block(destination) + " --vpc-peering-connection-id " + peeringId;
        return new FixAction(replace ? "ec2:ReplaceRoute" : "ec2:CreateRoute", parameters, command, why);
    }

    /**
     * {@code ec2:ModifyVpcAttribute} for one attribute ({@code enableDnsSupport} or {@code enableDnsHostnames}): the
     * API takes one attribute per request.
     */
    public static FixAction enableVpcAttribute(String vpcId, String attribute, String why) {
        String key = Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
        Map<String, Object> parameters = ordered("VpcId", vpcId, key, ordered("Value", true));
        String option = attribute.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        String command = "aws ec2 modify-vpc-attribute --vpc-id " + vpcId + " --" + option + " '{\"Value\":true}'";
        return new FixAction("ec2:ModifyVpcAttribute", parameters, command, why);
    }

    /**
     * {@code ec2:AssociateIamInstanceProfile} by the profile's name (the last part of its ARN; instance profile names
     * are unique in an account, whatever their path).
     */
    public static FixAction associateInstanceProfile(String instanceId, String profileArn, String why) {
        String name = profileArn.substring(profileArn.lastIndexOf('/') + 1);
        Map<String, Object> parameters = ordered("InstanceId", instanceId, "IamInstanceProfile",
                ordered("Name", name));
        String command = "aws ec2 associate-iam-instance-profile --instance-id " + instanceId
                + " --iam-instance-profile Name=" + name;
        return new FixAction("ec2:AssociateIamInstanceProfile", parameters, command, why);
    }

    /** {@code ec2:CreateVpcEndpoint}: an interface endpoint with private DNS in the subnets, with the groups. */
    public static FixAction createInterfaceEndpoint(String vpcId, String serviceName, List<String> subnetIds,
            List<String> groupIds, String why) {
        Map<String, Object> parameters = ordered("VpcId", vpcId, "VpcEndpointType", "Interface", "ServiceName",
                serviceName);
        parameters.put("SubnetIds", List.copyOf(subnetIds));
        parameters.put("SecurityGroupIds", List.copyOf(groupIds));
        parameters.put("PrivateDnsEnabled", true);
        String command = "aws ec2 create-vpc-endpoint --vpc-id " + vpcId + " --vpc-endpoint-type Interface"
                + " --service-name " + serviceName + " --subnet-ids " + String.join(" ", subnetIds)
                + " --security-group-ids " + String.join(" ", groupIds) + " --private-dns-enabled";
        return new FixAction("ec2:CreateVpcEndpoint", parameters, command, why);
    }

    /**
     * {@code route53resolver:AssociateResolverRule}: the rule with the VPC (the API's member is {@code VPCId}), named
     * {@code sentinel-<vpc>} (the optional name, at most 64 characters, says who made it).
     */
    public static FixAction associateResolverRule(String resolverRuleId, String vpcId, String why) {
        String name = "sentinel-" + vpcId;
        Map<String, Object> parameters = ordered("ResolverRuleId", resolverRuleId, "VPCId", vpcId, "Name", name);
        String command = "aws route53resolver associate-resolver-rule --resolver-rule-id " + resolverRuleId
                + " --vpc-id " + vpcId + " --name " + name;
        return new FixAction("route53resolver:AssociateResolverRule", parameters, command, why);
    }

    /** A block as the APIs write it: a host as /32 or /128. */
    static String block(Cidr cidr) {
        String text = cidr.toString();
        return text.contains("/") ? text : text + (cidr.ipv6() ? "/128" : "/32");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
