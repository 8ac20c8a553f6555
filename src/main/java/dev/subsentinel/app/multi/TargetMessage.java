package dev.subsentinel.app.multi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the worker is asked to scan: one account and region, whole ({@code shard} null) or one shard of a split scan.
 * The body of an SQS message ({@value #SCHEMA}); read strictly (the Sentinel writes these).
 *
 * @param runId   the run of the coordinator (or of the scan that split): shards of one split share it
 * @param target  the account and region
 * @param targets how many targets the coordinator's run sent (bounds the per-target metric dimensions)
 * @param shard   the part of the fleet to scan, or null for the whole fleet of the target
 */
public record TargetMessage(String runId, Target target, int targets, Shard shard) {

    /** The schema of the body. */
    public static final String SCHEMA = "subscription-sentinel/target/v1";

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Set<String> FIELDS = Set.of("schema", "runId", "accountId", "region", "targets", "shard");
    private static final Set<String> SHARD_FIELDS = Set.of("index", "count", "instanceIds");

    /**
     * One part of a split scan.
     *
     * @param index       its number, from 0
     * @param count       how many parts the scan was split into
     * @param instanceIds the instances it evaluates (whole VPCs of the listing, and tracked instances that left it)
     */
    public record Shard(int index, int count, List<String> instanceIds) {

        public Shard {
            instanceIds = List.copyOf(instanceIds);
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard " + index + " of " + count);
            }
            if (instanceIds.isEmpty()) {
                throw new IllegalArgumentException("a shard names at least one instance");
            }
        }
    }

    public TargetMessage {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(target, "target");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must be 1-64 letters, digits and hyphens: '" + runId + "'");
        }
        if (targets < 1) {
            throw new IllegalArgumentException("targets must be at least 1, was " + targets);
        }
    }

    /** The message of a whole target. */
    public static TargetMessage whole(String runId, Target target, int targets) {
        return new TargetMessage(runId, target, targets, null);
    }

    /** The JSON body. */
    public String toJson() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("schema", SCHEMA).put("runId", runId).put("accountId", target.accountId())
                .put("region", target.region()).put("targets", targets);
        if (shard != null) {
            ObjectNode part = node.putObject("shard").put("index", shard.index()).put("count", shard.count());
            ArrayNode ids = part.putArray("instanceIds");
            shard.instanceIds().forEach(ids::add);
        }
        return node.toString();
    }

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException naming the field when it is not a target message of this schema
     */
    public static TargetMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the message body is not a JSON object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": not a field of " + SCHEMA);
            }
        });
        if (!SCHEMA.equals(node.path("schema").asText())) {
            throw new IllegalArgumentException("schema: expected " + SCHEMA + ", was '" + node.path("schema").asText()
                    + "'");
        }
        Target target = new Target(text(node, "accountId"), text(node, "region"));
        JsonNode targets = node.path("targets");
        if (!targets.canConvertToInt()) {
            throw new IllegalArgumentException("targets: a whole number is required");
        }
        return new TargetMessage(text(node, "runId"), target, targets.asInt(), shard(node.get("shard")));
    }

    private static Shard shard(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!SHARD_FIELDS.contains(name)) {
                throw new IllegalArgumentException("shard." + name + ": not a field of a shard");
            }
        });
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node.path("instanceIds")) {
            if (!id.isTextual() || !INSTANCE_ID.matcher(id.asText()).matches()) {
                throw new IllegalArgumentException("shard.instanceIds: '" + id.asText() + "' is not an instance id");
            }
            ids.add(id.asText());
        }
        return new Shard(node.path("index").asInt(-1), node.path("count").asInt(0), ids);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + ": text is required");
        }
        return value.asText();
    }
}
