package dev.subsentinel.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An LM-US event about an identity provider registration or its licence server endpoint ({@code Identity Provider
 * Registration Failed}, {@code Identity Provider Deregistered}, {@code License Server Endpoint Unhealthy},
 * {@code License Server Endpoint Provisioning Failed}): the instances that registration serves are re-evaluated. The
 * detail payload is not documented, so the identifiers are whatever the event carries, in {@code resources} or
 * anywhere in {@code detail}; an event that carries none still parses (every monitored instance is then
 * re-evaluated, and the change function says so).
 *
 * @param envelope                  the event
 * @param kind                      which event (never an instance event)
 * @param identityProviderArns      LM-US identity-provider ARNs it names
 * @param licenseServerEndpointArns LM-US licence-server-endpoint ARNs it names
 * @param directoryIds              Directory Service ids ({@code d-} and 10 hex digits) it names
 * @param message                   a status or failure text it carries, or null
 */
public record IdentityProviderEvent(EventEnvelope envelope, LmusEventKind kind, List<String> identityProviderArns,
        List<String> licenseServerEndpointArns, List<String> directoryIds, String message) implements Trigger {

    public IdentityProviderEvent {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        if (kind.instanceEvent()) {
            throw new IllegalArgumentException(kind + " is an instance event");
        }
        identityProviderArns = List.copyOf(identityProviderArns);
        licenseServerEndpointArns = List.copyOf(licenseServerEndpointArns);
        directoryIds = List.copyOf(directoryIds);
    }

    /** Whether the event names anything that identifies a registration. */
    public boolean identifiesProvider() {
        return !identityProviderArns.isEmpty() || !licenseServerEndpointArns.isEmpty() || !directoryIds.isEmpty();
    }

    /** Whether the event names the registration with this ARN or of this directory (either may be null). */
    public boolean names(String identityProviderArn, String directoryId) {
        return identityProviderArn != null && identityProviderArns.contains(identityProviderArn)
                || directoryId != null && directoryIds.contains(directoryId);
    }

    @Override
    public String describe() {
        List<String> named = new ArrayList<>(directoryIds);
        named.addAll(identityProviderArns);
        named.addAll(licenseServerEndpointArns);
        return "LM-US " + kind.detailType() + (named.isEmpty() ? " (names no identity provider)"
                : " for " + String.join(", ", named)) + (message == null ? "" : ": " + message);
    }
}
