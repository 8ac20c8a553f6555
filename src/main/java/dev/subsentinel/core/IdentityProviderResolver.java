package dev.subsentinel.core;

import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which registered Active Directory (LM-US identity provider) serves an instance, by License Manager's own rule:
 * the one LM-US names for the instance; else the directory registered in the instance's VPC; else the single one in
 * a VPC peered with it. Several peered directories, or none, make LM-US fail the instance's configuration.
 *
 * <p>When LM-US's record of the instance could not be read (ListInstances failed), the VPC rule still finds the
 * directory License Manager's rule gives, but "none" or "several" are not known: LM-US might name one of the
 * registered directories for the instance, so those outcomes are UNKNOWN rather than a failure.
 */
public final class IdentityProviderResolver {

    /** How the resolution ended. */
    public enum Outcome {
        FOUND,
        NONE,
        AMBIGUOUS,
        UNKNOWN
    }

    /**
     * The result.
     *
     * @param outcome  how it ended
     * @param provider the identity provider when FOUND
     * @param vpcId    the VPC where its activation endpoints live (the VPC of its Settings.Subnets), when FOUND
     * @param detail   one sentence explaining the outcome
     */
    public record Resolution(Outcome outcome, IdentityProvider provider, String vpcId, String detail) {
    }

    /** LM-US's error text when no directory is reachable (user guide, multiple-AD section). */
    public static final String NONE_TEXT = "No registered Active Directory is reachable from this instance's VPC.";
    /** LM-US's error text when several peered VPCs each have one. */
    public static final String AMBIGUOUS_TEXT =
            "This instance's VPC is peered with multiple VPCs that each have a registered Active Directory.";

    private final FleetIndex index;

    /** A resolver over one snapshot. */
    public IdentityProviderResolver(FleetIndex index) {
        this.index = index;
    }

    /** Resolves the identity provider of the instance among those {@code filter} accepts. */
    public Resolution resolve(Ec2Instance instance, LmusInstance lmus, Predicate<IdentityProvider> filter) {
        String unknown = index.unknown(FactKind.IDENTITY_PROVIDERS, null);
        if (unknown != null) {
            return new Resolution(Outcome.UNKNOWN, null, null, "LM-US identity providers could not be read: "
                    + unknown);
        }
        List<IdentityProvider> candidates = index.identityProviders().stream().filter(filter).toList();
        Map<IdentityProvider, String> vpcOf = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (IdentityProvider provider : candidates) {
            String vpcId = vpcOf(provider);
            if (vpcId == null) {
                unreadable.add(label(provider));
            } else {
                vpcOf.put(provider, vpcId);
            }
        }
        if (lmus != null && lmus.directoryId() != null) {
            for (Map.Entry<IdentityProvider, String> entry : vpcOf.entrySet()) {
                if (lmus.directoryId().equals(entry.getKey().directoryId())) {
                    return new Resolution(Outcome.FOUND, entry.getKey(), entry.getValue(),
                            "LM-US names " + label(entry.getKey()) + " for this instance");
                }
            }
        }
        for (Map.Entry<IdentityProvider, String> entry : vpcOf.entrySet()) {
            if (entry.getValue().equals(instance.vpcId())) {
                return new Resolution(Outcome.FOUND, entry.getKey(), entry.getValue(),
                        label(entry.getKey()) + " is registered in the instance's VPC " + instance.vpcId());
            }
        }
        Map<String, IdentityProvider> peered = new LinkedHashMap<>();
        for (Map.Entry<IdentityProvider, String> entry : vpcOf.entrySet()) {
            if (instance.vpcId() != null && index.activelyPeered(instance.vpcId(), entry.getValue())) {
                peered.putIfAbsent(directoryKey(entry.getKey()), entry.getKey());
            }
        }
        if (peered.size() == 1) {
            IdentityProvider provider = peered.values().iterator().next();
            return new Resolution(Outcome.FOUND, provider, vpcOf.get(provider), label(provider)
                    + " is registered in " + vpcOf.get(provider) + ", peered with the instance's VPC "
                    + instance.vpcId());
        }
        String lmusUnread = lmus == null && !vpcOf.isEmpty()
                ? index.unknown(FactKind.LMUS_INSTANCES, instance.instanceId()) : null;
        if (lmusUnread != null) {
            return new Resolution(Outcome.UNKNOWN, null, null, "LM-US ListInstances, which names the instance's"
                    + " directory, could not be read (" + lmusUnread + "), and its VPC " + instance.vpcId()
                    + " does not settle it: " + (peered.size() > 1 ? AMBIGUOUS_TEXT : NONE_TEXT));
        }
        if (peered.size() > 1) {
            return new Resolution(Outcome.AMBIGUOUS, null, null, AMBIGUOUS_TEXT + " (" + String.join(", ",
                    peered.values().stream().map(p -> label(p) + " in " + vpcOf.get(p)).toList()) + ")");
        }
        if (!unreadable.isEmpty()) {
            String reason = index.unknown(FactKind.SUBNETS, null);
            return new Resolution(Outcome.UNKNOWN, null, null, "the subnets of " + String.join(", ", unreadable)
                    + " could not be read" + (reason != null ? ": " + reason : ""));
        }
        return new Resolution(Outcome.NONE, null, null, NONE_TEXT + " (" + candidates.size()
                + " matching identity provider(s) registered; instance VPC " + instance.vpcId() + ")");
    }

    /** The VPC of an identity provider's Settings.Subnets, or null when they are not in the snapshot. */
    public String vpcOf(IdentityProvider provider) {
        for (String subnetId : provider.subnetIds()) {
            Subnet subnet = index.subnet(subnetId);
            if (subnet != null) {
                return subnet.vpcId();
            }
        }
        return null;
    }

    private static String directoryKey(IdentityProvider provider) {
        return provider.directoryId() != null ? provider.directoryId() : "self-managed:" + provider.domainName();
    }

    /** "directory d-123 (OFFICE_PROFESSIONAL_PLUS)". */
    public static String label(IdentityProvider provider) {
        String directory = provider.directoryId() != null ? provider.directoryId()
                : "self-managed " + provider.domainName();
        return "directory " + directory + " (" + provider.product() + ")";
    }
}
