package dev.subsentinel.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Field access that names the field when it is missing or malformed. */
final class JsonFields {

    /** The longest text field read from an event. */
    static final int MAX_TEXT = 2048;

    private JsonFields() {
    }

    /** A required non-blank text field. */
    static String requiredText(JsonNode parent, String name, String path) {
        String value = optionalText(parent, name, path);
        if (value == null || value.isBlank()) {
            throw new EventParseException(path, "missing field '" + name + "'");
        }
        return value;
    }

    /**
     * A text field, or null when it is absent or JSON null; an error when it is an object or array, longer than
     * {@value #MAX_TEXT} characters, or holds control characters. Every field read here is an identifier, a name or a
     * time, none of which AWS writes that way, and each may end up in a log line.
     */
    static String optionalText(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new EventParseException(path, "must be a text value, was " + node.getNodeType());
        }
        String value = node.asText();
        if (value.length() > MAX_TEXT) {
            throw new EventParseException(path, "is " + value.length() + " characters long, more than any identifier"
                    + " (" + MAX_TEXT + ")");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new EventParseException(path, "contains control characters");
        }
        return value;
    }

    /** A required JSON object. */
    static JsonNode requiredObject(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            throw new EventParseException(path, "missing field '" + name + "'");
        }
        if (!node.isObject()) {
            throw new EventParseException(path, "must be a JSON object, was " + node.getNodeType());
        }
        return node;
    }

    /** An ISO-8601 time field, or null when absent. */
    static Instant optionalTime(JsonNode parent, String name, String path) {
        String value = optionalText(parent, name, path);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventParseException(path, "is not an ISO-8601 time: '" + value + "'", e);
        }
    }

    /** The text elements of an array field; empty when absent. */
    static List<String> textList(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new EventParseException(path, "must be an array, was " + node.getNodeType());
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual()) {
                throw new EventParseException(path + "[" + i + "]", "must be a string, was " + element.getNodeType());
            }
            values.add(element.asText());
        }
        return values;
    }
}
