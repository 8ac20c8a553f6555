package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.report.CheckResult;
import java.util.List;

/** The registered directory that serves an instance, for the checks about that directory. */
final class InstanceDirectory {

    private InstanceDirectory() {
    }

    /**
     * The identity provider of one of the instance's products that serves it (LM-US's own rule:
     * {@link IdentityProviderResolver}); any product's when LM-US lists none.
     */
    static IdentityProviderResolver.Resolution resolve(InstanceContext context) {
        return context.directories().resolve(context.instance(), context.lmus(),
                provider -> context.products().isEmpty() || context.products().contains(provider.product()));
    }

    /**
     * What a check about the directory reports when none can be told for the instance: UNKNOWN when the facts to
     * resolve it are missing, FAIL with LM-US's own words when no directory or several serve it (FleetCauses reads
     * "no directory for this instance" as the instance's own problem); null when the directory was found.
     */
    static CheckResult unresolved(BaseCheck check, IdentityProviderResolver.Resolution resolution) {
        return switch (resolution.outcome()) {
            case UNKNOWN -> check.unknown("directory unknown", resolution.detail());
            case NONE, AMBIGUOUS -> check.fail("no directory for this instance", List.of(resolution.detail()));
            case FOUND -> null;
        };
    }
}
