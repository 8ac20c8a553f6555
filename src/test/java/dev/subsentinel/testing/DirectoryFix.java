package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites moto's DescribeDirectories answer for the directories a fixture registered: moto creates every directory
 * {@code Active}, puts one domain controller in each of the two subnets it was given at a random address, and offers
 * no call to change either. A snapshot seeded into moto may hold an Impaired directory, or controllers at given
 * addresses in one subnet; the correction gives its Stage, StageReason, DnsIpAddrs and VpcSettings.SubnetIds (in the
 * fixture, never in the product). Only registered directories are touched.
 */
final class DirectoryFix implements ResponseTransformerV2 {

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
     */
    record Correction(String stage, String stageReason, List<String> dnsIps, List<String> subnetIds) {
    }

    private final Map<String, Correction> corrections = new ConcurrentHashMap<>();

    void correct(String directoryId, Correction correction) {
        corrections.put(directoryId, correction);
    }

    void clear() {
        corrections.clear();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        if (response.getStatus() != 200 || corrections.isEmpty()) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody());
            boolean changed = false;
            for (JsonNode description : body.path("DirectoryDescriptions")) {
                Correction correction = corrections.get(description.path("DirectoryId").asText());
                if (correction != null && description instanceof ObjectNode directory) {
                    apply(directory, correction);
                    changed = true;
                }
            }
            return changed ? Response.Builder.like(response).but().body(JSON.writeValueAsBytes(body)).build()
                    : response;
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
        if (directory.get("VpcSettings") instanceof ObjectNode settings) {
            ArrayNode subnets = settings.putArray("SubnetIds");
            correction.subnetIds().forEach(subnets::add);
        }
    }
}
