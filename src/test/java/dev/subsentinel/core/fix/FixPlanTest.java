package dev.subsentinel.core.fix;

import static dev.subsentinel.core.Fixtures.ACL_DEFAULT;
import static dev.subsentinel.core.Fixtures.DHCP;
import static dev.subsentinel.core.Fixtures.INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_INSTANCE;
import static dev.subsentinel.core.Fixtures.SG_KMS;
import static dev.subsentinel.core.Fixtures.SPOKE_CIDR;
import static dev.subsentinel.core.Fixtures.SPOKE_INSTANCE;
import static dev.subsentinel.core.Fixtures.SPOKE_PCX;
import static dev.subsentinel.core.Fixtures.SPOKE_VPC;
import static dev.subsentinel.core.Fixtures.SUBNET_APP;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_A;
import static dev.subsentinel.core.Fixtures.SUBNET_VPCE_B;
import static dev.subsentinel.core.Fixtures.VPC;
import static dev.subsentinel.core.Fixtures.VPC_CIDR;
import static dev.subsentinel.core.Fixtures.acl;
import static dev.subsentinel.core.Fixtures.healthy;
import static dev.subsentinel.core.Fixtures.in;
import static dev.subsentinel.core.Fixtures.out;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.sg;
import static dev.subsentinel.core.Fixtures.tcp;
import static dev.subsentinel.core.Fixtures.withSpoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures.World;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fix plans of failing checks on the fixture fleet: the exact least-permissive change, its API parameters and
 * the same call as an AWS CLI command.
 */
class FixPlanTest {

    @Test
    void activationPath_instanceGroupHasNoEgress_egressToTheEndpointGroupOnly() {
        World world = healthy().with(sg(SG_INSTANCE, VPC).egress(tcp(443, "0.0.0.0/0")).build());

        CheckResult result = world.result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.fix().actions()).singleElement().satisfies(action -> {
            assertThat(action.operation()).isEqualTo("ec2:AuthorizeSecurityGroupEgress");
            assertThat(action.command()).isEqualTo("aws ec2 authorize-security-group-egress --group-id sg-0instance"
                    + " --ip-permissions '[{\"IpProtocol\":\"tcp\",\"FromPort\":1688,\"ToPort\":1688,"
                    + "\"UserIdGroupPairs\":[{\"GroupId\":\"sg-0kms\",\"Description\":"
                    + "\"Subscription Sentinel fix\"}]}]'");
            assertThat(action.parameters()).containsEntry("GroupId", SG_INSTANCE);
            assertThat(action.command()).doesNotContain("0.0.0.0/0");
            assertThat(action.why()).contains("sg-0instance egress admits only tcp/1688 to group sg-0kms");
        });
        assertThat(result.fix().manualSteps()).isEmpty();
        assertThat(result.paths()).hasSize(2);
    }

    @Test
    void activationPath_endpointGroupAdmitsAnotherRange_ingressFromTheInstanceGroup() {
        World world = healthy().with(sg(SG_KMS, VPC).ingress(tcp(1688, "10.9.0.0/16")).build());

        CheckResult result = world.result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.fix().actions()).extracting(FixAction::operation)
                .containsExactly("ec2:AuthorizeSecurityGroupIngress");
        assertThat(result.fix().actions().get(0).parameters()).containsEntry("GroupId", SG_KMS);
        assertThat(result.fix().commands().get(0)).contains("\"GroupId\":\"sg-0instance\"");
    }

    @Test
    void activationPath_targetAclDeniesAtRule90_allowAtTheHighestFreeNumberBelowBothWays() {
        World world = healthy().with(acl("acl-0vpce", VPC).subnets(SUBNET_VPCE_A, SUBNET_VPCE_B)
                .entries(in(90, "deny", "6", "10.0.1.0/24", 1688, 1688), in(89, "allow", "6", "10.0.9.0/24", 22, 22),
                        out(100, "allow", "6", VPC_CIDR, 443, 443))
                .allowAll().build());

        CheckResult result = world.result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.fix().commands()).containsExactly(
                "aws ec2 create-network-acl-entry --network-acl-id acl-0vpce --rule-number 88 --protocol 6"
                        + " --rule-action allow --ingress --cidr-block 10.0.1.10/32 --port-range From=1688,To=1688");
        assertThat(result.fix().actions().get(0).parameters()).isEqualTo(Map.of("NetworkAclId", "acl-0vpce",
                "RuleNumber", 88, "Protocol", "6", "RuleAction", "allow", "Egress", false, "CidrBlock",
                "10.0.1.10/32", "PortRange", Map.of("From", 1688, "To", 1688)));
    }

    @Test
    void activationPath_sourceAclDropsReplies_ephemeralPortsFromEachEndpointAddress() {
        World world = healthy().with(acl("acl-0app", VPC).subnets(SUBNET_APP)
                .entries(out(100, "allow", "-1", "0.0.0.0/0", null, null), in(100, "allow", "6", VPC_CIDR, 3389, 3389))
                .build());

        CheckResult result = world.result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.fix().commands()).containsExactly(
                "aws ec2 create-network-acl-entry --network-acl-id acl-0app --rule-number 32766 --protocol 6"
                        + " --rule-action allow --ingress --cidr-block 10.0.2.20/32 --port-range From=49152,To=65535",
                "aws ec2 create-network-acl-entry --network-acl-id acl-0app --rule-number 32765 --protocol 6"
                        + " --rule-action allow --ingress --cidr-block 10.0.3.20/32 --port-range From=49152,To=65535");
        assertThat(result.fix().actions().get(0).why()).contains("just before the final * deny");
    }

    @Test
    void vpcDns_bothOff_supportFirstThenHostnamesAsTwoCalls() {
        World world = healthy().with(new Vpc(VPC, List.of(VPC_CIDR), List.of(), false, false, DHCP));

        CheckResult result = world.result(INSTANCE, CheckId.VPC_DNS);

        assertThat(result.fix().commands()).containsExactly(
                "aws ec2 modify-vpc-attribute --vpc-id vpc-0app --enable-dns-support '{\"Value\":true}'",
                "aws ec2 modify-vpc-attribute --vpc-id vpc-0app --enable-dns-hostnames '{\"Value\":true}'");
        assertThat(result.fix().actions().get(1).parameters()).isEqualTo(Map.of("VpcId", VPC,
                "EnableDnsHostnames", Map.of("Value", true)));
    }

    @Test
    void networkFixes_blackholeForTheTargetSubnetFromAPeeredVpc_replaceRouteThroughThePeering() {
        World world = withSpoke(healthy()).with(rtb("rtb-0spoke", SPOKE_VPC).main().local(SPOKE_CIDR)
                .route(VPC_CIDR, SPOKE_PCX).blackhole("10.0.2.0/24", "pcx-0old").build());
        Target kms = new Target("10.0.2.20 (vpce-0kms)", Cidr.parse("10.0.2.20"), List.of(SG_KMS), VPC,
                SUBNET_VPCE_A);

        Decision decision = new PathAnalyzer(world.index()).reach(world.get(Ec2Instance.class, SPOKE_INSTANCE), kms,
                Protocol.TCP, 1688);
        List<FixAction> actions = NetworkFixes.plan(world.index(), decision.causes());

        assertThat(decision.reach()).isEqualTo(Reach.BLOCKED);
        assertThat(actions).extracting(FixAction::command).containsExactly("aws ec2 replace-route --route-table-id"
                + " rtb-0spoke --destination-cidr-block 10.0.2.0/24 --vpc-peering-connection-id " + SPOKE_PCX);
        assertThat(actions.get(0).operation()).isEqualTo("ec2:ReplaceRoute");
    }

    @Test
    void activationPath_egressToOneEndpointSubnetOnly_warnWithEgressToTheEndpointGroup() {
        World world = healthy().with(sg(SG_INSTANCE, VPC).egress(tcp(1688, "10.0.2.0/24")).build());

        CheckResult result = world.result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.fix().actions()).singleElement().satisfies(action -> {
            assertThat(action.operation()).isEqualTo("ec2:AuthorizeSecurityGroupEgress");
            assertThat(action.command()).contains("\"FromPort\":1688,\"ToPort\":1688").contains("sg-0kms");
        });
    }

    @Test
    void passingCheck_hasNoFix() {
        CheckResult result = healthy().result(INSTANCE, CheckId.ACTIVATION_PATH);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.fix()).isNull();
        assertThat(ACL_DEFAULT).isNotBlank();
    }
}
