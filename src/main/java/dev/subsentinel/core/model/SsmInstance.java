package dev.subsentinel.core.model;

import java.time.Instant;

/**
 * A managed node as SSM DescribeInstanceInformation reports it.
 *
 * @param instanceId   the instance id
 * @param pingStatus   Online, ConnectionLost or Inactive
 * @param lastPingAt   LastPingDateTime (may be null)
 * @param agentVersion the SSM Agent version (may be null)
 * @param platformName e.g. "Microsoft Windows Server 2022 Datacenter" (may be null)
 * @param computerName the host name (may be null)
 */
public record SsmInstance(
        String instanceId,
        String pingStatus,
        Instant lastPingAt,
        String agentVersion,
        String platformName,
        String computerName) {

    public SsmInstance {
        Fields.requiredText(instanceId, "instanceId");
        Fields.requiredText(pingStatus, "pingStatus");
    }
}
