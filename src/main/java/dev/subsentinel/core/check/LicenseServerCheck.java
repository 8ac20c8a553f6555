package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.LicenseServer;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Remote Desktop Services SAL needs the RD licence servers License Manager provisions for the instance's identity
 * provider (CreateLicenseServerEndpoint): LM-US must list a licence server endpoint for it
 * (ListLicenseServerEndpoints), the endpoint must be {@code PROVISIONED}, and each of its licence servers
 * {@code PROVISIONED} and {@code HEALTHY}.
 * {@code UNHEALTHY} fails; {@code NOT_APPLICABLE} passes and says so; {@code PROVISIONING} and {@code DELETING} warn;
 * a failed or deleted endpoint or server fails with LM-US's {@code StatusMessage}. A status the monitor does not know
 * warns with the raw text. The result is the same for every instance of the identity provider: a fleet-level cause.
 */
public final class LicenseServerCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.LICENSE_SERVER;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders",
                "license-manager-user-subscriptions:ListLicenseServerEndpoints", "ec2:DescribeSubnets");
    }

    @Override
    public String remediation() {
        return "Restore the Remote Desktop Services licence server endpoint in License Manager (User-based"
                + " subscriptions > Settings): create it if it is missing or was deleted, fix what its StatusMessage"
                + " names if provisioning failed, and restore an unhealthy licence server's access to its secret and"
                + " to the domain controllers.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        LicenseServers.Found found = LicenseServers.of(this, context);
        if (found.result() != null) {
            return found.result();
        }
        String provider = found.detail();
        if (found.endpoints().isEmpty()) {
            return fail("no licence server endpoint", List.of(provider + "; ListLicenseServerEndpoints lists no"
                    + " endpoint for " + found.provider().identityProviderArn() + " (registration "
                    + found.provider().status() + "): Remote Desktop Services SAL needs one"
                    + " (CreateLicenseServerEndpoint)")).withFix(ManualSteps.licenseServer());
        }
        List<Finding> findings = new ArrayList<>();
        for (LicenseServerEndpoint endpoint : found.endpoints()) {
            assess(endpoint, findings);
        }
        Status worst = Status.PASS;
        for (Finding finding : findings) {
            worst = worse(worst, finding.status());
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(provider);
        Status shown = worst;
        findings.stream().filter(f -> f.status() == shown || shown == Status.PASS).forEach(f -> evidence.add(
                f.line()));
        if (worst == Status.PASS) {
            return pass("licence server" + (findings.size() == 1 ? "" : "s") + " healthy", evidence);
        }
        Finding first = findings.stream().filter(f -> f.status() == shown).findFirst().orElseThrow();
        return planned(result(worst, first.summary(), evidence), ManualSteps.licenseServer());
    }

    /** One thing the check found: its status, a summary and an evidence line. */
    private record Finding(Status status, String summary, String line) {
    }

    private static void assess(LicenseServerEndpoint endpoint, List<Finding> findings) {
        String name = "licence server endpoint " + endpoint.label();
        String status = endpoint.provisioningStatus().toUpperCase(Locale.ROOT);
        String message = endpoint.statusMessage() == null ? "" : " (StatusMessage: " + endpoint.statusMessage() + ")";
        Status provisioning = provisioning(status);
        if (provisioning != Status.PASS) {
            findings.add(new Finding(provisioning, "licence server endpoint " + status, name + " is "
                    + endpoint.provisioningStatus() + message + known(status)));
            return;
        }
        if (endpoint.licenseServers().isEmpty()) {
            findings.add(new Finding(Status.FAIL, "licence server endpoint lists no licence server", name
                    + " is PROVISIONED but lists no licence server" + message));
            return;
        }
        for (LicenseServer server : endpoint.licenseServers()) {
            String serverName = "licence server " + server.addresses() + " of " + endpoint.label();
            String serverStatus = server.provisioningStatus() == null ? "not reported"
                    : server.provisioningStatus().toUpperCase(Locale.ROOT);
            Status serverProvisioning = server.provisioningStatus() == null ? Status.WARN
                    : provisioning(serverStatus);
            if (serverProvisioning != Status.PASS) {
                findings.add(new Finding(serverProvisioning, "licence server " + serverStatus, serverName
                        + ": ProvisioningStatus " + serverStatus + message
                        + (server.provisioningStatus() == null ? "" : known(serverStatus))));
                continue;
            }
            String health = server.healthStatus() == null ? "not reported"
                    : server.healthStatus().toUpperCase(Locale.ROOT);
            switch (health) {
                case LicenseServer.HEALTHY -> findings.add(new Finding(Status.PASS, null, serverName
                        + " is PROVISIONED and HEALTHY"));
                case LicenseServer.NOT_APPLICABLE -> findings.add(new Finding(Status.PASS, null, serverName
                        + " is PROVISIONED, HealthStatus NOT_APPLICABLE: LM-US does not assess its health"));
                case LicenseServer.UNHEALTHY -> findings.add(new Finding(Status.FAIL, "licence server unhealthy ("
                        + server.addresses() + ")", serverName + " is UNHEALTHY" + message));
                default -> findings.add(new Finding(Status.WARN, "licence server health " + health, serverName
                        + ": HealthStatus " + health + " (not a value the monitor knows)"));
            }
        }
    }

    /** PROVISIONED passes; PROVISIONING and DELETING warn; failed or deleted fail; anything else warns. */
    private static Status provisioning(String status) {
        return switch (status) {
            case LicenseServer.PROVISIONED -> Status.PASS;
            case "PROVISIONING", "DELETING" -> Status.WARN;
            case "PROVISIONING_FAILED", "DELETION_FAILED", "DELETED" -> Status.FAIL;
            default -> Status.WARN;
        };
    }

    private static String known(String status) {
        return switch (status) {
            case "PROVISIONING", "DELETING", "PROVISIONING_FAILED", "DELETION_FAILED", "DELETED", "PROVISIONED" -> "";
            default -> " (not a status the monitor knows)";
        };
    }

    private static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status status) {
        return switch (status) {
            case FAIL -> 3;
            case WARN -> 2;
            case UNKNOWN -> 1;
            default -> 0;
        };
    }
}
