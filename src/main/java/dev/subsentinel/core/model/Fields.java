package dev.subsentinel.core.model;

import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Protocol;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Validation helpers for the compact constructors of the snapshot records. */
final class Fields {

    private Fields() {
    }

    /** A required value: the message is the field name, so a bad snapshot names what is missing. */
    static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, field);
    }

    /** A required, non-blank string. */
    static String requiredText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** An optional list: absent means empty. Null elements are rejected with the field name. */
    static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (T value : values) {
            Objects.requireNonNull(value, field + " must not contain null");
        }
        return List.copyOf(values);
    }

    /** A CIDR block or address, or null; anything else is rejected with the field name. */
    static String cidr(String value, String field) {
        if (value != null && !Cidr.isValid(value)) {
            throw new IllegalArgumentException(field + " is not a CIDR block or address: " + value);
        }
        return value;
    }

    /** An optional list of CIDR blocks or addresses. */
    static List<String> cidrs(List<String> values, String field) {
        List<String> list = list(values, field);
        list.forEach(value -> cidr(value, field));
        return list;
    }

    /** A protocol as security groups and ACLs write it: -1, tcp, udp, icmp, icmpv6 or a number. */
    static String protocol(String value, String field) {
        requiredText(value, field);
        try {
            Protocol.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a protocol: " + value, e);
        }
        return value;
    }

    /**
     * An optional map: absent means empty. Unmodifiable and in the given order, so a snapshot re-serialises to the
     * same JSON ({@code Map.copyOf} iterates in an order that depends on insertion order and a per-JVM seed). Null
     * keys and values are rejected with the field name.
     */
    static Map<String, String> map(Map<String, String> values, String field) {
        if (values == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, field + " must not contain null"),
                Objects.requireNonNull(value, field + " must not contain null")));
        return Collections.unmodifiableMap(copy);
    }
}
