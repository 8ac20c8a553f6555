package dev.subsentinel.core.check;

import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.VpcEndpoint;
import dev.subsentinel.core.net.AddressFamilies;
import dev.subsentinel.core.net.Decision;
import dev.subsentinel.core.net.Protocol;
import dev.subsentinel.core.net.Target;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Office activates its licence against KMS hosts behind interface VPC endpoints that LM-US creates in the identity
 * provider's {@code Settings.Subnets}, carrying its {@code Settings.SecurityGroupId}. The instance must open tcp/1688
 * to every one of their addresses and receive the replies. When no such endpoint is found, the subnets' CIDRs stand
 * in for the addresses and the evidence says so.
 *
 * <p>Address families: Office reaches the activation endpoints by their own DNS names (the VPC endpoint's Regional
 * and zonal names, not a service's private name), which have AAAA records with {@code DnsRecordIpType} ipv6, dualstack
 * or service-defined ({@link VpcEndpoint#endpointNamesHaveIpv6()}); their IPv6 addresses are then judged too, for a
 * dual-stack instance ({@link dev.subsentinel.core.net.AddressFamilies}).
 */
public final class ActivationPathCheck extends BaseCheck {

    /** The KMS activation port. */
    public static final int KMS_PORT = 1688;

    @Override
    public CheckId id() {
        return CheckId.ACTIVATION_PATH;
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("license-manager-user-subscriptions:ListIdentityProviders", "ec2:DescribeSecurityGroups",
                "ec2:DescribeVpcEndpoints", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls", "ec2:DescribeVpcPeeringConnections",
                "ec2:GetManagedPrefixListEntries");
    }

    @Override
    public String remediation() {
        return "Allow tcp/1688 from the instance to the licence-activation endpoints: instance security group egress,"
                + " ingress on the endpoints' group (Settings.SecurityGroupId), routes both ways, and network ACLs"
                + " both ways including reply ports 49152-65535.";
    }

    @Override
    public boolean skippedWhenStopped() {
        return true;
    }

    @Override
    public CheckResult evaluate(InstanceContext context) {
        List<String> office = context.products().stream().filter(Products::isOffice).toList();
        if (context.products().isEmpty()) {
            String reason = context.index().unknown(FactKind.LMUS_INSTANCES, context.instanceId());
            if (reason != null) {
                return unknown("products unknown", "LM-US ListInstances failed, so the products are unknown: "
                        + reason);
            }
            return skipped("no Office product (LM-US lists no product for this instance)");
        }
        if (office.isEmpty()) {
            return skipped("no Office product (" + String.join(", ", context.products()) + ")");
        }
        IdentityProviderResolver.Resolution resolution = context.directories().resolve(context.instance(),
                context.lmus(), provider -> Products.isOffice(provider.product()));
        switch (resolution.outcome()) {
            case UNKNOWN -> {
                return unknown("activation endpoints unknown", resolution.detail());
            }
            case NONE, AMBIGUOUS -> {
                return fail("no activation directory for Office", List.of(resolution.detail()));
            }
            case FOUND -> {
                return evaluatePath(context, resolution);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private CheckResult evaluatePath(InstanceContext context, IdentityProviderResolver.Resolution resolution) {
        IdentityProvider provider = resolution.provider();
        List<String> evidence = new ArrayList<>();
        evidence.add(resolution.detail() + "; activation subnets " + String.join(", ", provider.subnetIds())
                + ", endpoint group " + provider.securityGroupId());
        Set<VpcEndpoint> matching = new LinkedHashSet<>();
        for (String subnetId : provider.subnetIds()) {
            for (VpcEndpoint endpoint : context.index().endpointsInSubnet(subnetId)) {
                if (provider.securityGroupId() != null && endpoint.groupIds().contains(provider.securityGroupId())
                        && "Interface".equalsIgnoreCase(endpoint.type())) {
                    matching.add(endpoint);
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (VpcEndpoint endpoint : matching) {
            if (!endpoint.available()) {
                unavailable.add(endpoint.vpcEndpointId() + " is " + endpoint.state());
                continue;
            }
            for (EndpointInterface eni : endpoint.interfaces()) {
                if (!provider.subnetIds().contains(eni.subnetId())) {
                    continue;
                }
                List<String> addresses = new ArrayList<>();
                if (!"ipv6".equalsIgnoreCase(endpoint.dnsRecordIpType())) {
                    addresses.add(eni.privateIp());
                }
                if (endpoint.endpointNamesHaveIpv6()) {
                    addresses.addAll(eni.ipv6Addresses());
                }
                for (String address : addresses) {
                    targets.add(new Target(address + " (" + endpoint.vpcEndpointId() + ")",
                            context.index().cidr(address), endpoint.groupIds(), endpoint.vpcId(), eni.subnetId()));
                }
            }
        }
        if (targets.isEmpty() && !unavailable.isEmpty()) {
            evidence.addAll(unavailable);
            return fail("activation endpoints not available", evidence);
        }
        if (targets.isEmpty()) {
            String reason = context.index().unknown(FactKind.VPC_ENDPOINTS, resolution.vpcId());
            if (reason != null) {
                return unknown("activation endpoints unknown", "the VPC endpoints of " + resolution.vpcId()
                        + " could not be read: " + reason);
            }
            evidence.add("no available interface endpoint carrying " + provider.securityGroupId() + " was found in "
                    + String.join(", ", provider.subnetIds()) + "; their CIDRs stand in for the activation endpoints");
            for (String subnetId : provider.subnetIds()) {
                Subnet subnet = context.index().subnet(subnetId);
                if (subnet != null && subnet.cidrBlock() != null) {
                    List<String> groups = provider.securityGroupId() == null ? List.of()
                            : List.of(provider.securityGroupId());
                    targets.add(new Target(subnet.cidrBlock() + " (" + subnetId + ", activation subnet)",
                            context.index().cidr(subnet.cidrBlock()), groups, subnet.vpcId(), subnetId));
                }
            }
            if (targets.isEmpty()) {
                return unknown("activation subnets unknown", "none of " + String.join(", ", provider.subnetIds())
                        + " is in the snapshot");
            }
        }
        evidence.addAll(unavailable);
        AddressFamilies.Outcome outcome = Reachability.reachAll(context.paths(), context.instance(), targets,
                Protocol.TCP, KMS_PORT);
        Decision decision = outcome.decision();
        evidence.addAll(decision.evidence());
        Status status = Reachability.status(decision.reach());
        String summary = switch (status) {
            case PASS -> "licence activation reachable on tcp/1688 (" + targets.size() + " address"
                    + (targets.size() == 1 ? "" : "es") + ")";
            case FAIL -> "licence activation blocked on tcp/1688";
            case WARN -> outcome.blockedFamily() != null ? "licence activation blocked" + Reachability.blockedFamily(
                    outcome) + " on tcp/1688" : "licence activation path on tcp/1688 not proven";
            default -> "licence activation path could not be evaluated";
        };
        return planned(result(status, summary, evidence).withPaths(decision.paths()),
                networkPlan(context.index(), decision.causes()));
    }
}
