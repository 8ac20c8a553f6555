package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LM-US's own verdict. Its Status is open text (no enum in the API model): ACTIVE and ACTIVATED are healthy, anything
 * containing FAIL, UNHEALTHY or TERMINAT is failed, anything else is shown raw as a warning.
 */
public final class LmusStatusCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.LMUS_STATUS;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListInstances");
    }

    @Override
    public String remediation() {
        return "Read the status message in License Manager (User-based subscriptions > Instances), fix the cause the"
                + " other checks name, and let LM-US re-check the instance before it gives up on it.";
    }

    @Override
    public boolean needsInstance() {
        return false;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        String reason = context.index().unknown(FactKind.LMUS_INSTANCES, context.instanceId());
        LmusInstance lmus = context.lmus();
        if (lmus == null) {
            if (reason != null) {
                return unknown("LM-US status could not be read", "ListInstances failed: " + reason);
            }
            return result(Status.WARN, "License Manager does not list this instance",
                    "LM-US ListInstances does not return " + context.instanceId()
                            + ", although it is tagged or was tracked as a user-based-subscription instance");
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("LM-US status " + lmus.status()
                + (lmus.lastStatusCheckDate() != null ? ", last checked " + lmus.lastStatusCheckDate() : ""));
        if (lmus.statusMessage() != null && !lmus.statusMessage().isBlank()) {
            evidence.add("LM-US status message: " + lmus.statusMessage());
        }
        return switch (classify(lmus.status())) {
            case PASS -> pass("LM-US reports " + lmus.status(), evidence);
            case FAIL -> fail("LM-US reports " + lmus.status(), evidence).withFix(ManualSteps.lmusStatus());
            default -> result(Status.WARN, "LM-US reports an unrecognised status: " + lmus.status(), evidence);
        };
    }

    /** PASS, FAIL or WARN for an LM-US status text. */
    public static Status classify(String status) {
        String text = status.trim().toUpperCase(Locale.ROOT);
        if (text.equals("ACTIVE") || text.equals("ACTIVATED")) {
            return Status.PASS;
        }
        if (text.contains("FAIL") || text.contains("UNHEALTHY") || text.contains("TERMINAT")) {
            return Status.FAIL;
        }
        return Status.WARN;
    }
}
