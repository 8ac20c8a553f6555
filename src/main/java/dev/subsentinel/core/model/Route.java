package dev.subsentinel.core.model;

import java.util.List;

/**
 * A route.
 *
 * @param destination             an IPv4 or IPv6 CIDR, or null when the destination is a prefix list
 * @param destinationPrefixListId a managed prefix list, or null
 * @param target                  {@code local}, {@code igw-}, {@code nat-}, {@code pcx-}, {@code tgw-}, {@code vgw-},
 *                                {@code eni-}, {@code vpce-}, {@code eigw-} ...
 * @param state                   active, blackhole (its target is gone) or filtered
 */
public record Route(String destination, String destinationPrefixListId, String target, String state) {

    /** The route states of the EC2 API. */
    public static final List<String> STATES = List.of("active", "blackhole", "filtered");

    public Route {
        if ((destination == null) == (destinationPrefixListId == null)) {
            throw new IllegalArgumentException("exactly one of destination, destinationPrefixListId must be set");
        }
        Fields.cidr(destination, "destination");
        Fields.requiredText(target, "target");
        Fields.oneOf(state, "state", STATES);
    }

    /** Whether AWS will forward along it. */
    public boolean active() {
        return "active".equalsIgnoreCase(state);
    }
}
