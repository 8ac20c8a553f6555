package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Severity;
import java.util.ArrayList;
import java.util.List;

/** LM-US requires enableDnsSupport and enableDnsHostnames on the instance's VPC. */
public final class VpcDnsCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.VPC_DNS;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeVpcs", "ec2:DescribeVpcAttribute");
    }

    @Override
    public String remediation() {
        return "Turn both VPC DNS attributes on: aws ec2 modify-vpc-attribute --vpc-id <vpc> --enable-dns-support"
                + " '{\"Value\":true}' and again with --enable-dns-hostnames '{\"Value\":true}'.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        String vpcId = context.instance().vpcId();
        if (vpcId == null) {
            return skipped("the instance is in no VPC");
        }
        Vpc vpc = context.index().vpc(vpcId);
        String reason = context.index().unknown(FactKind.VPC_ATTRIBUTES, vpcId);
        if (vpc == null || vpc.enableDnsSupport() == null || vpc.enableDnsHostnames() == null) {
            if (reason == null) {
                reason = context.index().unknown(FactKind.VPCS, vpcId);
            }
            return unknown("VPC DNS attributes could not be read", vpcId + ": "
                    + (reason != null ? reason : "not in the snapshot"));
        }
        List<String> off = new ArrayList<>();
        if (!vpc.enableDnsSupport()) {
            off.add("enableDnsSupport");
        }
        if (!vpc.enableDnsHostnames()) {
            off.add("enableDnsHostnames");
        }
        String evidence = vpcId + ": enableDnsSupport=" + vpc.enableDnsSupport() + ", enableDnsHostnames="
                + vpc.enableDnsHostnames();
        if (off.isEmpty()) {
            return pass("VPC DNS support and hostnames on", List.of(evidence));
        }
        List<FixAction> actions = new ArrayList<>();
        for (String attribute : off) {
            actions.add(FixActions.enableVpcAttribute(vpcId, attribute, vpcId + " turns " + attribute + " on"
                    + (attribute.equals("enableDnsSupport") ? " (first: hostnames can only be enabled with DNS"
                            + " support, and the API takes one attribute per request)"
                            : ": private DNS of interface endpoints needs both attributes")));
        }
        return fail(String.join(" and ", off) + " off on " + vpcId, List.of(evidence))
                .withFix(new FixPlan(actions, List.of()));
    }
}
