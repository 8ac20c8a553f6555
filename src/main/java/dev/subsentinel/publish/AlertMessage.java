package dev.subsentinel.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One SNS message, rendered and independent of the SDK: a single alert or a digest of several.
 *
 * @param subject    at most {@value AlertRenderer#MAX_SUBJECT} printable ASCII characters
 * @param text       the readable text for the {@code default} and {@code email} protocols
 * @param document   the JSON document for {@code sqs}, {@code lambda} and {@code https}
 * @param attributes message attributes for subscription filter policies, by name
 * @param alertIds   the alerts this message carries (one, or all of a digest)
 * @param digest     whether this is a digest
 * @param structured whether the message is sent with {@code MessageStructure=json} (text and document per
 *                   protocol, the alert topic); false: {@code document} alone is the message every protocol receives
 *                   (the chat topic's custom notifications)
 */
public record AlertMessage(String subject, String text, String document, Map<String, Attribute> attributes,
        List<String> alertIds, boolean digest, boolean structured) {

    /** The protocols that receive the readable text. */
    public static final List<String> TEXT_PROTOCOLS = List.of("default", "email");
    /** The protocols that receive the JSON document. */
    public static final List<String> DOCUMENT_PROTOCOLS = List.of("sqs", "lambda", "https");

    public AlertMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(document, "document");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        alertIds = List.copyOf(alertIds);
    }

    /** A message of the alert topic ({@code MessageStructure=json}). */
    public AlertMessage(String subject, String text, String document, Map<String, Attribute> attributes,
            List<String> alertIds, boolean digest) {
        this(subject, text, document, attributes, alertIds, digest, true);
    }

    /** The {@code Message} parameter: {@link #structuredMessage()}, or the document itself when not structured. */
    public String message() {
        return structured ? structuredMessage() : document;
    }

    /**
     * A message attribute.
     *
     * @param dataType {@code String} or {@code String.Array} (then {@code value} is a JSON array of strings)
     * @param value    the value
     */
    public record Attribute(String dataType, String value) {

        /** A String attribute. */
        public static Attribute string(String value) {
            return new Attribute("String", value);
        }

        /** A String.Array attribute. */
        public static Attribute array(List<String> values) {
            try {
                return new Attribute("String.Array", Json.mapper().writeValueAsString(values));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The {@code Message} for {@code MessageStructure=json}: one entry per protocol. */
    public String structuredMessage() {
        ObjectNode node = Json.mapper().createObjectNode();
        TEXT_PROTOCOLS.forEach(protocol -> node.put(protocol, text));
        DOCUMENT_PROTOCOLS.forEach(protocol -> node.put(protocol, document));
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size SNS counts against its limit: the message, the subject and the attributes, in UTF-8 bytes. */
    public int sizeBytes() {
        int size = message().getBytes(StandardCharsets.UTF_8).length
                + subject.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, Attribute> entry : attributes.entrySet()) {
            size += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().dataType().length()
                    + entry.getValue().value().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }
}
