package dev.subsentinel.core.net;

import java.util.ArrayList;
import java.util.List;

/** Reachability of a service that answers on several addresses (endpoint interfaces, domain controllers). */
public final class ReachEvery {

    private ReachEvery() {
    }

    /**
     * The combination of the decisions for each address of one service. Clients pick any of the addresses DNS returns
     * (or the domain controller locator hands out), so reaching only some of them is UNVERIFIED (intermittent
     * failures), reaching none is a block.
     */
    public static Decision of(List<Decision> perAddress) {
        long open = perAddress.stream().filter(Decision::open).count();
        long blocked = perAddress.stream().filter(d -> d.reach() == Reach.BLOCKED).count();
        if (open > 0 && blocked > 0) {
            List<String> evidence = new ArrayList<>();
            evidence.add("reaches " + open + " of " + perAddress.size() + " addresses; clients pick any of them, so"
                    + " connections fail intermittently");
            perAddress.stream().filter(d -> d.reach() == Reach.BLOCKED).forEach(d -> evidence.addAll(d.evidence()));
            return new Decision(Reach.UNVERIFIED, evidence).joining(perAddress);
        }
        return Decision.all(perAddress);
    }
}
