package dev.subsentinel.app.change;

import dev.subsentinel.config.Clients;
import dev.subsentinel.core.check.LmNetworkInterfacesCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * The EC2 Describe calls of one change mapping: batched (at most {@value #BATCH} ids or filter values a request),
 * paginated, counted, and tolerant of resources that no longer exist (a {@code *.NotFound} error for a batch is
 * retried id by id, and a missing id is simply absent from the result). Results that several steps need are cached
 * for the life of the reader, which is one mapping.
 */
final class Ec2Reader {

    /** Ids or filter values per request: EC2 accepts up to 200 filter values. */
    static final int BATCH = 200;

    private final Ec2Client ec2;
    private final Map<String, List<RouteTable>> routeTablesByVpc = new HashMap<>();
    private final Map<String, List<NetworkAcl>> networkAclsByVpc = new HashMap<>();
    private List<VpcPeeringConnection> peerings;
    private int calls;

    Ec2Reader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The requests made so far. */
    int calls() {
        return calls;
    }

    /** Instances carrying the tag, in any state. */
    List<Instance> instancesTagged(String key, String value) {
        return paged("ec2:DescribeInstances", token -> {
            var page = ec2.describeInstances(r -> r.filters(filter("tag:" + key, List.of(value))).maxResults(1000)
                    .nextToken(token));
            return new Page<>(page.reservations().stream().map(Reservation::instances).flatMap(List::stream)
                    .toList(), page.nextToken());
        });
    }

    /** The instances among these ids that exist, optionally only those carrying the tag; any state. */
    List<Instance> instances(Collection<String> ids, String tagKey, String tagValue) {
        return batched(ids, batch -> paged("ec2:DescribeInstances", token -> {
            List<Filter> filters = new ArrayList<>();
            filters.add(filter("instance-id", batch));
            if (tagKey != null) {
                filters.add(filter("tag:" + tagKey, List.of(tagValue)));
            }
            var page = ec2.describeInstances(r -> r.filters(filters).nextToken(token));
            return new Page<>(page.reservations().stream().map(Reservation::instances).flatMap(List::stream)
                    .toList(), page.nextToken());
        }));
    }

    /** Security group id to VPC id, for the groups that exist. */
    Map<String, String> securityGroupVpcs(Collection<String> groupIds) {
        Map<String, String> vpcs = new LinkedHashMap<>();
        tolerant(groupIds, batch -> {
            calls++;
            return call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.groupIds(batch))
                    .securityGroups());
        }).forEach((SecurityGroup group) -> vpcs.put(group.groupId(), group.vpcId()));
        return vpcs;
    }

    /** Subnet id to VPC id, for the subnets that exist. */
    Map<String, String> subnetVpcs(Collection<String> subnetIds) {
        Map<String, String> vpcs = new LinkedHashMap<>();
        tolerant(subnetIds, batch -> {
            calls++;
            return call("ec2:DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(batch)).subnets());
        }).forEach((Subnet subnet) -> vpcs.put(subnet.subnetId(), subnet.vpcId()));
        return vpcs;
    }

    /** The endpoints with these ids that exist (deleted ones stay visible for a while, state {@code deleted}). */
    List<VpcEndpoint> endpoints(Collection<String> endpointIds) {
        return tolerant(endpointIds, batch -> paged("ec2:DescribeVpcEndpoints", token -> {
            var page = ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(batch).nextToken(token));
            return new Page<>(page.vpcEndpoints(), page.nextToken());
        }));
    }

    /** Every endpoint in these VPCs. */
    List<VpcEndpoint> endpointsInVpcs(Collection<String> vpcIds) {
        return batched(vpcIds, batch -> paged("ec2:DescribeVpcEndpoints", token -> {
            var page = ec2.describeVpcEndpoints(r -> r.filters(filter("vpc-id", batch)).nextToken(token));
            return new Page<>(page.vpcEndpoints(), page.nextToken());
        }));
    }

    /** Every peering connection of the account and region, in any status (read once per mapping). */
    List<VpcPeeringConnection> peerings() {
        if (peerings == null) {
            peerings = paged("ec2:DescribeVpcPeeringConnections", token -> {
                var page = ec2.describeVpcPeeringConnections(r -> r.nextToken(token));
                return new Page<>(page.vpcPeeringConnections(), page.nextToken());
            });
        }
        return peerings;
    }

    /** The route tables with these ids that exist. */
    List<RouteTable> routeTables(Collection<String> routeTableIds) {
        return tolerant(routeTableIds, batch -> paged("ec2:DescribeRouteTables", token -> {
            var page = ec2.describeRouteTables(r -> r.routeTableIds(batch).nextToken(token));
            return new Page<>(page.routeTables(), page.nextToken());
        }));
    }

    /** The route tables holding these associations (subnet or main). */
    List<RouteTable> routeTablesWithAssociations(Collection<String> associationIds) {
        return routeTablesFiltered("association.route-table-association-id", associationIds);
    }

    /** The route tables with a route through these NAT gateways (also blackhole routes to deleted ones). */
    List<RouteTable> routeTablesThroughNatGateways(Collection<String> natGatewayIds) {
        return routeTablesFiltered("route.nat-gateway-id", natGatewayIds);
    }

    /** Every route table of a VPC (cached). */
    List<RouteTable> routeTablesInVpc(String vpcId) {
        return routeTablesByVpc.computeIfAbsent(vpcId, id -> routeTablesFiltered("vpc-id", List.of(id)));
    }

    /** The network ACLs with these ids that exist. */
    List<NetworkAcl> networkAcls(Collection<String> networkAclIds) {
        return tolerant(networkAclIds, batch -> paged("ec2:DescribeNetworkAcls", token -> {
            var page = ec2.describeNetworkAcls(r -> r.networkAclIds(batch).nextToken(token));
            return new Page<>(page.networkAcls(), page.nextToken());
        }));
    }

    /** The network ACLs holding these subnet associations. */
    List<NetworkAcl> networkAclsWithAssociations(Collection<String> associationIds) {
        return networkAclsFiltered("association.association-id", associationIds);
    }

    /** Every network ACL of a VPC (cached). */
    List<NetworkAcl> networkAclsInVpc(String vpcId) {
        return networkAclsByVpc.computeIfAbsent(vpcId, id -> networkAclsFiltered("vpc-id", List.of(id)));
    }

    /** Every NAT gateway of these VPCs. */
    List<NatGateway> natGatewaysInVpcs(Collection<String> vpcIds) {
        return batched(vpcIds, batch -> paged("ec2:DescribeNatGateways", token -> {
            var page = ec2.describeNatGateways(r -> r.filter(filter("vpc-id", batch)).nextToken(token));
            return new Page<>(page.natGateways(), page.nextToken());
        }));
    }

    /** The internet gateways with these ids that exist. */
    List<InternetGateway> internetGateways(Collection<String> gatewayIds) {
        return tolerant(gatewayIds, batch -> paged("ec2:DescribeInternetGateways", token -> {
            var page = ec2.describeInternetGateways(r -> r.internetGatewayIds(batch).nextToken(token));
            return new Page<>(page.internetGateways(), page.nextToken());
        }));
    }

    /** The network interfaces with these ids that exist. */
    List<NetworkInterface> networkInterfaces(Collection<String> interfaceIds) {
        return tolerant(interfaceIds, batch -> paged("ec2:DescribeNetworkInterfaces", token -> {
            var page = ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(batch).nextToken(token));
            return new Page<>(page.networkInterfaces(), page.nextToken());
        }));
    }

    /**
     * The network interfaces License Manager created for a directory (description containing
     * {@code LicenseManager}, docs/aws-facts.md) that carry one of these groups.
     */
    List<NetworkInterface> licenseManagerInterfaces(Collection<String> groupIds) {
        return batched(groupIds, batch -> paged("ec2:DescribeNetworkInterfaces", token -> {
            var page = ec2.describeNetworkInterfaces(r -> r.filters(filter("group-id", batch),
                    filter("description", List.of("*" + LmNetworkInterfacesCheck.DESCRIPTION_MARKER + "*")))
                    .nextToken(token));
            return new Page<>(page.networkInterfaces(), page.nextToken());
        }));
    }

    /** The instance-profile associations with these ids that still exist. */
    List<IamInstanceProfileAssociation> profileAssociations(Collection<String> associationIds) {
        return tolerant(associationIds, batch -> paged("ec2:DescribeIamInstanceProfileAssociations", token -> {
            var page = ec2.describeIamInstanceProfileAssociations(r -> r.associationIds(batch).nextToken(token));
            return new Page<>(page.iamInstanceProfileAssociations(), page.nextToken());
        }));
    }

    private List<RouteTable> routeTablesFiltered(String name, Collection<String> values) {
        return batched(values, batch -> paged("ec2:DescribeRouteTables", token -> {
            var page = ec2.describeRouteTables(r -> r.filters(filter(name, batch)).nextToken(token));
            return new Page<>(page.routeTables(), page.nextToken());
        }));
    }

    private List<NetworkAcl> networkAclsFiltered(String name, Collection<String> values) {
        return batched(values, batch -> paged("ec2:DescribeNetworkAcls", token -> {
            var page = ec2.describeNetworkAcls(r -> r.filters(filter(name, batch)).nextToken(token));
            return new Page<>(page.networkAcls(), page.nextToken());
        }));
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** One page of a Describe call. */
    private record Page<T>(List<T> items, String nextToken) {
    }

    /** Reads every page of a Describe call of this IAM action; each page is one counted request. */
    private <T> List<T> paged(String action, Function<String, Page<T>> request) {
        List<T> items = new ArrayList<>();
        String token = null;
        do {
            calls++;
            String pageToken = token;
            Page<T> page = call(action, () -> request.apply(pageToken));
            items.addAll(page.items());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return items;
    }

    /**
     * Makes one request of this IAM action. An id that does not exist stays an {@link Ec2Exception} (the tolerant
     * reads ask again without it); any other failure becomes a {@link MappingReadException} naming the action.
     */
    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (Ec2Exception e) {
            if (notFound(e)) {
                throw e;
            }
            throw MappingReadException.of(action, e);
        } catch (SdkException e) {
            throw MappingReadException.of(action, e);
        }
    }

    /** Runs a request per batch of ids. */
    private static <T> List<T> batched(Collection<String> ids, Function<List<String>, List<T>> request) {
        List<T> items = new ArrayList<>();
        for (List<String> batch : Clients.batches(new LinkedHashSet<>(ids), BATCH)) {
            items.addAll(request.apply(batch));
        }
        return items;
    }

    /**
     * Runs a request by ids per batch; when EC2 answers that one of them does not exist, asks again id by id so the
     * others are still found.
     */
    private static <T> List<T> tolerant(Collection<String> ids, Function<List<String>, List<T>> request) {
        return batched(ids, batch -> {
            try {
                return request.apply(batch);
            } catch (Ec2Exception e) {
                if (!notFound(e)) {
                    throw e;
                }
                if (batch.size() == 1) {
                    return List.of();
                }
                List<T> items = new ArrayList<>();
                for (String id : batch) {
                    try {
                        items.addAll(request.apply(List.of(id)));
                    } catch (Ec2Exception single) {
                        if (!notFound(single)) {
                            throw single;
                        }
                    }
                }
                return items;
            }
        });
    }

    private static boolean notFound(Ec2Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && code.endsWith(".NotFound");
    }
}
