package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Severity;
import java.util.List;
import java.util.Locale;

/**
 * The instance must resolve its directory's domain: it is in the directory's VPC, or a Route 53 Resolver FORWARD
 * rule for the domain (or a parent domain) is associated with its VPC, or its VPC's DHCP options point at the
 * directory's DNS servers.
 */
public final class DirectoryDnsCheck extends BaseCheck {

    @Override
    public CheckId id() {
        return CheckId.DIRECTORY_DNS;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ds:DescribeDirectories",
                "route53resolver:ListResolverRules", "route53resolver:ListResolverRuleAssociations",
                "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets");
    }

    @Override
    public String remediation() {
        return "Associate a Route 53 Resolver forwarding rule for the directory's domain with the instance's VPC, or"
                + " point the VPC's DHCP options at the directory's DNS servers.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    private record Target(String label, String domain, String vpcId, List<String> dnsIps) {
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        Ec2Instance instance = context.instance();
        if (instance.vpcId() == null) {
            return skipped("the instance is in no VPC");
        }
        IdentityProviderResolver.Resolution resolution = InstanceDirectory.resolve(context);
        CheckResult unresolved = InstanceDirectory.unresolved(this, resolution);
        if (unresolved != null) {
            return unresolved;
        }
        IdentityProvider provider = resolution.provider();
        Target directory;
        if (provider.directoryId() != null) {
            Directory found = context.index().directory(provider.directoryId());
            if (found == null) {
                String reason = context.index().unknown(FactKind.DIRECTORIES, provider.directoryId());
                return unknown("directory could not be read", provider.directoryId() + ": "
                        + (reason != null ? reason : "DescribeDirectories does not return it"));
            }
            directory = new Target(found.directoryId(), found.domainName(), found.vpcId(), found.dnsIps());
        } else {
            String vpcId = null;
            for (String subnetId : provider.domainSubnetIds()) {
                Subnet subnet = context.index().subnet(subnetId);
                if (subnet != null) {
                    vpcId = subnet.vpcId();
                    break;
                }
            }
            if (provider.domainName() == null) {
                return unknown("directory domain unknown", "the self-managed identity provider names no domain");
            }
            directory = new Target("self-managed " + provider.domainName(), provider.domainName(), vpcId,
                    provider.domainIps());
        }
        String where = "directory " + directory.label() + " (" + directory.domain() + ")";
        if (instance.vpcId().equals(directory.vpcId())) {
            return pass("in the directory's VPC", List.of(where + " is in the instance's VPC " + instance.vpcId()));
        }
        ResolverRule rule = mostSpecificRule(context.index().resolverRulesOf(instance.vpcId()), directory.domain());
        String overridden = null;
        if (rule != null && "FORWARD".equalsIgnoreCase(rule.ruleType())) {
            return pass("directory DNS forwarded", List.of(rule.resolverRuleId() + " forwards "
                    + rule.domainName() + " and is associated with " + instance.vpcId() + "; " + where));
        }
        if (rule != null) {
            overridden = rule.resolverRuleId() + " (" + rule.ruleType() + " " + rule.domainName()
                    + ") is the most specific rule for " + directory.domain() + " in " + instance.vpcId()
                    + ", so Resolver does not forward it";
        }
        Vpc vpc = context.index().vpc(instance.vpcId());
        DhcpOptions dhcp = vpc == null ? null : context.index().dhcpOptions(vpc.dhcpOptionsId());
        if (dhcp != null) {
            for (String server : dhcp.domainNameServers()) {
                if (directory.dnsIps().contains(server)) {
                    return pass("DHCP options use the directory's DNS", List.of(dhcp.dhcpOptionsId() + " of "
                            + instance.vpcId() + " hands out " + server + ", a DNS server of " + where));
                }
            }
        }
        String rulesUnknown = context.index().unknown(FactKind.RESOLVER_RULES, instance.vpcId());
        if (rulesUnknown != null) {
            return unknown("resolver rules could not be read", "Route 53 Resolver rules: " + rulesUnknown);
        }
        if (vpc == null) {
            String reason = context.index().unknown(FactKind.VPCS, instance.vpcId());
            return unknown("VPC could not be read", instance.vpcId() + ": "
                    + (reason != null ? reason : "not in the snapshot") + "; its DHCP options are unknown");
        }
        if (dhcp == null && vpc.dhcpOptionsId() != null) {
            String reason = context.index().unknown(FactKind.DHCP_OPTIONS, vpc.dhcpOptionsId());
            return unknown("DHCP options could not be read", vpc.dhcpOptionsId() + " of " + instance.vpcId() + ": "
                    + (reason != null ? reason : "not in the snapshot"));
        }
        if (directory.vpcId() == null) {
            String reason = context.index().unknown(FactKind.SUBNETS, null);
            return unknown("directory VPC unknown", "the subnets of " + where + " are not in the snapshot"
                    + (reason != null ? ": " + reason : "") + ", so its VPC is unknown");
        }
        String dhcpText = dhcp == null
                ? "it has no DHCP options set"
                : "its DHCP options " + dhcp.dhcpOptionsId() + " hand out " + String.join(", ",
                        dhcp.domainNameServers());
        List<String> evidence = new java.util.ArrayList<>();
        evidence.add(where + " is in " + directory.vpcId() + ", not in the instance's VPC " + instance.vpcId());
        if (overridden != null) {
            evidence.add(overridden + "; " + dhcpText);
        } else {
            evidence.add("no Route 53 Resolver FORWARD rule for " + directory.domain() + " is associated with "
                    + instance.vpcId() + ", and " + dhcpText);
        }
        CheckResult failed = fail("cannot resolve " + directory.domain(), evidence);
        if (overridden != null) {
            return failed;
        }
        ResolverRule forward = context.index().snapshot().resolverRules().stream()
                .filter(r -> "FORWARD".equalsIgnoreCase(r.ruleType()) && covers(r.domainName(), directory.domain())
                        && (r.status() == null || "COMPLETE".equalsIgnoreCase(r.status())))
                .max(java.util.Comparator.comparingInt(r -> normalise(r.domainName()).length()))
                .orElse(null);
        if (forward == null) {
            return failed;
        }
        return failed.withFix(new FixPlan(List.of(FixActions.associateResolverRule(forward.resolverRuleId(),
                instance.vpcId(), instance.vpcId() + " gets " + forward.resolverRuleId() + ", the FORWARD rule for "
                        + forward.domainName() + " that already serves "
                        + (forward.associatedVpcIds().isEmpty() ? "no VPC" : String.join(", ",
                                forward.associatedVpcIds())) + "; no other name changes resolver")), List.of()));
    }

    /**
     * The rule Resolver applies to the domain: among the rules associated with the VPC that cover it, the one with
     * the most specific domain name (a SYSTEM rule for a subdomain overrides a FORWARD rule for its parent).
     */
    static ResolverRule mostSpecificRule(List<ResolverRule> rules, String domain) {
        ResolverRule best = null;
        for (ResolverRule rule : rules) {
            if (!covers(rule.domainName(), domain)) {
                continue;
            }
            if (best == null || normalise(rule.domainName()).length() > normalise(best.domainName()).length()) {
                best = rule;
            }
        }
        return best;
    }

    /** Whether a rule for {@code ruleDomain} applies to {@code domain} (equal, or a parent domain). */
    static boolean covers(String ruleDomain, String domain) {
        String rule = normalise(ruleDomain);
        String name = normalise(domain);
        return name.equals(rule) || name.endsWith("." + rule);
    }

    private static String normalise(String domain) {
        String lower = domain.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
