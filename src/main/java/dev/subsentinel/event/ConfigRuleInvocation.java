package dev.subsentinel.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An invocation by an AWS Config custom Lambda rule. {@code invokingEvent} and {@code ruleParameters} arrive as JSON
 * strings; they are parsed here, once.
 *
 * @param configRuleName           the rule's name
 * @param configRuleArn            the rule's ARN
 * @param accountId                the account evaluated
 * @param resultToken              the token PutEvaluations needs
 * @param eventLeftScope           whether the resource left the rule's scope (or was deleted)
 * @param messageType              change-triggered, oversized change-triggered or periodic
 * @param ruleParameters           the rule's parameters (empty when none)
 * @param item                     the configuration item of a change-triggered invocation; null for a periodic one
 * @param notificationCreationTime when Config sent the notification
 * @param executionRoleArn         the role Config passes to the rule, or null
 */
public record ConfigRuleInvocation(String configRuleName, String configRuleArn, String accountId, String resultToken,
        boolean eventLeftScope, ConfigMessageType messageType, Map<String, String> ruleParameters, ConfigItem item,
        Instant notificationCreationTime, String executionRoleArn) implements Trigger {

    public ConfigRuleInvocation {
        Objects.requireNonNull(resultToken, "resultToken");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(notificationCreationTime, "notificationCreationTime");
        ruleParameters = ruleParameters == null ? Map.of() : Map.copyOf(ruleParameters);
        if (messageType != ConfigMessageType.SCHEDULED && item == null) {
            throw new IllegalArgumentException("a change-triggered invocation carries a configuration item");
        }
    }

    /** Whether this is the periodic trigger (evaluate every monitored instance). */
    public boolean periodic() {
        return messageType == ConfigMessageType.SCHEDULED;
    }

    /**
     * The {@code OrderingTimestamp} for PutEvaluations: the configuration item's capture time for a change-triggered
     * invocation, the notification's creation time for a periodic one (or when the item has no capture time).
     */
    public Instant orderingTimestamp() {
        return item != null && item.captureTime() != null ? item.captureTime() : notificationCreationTime;
    }

    /** Whether the evaluated resource is gone from the rule's view: it left the scope or was deleted. */
    public boolean resourceGone() {
        return eventLeftScope || item != null && item.deleted();
    }

    @Override
    public String describe() {
        return "Config rule " + configRuleName + " " + messageType.wireValue()
                + (item == null ? "" : " for " + item.resourceType() + " " + item.resourceId())
                + (eventLeftScope ? " (left scope)" : "");
    }
}
