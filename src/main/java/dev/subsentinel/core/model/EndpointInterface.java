package dev.subsentinel.core.model;

/**
 * A network interface of an interface VPC endpoint.
 *
 * @param networkInterfaceId {@code eni-...}
 * @param subnetId           its subnet
 * @param privateIp          its private IPv4 address
 */
public record EndpointInterface(String networkInterfaceId, String subnetId, String privateIp) {

    public EndpointInterface {
        Fields.requiredText(networkInterfaceId, "networkInterfaceId");
        Fields.requiredText(subnetId, "subnetId");
        Fields.requiredText(privateIp, "privateIp");
        Fields.cidr(privateIp, "privateIp");
    }
}
