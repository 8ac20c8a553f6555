package dev.subsentinel.core.model;

import java.util.List;

/**
 * A Route 53 Resolver rule with the VPCs it is associated with.
 *
 * @param resolverRuleId   {@code rslvr-rr-...}
 * @param domainName       the domain it applies to, e.g. {@code corp.example.com.}
 * @param ruleType         FORWARD, SYSTEM or RECURSIVE
 * @param status           COMPLETE, ... (may be null)
 * @param associatedVpcIds the VPCs with a COMPLETE association
 */
public record ResolverRule(String resolverRuleId, String domainName, String ruleType, String status,
        List<String> associatedVpcIds) {

    /** The rule types of the Route 53 Resolver API. */
    public static final List<String> RULE_TYPES = List.of("FORWARD", "SYSTEM", "RECURSIVE", "DELEGATE");
    /** The rule statuses of the Route 53 Resolver API. */
    public static final List<String> STATUSES = List.of("COMPLETE", "DELETING", "UPDATING", "FAILED");

    public ResolverRule {
        Fields.requiredText(resolverRuleId, "resolverRuleId");
        Fields.requiredText(domainName, "domainName");
        Fields.oneOf(ruleType, "ruleType", RULE_TYPES);
        Fields.optionalOneOf(status, "status", STATUSES);
        associatedVpcIds = Fields.list(associatedVpcIds, "associatedVpcIds");
    }
}
