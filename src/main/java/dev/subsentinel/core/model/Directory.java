package dev.subsentinel.core.model;

import java.util.List;

/**
 * An AWS Directory Service directory (DescribeDirectories).
 *
 * @param directoryId {@code d-...}
 * @param domainName  the fully qualified domain name, e.g. corp.example.com
 * @param vpcId       the VPC of its domain controllers
 * @param subnetIds   the subnets of its domain controllers
 * @param dnsIps      its DNS server addresses
 */
public record Directory(String directoryId, String domainName, String vpcId, List<String> subnetIds,
        List<String> dnsIps) {

    public Directory {
        Fields.requiredText(directoryId, "directoryId");
        Fields.requiredText(domainName, "domainName");
        subnetIds = Fields.list(subnetIds, "subnetIds");
        dnsIps = Fields.list(dnsIps, "dnsIps");
    }
}
