package dev.subsentinel.core.model;

/**
 * A route.
 *
 * @param destination             an IPv4 or IPv6 CIDR, or null when the destination is a prefix list
 * @param destinationPrefixListId a managed prefix list, or null
 * @param target                  {@code local}, {@code igw-}, {@code nat-}, {@code pcx-}, {@code tgw-}, {@code vgw-},
 *                                {@code eni-}, {@code vpce-}, {@code eigw-} ...
 * @param state                   active or blackhole
 */
public record Route(String destination, String destinationPrefixListId, String target, String state) {

    public Route {
        if ((destination == null) == (destinationPrefixListId == null)) {
            throw new IllegalArgumentException("exactly one of destination, destinationPrefixListId must be set");
        }
        Fields.cidr(destination, "destination");
        Fields.requiredText(target, "target");
        Fields.requiredText(state, "state");
    }

    /** Whether AWS will forward along it. */
    public boolean active() {
        return "active".equalsIgnoreCase(state);
    }
}
