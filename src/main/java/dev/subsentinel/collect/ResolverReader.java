package dev.subsentinel.collect;

import dev.subsentinel.core.model.ResolverRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53resolver.Route53ResolverClient;
import software.amazon.awssdk.services.route53resolver.model.ListResolverRuleAssociationsRequest;
import software.amazon.awssdk.services.route53resolver.model.ListResolverRulesRequest;

/** Route 53 Resolver rules and the VPCs they are associated with. */
final class ResolverReader {

    /** Both list calls return at most 100 items a page. */
    static final int PAGE_SIZE = 100;
    /** The association status in effect. */
    static final String COMPLETE = "COMPLETE";

    /**
     * A rule without its associations.
     *
     * @param id       {@code rslvr-rr-...}
     * @param domain   its domain name
     * @param type     FORWARD, SYSTEM or RECURSIVE
     * @param status   its status
     */
    record Rule(String id, String domain, String type, String status) {
    }

    private final Route53ResolverClient resolver;
    private final AwsCalls calls;

    ResolverReader(Route53ResolverClient resolver, AwsCalls calls) {
        this.resolver = resolver;
        this.calls = calls;
    }

    /** Every rule of the account and region (all pages). */
    Fetched<List<Rule>> rules() {
        return calls.fetch("route53resolver:ListResolverRules", () -> {
            List<Rule> rules = new ArrayList<>();
            resolver.listResolverRulesPaginator(ListResolverRulesRequest.builder().maxResults(PAGE_SIZE).build())
                    .resolverRules().forEach(r -> {
                        if (r.id() != null && r.domainName() != null && r.ruleTypeAsString() != null) {
                            rules.add(new Rule(r.id(), r.domainName(), r.ruleTypeAsString(), r.statusAsString()));
                        }
                    });
            return rules;
        });
    }

    /** The VPCs each rule is associated with (associations that are COMPLETE), all pages. */
    Fetched<Map<String, List<String>>> associations() {
        return calls.fetch("route53resolver:ListResolverRuleAssociations", () -> {
            Map<String, List<String>> vpcsByRule = new HashMap<>();
            resolver.listResolverRuleAssociationsPaginator(ListResolverRuleAssociationsRequest.builder()
                    .maxResults(PAGE_SIZE).build()).resolverRuleAssociations().forEach(a -> {
                        if (a.resolverRuleId() != null && a.vpcId() != null
                                && COMPLETE.equalsIgnoreCase(a.statusAsString())) {
                            vpcsByRule.computeIfAbsent(a.resolverRuleId(), k -> new ArrayList<>()).add(a.vpcId());
                        }
                    });
            return vpcsByRule;
        });
    }

    /** The snapshot record of a rule with its associations. */
    static ResolverRule rule(Rule rule, List<String> vpcIds) {
        return new ResolverRule(rule.id(), rule.domain(), rule.type(), rule.status(), vpcIds);
    }
}
