package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/** A running instance must be a Systems Manager managed node: LM-US terminates instances SSM does not manage. */
public final class SsmRegisteredCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.SSM_REGISTERED;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ssm:DescribeInstanceInformation");
    }

    @Override
    public String remediation() {
        return "Make the instance a managed node: attach an instance profile with AmazonSSMManagedInstanceCore, keep"
                + " the AmazonSSMAgent service running, and give it a path to ssm and ssmmessages on tcp/443.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        if (!"running".equals(context.instance().state())) {
            return skipped("the instance is " + context.instance().state() + "; SSM lists running instances only");
        }
        SsmInstance ssm = context.index().ssm(context.instanceId());
        if (ssm != null) {
            return pass("registered with Systems Manager", List.of("SSM lists " + context.instanceId()
                    + (ssm.computerName() != null ? " as " + ssm.computerName() : "")
                    + " (ping " + ssm.pingStatus() + ")"));
        }
        String reason = context.index().unknown(FactKind.SSM_INFO, context.instanceId());
        if (reason != null) {
            return unknown("SSM registration could not be read", "DescribeInstanceInformation failed: " + reason);
        }
        return fail("not managed by Systems Manager", List.of("DescribeInstanceInformation does not return "
                + context.instanceId() + ", although it is running")).withFix(ManualSteps.agentOffline(
                        context.instanceId()));
    }
}
