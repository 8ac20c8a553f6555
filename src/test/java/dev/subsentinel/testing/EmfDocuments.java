package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The Embedded Metric Format documents in captured standard output: one JSON object per line with an "_aws" key. */
public final class EmfDocuments {

    private EmfDocuments() {
    }

    /** Every EMF document in the text, in order; other lines are skipped. */
    public static List<JsonNode> parse(String stdout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }
}
