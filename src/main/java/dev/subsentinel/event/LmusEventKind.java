package dev.subsentinel.event;

/**
 * The LM-US events (source {@code aws.license-manager-user-subscriptions}) the Sentinel acts on: the instance events,
 * which name instances, and the identity-provider and licence-server-endpoint events, which name a registration whose
 * instances are re-evaluated (EventBridge events reference, events-ref-license-manager-user-subscriptions).
 */
public enum LmusEventKind {
    ACTIVATED("Instance Activated", true),
    ACTIVATION_FAILED("Instance Activation Failed", true),
    TERMINATED("Instance Terminated", true),
    UNHEALTHY("Instance Unhealthy", true),
    IDENTITY_PROVIDER_REGISTRATION_FAILED("Identity Provider Registration Failed", false),
    IDENTITY_PROVIDER_DEREGISTERED("Identity Provider Deregistered", false),
    LICENSE_SERVER_ENDPOINT_HEALTHY("License Server Endpoint Healthy", false),
    LICENSE_SERVER_ENDPOINT_UNHEALTHY("License Server Endpoint Unhealthy", false),
    LICENSE_SERVER_ENDPOINT_PROVISIONED("License Server Endpoint Provisioned", false),
    LICENSE_SERVER_ENDPOINT_PROVISIONING_FAILED("License Server Endpoint Provisioning Failed", false),
    LICENSE_SERVER_ENDPOINT_UPDATED("License Server Endpoint Updated", false),
    LICENSE_SERVER_ENDPOINT_UPDATE_FAILED("License Server Endpoint Update Failed", false),
    LICENSE_SERVER_ENDPOINT_DELETED("License Server Endpoint Deleted", false),
    LICENSE_SERVER_ENDPOINT_DELETION_FAILED("License Server Endpoint Deletion Failed", false);

    private final String detailType;
    private final boolean instanceEvent;

    LmusEventKind(String detailType, boolean instanceEvent) {
        this.detailType = detailType;
        this.instanceEvent = instanceEvent;
    }

    /** The EventBridge {@code detail-type}. */
    public String detailType() {
        return detailType;
    }

    /**
     * Whether the event is about instances ({@link LmusInstanceEvent}); the others are about an identity provider or
     * its licence server endpoint ({@link IdentityProviderEvent}).
     */
    public boolean instanceEvent() {
        return instanceEvent;
    }

    /** The kind with this detail-type, or null. */
    public static LmusEventKind forDetailType(String detailType) {
        for (LmusEventKind kind : values()) {
            if (kind.detailType.equals(detailType)) {
                return kind;
            }
        }
        return null;
    }
}
