package dev.subsentinel.core.model;

import java.util.List;

/**
 * An internet gateway.
 *
 * @param internetGatewayId {@code igw-...}
 * @param attachments       its VPC attachments
 */
public record InternetGateway(String internetGatewayId, List<Attachment> attachments) {

    public InternetGateway {
        Fields.requiredText(internetGatewayId, "internetGatewayId");
        attachments = Fields.list(attachments, "attachments");
    }

    /**
     * An attachment to a VPC.
     *
     * @param vpcId the VPC
     * @param state the wire value: an attached gateway reports {@code available}, which the SDK enum lacks
     */
    public record Attachment(String vpcId, String state) {

        /** The attachment states of the EC2 API, and {@code available}, which attached gateways report. */
        public static final List<String> STATES = List.of("available", "attaching", "attached", "detaching",
                "detached");

        public Attachment {
            Fields.requiredText(vpcId, "vpcId");
            Fields.oneOf(state, "state", STATES);
        }

        /** Whether traffic flows through it. */
        public boolean attached() {
            return "available".equalsIgnoreCase(state) || "attached".equalsIgnoreCase(state);
        }
    }

    /** Whether the gateway is attached to the VPC. */
    public boolean attachedTo(String vpcId) {
        return attachments.stream().anyMatch(a -> a.vpcId().equals(vpcId) && a.attached());
    }
}
