package dev.subsentinel.event;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One EC2 resource named by an event.
 *
 * @param kind what it is
 * @param id   its id, e.g. {@code sg-0123456789abcdef0}
 */
public record ResourceRef(ResourceKind kind, String id) {

    /** EC2 ids: a known prefix, a dash and 8 or 17 lower-case hex digits. */
    private static final Pattern ID = Pattern.compile(
            "(i|sg|vpc|vpce|subnet|rtb|rtbassoc|acl|aclassoc|nat|igw|eni|pcx|iip-assoc)-([0-9a-f]{8}|[0-9a-f]{17})");

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (!id.startsWith(kind.prefix() + "-")) {
            throw new IllegalArgumentException(id + " is not a " + kind + " id");
        }
    }

    /**
     * The resource a string names: a bare id ({@code sg-0123...}) or an ARN whose last segment is one
     * ({@code arn:aws:ec2:us-east-1:123456789012:instance/i-0123...}); null for anything else.
     */
    public static ResourceRef parse(String value) {
        if (value == null || value.length() < 10 || value.length() > 2048) {
            return null;
        }
        String candidate = value.trim();
        if (candidate.startsWith("arn:")) {
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            candidate = candidate.substring(slash + 1);
        }
        Matcher matcher = ID.matcher(candidate);
        if (!matcher.matches()) {
            return null;
        }
        return new ResourceRef(ResourceKind.forPrefix(matcher.group(1)), candidate);
    }

    /** Whether a string is an EC2 instance id. */
    public static boolean isInstanceId(String value) {
        ResourceRef ref = value == null || value.startsWith("arn:") ? null : parse(value);
        return ref != null && ref.kind() == ResourceKind.INSTANCE;
    }

    @Override
    public String toString() {
        return id;
    }
}
