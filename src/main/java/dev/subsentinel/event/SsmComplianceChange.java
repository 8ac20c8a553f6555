package dev.subsentinel.event;

import java.util.Objects;

/**
 * A Systems Manager {@code Configuration Compliance State Change} of an EC2 managed node.
 *
 * @param envelope         the event
 * @param instanceId       the instance
 * @param complianceType   e.g. {@code Association}, {@code Patch}, {@code Custom:...}
 * @param complianceStatus {@code compliant} or {@code non_compliant}, as SSM writes it
 */
public record SsmComplianceChange(EventEnvelope envelope, String instanceId, String complianceType,
        String complianceStatus) implements Trigger {

    public SsmComplianceChange {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(instanceId, "instanceId");
    }

    @Override
    public String describe() {
        return "SSM " + complianceType + " compliance of " + instanceId + " is " + complianceStatus;
    }
}
