package dev.subsentinel.core.model;

/**
 * One RD licence server of an LM-US licence server endpoint (ListLicenseServerEndpoints {@code LicenseServers[]}).
 * Statuses are kept as the API writes them (open text: a value newer than the SDK's enums is kept, not dropped).
 *
 * @param provisioningStatus {@code ProvisioningStatus}: PROVISIONING, PROVISIONING_FAILED, PROVISIONED, DELETING,
 *                           DELETION_FAILED, DELETED (may be null)
 * @param healthStatus       {@code HealthStatus}: HEALTHY, UNHEALTHY, NOT_APPLICABLE (may be null)
 * @param ipv4Address        {@code Ipv4Address} (may be null)
 * @param ipv6Address        {@code Ipv6Address} (may be null)
 */
public record LicenseServer(String provisioningStatus, String healthStatus, String ipv4Address, String ipv6Address) {

    /** The provisioning status of a server (and of an endpoint) that is in service. */
    public static final String PROVISIONED = "PROVISIONED";
    /** The health status of a server that serves licences. */
    public static final String HEALTHY = "HEALTHY";
    /** The health status of a server that cannot serve licences. */
    public static final String UNHEALTHY = "UNHEALTHY";
    /** The health status LM-US gives when health does not apply. */
    public static final String NOT_APPLICABLE = "NOT_APPLICABLE";

    public LicenseServer {
        Fields.cidr(ipv4Address, "ipv4Address");
        Fields.cidr(ipv6Address, "ipv6Address");
        if (ipv4Address != null && ipv4Address.contains(":")) {
            throw new InvalidFieldException("ipv4Address", "is not an IPv4 address: " + ipv4Address);
        }
        if (ipv6Address != null && !ipv6Address.contains(":")) {
            throw new InvalidFieldException("ipv6Address", "is not an IPv6 address: " + ipv6Address);
        }
    }

    /** "10.0.5.10 / 2600:1f18::10", or "no address" when LM-US gives none. */
    public String addresses() {
        if (ipv4Address == null && ipv6Address == null) {
            return "no address";
        }
        if (ipv4Address == null || ipv6Address == null) {
            return ipv4Address != null ? ipv4Address : ipv6Address;
        }
        return ipv4Address + " / " + ipv6Address;
    }
}
