package dev.subsentinel.event;

/**
 * The kinds of EC2 resource a change event can name, with the id prefix that identifies them and, where AWS Config
 * records them, the Config resource type.
 */
public enum ResourceKind {
    INSTANCE("i", "AWS::EC2::Instance"),
    SECURITY_GROUP("sg", "AWS::EC2::SecurityGroup"),
    VPC("vpc", "AWS::EC2::VPC"),
    VPC_ENDPOINT("vpce", "AWS::EC2::VPCEndpoint"),
    SUBNET("subnet", "AWS::EC2::Subnet"),
    ROUTE_TABLE("rtb", "AWS::EC2::RouteTable"),
    ROUTE_TABLE_ASSOCIATION("rtbassoc", null),
    NETWORK_ACL("acl", "AWS::EC2::NetworkAcl"),
    NETWORK_ACL_ASSOCIATION("aclassoc", null),
    NAT_GATEWAY("nat", "AWS::EC2::NatGateway"),
    INTERNET_GATEWAY("igw", "AWS::EC2::InternetGateway"),
    NETWORK_INTERFACE("eni", "AWS::EC2::NetworkInterface"),
    PEERING_CONNECTION("pcx", "AWS::EC2::VPCPeeringConnection"),
    INSTANCE_PROFILE_ASSOCIATION("iip-assoc", null);

    private final String prefix;
    private final String configResourceType;

    ResourceKind(String prefix, String configResourceType) {
        this.prefix = prefix;
        this.configResourceType = configResourceType;
    }

    /** The id prefix without the dash, e.g. {@code sg}. */
    public String prefix() {
        return prefix;
    }

    /** The AWS Config resource type, e.g. {@code AWS::EC2::SecurityGroup}, or null when Config has none. */
    public String configResourceType() {
        return configResourceType;
    }

    /** The kind AWS Config records under a resource type, or null when the type is not one of these. */
    public static ResourceKind forConfigResourceType(String resourceType) {
        for (ResourceKind kind : values()) {
            if (kind.configResourceType != null && kind.configResourceType.equals(resourceType)) {
                return kind;
            }
        }
        return null;
    }

    /** The kind whose prefix this is, or null. */
    static ResourceKind forPrefix(String prefix) {
        for (ResourceKind kind : values()) {
            if (kind.prefix.equals(prefix)) {
                return kind;
            }
        }
        return null;
    }
}
