package dev.subsentinel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceRefTest {

    @ParameterizedTest
    @CsvSource({
        "i-0123456789abcdef0, INSTANCE",
        "i-01234567, INSTANCE",
        "sg-0123456789abcdef0, SECURITY_GROUP",
        "vpc-0a1b2c3d4e5f67890, VPC",
        "vpce-0123456789abcdef0, VPC_ENDPOINT",
        "subnet-0123456789abcdef0, SUBNET",
        "rtb-0123456789abcdef0, ROUTE_TABLE",
        "rtbassoc-0123456789abcdef0, ROUTE_TABLE_ASSOCIATION",
        "acl-0123456789abcdef0, NETWORK_ACL",
        "aclassoc-0123456789abcdef0, NETWORK_ACL_ASSOCIATION",
        "nat-0123456789abcdef0, NAT_GATEWAY",
        "igw-0123456789abcdef0, INTERNET_GATEWAY",
        "eni-0123456789abcdef0, NETWORK_INTERFACE",
        "pcx-0123456789abcdef0, PEERING_CONNECTION",
        "iip-assoc-05020b59952902f5f, INSTANCE_PROFILE_ASSOCIATION",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0, INSTANCE",
        "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0, SECURITY_GROUP"})
    void parse_ec2IdOrArn_kindFromPrefix(String value, ResourceKind kind) {
        ResourceRef ref = ResourceRef.parse(value);

        assertThat(ref).isNotNull();
        assertThat(ref.kind()).isEqualTo(kind);
        assertThat(value).endsWith(ref.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vpce-svc-0123456789abcdef0", "sg-0123456789ABCDEF0", "sg-0123", "sgr-0c609eaf0a2af10ea",
        "i-0123456789abcdef0x", "mi-0123456789abcdef0", "10.0.0.0/16", "local", "pl-0123456789abcdef0",
        "arn:aws:iam::123456789012:instance-profile/SSMInstanceProfile", " "})
    void parse_notAWatchedId_null(String value) {
        assertThat(ResourceRef.parse(value)).isNull();
    }

    @Test
    void isInstanceId_instanceProfileAssociation_false() {
        assertThat(ResourceRef.isInstanceId("iip-assoc-05020b59952902f5f")).isFalse();
        assertThat(ResourceRef.isInstanceId("i-0123456789abcdef0")).isTrue();
    }

    @Test
    void new_idOfAnotherKind_rejected() {
        assertThatThrownBy(() -> new ResourceRef(ResourceKind.VPC, "vpce-0123456789abcdef0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forConfigResourceType_watchedAndUnwatchedTypes() {
        assertThat(ResourceKind.forConfigResourceType("AWS::EC2::VPCPeeringConnection"))
                .isEqualTo(ResourceKind.PEERING_CONNECTION);
        assertThat(ResourceKind.forConfigResourceType("AWS::EC2::SubnetRouteTableAssociation")).isNull();
    }
}
