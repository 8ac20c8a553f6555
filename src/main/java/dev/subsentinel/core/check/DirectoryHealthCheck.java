package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.fix.ManualSteps;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS Managed Microsoft AD that serves the instance must be in stage {@code Active} (Directory Service
 * DescribeDirectories); any other stage (Requested, Creating, Created, Inoperable, Impaired, Restoring, RestoreFailed,
 * Deleting, Deleted, Failed, Updating) fails with its {@code StageReason}. A self-managed directory has no stage.
 * One directory serves many instances: its failure is a fleet-level cause ({@link FleetCauses}).
 */
public final class DirectoryHealthCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.DIRECTORY_HEALTH;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ds:DescribeDirectories",
                "ec2:DescribeSubnets");
    }

    @Override
    public String remediation() {
        return "Restore the directory in AWS Directory Service (see its StageReason; an Impaired directory often has a"
                + " domain controller security group or network ACL that blocks its own replication or monitoring),"
                + " or open a case with AWS Support.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        IdentityProviderResolver.Resolution resolution = InstanceDirectory.resolve(context);
        CheckResult unresolved = InstanceDirectory.unresolved(this, resolution);
        if (unresolved != null) {
            return unresolved;
        }
        IdentityProvider provider = resolution.provider();
        if (provider.selfManaged()) {
            return skipped("self-managed directory " + (provider.domainName() != null ? provider.domainName()
                    : "(no domain name)") + ": Directory Service reports no stage for it");
        }
        Directory directory = context.index().directory(provider.directoryId());
        if (directory == null) {
            String reason = context.index().unknown(FactKind.DIRECTORIES, provider.directoryId());
            return unknown("directory could not be read", provider.directoryId() + ": "
                    + (reason != null ? reason : "DescribeDirectories does not return it"));
        }
        String name = "directory " + directory.directoryId() + " (" + directory.domainName() + ")";
        if (directory.stage() == null) {
            return unknown("directory stage unknown", "the snapshot records no Stage for " + name);
        }
        if (directory.active()) {
            return pass(name + " is Active", List.of(resolution.detail() + "; DescribeDirectories Stage Active"));
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(resolution.detail());
        evidence.add("DescribeDirectories Stage " + directory.stage() + (directory.stageReason() == null
                ? " (no StageReason given)" : ": " + directory.stageReason()));
        return fail(name + " is " + directory.stage(), evidence).withFix(ManualSteps.directoryStage(
                directory.directoryId()));
    }
}
