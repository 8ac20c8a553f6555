package dev.subsentinel.core.report;

/** The stable ids of the check catalogue (DESIGN section 3). */
public enum CheckId {
    LMUS_STATUS("LM-US status"),
    SSM_REGISTERED("SSM registration"),
    SSM_PING("SSM ping"),
    SSM_AGENT_VERSION("SSM agent version"),
    INSTANCE_PROFILE("Instance profile"),
    SSM_NETWORK_PATH("SSM network path"),
    VPC_DNS("VPC DNS"),
    ACTIVATION_PATH("Licence activation path"),
    RDP_INGRESS("RDP ingress"),
    DIRECTORY_DNS("Directory DNS"),
    INSTANCE_STATE("Instance state"),
    DIRECTORY_HEALTH("Directory health"),
    IDENTITY_PROVIDER("Identity provider"),
    DIRECTORY_PATH("Path to the domain controllers"),
    LM_NETWORK_INTERFACES("License Manager network interfaces"),
    LICENSE_SERVER("Licence server"),
    LICENSE_SERVER_PATH("Path to the licence servers"),
    SUBSCRIPTION_TAG("Subscription tag"),
    SERVICE_LINKED_ROLE("Service-linked role", true);

    private final String title;
    private final boolean accountWide;

    CheckId(String title) {
        this(title, false);
    }

    CheckId(String title, boolean accountWide) {
        this.title = title;
        this.accountWide = accountWide;
    }

    /**
     * Whether the check decides a fact of the account and region, the same for every instance (one call per scan):
     * it is reported on every instance and once in the report ({@link ScanReport#fleetFindings()}).
     */
    public boolean accountWide() {
        return accountWide;
    }

    /** A short human title, e.g. for alert subjects. */
    public String title() {
        return title;
    }
}
