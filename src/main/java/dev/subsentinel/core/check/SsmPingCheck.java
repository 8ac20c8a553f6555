package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.time.Duration;
import java.util.List;

/**
 * The SSM Agent must be talking to Systems Manager: PingStatus Online and a last ping younger than the stale
 * threshold (the agent pings every 5 minutes by default).
 */
public final class SsmPingCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.SSM_PING;
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
        return "Restore the SSM Agent's connection: check the AmazonSSMAgent service on the instance, its instance"
                + " profile, and its network path to the SSM endpoints on tcp/443.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        if (!"running".equals(context.instance().state())) {
            return skipped("the instance is " + context.instance().state());
        }
        SsmInstance ssm = context.index().ssm(context.instanceId());
        if (ssm == null) {
            String reason = context.index().unknown(FactKind.SSM_INFO, context.instanceId());
            if (reason != null) {
                return unknown("SSM ping could not be read", "DescribeInstanceInformation failed: " + reason);
            }
            return skipped("not registered with Systems Manager (see SSM_REGISTERED)");
        }
        int staleMinutes = context.settings().pingStaleMinutes();
        String last = ssm.lastPingAt() == null ? "never"
                : ssm.lastPingAt() + " (" + age(Duration.between(ssm.lastPingAt(), context.now())) + " ago)";
        String evidence = "PingStatus " + ssm.pingStatus() + ", LastPingDateTime " + last;
        if (!"Online".equalsIgnoreCase(ssm.pingStatus())) {
            return fail("SSM ping lost: " + ssm.pingStatus(), List.of(evidence))
                    .withFix(ManualSteps.agentOffline(context.instanceId()));
        }
        if (ssm.lastPingAt() == null) {
            return fail("SSM ping lost: no ping time", List.of(evidence))
                    .withFix(ManualSteps.agentOffline(context.instanceId()));
        }
        Duration age = Duration.between(ssm.lastPingAt(), context.now());
        if (age.compareTo(Duration.ofMinutes(staleMinutes)) > 0) {
            return fail("SSM ping stale: last ping " + age(age) + " ago", List.of(evidence,
                    "older than the " + staleMinutes + "-minute threshold while PingStatus still says Online"))
                    .withFix(ManualSteps.agentOffline(context.instanceId()));
        }
        return pass("SSM agent online", List.of(evidence));
    }

    private static String age(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 120) {
            return minutes + " min";
        }
        return minutes / 60 + " h " + minutes % 60 + " min";
    }
}
