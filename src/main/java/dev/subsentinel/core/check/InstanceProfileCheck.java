package dev.subsentinel.core.check;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.List;

/** The instance needs an IAM instance profile (association state {@code associated}) for SSM to manage it. */
public final class InstanceProfileCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.INSTANCE_PROFILE;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeIamInstanceProfileAssociations");
    }

    @Override
    public String remediation() {
        return "Associate an instance profile whose role has AmazonSSMManagedInstanceCore: aws ec2"
                + " associate-iam-instance-profile --instance-id <id> --iam-instance-profile Name=<profile>.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        String reason = context.index().unknown(FactKind.INSTANCE_PROFILES, context.instanceId());
        if (reason != null) {
            return unknown("instance profile could not be read", "DescribeIamInstanceProfileAssociations failed: "
                    + reason);
        }
        InstanceProfileAssociation association = context.instance().profileAssociation();
        if (association == null) {
            return fail("no IAM instance profile", List.of(context.instanceId()
                    + " has no instance profile association, so the SSM Agent has no credentials"));
        }
        String evidence = association.associationId() + ": " + association.profileArn() + " is "
                + association.state();
        return switch (association.state().toLowerCase(java.util.Locale.ROOT)) {
            case "associated" -> pass("instance profile associated", List.of(evidence,
                    "the role's policies are not read; SSM_PING shows whether they work"));
            case "associating" -> result(Status.WARN, "instance profile still associating", List.of(evidence));
            default -> fail("instance profile " + association.state(), List.of(evidence));
        };
    }
}
