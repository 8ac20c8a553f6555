package dev.subsentinel.core.check;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.ReachEvery;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;

/** Reachability of a service that answers on several addresses, and its mapping to a check status. */
final class Reachability {

    private Reachability() {
    }

    /**
     * Whether the instance reaches every address of a service. Clients pick any of the addresses DNS returns, so
     * reaching only some of them is a WARN (intermittent failures), reaching none is a block.
     */
    static Decision reachAll(PathAnalyzer paths, Ec2Instance instance, List<Target> targets, int protocol,
            int port) {
        List<Decision> decisions = new ArrayList<>();
        for (Target target : targets) {
            decisions.add(paths.reach(instance, target, protocol, port));
        }
        return ReachEvery.of(decisions);
    }

    /** OPEN is PASS, BLOCKED is FAIL, UNVERIFIED is WARN, UNKNOWN is UNKNOWN. */
    static Status status(Reach reach) {
        return switch (reach) {
            case OPEN -> Status.PASS;
            case BLOCKED -> Status.FAIL;
            case UNVERIFIED -> Status.WARN;
            case UNKNOWN -> Status.UNKNOWN;
        };
    }
}
