package dev.subsentinel.core.fix;

import dev.subsentinel.core.report.FixPlan;
import java.util.List;

/**
 * The documented steps for causes the Sentinel cannot change from outside the instance or the service (an agent
 * stopped on the instance, a License Manager status, a directory's stage, a licence server's health). Each step names
 * where AWS documents it; none is a made-up command.
 */
public final class ManualSteps {

    static final String AGENT_STATUS = "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
            + "ssm-agent-status-and-restart.html";
    static final String RUNBOOK = "https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/"
            + "automation-awssupport-troubleshoot-managed-instance.html";
    static final String NODE_AVAILABILITY = "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
            + "fleet-manager-troubleshooting-managed-nodes.html";
    static final String LMUS_TROUBLESHOOTING = "https://docs.aws.amazon.com/license-manager/latest/userguide/"
            + "user-based-subscriptions-troubleshoot.html";
    static final String UPDATE_AGENT = "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
            + "run-command-tutorial-update-software.html";
    static final String DIRECTORY_TROUBLESHOOTING = "https://docs.aws.amazon.com/directoryservice/latest/admin-guide/"
            + "ms_ad_troubleshooting.html";

    private ManualSteps() {
    }

    /** The SSM Agent is not online: check and start it on the instance, then let the runbook diagnose the rest. */
    public static FixPlan agentOffline(String instanceId) {
        return new FixPlan(List.of(), List.of(
                "On the instance (PowerShell as Administrator): Get-Service AmazonSSMAgent, and if it is not"
                        + " running, Start-Service AmazonSSMAgent (" + AGENT_STATUS + ")",
                "Diagnose the rest with the Automation runbook AWSSupport-TroubleshootManagedInstance: aws ssm"
                        + " start-automation-execution --document-name AWSSupport-TroubleshootManagedInstance"
                        + " --parameters InstanceId=" + instanceId + " (" + RUNBOOK + ")",
                "Check the three requirements of a managed node: the agent running, an instance profile with"
                        + " AmazonSSMManagedInstanceCore, and a path to the SSM endpoints on tcp/443 ("
                        + NODE_AVAILABILITY + ")"));
    }

    /** The SSM Agent is too old: update it with the AWS-UpdateSSMAgent document. */
    public static FixPlan agentTooOld(String instanceId) {
        return new FixPlan(List.of(), List.of(
                "Update the agent with Run Command: aws ssm send-command --document-name AWS-UpdateSSMAgent"
                        + " --instance-ids " + instanceId + " (" + UPDATE_AGENT + ")"));
    }

    /** LM-US reports the instance failed or unhealthy. */
    public static FixPlan lmusStatus() {
        return new FixPlan(List.of(), List.of(
                "Read the instance's status message in License Manager (User-based subscriptions > Instances) and fix"
                        + " the cause the other checks name: License Manager tries to return the instance to a"
                        + " healthy status and terminates instances that cannot return (" + LMUS_TROUBLESHOOTING
                        + ")",
                "An instance that never finished its initial configuration cannot be repaired: correct the"
                        + " configuration and launch a new instance (" + LMUS_TROUBLESHOOTING + ")"));
    }

    /** The directory is not Active. */
    public static FixPlan directoryStage(String directoryId) {
        return new FixPlan(List.of(), List.of(
                "Read the directory's StageReason: aws ds describe-directories --directory-ids " + directoryId
                        + ", and follow the AWS Managed Microsoft AD troubleshooting guide for that stage ("
                        + DIRECTORY_TROUBLESHOOTING + "); an Impaired directory needs AWS Support when it does not"
                        + " recover"));
    }

    /** The RDS licence server endpoint is missing, failed or unhealthy. */
    public static FixPlan licenseServer() {
        return new FixPlan(List.of(), List.of(
                "Read the licence server endpoint's StatusMessage: aws license-manager-user-subscriptions"
                        + " list-license-server-endpoints, then create the endpoint again if it is missing or was"
                        + " deleted, or fix what the message names (" + LMUS_TROUBLESHOOTING + ")"));
    }
}
