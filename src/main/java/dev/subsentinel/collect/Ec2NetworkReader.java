package dev.subsentinel.collect;

import static dev.subsentinel.collect.Ec2InstanceReader.MAX_FILTER_VALUES;
import static dev.subsentinel.collect.Ec2InstanceReader.filter;

import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.EgressOnlyInternetGateway;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LicenseServerInterface;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeDhcpOptionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeEgressOnlyInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkAclsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcPeeringConnectionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.GetManagedPrefixListEntriesRequest;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The network facts of a set of VPCs. Every method makes one call per {@value Ec2InstanceReader#MAX_FILTER_VALUES}
 * filter values (in practice one call for the whole fleet) and follows every page; only
 * {@link #vpcAttribute(String, VpcAttributeName)} is per VPC, because DescribeVpcAttribute takes one VPC and one
 * attribute.
 */
final class Ec2NetworkReader {

    /** DescribeRouteTables returns at most 100 a page; the other Describe calls here 1000. */
    static final int ROUTE_TABLE_PAGE = 100;
    static final int PAGE_SIZE = 1000;
    /** DescribeEgressOnlyInternetGateways MaxResults: 5 to 255 (EC2 API reference). */
    static final int EIGW_PAGE = 255;
    /** GetManagedPrefixListEntries returns at most 100 entries a page. */
    static final int PREFIX_LIST_PAGE = 100;

    private final Ec2Client ec2;
    private final AwsCalls calls;

    Ec2NetworkReader(Ec2Client ec2, AwsCalls calls) {
        this.ec2 = ec2;
        this.calls = calls;
    }

    /** Subnets by a filter: {@code vpc-id} with VPC ids, or {@code subnet-id} with subnet ids. */
    Fetched<List<Subnet>> subnets(String filterName, Collection<String> values) {
        return calls.fetch("ec2:DescribeSubnets", () -> inBatches(values, batch -> {
            List<Subnet> subnets = new ArrayList<>();
            ec2.describeSubnetsPaginator(DescribeSubnetsRequest.builder()
                    .filters(filter(filterName, batch)).maxResults(PAGE_SIZE).build())
                    .subnets().forEach(s -> subnets.add(Ec2Mapper.subnet(s)));
            return subnets;
        }));
    }

    /**
     * The peering connections on either side of which one of the VPCs sits (two calls: requester, accepter). The
     * result is checked against the VPCs as well, so it is exact whatever the endpoint does with the filters.
     */
    Fetched<List<PeeringConnection>> peeringConnections(Collection<String> vpcIds) {
        // One listing of the account's peering connections (a page holds 1,000), kept when either side is one of the
        // VPCs: a filter can name only one side, so filtering would take two calls.
        return calls.fetch("ec2:DescribeVpcPeeringConnections", () -> {
            Map<String, PeeringConnection> byId = new LinkedHashMap<>();
            ec2.describeVpcPeeringConnectionsPaginator(DescribeVpcPeeringConnectionsRequest.builder()
                    .maxResults(PAGE_SIZE).build())
                    .vpcPeeringConnections()
                    .forEach(p -> byId.putIfAbsent(p.vpcPeeringConnectionId(), Ec2Mapper.peering(p)));
            return byId.values().stream()
                    .filter(p -> vpcIds.contains(p.requesterVpcId()) || vpcIds.contains(p.accepterVpcId()))
                    .toList();
        });
    }

    /** The VPCs, without their DNS attributes. */
    Fetched<List<Vpc>> vpcs(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeVpcs", () -> inBatches(vpcIds, batch -> {
            List<Vpc> vpcs = new ArrayList<>();
            ec2.describeVpcsPaginator(DescribeVpcsRequest.builder()
                    .filters(filter("vpc-id", batch)).maxResults(PAGE_SIZE).build())
                    .vpcs().forEach(v -> vpcs.add(Ec2Mapper.vpc(v)));
            return vpcs;
        }));
    }

    /** One DNS attribute of one VPC: the only per-VPC call of a scan. */
    Fetched<Boolean> vpcAttribute(String vpcId, VpcAttributeName attribute) {
        return calls.fetch("ec2:DescribeVpcAttribute", () -> {
            DescribeVpcAttributeResponse response = ec2.describeVpcAttribute(DescribeVpcAttributeRequest.builder()
                    .vpcId(vpcId).attribute(attribute).build());
            var value = attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? response.enableDnsSupport()
                    : response.enableDnsHostnames();
            if (value == null || value.value() == null) {
                throw new IllegalStateException(attribute + " missing from the response for " + vpcId);
            }
            return value.value();
        });
    }

    /** The route tables of the VPCs. */
    Fetched<List<RouteTable>> routeTables(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeRouteTables", () -> inBatches(vpcIds, batch -> {
            List<RouteTable> tables = new ArrayList<>();
            ec2.describeRouteTablesPaginator(DescribeRouteTablesRequest.builder()
                    .filters(filter("vpc-id", batch)).maxResults(ROUTE_TABLE_PAGE).build())
                    .routeTables().forEach(t -> tables.add(Ec2Mapper.routeTable(t)));
            return tables;
        }));
    }

    /** The network ACLs of the VPCs. */
    Fetched<List<NetworkAcl>> networkAcls(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeNetworkAcls", () -> inBatches(vpcIds, batch -> {
            List<NetworkAcl> acls = new ArrayList<>();
            ec2.describeNetworkAclsPaginator(DescribeNetworkAclsRequest.builder()
                    .filters(filter("vpc-id", batch)).maxResults(PAGE_SIZE).build())
                    .networkAcls().forEach(a -> acls.add(Ec2Mapper.networkAcl(a)));
            return acls;
        }));
    }

    /** The VPC endpoints of the VPCs, as the SDK describes them (their interfaces are read separately). */
    Fetched<List<VpcEndpoint>> vpcEndpoints(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeVpcEndpoints", () -> inBatches(vpcIds, batch -> {
            List<VpcEndpoint> endpoints = new ArrayList<>();
            ec2.describeVpcEndpointsPaginator(DescribeVpcEndpointsRequest.builder()
                    .filters(filter("vpc-id", batch)).maxResults(PAGE_SIZE).build())
                    .vpcEndpoints().forEach(endpoints::add);
            return endpoints;
        }));
    }

    /** The subnet and address of VPC endpoint network interfaces, by interface id (at most 200 ids). */
    Fetched<Map<String, EndpointInterface>> endpointInterfaces(List<String> networkInterfaceIds) {
        Ec2InstanceReader.requireBatch(networkInterfaceIds);
        return calls.fetch("ec2:DescribeNetworkInterfaces", () -> {
            Map<String, EndpointInterface> byId = new HashMap<>();
            ec2.describeNetworkInterfacesPaginator(DescribeNetworkInterfacesRequest.builder()
                    .filters(filter("network-interface-id", networkInterfaceIds)).maxResults(PAGE_SIZE).build())
                    .networkInterfaces().forEach(eni -> {
                        if (eni.subnetId() != null && eni.privateIpAddress() != null) {
                            byId.put(eni.networkInterfaceId(), Ec2Mapper.endpointInterface(eni));
                        }
                    });
            return byId;
        });
    }

    /** The NAT gateways of the VPCs. */
    Fetched<List<NatGateway>> natGateways(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeNatGateways", () -> inBatches(vpcIds, batch -> {
            List<NatGateway> gateways = new ArrayList<>();
            ec2.describeNatGatewaysPaginator(DescribeNatGatewaysRequest.builder()
                    .filter(filter("vpc-id", batch)).maxResults(PAGE_SIZE).build())
                    .natGateways().forEach(n -> gateways.add(Ec2Mapper.natGateway(n)));
            return gateways;
        }));
    }

    /** The internet gateways attached to the VPCs. */
    Fetched<List<InternetGateway>> internetGateways(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeInternetGateways", () -> inBatches(vpcIds, batch -> {
            List<InternetGateway> gateways = new ArrayList<>();
            ec2.describeInternetGatewaysPaginator(DescribeInternetGatewaysRequest.builder()
                    .filters(filter("attachment.vpc-id", batch)).maxResults(PAGE_SIZE).build())
                    .internetGateways().forEach(g -> gateways.add(Ec2Mapper.internetGateway(g)));
            return gateways;
        }));
    }

    /**
     * The egress-only internet gateways attached to the VPCs. DescribeEgressOnlyInternetGateways has no VPC filter
     * (only tags), so the account's gateways are listed (pages of {@value #EIGW_PAGE}, its maximum) and kept when
     * attached to one of the VPCs.
     */
    Fetched<List<EgressOnlyInternetGateway>> egressOnlyInternetGateways(Collection<String> vpcIds) {
        return calls.fetch("ec2:DescribeEgressOnlyInternetGateways", () -> {
            List<EgressOnlyInternetGateway> gateways = new ArrayList<>();
            ec2.describeEgressOnlyInternetGatewaysPaginator(DescribeEgressOnlyInternetGatewaysRequest.builder()
                    .maxResults(EIGW_PAGE).build())
                    .egressOnlyInternetGateways().forEach(g -> {
                        EgressOnlyInternetGateway gateway = Ec2Mapper.egressOnlyInternetGateway(g);
                        if (gateway.attachments().stream().anyMatch(a -> vpcIds.contains(a.vpcId()))) {
                            gateways.add(gateway);
                        }
                    });
            return gateways;
        });
    }

    /**
     * The interfaces that hold these addresses (the licence servers'): one call per {@value
     * Ec2InstanceReader#MAX_FILTER_VALUES} IPv4 addresses with the {@code addresses.private-ip-address} filter, and
     * for addresses of servers that have no IPv4 address, per 200 IPv6 addresses with {@code
     * ipv6-addresses.ipv6-address}.
     */
    Fetched<List<LicenseServerInterface>> interfacesHolding(Collection<String> ipv4Addresses,
            Collection<String> ipv6Addresses) {
        return calls.fetch("ec2:DescribeNetworkInterfaces", () -> {
            Map<String, LicenseServerInterface> byId = new LinkedHashMap<>();
            for (var filterAndValues : List.of(Map.entry("addresses.private-ip-address", ipv4Addresses),
                    Map.entry("ipv6-addresses.ipv6-address", ipv6Addresses))) {
                inBatches(filterAndValues.getValue(), batch -> {
                    ec2.describeNetworkInterfacesPaginator(DescribeNetworkInterfacesRequest.builder()
                            .filters(filter(filterAndValues.getKey(), batch)).maxResults(PAGE_SIZE).build())
                            .networkInterfaces().forEach(eni -> {
                                if (eni.subnetId() != null && eni.vpcId() != null && eni.privateIpAddress() != null) {
                                    byId.putIfAbsent(eni.networkInterfaceId(), Ec2Mapper.licenseServerInterface(eni));
                                }
                            });
                    return List.of();
                });
            }
            return List.copyOf(byId.values());
        });
    }

    /** DHCP options sets by id. */
    Fetched<List<DhcpOptions>> dhcpOptions(Collection<String> dhcpOptionsIds) {
        return calls.fetch("ec2:DescribeDhcpOptions", () -> inBatches(dhcpOptionsIds, batch -> {
            List<DhcpOptions> options = new ArrayList<>();
            ec2.describeDhcpOptionsPaginator(DescribeDhcpOptionsRequest.builder()
                    .filters(filter("dhcp-options-id", batch)).maxResults(PAGE_SIZE).build())
                    .dhcpOptions().forEach(o -> options.add(Ec2Mapper.dhcpOptions(o)));
            return options;
        }));
    }

    /** Security groups by id (at most 200 ids), with their rules flattened one peer each. */
    Fetched<List<SecurityGroup>> securityGroups(List<String> groupIds) {
        Ec2InstanceReader.requireBatch(groupIds);
        return calls.fetch("ec2:DescribeSecurityGroups", () -> {
            List<SecurityGroup> groups = new ArrayList<>();
            ec2.describeSecurityGroupsPaginator(DescribeSecurityGroupsRequest.builder()
                    .filters(filter("group-id", groupIds)).maxResults(PAGE_SIZE).build())
                    .securityGroups().forEach(g -> groups.add(Ec2Mapper.securityGroup(g)));
            return groups;
        });
    }

    /** The entries of one managed prefix list (the API takes one list per call). */
    Fetched<PrefixList> prefixList(String prefixListId) {
        return calls.fetch("ec2:GetManagedPrefixListEntries", () -> {
            List<String> cidrs = new ArrayList<>();
            ec2.getManagedPrefixListEntriesPaginator(GetManagedPrefixListEntriesRequest.builder()
                    .prefixListId(prefixListId).maxResults(PREFIX_LIST_PAGE).build())
                    .entries().forEach(e -> {
                        if (e.cidr() != null) {
                            cidrs.add(e.cidr());
                        }
                    });
            return new PrefixList(prefixListId, null, cidrs);
        });
    }

    private static <T> List<T> inBatches(Collection<String> values, Function<List<String>, List<T>> call) {
        List<T> all = new ArrayList<>();
        for (List<String> batch : Clients.batches(values.stream().filter(Objects::nonNull).distinct().toList(),
                MAX_FILTER_VALUES)) {
            all.addAll(call.apply(batch));
        }
        return all;
    }
}
