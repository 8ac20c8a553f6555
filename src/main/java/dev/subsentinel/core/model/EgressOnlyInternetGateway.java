package dev.subsentinel.core.model;

import java.util.List;

/**
 * An egress-only internet gateway (DescribeEgressOnlyInternetGateways): IPv6 only, outbound connections and their
 * replies only; no security group applies to it, network ACLs still do (Amazon VPC user guide, egress-only internet
 * gateways).
 *
 * @param egressOnlyInternetGatewayId {@code eigw-...}
 * @param attachments                 its VPC attachments (state {@code attached} when in use)
 */
public record EgressOnlyInternetGateway(String egressOnlyInternetGatewayId,
        List<InternetGateway.Attachment> attachments) {

    public EgressOnlyInternetGateway {
        Fields.requiredText(egressOnlyInternetGatewayId, "egressOnlyInternetGatewayId");
        attachments = Fields.list(attachments, "attachments");
    }

    /** Whether the gateway is attached to the VPC. */
    public boolean attachedTo(String vpcId) {
        return attachments.stream().anyMatch(a -> a.vpcId().equals(vpcId) && a.attached());
    }
}
