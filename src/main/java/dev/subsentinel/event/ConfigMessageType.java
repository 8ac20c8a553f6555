package dev.subsentinel.event;

/** The {@code messageType} of an AWS Config rule invocation's invoking event that the rule evaluates. */
public enum ConfigMessageType {
    /** A configuration item changed; the item is in the event. */
    CONFIGURATION_ITEM_CHANGE("ConfigurationItemChangeNotification"),
    /** A configuration item changed; too large for the event, so only its summary is in it. */
    OVERSIZED_CONFIGURATION_ITEM_CHANGE("OversizedConfigurationItemChangeNotification"),
    /** The periodic trigger. */
    SCHEDULED("ScheduledNotification");

    private final String wireValue;

    ConfigMessageType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value as AWS Config writes it. */
    public String wireValue() {
        return wireValue;
    }

    /** The type with this wire value, or null. */
    public static ConfigMessageType forWireValue(String value) {
        for (ConfigMessageType type : values()) {
            if (type.wireValue.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
