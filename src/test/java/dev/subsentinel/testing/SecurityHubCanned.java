package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Security Hub's answer to BatchImportFindings where AWS and moto 5.2.1 differ: AWS answers HTTP 200 and lists the
 * findings it refused in {@code FailedFindings} (e.g. {@code InvalidAccess} when Security Hub is not enabled in the
 * account, which moto never checks). Once a test refuses finding ids, every BatchImportFindings request is answered
 * here, not by moto: the refused ids failed, every other finding counted in {@code SuccessCount}.
 */
final class SecurityHubCanned implements ResponseDefinitionTransformerV2 {

    static final String NAME = "canned-securityhub";
    static final String IMPORT_FINDINGS = "/findings/import";
    /** Refuses every finding. */
    static final String EVERY_FINDING = "*";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Finding id (or {@link #EVERY_FINDING}) to its error code and message. */
    private final Map<String, String[]> refused = new ConcurrentHashMap<>();

    void refuse(String findingId, String errorCode, String errorMessage) {
        refused.put(findingId, new String[] {errorCode, errorMessage});
    }

    void clear() {
        refused.clear();
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
    public ResponseDefinition transform(ServeEvent serveEvent) {
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode failed = body.putArray("FailedFindings");
        int success = 0;
        for (JsonNode finding : request.path("Findings")) {
            String id = finding.path("Id").asText();
            String[] error = refused.getOrDefault(id, refused.get(EVERY_FINDING));
            if (error == null) {
                success++;
            } else {
                failed.addObject().put("Id", id).put("ErrorCode", error[0]).put("ErrorMessage", error[1]);
            }
        }
        body.put("FailedCount", failed.size());
        body.put("SuccessCount", success);
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
