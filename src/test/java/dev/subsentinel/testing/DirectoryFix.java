package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Rewrites moto's DescribeDirectories answer for the directories a fixture registered: moto creates every directory
 * {@code Active}, puts one domain controller in each of the two subnets it was given at a random address, and offers
 * no call to change either. A snapshot seeded into moto may hold an Impaired directory, or controllers at given
 * addresses in one subnet; the correction gives its Stage, StageReason, DnsIpAddrs and VpcSettings.SubnetIds (in the
 * fixture, never in the product). Only registered directories are touched.
 */
final class DirectoryFix extends ResponseCorrection<DirectoryFix.Correction> {

    static final String NAME = "directory-fix";
    static final String DESCRIBE_DIRECTORIES = "DirectoryService_20150416.DescribeDirectories";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What AWS would answer for one directory.
     *
     * @param stage       its Stage
     * @param stageReason its StageReason (null: none)
     * @param dnsIps      its DnsIpAddrs
     * @param subnetIds   its VpcSettings.SubnetIds
     * @param dnsIpv6s    its DnsIpv6Addrs (a Dual-stack directory; empty: none)
     */
    record Correction(String stage, String stageReason, List<String> dnsIps, List<String> subnetIds,
            List<String> dnsIpv6s) {

        /** A correction of an IPv4 directory. */
        Correction(String stage, String stageReason, List<String> dnsIps, List<String> subnetIds) {
            this(stage, stageReason, dnsIps, subnetIds, List.of());
        }
    }

    DirectoryFix() {
        super(NAME);
    }

    @Override
    byte[] rewrite(byte[] response) {
        try {
            JsonNode body = JSON.readTree(response);
            boolean changed = false;
            for (JsonNode description : body.path("DirectoryDescriptions")) {
                Correction correction = correction(description.path("DirectoryId").asText());
                if (correction != null && description instanceof ObjectNode directory) {
                    apply(directory, correction);
                    changed = true;
                }
            }
            return changed ? JSON.writeValueAsBytes(body) : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot correct DescribeDirectories: " + e, e);
        }
    }

    private static void apply(ObjectNode directory, Correction correction) {
        directory.put("Stage", correction.stage());
        if (correction.stageReason() == null) {
            directory.remove("StageReason");
        } else {
            directory.put("StageReason", correction.stageReason());
        }
        ArrayNode ips = directory.putArray("DnsIpAddrs");
        correction.dnsIps().forEach(ips::add);
        if (!correction.dnsIpv6s().isEmpty()) {
            ArrayNode ipv6 = directory.putArray("DnsIpv6Addrs");
            correction.dnsIpv6s().forEach(ipv6::add);
            directory.put("NetworkType", "Dual-stack");
        }
        if (directory.get("VpcSettings") instanceof ObjectNode settings) {
            ArrayNode subnets = settings.putArray("SubnetIds");
            correction.subnetIds().forEach(subnets::add);
        }
    }
}
