package dev.subsentinel.core.check;

import dev.subsentinel.core.fix.FixActions;
import dev.subsentinel.core.fix.NetworkFixes;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.net.AddressFamilies;
import dev.subsentinel.core.net.Cause;
import dev.subsentinel.core.net.Cidr;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.Direction;
import dev.subsentinel.core.net.Peer;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.net.Reach;
import dev.subsentinel.core.net.SecurityGroupEvaluator;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathTrace;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance must reach Systems Manager on tcp/443. Per service: when an available interface endpoint with
 * private DNS serves it in the instance's VPC, the service's regional name resolves to the endpoint, so the path must
 * reach every endpoint address (and a NAT gateway does not help); otherwise the name resolves to public addresses
 * and the path goes through the default route (NAT gateway, or internet gateway with a public address).
 * {@code ec2messages} is required only for agents older than 3.3.40.0, which do not fall back to ssmmessages; when
 * the version is unknown its path is evaluated too, and a path that is not open makes that part UNKNOWN (never a PASS
 * by assumption). Private DNS takes effect only when the VPC has both enableDnsSupport and enableDnsHostnames on.
 *
 * <p>Address families: the private DNS name resolves to the endpoint's IPv6 addresses only with
 * {@code DnsRecordIpType} ipv6 or dualstack ({@link VpcEndpoint#privateNameHasIpv6()}); a dual-stack instance is then
 * judged on both families ({@link dev.subsentinel.core.net.AddressFamilies}: one blocked is a WARN naming it). Through
 * the internet the agent uses the IPv4 regional endpoints unless its {@code UseDualStackEndpoint} option is set (agent
 * 3.3.3270.0 and later), which the monitor cannot see: IPv4 decides, and for a dual-stack instance with such an agent
 * the IPv6 path is reported beside it, outside the verdict.
 */
public final class SsmNetworkPathCheck extends BaseCheck {

    /** The first SSM Agent version that stops using ec2messages once ssmmessages connects. */
    static final String EC2MESSAGES_NOT_NEEDED_FROM = "3.3.40.0";
    /** The first SSM Agent version with the UseDualStackEndpoint option (release notes, 2025-10-09). */
    static final String DUAL_STACK_FROM = "3.3.3270.0";

    @Override
    public CheckId id() {
        return CheckId.SSM_NETWORK_PATH;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("ec2:DescribeSecurityGroups", "ec2:DescribeVpcEndpoints", "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls",
                "ec2:DescribeNatGateways", "ec2:DescribeInternetGateways", "ec2:DescribeVpcPeeringConnections",
                "ec2:GetManagedPrefixListEntries", "ec2:DescribeEgressOnlyInternetGateways");
    }

    @Override
    public String remediation() {
        return "Give the instance a path to Systems Manager on tcp/443: interface endpoints for ssm and ssmmessages"
                + " with private DNS whose security group admits 443 from the instance, or a default route to a NAT"
                + " gateway; allow egress 443, and reply ports 49152-65535 in the network ACLs.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        Ec2Instance instance = context.instance();
        if (instance.vpcId() == null) {
            return skipped("the instance is in no VPC");
        }
        List<String> services = new ArrayList<>(List.of("ssm", "ssmmessages", "ec2messages"));
        SsmInstance ssm = context.index().ssm(context.instanceId());
        String unknownVersion = unknownAgentVersion(context, ssm);
        if (unknownVersion == null
                && SsmAgentVersionCheck.compare(ssm.agentVersion(), EC2MESSAGES_NOT_NEEDED_FROM) >= 0) {
            services.remove("ec2messages");
        }
        List<String> failing = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> passing = new ArrayList<>();
        Reach overall = Reach.OPEN;
        List<PathTrace> traces = new ArrayList<>();
        List<Cause> causes = new ArrayList<>();
        List<String> needEndpoint = new ArrayList<>();
        for (String service : services) {
            ServicePath path = servicePath(context, service);
            if ("ec2messages".equals(service) && unknownVersion != null && !path.decision().open()) {
                // Only agents before 3.3.40.0 need ec2messages: with the version unknown, a blocked path is not
                // proven to matter, and an open one is not assumed.
                List<String> why = new ArrayList<>();
                why.add("the SSM Agent version is unknown (" + unknownVersion + "); agents before "
                        + EC2MESSAGES_NOT_NEEDED_FROM + " also need ec2messages, and its path is not open:");
                why.addAll(path.decision().evidence());
                path = new ServicePath(path.route(), path.decision().withEvidence(Reach.UNKNOWN, why), null,
                        path.notes());
            }
            overall = overall.and(path.decision().reach());
            traces.addAll(path.decision().paths());
            if (path.decision().open()) {
                passing.add(service + ": reachable " + path.route());
                passing.addAll(path.notes());
            } else {
                if (path.decision().reach() != Reach.UNKNOWN) {
                    if (path.route().startsWith("via the internet") && gatewayBlocks(path.decision())) {
                        needEndpoint.add(service);
                    } else {
                        causes.addAll(path.decision().causes());
                    }
                }
                failing.add(service + (path.blockedFamily() == null ? "" : " over " + path.blockedFamily()));
                evidence.add(service + " " + path.route() + ":");
                evidence.addAll(path.decision().evidence());
                evidence.addAll(path.notes());
            }
        }
        Status status = Reachability.status(overall);
        if (status == Status.PASS) {
            return pass("Systems Manager reachable on tcp/443", passing).withPaths(traces);
        }
        evidence.addAll(passing);
        String summary = switch (status) {
            case FAIL -> "no path to Systems Manager on tcp/443 (" + String.join(", ", failing) + ")";
            case WARN -> "path to Systems Manager on tcp/443 not proven (" + String.join(", ", failing) + ")";
            default -> "path to Systems Manager could not be evaluated (" + String.join(", ", failing) + ")";
        };
        List<FixAction> actions = new ArrayList<>(endpoints(context, needEndpoint));
        actions.addAll(NetworkFixes.plan(context.index(), causes));
        return planned(result(status, summary, evidence).withPaths(traces),
                actions.isEmpty() ? null : new FixPlan(actions, List.of()));
    }

    /** Whether the internet path is cut at the route table or a gateway (not by a rule a change could open). */
    private static boolean gatewayBlocks(Decision decision) {
        return decision.paths().stream().flatMap(p -> p.hops().stream())
                .anyMatch(h -> h.outcome() == PathHop.Outcome.BLOCKS && (h.kind() == PathHop.Kind.ROUTE_TABLE
                        || h.kind() == PathHop.Kind.GATEWAY));
    }

    /**
     * Interface endpoints with private DNS for the services that have no path: in the subnets and with the groups of
     * the VPC's other Systems Manager endpoint when there is one (its group already serves the instance), else in the
     * instance's subnet with the instance's groups; the VPC DNS attributes private DNS needs, first; and the group
     * rules that let the instance reach them on tcp/443 and nothing else (no NAT gateway or internet route is
     * proposed: endpoints keep the traffic in the VPC).
     */
    private List<FixAction> endpoints(InstanceContext context, List<String> services) {
        if (services.isEmpty()) {
            return List.of();
        }
        Ec2Instance instance = context.instance();
        NetworkInterface eni = instance.primaryInterface();
        Vpc vpc = context.index().vpc(instance.vpcId());
        if (eni == null || vpc == null || vpc.enableDnsSupport() == null || vpc.enableDnsHostnames() == null) {
            return List.of();
        }
        String prefix = "com.amazonaws." + context.region() + ".";
        VpcEndpoint sibling = context.index().endpointsInVpc(instance.vpcId()).stream()
                .filter(e -> "Interface".equalsIgnoreCase(e.type()) && e.available() && e.privateDnsEnabled()
                        && !e.interfaces().isEmpty() && !e.groupIds().isEmpty()
                        && List.of("ssm", "ssmmessages", "ec2messages").stream()
                                .anyMatch(s -> e.serviceName().equals(prefix + s)))
                .findFirst().orElse(null);
        List<String> subnets = sibling != null
                ? sibling.interfaces().stream().map(EndpointInterface::subnetId).distinct().toList()
                : List.of(eni.subnetId());
        List<String> groups = sibling != null ? sibling.groupIds() : eni.groupIds();
        if (groups.isEmpty()) {
            return List.of();
        }
        List<FixAction> actions = new ArrayList<>();
        for (String attribute : List.of("enableDnsSupport", "enableDnsHostnames")) {
            boolean on = attribute.equals("enableDnsSupport") ? vpc.enableDnsSupport() : vpc.enableDnsHostnames();
            if (!on) {
                actions.add(FixActions.enableVpcAttribute(vpc.vpcId(), attribute, vpc.vpcId() + " turns "
                        + attribute + " on: private DNS of the new endpoints needs both DNS attributes"));
            }
        }
        String where = sibling != null ? "the subnets and groups of " + sibling.vpcEndpointId()
                : "the instance's subnet " + eni.subnetId() + " with its groups";
        for (String service : services) {
            actions.add(FixActions.createInterfaceEndpoint(vpc.vpcId(), prefix + service, subnets, groups,
                    service + " has no path: an interface endpoint with private DNS, in " + where
                            + ", resolves its regional name inside the VPC"));
        }
        List<Cidr> blocks = new ArrayList<>();
        for (String subnetId : subnets) {
            Subnet subnet = context.index().subnet(subnetId);
            if (subnet == null || subnet.cidrBlock() == null) {
                return actions;
            }
            blocks.add(context.index().cidr(subnet.cidrBlock()));
        }
        Peer instancePeer = new Peer(eni.privateIp() + " (" + instance.instanceId() + ")",
                context.index().cidr(eni.privateIp()), eni.groupIds(), eni.vpcId());
        Peer endpointPeer = new Peer("the new endpoints' interfaces", blocks, groups, vpc.vpcId());
        SecurityGroupEvaluator rules = context.paths().securityGroups();
        List<Cause> causes = new ArrayList<>();
        causes.addAll(rules.evaluate(eni.groupIds(), Direction.EGRESS, Protocol.TCP, 443, endpointPeer).causes());
        causes.addAll(rules.evaluate(groups, Direction.INGRESS, Protocol.TCP, 443, instancePeer).causes());
        actions.addAll(NetworkFixes.plan(context.index(), causes));
        return actions;
    }

    /**
     * How one service is reached.
     *
     * @param route         how, e.g. "via vpce-1 (private DNS, 2 addresses)"
     * @param decision      the outcome
     * @param blockedFamily the family blocked alone (a WARN), or null
     * @param notes         what is reported beside the verdict (the dual-stack path an agent option would use)
     */
    private record ServicePath(String route, Decision decision, String blockedFamily, List<String> notes) {

        ServicePath(String route, Decision decision) {
            this(route, decision, null, List.of());
        }
    }

    /** Why the agent's version is unknown, or null when SSM reports it. */
    private static String unknownAgentVersion(InstanceContext context, SsmInstance ssm) {
        if (ssm != null && ssm.agentVersion() != null) {
            return null;
        }
        if (ssm != null) {
            return "Systems Manager reports no agent version";
        }
        String reason = context.index().unknown(FactKind.SSM_INFO, context.instanceId());
        return reason != null ? "DescribeInstanceInformation failed: " + reason
                : "Systems Manager does not list the instance";
    }

    /**
     * Whether the VPC's DNS attributes let private DNS of interface endpoints take effect (it needs both
     * enableDnsSupport and enableDnsHostnames): OPEN with no reason when they do, BLOCKED or UNKNOWN with the reason.
     */
    private static Decision privateDnsEffect(InstanceContext context, String vpcId) {
        Vpc vpc = context.index().vpc(vpcId);
        if (vpc == null || vpc.enableDnsSupport() == null || vpc.enableDnsHostnames() == null) {
            String reason = context.index().unknown(FactKind.VPC_ATTRIBUTES, vpcId);
            if (reason == null) {
                reason = context.index().unknown(FactKind.VPCS, vpcId);
            }
            return Decision.of(Reach.UNKNOWN, "private DNS of interface endpoints needs enableDnsSupport and"
                    + " enableDnsHostnames, and those of " + vpcId + " could not be read: "
                    + (reason != null ? reason : "not in the snapshot"));
        }
        if (vpc.enableDnsSupport() && vpc.enableDnsHostnames()) {
            return new Decision(Reach.OPEN, List.of());
        }
        return Decision.of(Reach.BLOCKED, "private DNS takes effect only with enableDnsSupport and"
                + " enableDnsHostnames both true; " + vpcId + " has enableDnsSupport=" + vpc.enableDnsSupport()
                + ", enableDnsHostnames=" + vpc.enableDnsHostnames());
    }

    private ServicePath servicePath(InstanceContext context, String service) {
        Ec2Instance instance = context.instance();
        String serviceName = "com.amazonaws." + context.region() + "." + service;
        List<String> notes = new ArrayList<>();
        VpcEndpoint privateDns = null;
        for (VpcEndpoint endpoint : context.index().endpointsInVpc(instance.vpcId())) {
            if (!endpoint.serviceName().equals(serviceName) || !"Interface".equalsIgnoreCase(endpoint.type())) {
                continue;
            }
            if (endpoint.available() && endpoint.privateDnsEnabled()) {
                privateDns = endpoint;
                break;
            }
            notes.add(endpoint.vpcEndpointId() + " serves " + service + " but is " + endpoint.state()
                    + (endpoint.privateDnsEnabled() ? "" : " with private DNS off")
                    + ", so the regional name still resolves to public addresses");
        }
        if (privateDns != null) {
            Decision effect = privateDnsEffect(context, instance.vpcId());
            if (effect.reach() == Reach.UNKNOWN) {
                return new ServicePath("via " + privateDns.vpcEndpointId(), effect);
            }
            if (effect.reach() == Reach.BLOCKED) {
                notes.add(privateDns.vpcEndpointId() + " serves " + service + " with private DNS on, but "
                        + effect.evidence().get(0) + ", so the regional name resolves to public addresses");
                privateDns = null;
            }
        }
        if (privateDns != null) {
            if (privateDns.interfaces().isEmpty()) {
                return new ServicePath("via " + privateDns.vpcEndpointId(), Decision.of(Reach.UNKNOWN,
                        privateDns.vpcEndpointId() + " has no network interface addresses in the snapshot"));
            }
            List<Target> targets = new ArrayList<>();
            for (EndpointInterface eni : privateDns.interfaces()) {
                List<String> addresses = new ArrayList<>();
                if (privateDns.privateNameHasIpv4()) {
                    addresses.add(eni.privateIp());
                }
                if (privateDns.privateNameHasIpv6()) {
                    addresses.addAll(eni.ipv6Addresses());
                }
                for (String address : addresses) {
                    targets.add(new Target(address + " (" + privateDns.vpcEndpointId() + " " + service + ")",
                            context.index().cidr(address), privateDns.groupIds(), privateDns.vpcId(),
                            eni.subnetId()));
                }
            }
            AddressFamilies.Outcome outcome = Reachability.reachAll(context.paths(), instance, targets, Protocol.TCP,
                    443);
            return new ServicePath("via " + privateDns.vpcEndpointId() + " (private DNS, " + targets.size()
                    + " address" + (targets.size() == 1 ? "" : "es") + ")", outcome.decision(),
                    outcome.blockedFamily(), List.of());
        }
        String reason = context.index().unknown(FactKind.VPC_ENDPOINTS, instance.vpcId());
        if (reason != null) {
            return new ServicePath("(endpoints unknown)", Decision.of(Reach.UNKNOWN,
                    "the VPC endpoints of " + instance.vpcId() + " could not be read: " + reason));
        }
        String host = service + "." + context.region() + ".amazonaws.com";
        Decision decision = context.paths().reach(instance, Target.internet(host), Protocol.TCP, 443);
        List<String> evidence = new ArrayList<>(notes);
        if (!decision.open()) {
            evidence.add("no available " + serviceName + " interface endpoint with private DNS in "
                    + instance.vpcId() + ", so " + host + " resolves to public addresses");
        }
        evidence.addAll(decision.evidence());
        return new ServicePath("via the internet (" + host + ")", decision.withEvidence(decision.reach(), evidence),
                null,
                dualStackNote(context, service));
    }

    /**
     * For a dual-stack instance whose agent has the UseDualStackEndpoint option: the IPv6 path to the service's
     * dual-stack endpoint, which the agent uses only with that option set (not visible to the monitor), reported
     * beside the verdict. Empty otherwise.
     */
    private static List<String> dualStackNote(InstanceContext context, String service) {
        Ec2Instance instance = context.instance();
        SsmInstance ssm = context.index().ssm(context.instanceId());
        Target ipv6 = Target.internetIpv6(service + "'s dual-stack endpoint");
        NetworkInterface eni = context.paths().sourceInterface(instance, ipv6);
        if (eni == null || eni.ipv6Addresses().isEmpty() || ssm == null || ssm.agentVersion() == null
                || SsmAgentVersionCheck.compare(ssm.agentVersion(), DUAL_STACK_FROM) < 0) {
            return List.of();
        }
        Decision decision = context.paths().reach(instance, ipv6, Protocol.TCP, 443);
        String header = "IPv6 path to " + ipv6.label() + " (used only if the agent's UseDualStackEndpoint option is"
                + " set; not part of the verdict): ";
        if (decision.open()) {
            return List.of(header + "open");
        }
        List<String> note = new ArrayList<>();
        note.add(header + "not open:");
        note.addAll(decision.evidence());
        return note;
    }
}
