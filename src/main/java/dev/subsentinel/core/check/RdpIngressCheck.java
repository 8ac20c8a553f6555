package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.PortRange;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.net.SecurityGroupEvaluator;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who can reach tcp/3389. Open to every IPv4 or every IPv6 address (0.0.0.0/0, ::/0, or rules that together cover the
 * space, such as 0.0.0.0/1 plus 128.0.0.0/1) is always a FAIL. With approved sources configured, any other
 * source is a FAIL and no approved source at all is a WARN; without them the check passes and lists who can reach it.
 */
public final class RdpIngressCheck extends BaseCheck {

    /** The RDP port. */
    public static final int RDP_PORT = 3389;

    @Override
    public CheckId id() {
        return CheckId.RDP_INGRESS;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeSecurityGroups", "ec2:GetManagedPrefixListEntries");
    }

    @Override
    public String remediation() {
        return "Restrict tcp/3389 to approved sources (a bastion security group, a corporate CIDR or prefix list);"
                + " never 0.0.0.0/0 or ::/0.";
    }

    private record Grant(SecurityGroup group, SgRule rule) {
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        Set<String> groupIds = new LinkedHashSet<>();
        for (NetworkInterface eni : context.instance().networkInterfaces()) {
            groupIds.addAll(eni.groupIds());
        }
        List<Grant> grants = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String groupId : groupIds) {
            SecurityGroup group = context.index().securityGroup(groupId);
            if (group == null) {
                String reason = context.index().unknown(FactKind.SECURITY_GROUPS, groupId);
                unknown.add(groupId + " could not be read: " + (reason != null ? reason : "not in the snapshot"));
                continue;
            }
            for (SgRule rule : group.ingress()) {
                if (SecurityGroupEvaluator.admitsFlow(rule, Protocol.TCP, RDP_PORT)) {
                    grants.add(new Grant(group, rule));
                }
            }
        }
        List<String> world = worldOpen(context, grants, unknown);
        if (!world.isEmpty()) {
            return planned(fail("RDP open to the internet", world), closeToTheWorld(context, grants));
        }
        if (!unknown.isEmpty()) {
            return unknown("RDP exposure could not be evaluated", String.join("; ", unknown));
        }
        List<String> approved = context.settings().approvedRdpSources();
        List<String> everyone = grants.stream().map(g -> describe(g) + " admits tcp/3389").toList();
        if (approved.isEmpty()) {
            return pass(grants.isEmpty() ? "no rule admits RDP" : "RDP restricted to " + grants.size() + " source"
                    + (grants.size() == 1 ? "" : "s"), grants.isEmpty()
                            ? List.of("no ingress rule of " + String.join(", ", groupIds) + " admits tcp/3389")
                            : everyone);
        }
        List<String> unapproved = new ArrayList<>();
        for (Grant grant : grants) {
            if (!approved(context, grant.rule(), approved)) {
                unapproved.add(describe(grant) + " admits tcp/3389 from a source that is not approved");
            }
        }
        if (!unapproved.isEmpty()) {
            unapproved.add("approved sources: " + String.join(", ", approved));
            return fail("RDP open to unapproved sources", unapproved);
        }
        if (grants.isEmpty()) {
            return result(Status.WARN, "no approved source can reach RDP", List.of("no ingress rule of "
                    + String.join(", ", groupIds) + " admits tcp/3389; approved sources: "
                    + String.join(", ", approved)));
        }
        return pass("RDP restricted to approved sources", everyone);
    }

    /**
     * Evidence that tcp/3389 is open to every address of a family: a rule whose source is the whole family, or rules
     * whose sources together cover it (e.g. {@code 0.0.0.0/1} and {@code 128.0.0.0/1}). Empty when no family is
     * covered. Prefix lists count with their entries; one that cannot be read is recorded in {@code unknown}.
     */
    private static List<String> worldOpen(InstanceContext context, List<Grant> grants, List<String> unknown) {
        List<String> evidence = new ArrayList<>();
        for (Cidr any : List.of(Cidr.ANY_IPV4, Cidr.ANY_IPV6)) {
            List<Cidr> remaining = List.of(any);
            List<Grant> admitting = new ArrayList<>();
            List<String> alone = new ArrayList<>();
            for (Grant grant : grants) {
                List<Cidr> sources = sources(context, grant.rule(), any.ipv6(), unknown);
                if (Cidr.minus(List.of(any), sources).isEmpty()) {
                    alone.add(describe(grant) + " admits tcp/3389 from the whole internet");
                }
                List<Cidr> before = remaining;
                remaining = Cidr.minus(remaining, sources);
                if (!remaining.equals(before)) {
                    admitting.add(grant);
                }
            }
            if (!alone.isEmpty()) {
                evidence.addAll(alone);
            } else if (remaining.isEmpty()) {
                evidence.add(String.join(" and ", admitting.stream().map(RdpIngressCheck::describe).toList())
                        + " together admit tcp/3389 from every " + (any.ipv6() ? "IPv6" : "IPv4")
                        + " address, the whole internet");
            }
        }
        return evidence;
    }

    /**
     * Revokes the TCP rules that admit RDP from a whole address family ({@code 0.0.0.0/0}, {@code ::/0}), each exactly
     * as it is; rules for all protocols, narrower blocks that only together cover the internet, and prefix lists are
     * left to the operator (revoking them would cut more than RDP, or guess which part to keep): no plan then.
     */
    private static FixPlan closeToTheWorld(InstanceContext context, List<Grant> grants) {
        List<FixAction> actions = new ArrayList<>();
        for (Grant grant : grants) {
            SgRule rule = grant.rule();
            if (rule.cidr() == null || Protocol.parse(rule.protocol()) != Protocol.TCP) {
                continue;
            }
            Cidr block = context.index().cidr(rule.cidr());
            if (block.equals(Cidr.ANY_IPV4) || block.equals(Cidr.ANY_IPV6)) {
                actions.add(FixActions.revokeIngress(grant.group().groupId(), PortRange.fromRule(rule.fromPort(),
                        rule.toPort()), block, describe(grant) + " is revoked, exactly that rule: it admits tcp/3389"
                                + " from the whole internet; the group's other rules stay"));
            }
        }
        return actions.isEmpty() ? null : new FixPlan(actions, List.of());
    }

    /** The source blocks of one family a rule admits (none for a group reference). */
    private static List<Cidr> sources(InstanceContext context, SgRule rule, boolean ipv6, List<String> unknown) {
        List<Cidr> blocks = new ArrayList<>();
        if (rule.cidr() != null) {
            blocks.add(context.index().cidr(rule.cidr()));
        } else if (rule.prefixListId() != null) {
            PrefixList list = context.index().prefixList(rule.prefixListId());
            if (list == null) {
                String reason = context.index().unknown(FactKind.PREFIX_LISTS, rule.prefixListId());
                String line = "prefix list " + rule.prefixListId() + " could not be read: "
                        + (reason != null ? reason : "not in the snapshot");
                if (!unknown.contains(line)) {
                    unknown.add(line);
                }
            } else {
                list.cidrs().forEach(cidr -> blocks.add(context.index().cidr(cidr)));
            }
        }
        return blocks.stream().filter(block -> block.ipv6() == ipv6).toList();
    }

    private static boolean approved(InstanceContext context, SgRule rule, List<String> approved) {
        if (rule.group() != null) {
            return approved.contains(rule.group().groupId());
        }
        if (rule.prefixListId() != null) {
            if (approved.contains(rule.prefixListId())) {
                return true;
            }
            PrefixList list = context.index().prefixList(rule.prefixListId());
            return list != null && !list.cidrs().isEmpty()
                    && list.cidrs().stream().allMatch(cidr -> coveredByApprovedCidr(context, cidr, approved));
        }
        return coveredByApprovedCidr(context, rule.cidr(), approved);
    }

    private static boolean coveredByApprovedCidr(InstanceContext context, String cidr, List<String> approved) {
        Cidr block = context.index().cidr(cidr);
        // EvaluationSettings accepts only CIDRs, pl- and sg- ids, so what is neither id is a CIDR.
        return approved.stream()
                .filter(source -> !source.startsWith("pl-") && !source.startsWith("sg-"))
                .map(context.index()::cidr)
                .anyMatch(a -> a.contains(block));
    }

    private static String describe(Grant grant) {
        return SecurityGroupEvaluator.describe(grant.group(), grant.rule(), Direction.INGRESS);
    }
}
