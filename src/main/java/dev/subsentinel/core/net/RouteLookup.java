package dev.subsentinel.core.net;

import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Route selection: the most specific route whose destination covers every address of the target wins, whether it
 * is active or a blackhole. Prefix-list destinations count with each of their entries; between equally specific
 * routes, a route to a CIDR wins over a route to a prefix list. A route whose prefix list could not be read (or is not
 * in the snapshot) could hold an entry more specific than any other match, so the lookup is then unknown, never
 * decided by a less specific route; only a host route to a CIDR, which nothing can beat, still decides.
 */
public final class RouteLookup {

    /**
     * The chosen route.
     *
     * @param route       the route, or null when none covers the target or the choice is unknown
     * @param destination the destination block that matched (an entry of a prefix list for prefix-list routes)
     * @param unknown     why the choice is unknown (a prefix list that might hold a more specific entry could not be
     *                    read), or null; when set, {@code route} is null
     */
    public record Match(Route route, Cidr destination, String unknown) {
    }

    private final FleetIndex index;

    /** A lookup over one snapshot. */
    public RouteLookup(FleetIndex index) {
        this.index = index;
    }

    /** The route the table uses for the target block. */
    public Match lookup(RouteTable table, Cidr target) {
        Route best = null;
        Cidr bestDestination = null;
        List<String> unknown = new ArrayList<>();
        for (Route route : table.routes()) {
            for (Cidr destination : destinations(route, unknown)) {
                if (!destination.contains(target)) {
                    continue;
                }
                boolean better = best == null || destination.prefix() > bestDestination.prefix()
                        || (destination.prefix() == bestDestination.prefix() && rank(route) > rank(best));
                if (better) {
                    best = route;
                    bestDestination = destination;
                }
            }
        }
        if (unknown.isEmpty() || (best != null && bestDestination.isHost() && cidrRoute(best))) {
            return new Match(best, bestDestination, null);
        }
        String otherwise = best == null ? "no readable route covers " + target
                : "the most specific readable route is " + bestDestination + " -> " + best.target();
        return new Match(null, null, String.join("; ", unknown) + ", and it may hold a more specific entry for "
                + target + " (" + otherwise + ")");
    }

    private static boolean cidrRoute(Route route) {
        return route.destination() != null;
    }

    /** Among equally specific routes: the local route, then CIDR routes, then prefix-list routes (AWS order). */
    private static int rank(Route route) {
        if ("local".equals(route.target())) {
            return 2;
        }
        return route.destination() != null ? 1 : 0;
    }

    private List<Cidr> destinations(Route route, List<String> unknown) {
        if (route.destination() != null) {
            return List.of(index.cidr(route.destination()));
        }
        PrefixList list = index.prefixList(route.destinationPrefixListId());
        if (list == null) {
            String reason = index.unknown(FactKind.PREFIX_LISTS, route.destinationPrefixListId());
            unknown.add("prefix list " + route.destinationPrefixListId() + " could not be read: "
                    + (reason != null ? reason : "it is not in the snapshot"));
            return List.of();
        }
        return list.cidrs().stream().map(index::cidr).toList();
    }
}
