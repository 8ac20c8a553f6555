package dev.subsentinel.core.check;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/**
 * Whether the instance runs. A stopped instance keeps its users associated; the evaluator skips the checks that
 * need it running. Severity INFO: this never changes the verdict.
 */
public final class InstanceStateCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.INSTANCE_STATE;
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeInstances");
    }

    @Override
    public String remediation() {
        return "Start the instance when its users need it; users stay associated while it is stopped.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        String state = context.instance().state();
        String evidence = context.instanceId() + " is " + state;
        return switch (state) {
            case "running", "pending" -> pass("instance " + state, List.of(evidence));
            default -> fail("instance " + state, List.of(evidence));
        };
    }
}
