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
            throw new InvalidFieldException(field, "must not be blank");
        }
        return value;
    }

    /**
     * A required value out of a closed vocabulary (an API enum's wire values), compared ignoring case because EC2
     * writes some of them in another case than its model (VPC endpoint states).
     */
    static String oneOf(String value, String field, List<String> allowed) {
        requiredText(value, field);
        return optionalOneOf(value, field, allowed);
    }

    /** An optional value out of a closed vocabulary: null, or {@link #oneOf}. */
    static String optionalOneOf(String value, String field, List<String> allowed) {
        if (value == null) {
            return null;
        }
        for (String word : allowed) {
            if (word.equalsIgnoreCase(value)) {
                return value;
            }
        }
        throw new InvalidFieldException(field, "is '" + value + "', not one of " + String.join(", ", allowed));
    }

    /** An optional whole number within bounds. */
    static Integer range(Integer value, String field, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidFieldException(field, "is " + value + ", not between " + min + " and " + max);
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
            throw new InvalidFieldException(field, "is not a CIDR block or address: " + value);
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
            throw new InvalidFieldException(field, "is not a protocol: " + value, e);
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
