package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the EC2 resource ids in a JSON tree, wherever they are: CloudTrail's {@code requestParameters} of the newer
 * EC2 APIs nest them as {@code {"<Op>Request": {"X": {"tag": 1, "content": "sg-..."}}}}, older ones as
 * {@code {"groupSet": {"items": [{"groupId": "sg-..."}]}}}, Config items in relationships and configuration.
 */
final class ResourceIds {

    /** Deeper than any real event: a guard against pathological input. */
    private static final int MAX_DEPTH = 64;

    private ResourceIds() {
    }

    /** Every id in the tree, in document order, without duplicates. */
    static Set<ResourceRef> find(JsonNode node) {
        return find(node, Set.of());
    }

    /** Every id in the tree, skipping the subtrees under the named keys. */
    static Set<ResourceRef> find(JsonNode node, Set<String> skipKeys) {
        Set<ResourceRef> found = new LinkedHashSet<>();
        texts(node, skipKeys, text -> {
            ResourceRef ref = ResourceRef.parse(text);
            if (ref != null) {
                found.add(ref);
            }
        });
        return found;
    }

    /** Every text value in the tree, in document order, skipping the subtrees under the named keys. */
    static void texts(JsonNode node, Set<String> skipKeys, Consumer<String> visitor) {
        walk(node, skipKeys, visitor, 0);
    }

    private static void walk(JsonNode node, Set<String> skipKeys, Consumer<String> visitor, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        if (node.isTextual()) {
            visitor.accept(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, skipKeys, visitor, depth + 1);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!skipKeys.contains(field.getKey())) {
                    walk(field.getValue(), skipKeys, visitor, depth + 1);
                }
            }
        }
    }
}
