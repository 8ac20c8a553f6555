package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Severity;
import java.util.List;

/**
 * An instance LM-US lists must keep the tag License Manager put on it, {@code AWSLicenseManager=UserSubscriptions}:
 * the user guide says not to change it, and the service-linked role may run commands only on instances that carry it.
 */
public final class SubscriptionTagCheck extends BaseCheck {

    /** The tag key License Manager puts on user-based-subscription instances. */
    public static final String TAG_KEY = "AWSLicenseManager";
    /** Its value. */
    public static final String TAG_VALUE = "UserSubscriptions";

    @Override
    public CheckId id() {
        return CheckId.SUBSCRIPTION_TAG;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeInstances", "license-manager-user-subscriptions:ListInstances");
    }

    @Override
    public String remediation() {
        return "Put the tag AWSLicenseManager=UserSubscriptions back on the instance, and keep tag policies and"
                + " automation from removing or changing it.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        if (context.lmus() == null) {
            String reason = context.index().unknown(FactKind.LMUS_INSTANCES, context.instanceId());
            if (reason != null) {
                return unknown("LM-US listing unknown", "LM-US ListInstances failed: " + reason);
            }
            return skipped("LM-US does not list this instance");
        }
        String value = context.instance().tags().get(TAG_KEY);
        String listed = "LM-US lists the instance (" + context.lmus().status() + ")";
        if (TAG_VALUE.equals(value)) {
            return pass("tagged " + TAG_KEY + "=" + TAG_VALUE, List.of(listed + " and it carries " + TAG_KEY + "="
                    + TAG_VALUE));
        }
        FixPlan plan = new FixPlan(List.of(FixActions.createTag(context.instanceId(), TAG_KEY, TAG_VALUE,
                context.instanceId() + " gets " + TAG_KEY + "=" + TAG_VALUE + " back, the tag License Manager put on"
                        + " it; no other tag changes")), List.of());
        if (value == null) {
            return fail("tag " + TAG_KEY + " removed", List.of(listed + ", but it has no " + TAG_KEY + " tag"))
                    .withFix(plan);
        }
        return fail("tag " + TAG_KEY + " changed", List.of(listed + ", but its tag " + TAG_KEY + " is '" + value
                + "', not '" + TAG_VALUE + "'")).withFix(plan);
    }
}
