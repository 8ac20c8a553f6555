package dev.subsentinel.publish.securityhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.SampleAlerts;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.model.Resource;

/** The pure parts of the findings: the resources at fault, the severity of a WARN, the partition. */
class SecurityHubFindingsTest {

    @Test
    void resources_evidenceNamingThePathsResources_theInstanceThenEachOnceWithItsTypeAndArn() {
        Alert alert = SampleAlerts.newUnhealthy();
        CheckResult path = new CheckResult(CheckId.SSM_NETWORK_PATH, Status.FAIL, Severity.CRITICAL,
                "no path to ssm on tcp/443 via sg-0a1b2c3d4e5f60718",
                List.of("sg-0a1b2c3d4e5f60718 egress has no rule for tcp/443",
                        "acl-0123456789abcdef0 rule 100 denies tcp/443; route table rtb-0123456789abcdef1 sends"
                                + " ::/0 to eigw-0123456789abcdef2",
                        "directory d-9067abcdef answers from subnet-0123456789abcdef3 (sg-0a1b2c3d4e5f60718 again)"),
                "open it");

        List<Resource> resources = SecurityHubFindings.resources(alert, List.of(path));

        assertThat(resources).extracting(Resource::type, Resource::id).containsExactly(
                Tuple.tuple("AwsEc2Instance", "arn:aws:ec2:us-east-1:123456789012:instance/" + SampleAlerts.A),
                Tuple.tuple("AwsEc2SecurityGroup", "arn:aws:ec2:us-east-1:123456789012:security-group/"
                        + "sg-0a1b2c3d4e5f60718"),
                Tuple.tuple("AwsEc2NetworkAcl", "arn:aws:ec2:us-east-1:123456789012:network-acl/"
                        + "acl-0123456789abcdef0"),
                Tuple.tuple("AwsEc2RouteTable", "arn:aws:ec2:us-east-1:123456789012:route-table/"
                        + "rtb-0123456789abcdef1"),
                Tuple.tuple("Other", "arn:aws:ec2:us-east-1:123456789012:egress-only-internet-gateway/"
                        + "eigw-0123456789abcdef2"),
                Tuple.tuple("Other", "arn:aws:ds:us-east-1:123456789012:directory/d-9067abcdef"),
                Tuple.tuple("AwsEc2Subnet", "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123456789abcdef3"));
        assertThat(resources).allSatisfy(r -> {
            assertThat(r.partitionAsString()).isEqualTo("aws");
            assertThat(r.region()).isEqualTo("us-east-1");
        });
    }

    @Test
    void dryRun_newUnhealthy_printsEveryFindingAndImportsNothing() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SecurityHubPublisher dryRun = SecurityHubPublisher.dryRun(new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8));

        var deliveries = dryRun.send(List.of(SampleAlerts.newUnhealthy()));

        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.accepted()).isTrue());
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("=== DRY RUN: would import 2 finding(s) into Security Hub (BatchImportFindings #1)")
                .contains("FAILED ACTIVE CRITICAL subscription-sentinel/123456789012/us-east-1/" + SampleAlerts.A
                        + "/SSM_PING")
                .contains("resource AwsEc2SecurityGroup arn:aws:ec2:us-east-1:123456789012:security-group/");
    }

    @Test
    void partition_chinaAndGovCloudRegions_theirPartitionInTheProductArn() {
        assertThat(SecurityHubFindings.productArn("123456789012", "cn-north-1"))
                .isEqualTo("arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default");
        assertThat(SecurityHubFindings.productArn("123456789012", "us-gov-west-1"))
                .startsWith("arn:aws-us-gov:securityhub:us-gov-west-1:");
    }

    @Test
    void of_criticalWarn_warningComplianceAtMostMedium() {
        Alert base = SampleAlerts.newUnhealthy();
        CheckResult warn = new CheckResult(CheckId.SSM_AGENT_VERSION, Status.WARN, Severity.HIGH, "agent is old",
                List.of("3.2.0.0 < 3.3.40.0"), "update the agent");
        Alert alert = new Alert(base.schema(), base.alertId(), base.transition(), base.severity(), base.createdAt(),
                base.scanId(), base.accountId(), base.region(), base.instanceId(), base.products(), base.verdict(),
                base.previousVerdict(), base.unhealthySince(), base.failingMinutes(), base.reason(), List.of(warn),
                List.of(), List.of(), List.of(), List.of(), base.links(), List.of());

        var finding = SecurityHubFindings.of(alert).get(0);

        assertThat(finding.compliance().statusAsString()).isEqualTo("WARNING");
        assertThat(finding.findingProviderFields().severity().labelAsString()).isEqualTo("MEDIUM");
        assertThat(finding.findingProviderFields().severity().original()).isEqualTo("HIGH WARN");
    }
}
