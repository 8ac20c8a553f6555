package dev.subsentinel.event;

/** The LM-US instance events (source {@code aws.license-manager-user-subscriptions}) the Sentinel acts on. */
public enum LmusEventKind {
    ACTIVATED("Instance Activated"),
    ACTIVATION_FAILED("Instance Activation Failed"),
    TERMINATED("Instance Terminated"),
    UNHEALTHY("Instance Unhealthy");

    private final String detailType;

    LmusEventKind(String detailType) {
        this.detailType = detailType;
    }

    /** The EventBridge {@code detail-type}. */
    public String detailType() {
        return detailType;
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
