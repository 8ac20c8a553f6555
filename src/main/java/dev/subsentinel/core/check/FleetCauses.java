package dev.subsentinel.core.check;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import java.util.Set;

/**
 * Which failures have a fleet-level cause: one resource shared by many instances (a directory that is not Active, a
 * registration that failed, the service-linked role, License Manager's own interfaces, the domain controllers'
 * group). Their summaries name that resource and are the same for every instance it breaks, so alerts can name the
 * cause once and list the instances (publish.FleetAlerts).
 */
public final class FleetCauses {

    /** Checks whose every failure is about a shared resource. */
    private static final Set<CheckId> SHARED = Set.of(CheckId.DIRECTORY_HEALTH, CheckId.IDENTITY_PROVIDER,
            CheckId.SERVICE_LINKED_ROLE, CheckId.LM_NETWORK_INTERFACES, CheckId.LICENSE_SERVER);

    private FleetCauses() {
    }

    /**
     * Whether a failure of this check with this summary has a fleet-level cause. DIRECTORY_PATH has one only when
     * the domain controllers' own group blocks ({@link DirectoryPathCheck#GROUP_CAUSE}), LICENSE_SERVER_PATH only when
     * the licence servers' side is at fault ({@link LicenseServerPathCheck#SERVER_SIDE_CAUSE}); "no directory for
     * this instance" is about the instance's VPC, not a shared resource.
     */
    public static boolean fleetLevel(CheckId id, String summary) {
        if (summary == null || summary.startsWith("no directory for this instance")) {
            return false;
        }
        if (SHARED.contains(id)) {
            return true;
        }
        return id == CheckId.DIRECTORY_PATH && summary.startsWith(DirectoryPathCheck.GROUP_CAUSE)
                || id == CheckId.LICENSE_SERVER_PATH && summary.startsWith(LicenseServerPathCheck.SERVER_SIDE_CAUSE);
    }

    /** Whether the result is a failure with a fleet-level cause. */
    public static boolean fleetLevel(CheckResult result) {
        return result.failing() && fleetLevel(result.id(), result.summary());
    }

    /**
     * The cause line of a failure as tracking remembers it ("DIRECTORY_HEALTH: directory d-1 (corp) is Impaired"),
     * or null when the failure is the instance's own.
     */
    public static String causeLine(String rememberedCause) {
        int colon = rememberedCause.indexOf(": ");
        if (colon < 0) {
            return null;
        }
        String id = rememberedCause.substring(0, colon);
        for (CheckId checkId : CheckId.values()) {
            if (checkId.name().equals(id)) {
                return fleetLevel(checkId, rememberedCause.substring(colon + 2)) ? rememberedCause : null;
            }
        }
        return null;
    }
}
