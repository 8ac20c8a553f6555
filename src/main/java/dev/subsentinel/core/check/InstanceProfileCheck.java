package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.InstanceProfileAssociation;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
                    + " has no instance profile association, so the SSM Agent has no credentials"))
                    .withFix(plan(context));
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

    /**
     * The profile the other monitored instances of the fleet use (the most common associated one): the monitor does
     * not read roles, so it proposes only a profile that demonstrably serves managed nodes of this fleet. Without one,
     * the documented steps.
     */
    private static FixPlan plan(InstanceContext context) {
        Map<String, Long> used = new TreeMap<>();
        for (Ec2Instance other : context.index().snapshot().instances()) {
            InstanceProfileAssociation association = other.profileAssociation();
            if (!other.instanceId().equals(context.instanceId()) && association != null
                    && "associated".equalsIgnoreCase(association.state()) && association.profileArn() != null) {
                used.merge(association.profileArn(), 1L, Long::sum);
            }
        }
        String best = used.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        if (best == null) {
            return new FixPlan(List.of(), List.of("Create an instance profile whose role has the managed policy"
                    + " AmazonSSMManagedInstanceCore, then associate it with aws ec2 associate-iam-instance-profile"
                    + " --instance-id " + context.instanceId() + " (Systems Manager user guide, \"Configure instance"
                    + " permissions required for Systems Manager\": https://docs.aws.amazon.com/systems-manager/"
                    + "latest/userguide/setup-instance-permissions.html)"));
        }
        return new FixPlan(List.of(FixActions.associateInstanceProfile(context.instanceId(), best,
                context.instanceId() + " gets " + best + ", the profile " + used.get(best) + " other monitored"
                        + " instance" + (used.get(best) == 1 ? "" : "s") + " of this fleet use; an instance can have"
                        + " only one profile, and it has none")), List.of());
    }
}
