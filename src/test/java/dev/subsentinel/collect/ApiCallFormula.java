package dev.subsentinel.collect;

import dev.subsentinel.testing.CannedAws;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The number of AWS calls {@link FleetCollector} makes for a fleet of a given shape: the formula of its Javadoc,
 * written out per operation so that a mismatch names the operation. Keyed like {@code ApiCallCounter.byOperation()}.
 */
final class ApiCallFormula {

    /**
     * What the call count depends on.
     *
     * @param lmusInstances        L: instances LM-US lists
     * @param lmusPageSize         pL: the instance listing's LM-US page size (it asks for LmusReader.PAGE_SIZE)
     * @param identityProviders    I: LM-US identity providers
     * @param tagged               T: tagged instances in live states (fleet scope)
     * @param describedById        X: ids described by id (LM-US or tracked ids the tagged listing missed)
     * @param live                 N: instances in pending, running, stopping, stopped
     * @param managedPerSsmBatch   M_b: for each batch of up to 100 running instances, the nodes SSM returns
     * @param directoryNamed       whether a provider or an LM-US instance names a directory
     * @param directoryPages       pages of DescribeDirectories (the account's directories)
     * @param resolverRules        RR: the account's resolver rules
     * @param resolverAssociations RA: the account's resolver rule associations
     * @param accountFromEc2       whether a reservation named the account (else STS is asked)
     * @param providerSubnets      whether the providers name subnets
     * @param baseVpcs             B: the instances' and the providers' VPCs
     * @param vpcs                 V: B plus their active peers that EC2 describes
     * @param instanceVpcs         the VPCs of the instances (DNS attributes are read for those only)
     * @param routesToNat          whether a route of those VPCs leads to a NAT gateway
     * @param routesToIgw          whether a route of those VPCs leads to an internet gateway
     * @param dhcpOptionSets       DO: DHCP options sets of those VPCs
     * @param endpointInterfaces   E: interfaces of the VPC endpoints of those VPCs
     * @param securityGroups       G: groups of the instances, endpoints and providers
     * @param prefixListEntries    for each referenced prefix list, its number of entries
     * @param routesToEigw         whether a route of those VPCs leads to an egress-only internet gateway (the
     *                             account's gateways fit one page of 255)
     * @param remoteDesktop        whether an instance LM-US lists has REMOTE_DESKTOP_SERVICES
     * @param licenseServerEndpoints LSE: the account's licence server endpoints
     * @param licenseServerIpv4    LS4: licence server IPv4 addresses
     * @param licenseServerIpv6Only LS6: IPv6 addresses of licence servers without an IPv4 address
     */
    record Shape(int lmusInstances, int lmusPageSize, int identityProviders, int tagged, int describedById, int live,
            List<Integer> managedPerSsmBatch, boolean directoryNamed, int directoryPages, int resolverRules,
            int resolverAssociations, boolean accountFromEc2, boolean providerSubnets, int baseVpcs, int vpcs,
            int instanceVpcs, boolean routesToNat, boolean routesToIgw, int dhcpOptionSets, int endpointInterfaces,
            int securityGroups, List<Integer> prefixListEntries, boolean routesToEigw, boolean remoteDesktop,
            int licenseServerEndpoints, int licenseServerIpv4, int licenseServerIpv6Only) {

        /** A shape without egress-only gateways and without Remote Desktop Services (before issue 10). */
        Shape(int lmusInstances, int lmusPageSize, int identityProviders, int tagged, int describedById, int live,
                List<Integer> managedPerSsmBatch, boolean directoryNamed, int directoryPages, int resolverRules,
                int resolverAssociations, boolean accountFromEc2, boolean providerSubnets, int baseVpcs, int vpcs,
                int instanceVpcs, boolean routesToNat, boolean routesToIgw, int dhcpOptionSets,
                int endpointInterfaces, int securityGroups, List<Integer> prefixListEntries) {
            this(lmusInstances, lmusPageSize, identityProviders, tagged, describedById, live, managedPerSsmBatch,
                    directoryNamed, directoryPages, resolverRules, resolverAssociations, accountFromEc2,
                    providerSubnets, baseVpcs, vpcs, instanceVpcs, routesToNat, routesToIgw, dhcpOptionSets,
                    endpointInterfaces, securityGroups, prefixListEntries, false, false, 0, 0, 0);
        }

        /** This shape with egress-only gateways on its routes and Remote Desktop Services with its licence servers. */
        Shape withIssueTen(boolean eigw, int endpoints, int ipv4, int ipv6Only, int groups) {
            return new Shape(lmusInstances, lmusPageSize, identityProviders, tagged, describedById, live,
                    managedPerSsmBatch, directoryNamed, directoryPages, resolverRules, resolverAssociations,
                    accountFromEc2, providerSubnets, baseVpcs, vpcs, instanceVpcs, routesToNat, routesToIgw,
                    dhcpOptionSets, endpointInterfaces, groups, prefixListEntries, eigw, true, endpoints, ipv4,
                    ipv6Only);
        }
    }

    private ApiCallFormula() {
    }

    /** Calls per {@code Service:Operation}. */
    static Map<String, Integer> byOperation(Shape s) {
        Map<String, Integer> calls = new TreeMap<>();
        add(calls, "LicenseManagerUserSubscriptions:ListInstances", pages(s.lmusInstances(), s.lmusPageSize()));
        add(calls, "LicenseManagerUserSubscriptions:ListIdentityProviders",
                pages(s.identityProviders(), CannedAws.LMUS_PAGE_SIZE));
        add(calls, "Ec2:DescribeInstances", pages(s.tagged(), 1000) + batches(s.describedById(), 200));
        add(calls, "Ec2:DescribeIamInstanceProfileAssociations", batches(s.live(), 200));
        add(calls, "Ssm:DescribeInstanceInformation",
                s.managedPerSsmBatch().stream().mapToInt(m -> pages(m, 50)).sum());
        add(calls, "Directory:DescribeDirectories", s.directoryNamed() ? s.directoryPages() : 0);
        add(calls, "Route53Resolver:ListResolverRules", pages(s.resolverRules(), 100));
        add(calls, "Route53Resolver:ListResolverRuleAssociations", pages(s.resolverAssociations(), 100));
        add(calls, "Sts:GetCallerIdentity", s.accountFromEc2() ? 0 : 1);
        add(calls, "Ec2:DescribeSubnets", (s.providerSubnets() ? 1 : 0) + (s.vpcs() > 0 ? 1 : 0));
        add(calls, "Ec2:DescribeVpcPeeringConnections", s.baseVpcs() > 0 ? 1 : 0);
        if (s.vpcs() > 0) {
            for (String operation : List.of("DescribeVpcs", "DescribeRouteTables", "DescribeNetworkAcls",
                    "DescribeVpcEndpoints")) {
                add(calls, "Ec2:" + operation, 1);
            }
            add(calls, "Ec2:DescribeNatGateways", s.routesToNat() ? 1 : 0);
            add(calls, "Ec2:DescribeInternetGateways", s.routesToIgw() ? 1 : 0);
            add(calls, "Ec2:DescribeEgressOnlyInternetGateways", s.routesToEigw() ? 1 : 0);
            add(calls, "Ec2:DescribeVpcAttribute", 2 * s.instanceVpcs());
        }
        add(calls, "Ec2:DescribeDhcpOptions", s.dhcpOptionSets() > 0 ? 1 : 0);
        add(calls, "LicenseManagerUserSubscriptions:ListLicenseServerEndpoints",
                s.remoteDesktop() ? pages(s.licenseServerEndpoints(), 100) : 0);
        add(calls, "Ec2:DescribeNetworkInterfaces", batches(s.endpointInterfaces(), 200)
                + (s.directoryNamed() ? 1 : 0)
                + (s.remoteDesktop() ? batches(s.licenseServerIpv4(), 200) + batches(s.licenseServerIpv6Only(), 200)
                        : 0));
        add(calls, "Iam:GetRole", s.tagged() + s.lmusInstances() + s.describedById() > 0 ? 1 : 0);
        add(calls, "Ec2:DescribeSecurityGroups", batches(s.securityGroups(), 200));
        add(calls, "Ec2:GetManagedPrefixListEntries",
                s.prefixListEntries().stream().mapToInt(e -> pages(e, 100)).sum());
        return calls;
    }

    /** All calls. */
    static int total(Shape shape) {
        return byOperation(shape).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A list call makes at least one request, then one per full page. */
    static int pages(int items, int pageSize) {
        return Math.max(1, (items + pageSize - 1) / pageSize);
    }

    /** A call per batch of filter values; none without values. */
    static int batches(int values, int batchSize) {
        return (values + batchSize - 1) / batchSize;
    }

    private static void add(Map<String, Integer> calls, String operation, int count) {
        if (count > 0) {
            calls.put(operation, count);
        }
    }
}
