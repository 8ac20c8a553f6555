package dev.subsentinel.core.model;

import java.util.List;

/**
 * An AWS Directory Service directory (DescribeDirectories).
 *
 * @param directoryId     {@code d-...}
 * @param domainName      the fully qualified domain name, e.g. corp.example.com
 * @param vpcId           the VPC of its domain controllers
 * @param subnetIds       the subnets of its domain controllers
 * @param dnsIps          its DNS server addresses: for AWS Managed Microsoft AD, the domain controllers' addresses
 *                        ({@code DnsIpAddrs})
 * @param stage           {@code Stage} as the API writes it (Requested, Creating, Created, Active, Inoperable,
 *                        Impaired, Restoring, RestoreFailed, Deleting, Deleted, Failed, Updating); null when the
 *                        snapshot predates it
 * @param stageReason     {@code StageReason}, the explanation of a stage other than Active (may be null)
 * @param securityGroupId {@code VpcSettings.SecurityGroupId} (or {@code ConnectSettings.SecurityGroupId}): the group
 *                        Directory Service puts on the domain controllers' network interfaces (may be null)
 * @param type            {@code Type}: MicrosoftAD, SimpleAD, ADConnector, SharedMicrosoftAD (may be null)
 * @param dnsIpv6s        {@code DnsIpv6Addrs}: the domain controllers' IPv6 addresses of a dual-stack directory
 *                        ({@code NetworkType} Dual-stack), empty otherwise
 */
public record Directory(String directoryId, String domainName, String vpcId, List<String> subnetIds,
        List<String> dnsIps, String stage, String stageReason, String securityGroupId, String type,
        List<String> dnsIpv6s) {

    /** The stage of a directory that serves its clients. */
    public static final String ACTIVE = "Active";

    public Directory {
        Fields.requiredText(directoryId, "directoryId");
        Fields.requiredText(domainName, "domainName");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        dnsIps = Fields.cidrs(dnsIps, "dnsIps");
        dnsIpv6s = Fields.cidrs(dnsIpv6s, "dnsIpv6s");
    }

    /** A directory without IPv6 addresses (as snapshots before IPv6 was collected record it). */
    public Directory(String directoryId, String domainName, String vpcId, List<String> subnetIds,
            List<String> dnsIps, String stage, String stageReason, String securityGroupId, String type) {
        this(directoryId, domainName, vpcId, subnetIds, dnsIps, stage, stageReason, securityGroupId, type,
                List.of());
    }

    /** A directory without stage, group or type (as snapshots before they were collected record it). */
    public Directory(String directoryId, String domainName, String vpcId, List<String> subnetIds,
            List<String> dnsIps) {
        this(directoryId, domainName, vpcId, subnetIds, dnsIps, null, null, null, null, List.of());
    }

    /** Whether the directory is in stage Active. */
    public boolean active() {
        return ACTIVE.equalsIgnoreCase(stage);
    }
}
