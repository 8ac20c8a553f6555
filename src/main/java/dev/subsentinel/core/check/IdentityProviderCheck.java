package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Every product of the instance needs an LM-US identity provider registration in status {@code REGISTERED}
 * (ListIdentityProviders): the one that serves the instance by LM-US's own rule ({@link IdentityProviderResolver}).
 * Any other status fails with its {@code FailureMessage}; a product without any registration fails and names the
 * product.
 */
public final class IdentityProviderCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.IDENTITY_PROVIDER;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ec2:DescribeSubnets");
    }

    @Override
    public String remediation() {
        return "Register the directory for the product in License Manager (User-based subscriptions > Settings), or"
                + " fix what its FailureMessage names and register it again.";
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        if (context.products().isEmpty()) {
            String reason = context.index().unknown(FactKind.LMUS_INSTANCES, context.instanceId());
            if (reason != null) {
                return unknown("products unknown", "LM-US ListInstances failed, so the products are unknown: "
                        + reason);
            }
            return skipped("LM-US lists no product for this instance");
        }
        String unknown = context.index().unknown(FactKind.IDENTITY_PROVIDERS, null);
        if (unknown != null) {
            return unknown("identity providers unknown", "LM-US ListIdentityProviders failed: " + unknown);
        }
        List<String> failed = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (String product : context.products()) {
            boolean anyRegistration = context.index().identityProviders().stream()
                    .anyMatch(p -> product.equals(p.product()));
            if (!anyRegistration) {
                failed.add("no identity provider registered for " + product);
                evidence.add("ListIdentityProviders returns no registration for product " + product);
                continue;
            }
            IdentityProviderResolver.Resolution resolution = context.directories().resolve(context.instance(),
                    context.lmus(), p -> product.equals(p.product()));
            switch (resolution.outcome()) {
                case UNKNOWN -> unresolved.add(product + ": " + resolution.detail());
                case NONE, AMBIGUOUS -> {
                    failed.add("no usable identity provider for " + product);
                    evidence.add(product + ": " + resolution.detail());
                }
                case FOUND -> {
                    IdentityProvider provider = resolution.provider();
                    String name = "identity provider " + providerName(provider) + " for " + product;
                    if (provider.registered()) {
                        passed.add(name + " is " + provider.status());
                    } else {
                        failed.add(name + " is " + provider.status());
                        evidence.add(name + ": Status " + provider.status() + (provider.failureMessage() == null
                                ? " (no FailureMessage given)" : ", FailureMessage: " + provider.failureMessage())
                                + (provider.identityProviderArn() == null ? "" : " (" + provider.identityProviderArn()
                                        + ")"));
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            return fail(String.join("; ", failed), evidence);
        }
        if (!unresolved.isEmpty()) {
            return result(Status.UNKNOWN, "identity provider unknown", unresolved);
        }
        return pass(passed.size() == 1 ? passed.get(0) : "every product's identity provider is registered", passed);
    }

    private static String providerName(IdentityProvider provider) {
        return provider.directoryId() != null ? provider.directoryId()
                : "self-managed " + provider.domainName();
    }
}
