package dev.subsentinel.core.check;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/**
 * License Manager manages user-based-subscription instances through its service-linked role
 * {@value ServiceLinkedRole#LMUS_ROLE_NAME}; without it, nothing joins, hardens or audits the instances. A fleet-level
 * fact (one IAM GetRole per scan), reported on every instance and once in the report.
 */
public final class ServiceLinkedRoleCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.SERVICE_LINKED_ROLE;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("iam:GetRole");
    }

    @Override
    public String remediation() {
        return "Recreate the service-linked role: open User-based subscriptions in the License Manager console and"
                + " accept the prompt, or run aws iam create-service-linked-role --aws-service-name"
                + " license-manager-user-subscriptions.amazonaws.com.";
    }

    @Override
    public boolean needsInstance() {
        return false;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        String name = ServiceLinkedRole.LMUS_ROLE_NAME;
        ServiceLinkedRole role = context.index().serviceLinkedRole(name);
        if (role == null) {
            String reason = context.index().unknown(FactKind.SERVICE_LINKED_ROLE, name);
            return unknown("service-linked role unknown", reason != null ? "IAM GetRole " + name + " failed: " + reason
                    : "the snapshot does not record IAM GetRole " + name);
        }
        if (role.exists()) {
            return pass("service-linked role present", List.of("IAM GetRole " + name + " returns "
                    + (role.arn() != null ? role.arn() : "the role")));
        }
        return fail("service-linked role " + name + " is missing", List.of("IAM GetRole " + name
                + ": NoSuchEntity (the role does not exist in account " + context.index().snapshot().accountId()
                + ")"));
    }
}
