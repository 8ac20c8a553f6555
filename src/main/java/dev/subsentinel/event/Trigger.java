package dev.subsentinel.event;

/**
 * What invoked the Sentinel, parsed from one of the event shapes it receives (DESIGN section 5). Every input parses
 * to exactly one of these, or fails with an {@link EventParseException} when it is not an event at all. An event that
 * names nothing to act on parses to {@link IgnoredEvent}, never to an exception.
 */
public sealed interface Trigger permits ScheduledScan, ManualRun, LmusInstanceEvent, IdentityProviderEvent,
        InstanceStateChange, SsmComplianceChange, ResourceChange, ConfigRuleInvocation, IgnoredEvent {

    /** One line saying what arrived, for the invocation's log line. */
    String describe();
}
