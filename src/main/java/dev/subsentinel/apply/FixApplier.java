package dev.subsentinel.apply;

import dev.subsentinel.core.report.FixAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PortRange;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.route53resolver.Route53ResolverClient;

/**
 * Makes the changes of a fix plan: each {@link FixAction} becomes the one AWS SDK call its operation names, with the
 * parameters exactly as the plan carries them (the same values its AWS CLI command passes). Only the CLI's
 * {@code fix --apply} uses it: no Lambda function can reach it (LayeringTest keeps {@code handler} and {@code app}
 * from importing this package, and template.yaml grants none of these actions).
 */
public final class FixApplier {

    /** The operations a plan can name, in the order the plans use them. */
    public static final List<String> OPERATIONS = List.of("ec2:ModifyVpcAttribute", "ec2:CreateVpcEndpoint",
            "ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateNetworkAclEntry",
            "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:AssociateIamInstanceProfile",
            "route53resolver:AssociateResolverRule", "ec2:RevokeSecurityGroupIngress", "ec2:CreateTags");

    /** The error EC2 answers for a rule a group already has. */
    static final String DUPLICATE = "InvalidPermission.Duplicate";

    private final Ec2Client ec2;
    private final Route53ResolverClient resolver;

    /** An applier calling these clients. */
    public FixApplier(Ec2Client ec2, Route53ResolverClient resolver) {
        this.ec2 = ec2;
        this.resolver = resolver;
    }

    /**
     * Makes one change.
     *
     * @return what AWS answered, in a few words (the id of what it created, or "done")
     * @throws IllegalArgumentException for an operation this applier does not make
     * @throws software.amazon.awssdk.core.exception.SdkException when AWS refuses it
     */
    public String apply(FixAction action) {
        try {
            return call(action);
        } catch (Ec2Exception e) {
            // Two checks' plans can name the same group rule (the one the other plan just added): the state the plan
            // asks for holds, which is what the plan is for.
            if (action.operation().startsWith("ec2:AuthorizeSecurityGroup") && e.awsErrorDetails() != null
                    && DUPLICATE.equals(e.awsErrorDetails().errorCode())) {
                return "already present (" + DUPLICATE + ")";
            }
            throw e;
        }
    }

    private String call(FixAction action) {
        Map<String, Object> p = action.parameters();
        return switch (action.operation()) {
            case "ec2:AuthorizeSecurityGroupEgress" -> {
                ec2.authorizeSecurityGroupEgress(r -> r.groupId(text(p, "GroupId")).ipPermissions(permissions(p)));
                yield "done";
            }
            case "ec2:AuthorizeSecurityGroupIngress" -> {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(text(p, "GroupId")).ipPermissions(permissions(p)));
                yield "done";
            }
            case "ec2:RevokeSecurityGroupIngress" -> {
                ec2.revokeSecurityGroupIngress(r -> r.groupId(text(p, "GroupId")).ipPermissions(permissions(p)));
                yield "done";
            }
            case "ec2:CreateTags" -> {
                ec2.createTags(r -> r.resources(texts(p, "Resources")).tags(maps(p, "Tags").stream()
                        .map(t -> Tag.builder().key((String) t.get("Key")).value((String) t.get("Value")).build())
                        .toList()));
                yield "done";
            }
            case "ec2:CreateNetworkAclEntry" -> {
                ec2.createNetworkAclEntry(r -> {
                    r.networkAclId(text(p, "NetworkAclId")).ruleNumber(number(p, "RuleNumber"))
                            .protocol(text(p, "Protocol")).ruleAction(RuleAction.fromValue(text(p, "RuleAction")))
                            .egress((Boolean) p.get("Egress")).cidrBlock((String) p.get("CidrBlock"))
                            .ipv6CidrBlock((String) p.get("Ipv6CidrBlock"));
                    if (p.get("PortRange") instanceof Map<?, ?> range) {
                        r.portRange(PortRange.builder().from(((Number) range.get("From")).intValue())
                                .to(((Number) range.get("To")).intValue()).build());
                    }
                });
                yield "done";
            }
            case "ec2:CreateRoute" -> {
                ec2.createRoute(r -> r.routeTableId(text(p, "RouteTableId"))
                        .destinationCidrBlock((String) p.get("DestinationCidrBlock"))
                        .destinationIpv6CidrBlock((String) p.get("DestinationIpv6CidrBlock"))
                        .vpcPeeringConnectionId(text(p, "VpcPeeringConnectionId")));
                yield "done";
            }
            case "ec2:ReplaceRoute" -> {
                ec2.replaceRoute(r -> r.routeTableId(text(p, "RouteTableId"))
                        .destinationCidrBlock((String) p.get("DestinationCidrBlock"))
                        .destinationIpv6CidrBlock((String) p.get("DestinationIpv6CidrBlock"))
                        .vpcPeeringConnectionId(text(p, "VpcPeeringConnectionId")));
                yield "done";
            }
            case "ec2:ModifyVpcAttribute" -> {
                ec2.modifyVpcAttribute(r -> {
                    r.vpcId(text(p, "VpcId"));
                    if (p.containsKey("EnableDnsSupport")) {
                        r.enableDnsSupport(AttributeBooleanValue.builder().value(value(p, "EnableDnsSupport")).build());
                    }
                    if (p.containsKey("EnableDnsHostnames")) {
                        r.enableDnsHostnames(AttributeBooleanValue.builder().value(value(p, "EnableDnsHostnames"))
                                .build());
                    }
                });
                yield "done";
            }
            case "ec2:AssociateIamInstanceProfile" -> {
                Map<?, ?> profile = (Map<?, ?>) p.get("IamInstanceProfile");
                yield ec2.associateIamInstanceProfile(r -> r.instanceId(text(p, "InstanceId"))
                        .iamInstanceProfile(i -> i.name((String) profile.get("Name")).arn((String) profile.get("Arn"))))
                        .iamInstanceProfileAssociation().associationId();
            }
            case "ec2:CreateVpcEndpoint" -> ec2.createVpcEndpoint(r -> r.vpcId(text(p, "VpcId"))
                    .vpcEndpointType(VpcEndpointType.fromValue(text(p, "VpcEndpointType")))
                    .serviceName(text(p, "ServiceName")).subnetIds(texts(p, "SubnetIds"))
                    .securityGroupIds(texts(p, "SecurityGroupIds"))
                    .privateDnsEnabled((Boolean) p.get("PrivateDnsEnabled"))).vpcEndpoint().vpcEndpointId();
            case "route53resolver:AssociateResolverRule" -> resolver.associateResolverRule(r -> r
                    .resolverRuleId(text(p, "ResolverRuleId")).vpcId(text(p, "VPCId")).name((String) p.get("Name")))
                    .resolverRuleAssociation().id();
            default -> throw new IllegalArgumentException("fix --apply does not make " + action.operation());
        };
    }

    private static List<IpPermission> permissions(Map<String, Object> p) {
        List<IpPermission> permissions = new ArrayList<>();
        for (Object item : (List<?>) p.get("IpPermissions")) {
            Map<?, ?> permission = (Map<?, ?>) item;
            IpPermission.Builder builder = IpPermission.builder().ipProtocol((String) permission.get("IpProtocol"));
            if (permission.get("FromPort") instanceof Number from) {
                builder.fromPort(from.intValue()).toPort(((Number) permission.get("ToPort")).intValue());
            }
            builder.userIdGroupPairs(maps(permission, "UserIdGroupPairs").stream()
                    .map(m -> UserIdGroupPair.builder().groupId((String) m.get("GroupId"))
                            .description((String) m.get("Description")).build()).toList());
            builder.ipRanges(maps(permission, "IpRanges").stream()
                    .map(m -> IpRange.builder().cidrIp((String) m.get("CidrIp"))
                            .description((String) m.get("Description")).build()).toList());
            builder.ipv6Ranges(maps(permission, "Ipv6Ranges").stream()
                    .map(m -> Ipv6Range.builder().cidrIpv6((String) m.get("CidrIpv6"))
                            .description((String) m.get("Description")).build()).toList());
            permissions.add(builder.build());
        }
        return permissions;
    }

    private static List<Map<?, ?>> maps(Map<?, ?> parent, String key) {
        Object list = parent.get(key);
        if (list == null) {
            return List.of();
        }
        return ((List<?>) list).stream().<Map<?, ?>>map(item -> (Map<?, ?>) item).toList();
    }

    private static String text(Map<String, Object> p, String key) {
        Object value = p.get(key);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("the plan's " + key + " is missing");
        }
        return text;
    }

    private static List<String> texts(Map<String, Object> p, String key) {
        return ((List<?>) p.get(key)).stream().map(String.class::cast).toList();
    }

    private static int number(Map<String, Object> p, String key) {
        return ((Number) p.get(key)).intValue();
    }

    private static boolean value(Map<String, Object> p, String key) {
        return Boolean.TRUE.equals(((Map<?, ?>) p.get(key)).get("Value"));
    }
}
