package dev.subsentinel.core.check;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.net.SecurityGroupEvaluator;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who can reach tcp/3389. Open to 0.0.0.0/0 or ::/0 is always a FAIL. With approved sources configured, any other
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
        List<String> world = new ArrayList<>();
        for (Grant grant : grants) {
            Boolean open = opensToWorld(context, grant.rule(), unknown);
            if (Boolean.TRUE.equals(open)) {
                world.add(describe(grant) + " admits tcp/3389 from the whole internet");
            }
        }
        if (!world.isEmpty()) {
            return fail("RDP open to the internet", world);
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

    /** True for a rule open to every address, false if not, null when its prefix list is unknown. */
    private static Boolean opensToWorld(InstanceContext context, SgRule rule, List<String> unknown) {
        if (rule.cidr() != null) {
            return context.index().cidr(rule.cidr()).isAny();
        }
        if (rule.prefixListId() != null) {
            PrefixList list = context.index().prefixList(rule.prefixListId());
            if (list == null) {
                String reason = context.index().unknown(FactKind.PREFIX_LISTS, rule.prefixListId());
                unknown.add("prefix list " + rule.prefixListId() + " could not be read: "
                        + (reason != null ? reason : "not in the snapshot"));
                return null;
            }
            return list.cidrs().stream().map(context.index()::cidr).anyMatch(Cidr::isAny);
        }
        return false;
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
