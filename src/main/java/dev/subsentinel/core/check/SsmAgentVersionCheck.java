package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/** The SSM Agent must not be older than the configured minimum version. */
public final class SsmAgentVersionCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.SSM_AGENT_VERSION;
    }

    @Override
    public Severity severity() {
        return Severity.LOW;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ssm:DescribeInstanceInformation");
    }

    @Override
    public String remediation() {
        return "Update the SSM Agent (Run Command document AWS-UpdateSSMAgent) to at least the configured minimum.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        SsmInstance ssm = context.index().ssm(context.instanceId());
        if (ssm == null) {
            String reason = context.index().unknown(FactKind.SSM_INFO, context.instanceId());
            if (reason != null) {
                return unknown("SSM agent version could not be read", "DescribeInstanceInformation failed: " + reason);
            }
            return skipped("not registered with Systems Manager");
        }
        String minimum = context.settings().minAgentVersion();
        if (minimum == null) {
            return skipped("no minimum agent version configured (agent "
                    + (ssm.agentVersion() != null ? ssm.agentVersion() : "version not reported") + ")");
        }
        if (ssm.agentVersion() == null) {
            return unknown("SSM agent version not reported", "DescribeInstanceInformation gives no AgentVersion");
        }
        String evidence = "SSM Agent " + ssm.agentVersion() + ", minimum " + minimum;
        if (compare(ssm.agentVersion(), minimum) < 0) {
            return fail("SSM agent " + ssm.agentVersion() + " is older than " + minimum, List.of(evidence))
                    .withFix(ManualSteps.agentTooOld(context.instanceId()));
        }
        return pass("SSM agent " + ssm.agentVersion(), List.of(evidence));
    }

    /** Compares dotted numeric versions: 3.3.40.0 &lt; 3.3.131.0. Non-numeric parts count as 0. */
    public static int compare(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long l = i < left.length ? number(left[i]) : 0;
            long r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static long number(String part) {
        try {
            return Long.parseLong(part.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
