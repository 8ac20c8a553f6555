package dev.subsentinel.core.model;

import java.time.Instant;
import java.util.List;

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

    /** The ping statuses of the SSM API. */
    public static final List<String> PING_STATUSES = List.of("Online", "ConnectionLost", "Inactive");

    public SsmInstance {
        Fields.requiredText(instanceId, "instanceId");
        Fields.oneOf(pingStatus, "pingStatus", PING_STATUSES);
    }
}
