package dev.subsentinel.core.check;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.net.AddressFamilies;
import dev.subsentinel.core.net.PathAnalyzer;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.Status;
import java.util.List;

/** Reachability of a service that answers on several addresses, and its mapping to a check status. */
final class Reachability {

    private Reachability() {
    }

    /**
     * Whether the instance reaches every address of a service, in each address family the instance and the service
     * share ({@link AddressFamilies}). Clients pick any of the addresses DNS returns, so reaching only some of them is
     * a WARN (intermittent failures), and so is reaching the service on one family only; reaching none is a block.
     */
    static AddressFamilies.Outcome reachAll(PathAnalyzer paths, Ec2Instance instance, List<Target> targets,
            int protocol, int port) {
        return AddressFamilies.reach(targets, target -> paths.noSourceAddress(instance, target),
                target -> paths.reach(instance, target, protocol, port));
    }

    /** " over IPv6" when the outcome is a one-family block, else "". */
    static String blockedFamily(AddressFamilies.Outcome outcome) {
        return outcome.blockedFamily() == null ? "" : " over " + outcome.blockedFamily();
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
