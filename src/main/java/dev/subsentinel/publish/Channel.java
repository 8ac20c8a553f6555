package dev.subsentinel.publish;

/**
 * Where a decided alert goes. Every enabled channel gets its own entry in the instance's outbox, claimed, confirmed
 * and released on its own (track.Tracker), so a channel that fails never makes another one send twice, and each is
 * recorded as delivered only after its service accepted it.
 *
 * <ul>
 *   <li>{@link #ALERTS}: the alert topic (readable text and the JSON alert document, {@link SnsAlertPublisher});</li>
 *   <li>{@link #CHAT}: the chat topic, whose messages are Amazon Q Developer in chat applications (AWS Chatbot)
 *       custom notifications ({@code publish.chat});</li>
 *   <li>{@link #SECURITY_HUB}: one ASFF finding per instance and check, imported with BatchImportFindings
 *       ({@code publish.securityhub}). It also receives the updates no message is sent for: a check that stopped
 *       failing while the instance still fails.</li>
 * </ul>
 */
public enum Channel {
    ALERTS("alerts", "AlertTopic"),
    CHAT("chat", "ChatTopic"),
    SECURITY_HUB("securityhub", "SecurityHub");

    private final String key;
    private final String metricName;

    Channel(String key, String metricName) {
        this.key = key;
        this.metricName = metricName;
    }

    /** The name stored with the outbox entry. */
    public String key() {
        return key;
    }

    /** The value of the {@code Channel} metric dimension. */
    public String metricName() {
        return metricName;
    }

    /**
     * The id of this channel's outbox entry for an alert: the alert id itself for {@link #ALERTS} (as before channels
     * existed), {@code <alertId>/<key>} for the others.
     */
    public String entryId(String alertId) {
        return this == ALERTS ? alertId : alertId + "/" + key;
    }

    /** The alert id of an entry id of this channel. */
    public String alertId(String entryId) {
        String suffix = "/" + key;
        return this != ALERTS && entryId.endsWith(suffix) ? entryId.substring(0, entryId.length() - suffix.length())
                : entryId;
    }

    /** The channel stored under {@code key}; null (an entry written before channels existed) is {@link #ALERTS}. */
    public static Channel ofKey(String key) {
        if (key == null) {
            return ALERTS;
        }
        for (Channel channel : values()) {
            if (channel.key.equals(key)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + key + "'");
    }
}
