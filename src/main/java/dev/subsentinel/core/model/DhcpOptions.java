package dev.subsentinel.core.model;

import java.util.List;

/**
 * A DHCP options set.
 *
 * @param dhcpOptionsId     {@code dopt-...}
 * @param domainNameServers its {@code domain-name-servers} values ({@code AmazonProvidedDNS} or addresses)
 */
public record DhcpOptions(String dhcpOptionsId, List<String> domainNameServers) {

    public DhcpOptions {
        Fields.requiredText(dhcpOptionsId, "dhcpOptionsId");
        domainNameServers = Fields.list(domainNameServers, "domainNameServers");
    }
}
