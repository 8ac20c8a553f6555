package dev.subsentinel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.core.model.DhcpOptions;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.EndpointInterface;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.InternetGateway;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.model.NaclEntry;
import dev.subsentinel.core.model.NatGateway;
import dev.subsentinel.core.model.NetworkAcl;
import dev.subsentinel.core.model.NetworkInterface;
import dev.subsentinel.core.model.PeeringConnection;
import dev.subsentinel.core.model.PrefixList;
import dev.subsentinel.core.model.ResolverRule;
import dev.subsentinel.core.model.Route;
import dev.subsentinel.core.model.RouteTable;
import dev.subsentinel.core.model.SecurityGroup;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.core.model.SgRule;
import dev.subsentinel.core.model.SsmInstance;
import dev.subsentinel.core.model.Subnet;
import dev.subsentinel.core.model.Vpc;
import dev.subsentinel.core.model.VpcEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Answers the read-only calls of a scan from a {@link FleetSnapshot} held in memory, in the wire formats the AWS SDK
 * parses: EC2, IAM and STS in the Query protocol's XML (element names from the botocore service models), SSM,
 * Directory Service and Route 53 Resolver in AWS JSON 1.1, LM-US in REST JSON. Every lookup goes through an index
 * built once (by id, by VPC, by filter), so the work per request depends on the page it returns, not on the size of
 * the fleet. Pagination is emulated with the page sizes and limits the real APIs have (EC2: MaxResults 5..1000 and
 * 200 values per filter; SSM: MaxResults 5..50 and 100 ids; LM-US, which documents no range: MaxResults as asked up
 * to a cap the benchmark chooses, {@link #LMUS_DEFAULT_PAGE} without); the token is the offset of the next item.
 *
 * <p>This is the benchmark's emulated AWS ({@link FleetFront} serves it over HTTP): it answers exactly the calls the
 * collector makes and the filters it uses, and an unsupported call or filter is a 400 error naming it, so a collector
 * change that the front does not know fails the benchmark rather than measuring something else.
 */
final class FleetApi {

    /** LM-US page size when the request sets no MaxResults (LM-US documents none; the tests' canned LM-US uses 50). */
    static final int LMUS_DEFAULT_PAGE = 50;
    static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EC2_MAX_FILTER_VALUES = 200;

    /** A parsed request: service (the signing name), operation, Query parameters or JSON body. */
    record Request(String service, String operation, Map<String, List<String>> params, JsonNode body) {

        String param(String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An answer. */
    record Response(int status, String contentType, String body) {
    }

    private final FleetSnapshot fleet;
    private final int lmusMaxPage;
    private final boolean lmusRejectsLargerPages;
    private final String account;
    private final List<Ec2Instance> instances;
    private final Map<String, Ec2Instance> instancesById = new HashMap<>();
    private final Map<String, SsmInstance> ssmById = new HashMap<>();
    private final Map<String, LmusInstance> lmusById = new HashMap<>();
    private final Map<String, List<Subnet>> subnetsByVpc = new HashMap<>();
    private final Map<String, Subnet> subnetsById = new HashMap<>();
    private final Map<String, Vpc> vpcsById = new HashMap<>();
    private final Map<String, List<RouteTable>> routeTablesByVpc = new HashMap<>();
    private final Map<String, List<NetworkAcl>> aclsByVpc = new HashMap<>();
    private final Map<String, List<VpcEndpoint>> endpointsByVpc = new HashMap<>();
    private final Map<String, List<NatGateway>> natsByVpc = new HashMap<>();
    private final Map<String, List<InternetGateway>> igwsByVpc = new HashMap<>();
    private final Map<String, DhcpOptions> dhcpById = new HashMap<>();
    private final Map<String, SecurityGroup> groupsById = new HashMap<>();
    private final Map<String, PrefixList> prefixListsById = new HashMap<>();
    private final Map<String, Eni> enisById = new HashMap<>();
    private final List<Eni> directoryEnis = new ArrayList<>();
    /** Instances matching a set of DescribeInstances filters, computed once per distinct set. */
    private final Map<String, List<Ec2Instance>> filtered = new ConcurrentHashMap<>();

    /** A network interface that DescribeNetworkInterfaces reports (an endpoint's or License Manager's). */
    private record Eni(String id, String subnetId, String vpcId, String privateIp, String description, String status,
            String interfaceType, String requesterId, List<String> groupIds) {
    }

    FleetApi(FleetSnapshot fleet) {
        this(fleet, Integer.MAX_VALUE, false);
    }

    /**
     * An API whose LM-US pages hold at most {@code lmusMaxPage} items: a larger MaxResults is cut to it, or, with
     * {@code lmusRejectsLargerPages}, rejected with a ValidationException (LM-US documents neither behaviour).
     */
    FleetApi(FleetSnapshot fleet, int lmusMaxPage, boolean lmusRejectsLargerPages) {
        this.fleet = fleet;
        this.lmusMaxPage = lmusMaxPage;
        this.lmusRejectsLargerPages = lmusRejectsLargerPages;
        this.account = fleet.accountId();
        this.instances = fleet.instances().stream().sorted((a, b) -> a.instanceId().compareTo(b.instanceId()))
                .toList();
        instances.forEach(i -> instancesById.put(i.instanceId(), i));
        fleet.ssmInstances().forEach(s -> ssmById.put(s.instanceId(), s));
        fleet.lmusInstances().forEach(l -> lmusById.put(l.instanceId(), l));
        fleet.vpcs().forEach(v -> vpcsById.put(v.vpcId(), v));
        fleet.subnets().forEach(s -> {
            subnetsById.put(s.subnetId(), s);
            subnetsByVpc.computeIfAbsent(s.vpcId(), k -> new ArrayList<>()).add(s);
        });
        fleet.routeTables().forEach(t -> routeTablesByVpc.computeIfAbsent(t.vpcId(), k -> new ArrayList<>()).add(t));
        fleet.networkAcls().forEach(a -> aclsByVpc.computeIfAbsent(a.vpcId(), k -> new ArrayList<>()).add(a));
        fleet.vpcEndpoints().forEach(e -> {
            endpointsByVpc.computeIfAbsent(e.vpcId(), k -> new ArrayList<>()).add(e);
            for (EndpointInterface eni : e.interfaces()) {
                enisById.put(eni.networkInterfaceId(), new Eni(eni.networkInterfaceId(), eni.subnetId(), e.vpcId(),
                        eni.privateIp(), "VPC Endpoint Interface " + e.vpcEndpointId(), "in-use", "vpc_endpoint",
                        "727180483921", e.groupIds()));
            }
        });
        fleet.natGateways().forEach(n -> natsByVpc.computeIfAbsent(n.vpcId(), k -> new ArrayList<>()).add(n));
        fleet.internetGateways().forEach(g -> g.attachments().forEach(a ->
                igwsByVpc.computeIfAbsent(a.vpcId(), k -> new ArrayList<>()).add(g)));
        fleet.dhcpOptions().forEach(d -> dhcpById.put(d.dhcpOptionsId(), d));
        fleet.securityGroups().forEach(g -> groupsById.put(g.groupId(), g));
        fleet.prefixLists().forEach(p -> prefixListsById.put(p.prefixListId(), p));
        for (DirectoryInterfaces found : fleet.directoryInterfaces()) {
            for (DirectoryInterface eni : found.interfaces()) {
                directoryEnis.add(new Eni(eni.networkInterfaceId(), eni.subnetId(), eni.vpcId(), eni.privateIp(),
                        eni.description(), eni.status(), eni.interfaceType(), eni.requesterId(), eni.groupIds()));
            }
        }
    }

    /** The fleet served. */
    FleetSnapshot fleet() {
        return fleet;
    }

    /** Answers a request. */
    Response answer(Request request) {
        try {
            return switch (request.service()) {
                case "ec2" -> ec2(request);
                case "ssm" -> ssm(request);
                case "license-manager-user-subscriptions" -> lmus(request);
                case "ds" -> directories(request);
                case "route53resolver" -> resolver(request);
                case "iam" -> iam(request);
                case "sts" -> sts(request);
                default -> unsupported(request);
            };
        } catch (BadRequest e) {
            return jsonOrXmlError(request, 400, e.code, e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------------------- EC2

    private Response ec2(Request r) {
        Map<String, List<String>> filters = filters(r);
        return switch (r.operation()) {
            case "DescribeInstances" -> page(r, "DescribeInstancesResponse", "reservationSet",
                    describedInstances(filters), this::reservation);
            case "DescribeIamInstanceProfileAssociations" -> page(r, "DescribeIamInstanceProfileAssociationsResponse",
                    "iamInstanceProfileAssociationSet", byKeys(filters, "instance-id", instancesById::get).stream()
                            .filter(i -> i.profileAssociation() != null).toList(), this::profileAssociation);
            case "DescribeVpcs" -> page(r, "DescribeVpcsResponse", "vpcSet",
                    byKeys(filters, "vpc-id", vpcsById::get), this::vpc);
            case "DescribeSubnets" -> page(r, "DescribeSubnetsResponse", "subnetSet", filters.containsKey("vpc-id")
                    ? flat(filters, "vpc-id", subnetsByVpc) : byKeys(filters, "subnet-id", subnetsById::get),
                    this::subnet);
            case "DescribeRouteTables" -> page(r, "DescribeRouteTablesResponse", "routeTableSet",
                    flat(filters, "vpc-id", routeTablesByVpc), this::routeTable);
            case "DescribeNetworkAcls" -> page(r, "DescribeNetworkAclsResponse", "networkAclSet",
                    flat(filters, "vpc-id", aclsByVpc), this::networkAcl);
            case "DescribeVpcEndpoints" -> page(r, "DescribeVpcEndpointsResponse", "vpcEndpointSet",
                    flat(filters, "vpc-id", endpointsByVpc), this::vpcEndpoint);
            case "DescribeNatGateways" -> page(r, "DescribeNatGatewaysResponse", "natGatewaySet",
                    flat(filters, "vpc-id", natsByVpc), this::natGateway);
            case "DescribeInternetGateways" -> page(r, "DescribeInternetGatewaysResponse", "internetGatewaySet",
                    distinct(flat(filters, "attachment.vpc-id", igwsByVpc)), this::internetGateway);
            case "DescribeDhcpOptions" -> page(r, "DescribeDhcpOptionsResponse", "dhcpOptionsSet",
                    byKeys(filters, "dhcp-options-id", dhcpById::get), this::dhcpOptions);
            case "DescribeSecurityGroups" -> page(r, "DescribeSecurityGroupsResponse", "securityGroupInfo",
                    byKeys(withIds(r, filters, "GroupId", "group-id"), "group-id", groupsById::get),
                    this::securityGroup);
            case "DescribeNetworkInterfaces" -> page(r, "DescribeNetworkInterfacesResponse", "networkInterfaceSet",
                    networkInterfaces(filters), this::networkInterface);
            case "DescribeVpcPeeringConnections" -> page(r, "DescribeVpcPeeringConnectionsResponse",
                    "vpcPeeringConnectionSet", fleet.peeringConnections(), this::peering);
            case "DescribeVpcAttribute" -> vpcAttribute(r);
            case "GetManagedPrefixListEntries" -> prefixListEntries(r);
            default -> unsupported(r);
        };
    }

    private List<Ec2Instance> describedInstances(Map<String, List<String>> filters) {
        if (filters.containsKey("instance-id")) {
            Map<String, List<String>> rest = new LinkedHashMap<>(filters);
            List<String> ids = rest.remove("instance-id");
            return byKeys(Map.of("instance-id", ids), "instance-id", instancesById::get).stream()
                    .filter(i -> matches(i, rest)).toList();
        }
        return filtered.computeIfAbsent(new java.util.TreeMap<>(filters).toString(), k -> instances.stream()
                .filter(i -> matches(i, filters)).toList());
    }

    private static boolean matches(Ec2Instance instance, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String name = filter.getKey();
            if (name.startsWith("tag:")) {
                if (!filter.getValue().contains(instance.tags().get(name.substring(4)))) {
                    return false;
                }
            } else if ("instance-state-name".equals(name)) {
                if (!filter.getValue().contains(instance.state())) {
                    return false;
                }
            } else if ("vpc-id".equals(name)) {
                if (!filter.getValue().contains(instance.vpcId())) {
                    return false;
                }
            } else {
                throw new BadRequest("InvalidParameterValue", "the front does not support filter " + name);
            }
        }
        return true;
    }

    private List<Eni> networkInterfaces(Map<String, List<String>> filters) {
        if (filters.containsKey("network-interface-id")) {
            return byKeys(filters, "network-interface-id", enisById::get);
        }
        List<String> patterns = filters.get("description");
        List<String> groups = filters.get("group-id");
        if (patterns == null || filters.size() != (groups == null ? 1 : 2)) {
            throw new BadRequest("InvalidParameterValue", "the front supports network-interface-id, or description"
                    + " with or without group-id, not " + filters.keySet());
        }
        List<Pattern> globs = patterns.stream().map(FleetApi::glob).toList();
        return directoryEnis.stream().filter(e -> globs.stream().anyMatch(g -> g.matcher(e.description()).matches()))
                .filter(e -> groups == null || e.groupIds().stream().anyMatch(groups::contains))
                .toList();
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append(".?");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private Response vpcAttribute(Request r) {
        Vpc vpc = vpcsById.get(r.param("VpcId"));
        if (vpc == null) {
            return xmlError(400, "InvalidVpcID.NotFound", "The vpc ID '" + r.param("VpcId") + "' does not exist");
        }
        String attribute = r.param("Attribute");
        Boolean value = switch (String.valueOf(attribute)) {
            case "enableDnsSupport" -> vpc.enableDnsSupport();
            case "enableDnsHostnames" -> vpc.enableDnsHostnames();
            default -> throw new BadRequest("InvalidParameterValue", "attribute " + attribute);
        };
        Xml xml = new Xml("DescribeVpcAttributeResponse", EC2_NS).text("requestId", "bench").text("vpcId", vpc.vpcId());
        xml.open(attribute).text("value", value).close(attribute);
        return ok("text/xml", xml.end("DescribeVpcAttributeResponse"));
    }

    private Response prefixListEntries(Request r) {
        PrefixList list = prefixListsById.get(r.param("PrefixListId"));
        if (list == null) {
            return xmlError(400, "InvalidPrefixListID.NotFound", "prefix list " + r.param("PrefixListId"));
        }
        return page(r, "GetManagedPrefixListEntriesResponse", "entrySet", list.cidrs(),
                (x, cidr) -> x.text("cidr", cidr));
    }

    private void reservation(Xml x, Ec2Instance i) {
        x.text("reservationId", "r-" + i.instanceId().substring(2)).text("ownerId", account);
        x.items("instancesSet", List.of(i), (y, instance) -> {
            y.text("instanceId", instance.instanceId());
            y.open("instanceState").text("code", stateCode(instance.state())).text("name", instance.state())
                    .close("instanceState");
            y.text("subnetId", instance.subnetId()).text("vpcId", instance.vpcId())
                    .text("platformDetails", instance.platform())
                    .text("launchTime", instance.launchTime());
            y.items("productCodes", instance.productCodes(), (z, code) -> z.text("productCode", code)
                    .text("type", "marketplace"));
            y.items("tagSet", instance.tags().entrySet(), (z, tag) -> z.text("key", tag.getKey())
                    .text("value", tag.getValue()));
            y.items("networkInterfaceSet", instance.networkInterfaces(), this::instanceEni);
        });
    }

    private void instanceEni(Xml x, NetworkInterface eni) {
        x.text("networkInterfaceId", eni.networkInterfaceId()).text("subnetId", eni.subnetId())
                .text("vpcId", eni.vpcId()).text("privateIpAddress", eni.privateIp());
        x.open("attachment").text("deviceIndex", eni.deviceIndex()).text("status", "attached").close("attachment");
        if (eni.publicIp() != null) {
            x.open("association").text("publicIp", eni.publicIp()).close("association");
        }
        x.items("groupSet", eni.groupIds(), (y, g) -> y.text("groupId", g));
        x.items("ipv6AddressesSet", eni.ipv6Addresses(), (y, a) -> y.text("ipv6Address", a));
    }

    private static int stateCode(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
    }

    private void profileAssociation(Xml x, Ec2Instance i) {
        x.text("associationId", i.profileAssociation().associationId()).text("instanceId", i.instanceId());
        x.open("iamInstanceProfile").text("arn", i.profileAssociation().profileArn())
                .text("id", "AIPA" + i.instanceId().substring(2).toUpperCase(Locale.ROOT)).close("iamInstanceProfile");
        x.text("state", i.profileAssociation().state());
    }

    private void vpc(Xml x, Vpc v) {
        x.text("vpcId", v.vpcId()).text("state", "available").text("cidrBlock", v.cidrBlocks().get(0))
                .text("dhcpOptionsId", v.dhcpOptionsId() == null ? "default" : v.dhcpOptionsId())
                .text("ownerId", account);
        x.items("cidrBlockAssociationSet", v.cidrBlocks(), (y, c) -> y.text("associationId", "vpc-cidr-assoc")
                .text("cidrBlock", c).open("cidrBlockState").text("state", "associated").close("cidrBlockState"));
        x.items("ipv6CidrBlockAssociationSet", v.ipv6CidrBlocks(), (y, c) -> y.text("ipv6CidrBlock", c)
                .open("ipv6CidrBlockState").text("state", "associated").close("ipv6CidrBlockState"));
    }

    private void subnet(Xml x, Subnet s) {
        x.text("subnetId", s.subnetId()).text("vpcId", s.vpcId()).text("cidrBlock", s.cidrBlock())
                .text("availabilityZone", s.availabilityZone()).text("state", "available");
        x.items("ipv6CidrBlockAssociationSet", s.ipv6CidrBlocks(), (y, c) -> y.text("ipv6CidrBlock", c)
                .open("ipv6CidrBlockState").text("state", "associated").close("ipv6CidrBlockState"));
    }

    private void routeTable(Xml x, RouteTable t) {
        x.text("routeTableId", t.routeTableId()).text("vpcId", t.vpcId());
        List<Map.Entry<Boolean, String>> associations = new ArrayList<>();
        if (Boolean.TRUE.equals(t.main())) {
            associations.add(Map.entry(true, ""));
        }
        t.subnetIds().forEach(s -> associations.add(Map.entry(false, s)));
        x.items("associationSet", associations, (y, a) -> {
            y.text("routeTableAssociationId", "rtbassoc-" + t.routeTableId().substring(4))
                    .text("routeTableId", t.routeTableId()).text("main", a.getKey());
            if (!a.getKey()) {
                y.text("subnetId", a.getValue());
            }
            y.open("associationState").text("state", "associated").close("associationState");
        });
        x.items("routeSet", t.routes(), this::route);
    }

    private void route(Xml x, Route route) {
        String destination = route.destination();
        if (destination != null) {
            x.text(destination.contains(":") ? "destinationIpv6CidrBlock" : "destinationCidrBlock", destination);
        }
        x.text("destinationPrefixListId", route.destinationPrefixListId());
        String target = route.target();
        String element = target.equals("local") || target.startsWith("igw-") || target.startsWith("vgw-")
                || target.startsWith("vpce-") ? "gatewayId"
                : target.startsWith("nat-") ? "natGatewayId"
                : target.startsWith("tgw-") ? "transitGatewayId"
                : target.startsWith("pcx-") ? "vpcPeeringConnectionId"
                : target.startsWith("eni-") ? "networkInterfaceId"
                : target.startsWith("i-") ? "instanceId"
                : target.startsWith("eigw-") ? "egressOnlyInternetGatewayId" : "gatewayId";
        x.text(element, target).text("state", route.state()).text("origin", "CreateRoute");
    }

    private void networkAcl(Xml x, NetworkAcl acl) {
        x.text("networkAclId", acl.networkAclId()).text("vpcId", acl.vpcId()).text("default", acl.isDefault());
        x.items("entrySet", acl.entries(), (y, e) -> entry(y, e));
        x.items("associationSet", acl.subnetIds(), (y, s) -> y.text("networkAclAssociationId", "aclassoc-" + s)
                .text("networkAclId", acl.networkAclId()).text("subnetId", s));
    }

    private static void entry(Xml x, NaclEntry e) {
        x.text("ruleNumber", e.ruleNumber()).text("protocol", e.protocol()).text("ruleAction", e.action())
                .text("egress", e.egress()).text(e.cidr().contains(":") ? "ipv6CidrBlock" : "cidrBlock", e.cidr());
        if (e.portFrom() != null) {
            x.open("portRange").text("from", e.portFrom()).text("to", e.portTo()).close("portRange");
        }
    }

    private void vpcEndpoint(Xml x, VpcEndpoint e) {
        x.text("vpcEndpointId", e.vpcEndpointId()).text("vpcEndpointType", e.type()).text("vpcId", e.vpcId())
                .text("serviceName", e.serviceName()).text("state", e.state().toLowerCase(Locale.ROOT))
                .text("privateDnsEnabled", e.privateDnsEnabled());
        x.textItems("subnetIdSet", e.subnetIds());
        x.items("groupSet", e.groupIds(), (y, g) -> y.text("groupId", g).text("groupName", g));
        x.textItems("networkInterfaceIdSet", e.interfaces().stream().map(EndpointInterface::networkInterfaceId)
                .toList());
    }

    private void networkInterface(Xml x, Eni e) {
        x.text("networkInterfaceId", e.id()).text("subnetId", e.subnetId()).text("vpcId", e.vpcId())
                .text("privateIpAddress", e.privateIp()).text("description", e.description())
                .text("status", e.status()).text("interfaceType", e.interfaceType())
                .text("requesterId", e.requesterId()).text("ownerId", account);
        x.items("groupSet", e.groupIds(), (y, g) -> y.text("groupId", g).text("groupName", g));
    }

    private void natGateway(Xml x, NatGateway n) {
        x.text("natGatewayId", n.natGatewayId()).text("vpcId", n.vpcId()).text("subnetId", n.subnetId())
                .text("state", n.state()).text("connectivityType", n.connectivityType());
    }

    private void internetGateway(Xml x, InternetGateway g) {
        x.text("internetGatewayId", g.internetGatewayId()).text("ownerId", account);
        x.items("attachmentSet", g.attachments(), (y, a) -> y.text("vpcId", a.vpcId()).text("state", a.state()));
    }

    private void dhcpOptions(Xml x, DhcpOptions d) {
        x.text("dhcpOptionsId", d.dhcpOptionsId()).text("ownerId", account);
        x.items("dhcpConfigurationSet", List.of(d), (y, o) -> {
            y.text("key", "domain-name-servers");
            y.items("valueSet", o.domainNameServers(), (z, v) -> z.text("value", v));
        });
    }

    private void securityGroup(Xml x, SecurityGroup g) {
        x.text("ownerId", g.ownerId()).text("groupId", g.groupId()).text("groupName", g.groupName())
                .text("groupDescription", g.groupName()).text("vpcId", g.vpcId());
        x.items("ipPermissions", g.ingress(), FleetApi::permission);
        x.items("ipPermissionsEgress", g.egress(), FleetApi::permission);
    }

    /** One rule as one permission with its one peer (the collector flattens permissions the same way). */
    private static void permission(Xml x, SgRule rule) {
        x.text("ipProtocol", rule.protocol()).text("fromPort", rule.fromPort()).text("toPort", rule.toPort());
        x.open("groups");
        if (rule.group() != null) {
            x.open("item").text("groupId", rule.group().groupId()).text("userId", rule.group().userId())
                    .text("vpcId", rule.group().vpcId())
                    .text("vpcPeeringConnectionId", rule.group().peeringConnectionId())
                    .text("peeringStatus", rule.group().peeringStatus()).text("description", rule.description())
                    .close("item");
        }
        x.close("groups");
        boolean ipv6 = rule.cidr() != null && rule.cidr().contains(":");
        x.open("ipRanges");
        if (rule.cidr() != null && !ipv6) {
            x.open("item").text("cidrIp", rule.cidr()).text("description", rule.description()).close("item");
        }
        x.close("ipRanges").open("ipv6Ranges");
        if (ipv6) {
            x.open("item").text("cidrIpv6", rule.cidr()).text("description", rule.description()).close("item");
        }
        x.close("ipv6Ranges").open("prefixListIds");
        if (rule.prefixListId() != null) {
            x.open("item").text("prefixListId", rule.prefixListId()).text("description", rule.description())
                    .close("item");
        }
        x.close("prefixListIds");
    }

    private void peering(Xml x, PeeringConnection p) {
        x.text("vpcPeeringConnectionId", p.peeringConnectionId());
        x.open("status").text("code", p.status()).text("message", p.status()).close("status");
        peerInfo(x, "requesterVpcInfo", p.requesterVpcId(), p.requesterCidrs());
        peerInfo(x, "accepterVpcInfo", p.accepterVpcId(), p.accepterCidrs());
    }

    private void peerInfo(Xml x, String element, String vpcId, List<String> cidrs) {
        x.open(element).text("vpcId", vpcId).text("ownerId", account).text("region", fleet.region());
        if (!cidrs.isEmpty()) {
            x.text("cidrBlock", cidrs.get(0));
        }
        x.items("cidrBlockSet", cidrs, (y, c) -> y.text("cidrBlock", c));
        x.close(element);
    }

    /** EC2's filters as name to values ({@code Filter.N.Name}, {@code Filter.N.Value.M}). */
    private static Map<String, List<String>> filters(Request r) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int n = 1; ; n++) {
            String name = r.param("Filter." + n + ".Name");
            if (name == null) {
                break;
            }
            List<String> values = new ArrayList<>();
            for (int m = 1; ; m++) {
                String value = r.param("Filter." + n + ".Value." + m);
                if (value == null) {
                    break;
                }
                values.add(value);
            }
            if (values.size() > EC2_MAX_FILTER_VALUES) {
                throw new BadRequest("FilterLimitExceeded", "The maximum number of filter values specified on a"
                        + " single call is " + EC2_MAX_FILTER_VALUES);
            }
            filters.put(name, values);
        }
        return filters;
    }

    /** The filters with EC2's id list parameter ({@code GroupId.N}) read as the equivalent filter. */
    private static Map<String, List<String>> withIds(Request r, Map<String, List<String>> filters, String parameter,
            String filter) {
        List<String> ids = new ArrayList<>();
        for (int n = 1; r.param(parameter + "." + n) != null; n++) {
            ids.add(r.param(parameter + "." + n));
        }
        if (ids.isEmpty()) {
            return filters;
        }
        Map<String, List<String>> all = new LinkedHashMap<>(filters);
        all.put(filter, ids);
        return all;
    }

    private static <T> List<T> byKeys(Map<String, List<String>> filters, String name, Function<String, T> lookup) {
        List<String> keys = filters.get(name);
        if (keys == null || filters.size() != 1) {
            throw new BadRequest("InvalidParameterValue", "the front supports exactly the filter " + name + ", not "
                    + filters.keySet());
        }
        List<T> found = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keys)) {
            T value = lookup.apply(key);
            if (value != null) {
                found.add(value);
            }
        }
        return found;
    }

    private static <T> List<T> flat(Map<String, List<String>> filters, String name, Map<String, List<T>> index) {
        return byKeys(filters, name, index::get).stream().flatMap(Collection::stream).toList();
    }

    private static <T> List<T> distinct(List<T> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private <T> Response page(Request r, String root, String listName, List<T> items,
            java.util.function.BiConsumer<Xml, T> item) {
        int size = r.param("MaxResults") == null ? 1000 : Integer.parseInt(r.param("MaxResults"));
        if (size < 5 || size > 1000) {
            return xmlError(400, "InvalidParameterValue", "MaxResults must be between 5 and 1000, was " + size);
        }
        int from = r.param("NextToken") == null ? 0 : Integer.parseInt(r.param("NextToken"));
        int to = Math.min(items.size(), from + size);
        Xml xml = new Xml(root, EC2_NS).text("requestId", "bench");
        xml.items(listName, items.subList(Math.min(from, items.size()), to), item);
        if (to < items.size()) {
            xml.text("nextToken", to);
        }
        return ok("text/xml", xml.end(root));
    }

    // ----------------------------------------------------------------------------------------- JSON services

    private Response ssm(Request r) {
        if (!"DescribeInstanceInformation".equals(r.operation())) {
            return unsupported(r);
        }
        JsonNode body = r.body();
        int size = body.has("MaxResults") ? body.get("MaxResults").asInt() : 10;
        if (size < 5 || size > 50) {
            throw new BadRequest("ValidationException", "MaxResults must be between 5 and 50, was " + size);
        }
        List<SsmInstance> nodes;
        JsonNode filter = body.path("Filters").path(0);
        if (filter.isMissingNode()) {
            nodes = fleet.ssmInstances();
        } else {
            if (!"InstanceIds".equals(filter.path("Key").asText()) || filter.path("Values").size() > 100) {
                throw new BadRequest("InvalidFilterKey", "the front supports up to 100 InstanceIds only");
            }
            nodes = new ArrayList<>();
            for (JsonNode id : filter.path("Values")) {
                SsmInstance node = ssmById.get(id.asText());
                if (node != null) {
                    nodes.add(node);
                }
            }
        }
        return jsonPage(body, "InstanceInformationList", nodes, size, "application/x-amz-json-1.1", n -> {
            ObjectNode node = JSON.createObjectNode().put("InstanceId", n.instanceId())
                    .put("PingStatus", n.pingStatus()).put("PlatformType", "Windows")
                    .put("ResourceType", "EC2Instance");
            if (n.lastPingAt() != null) {
                node.put("LastPingDateTime", n.lastPingAt().getEpochSecond() + n.lastPingAt().getNano() / 1e9);
            }
            putIfPresent(node, "AgentVersion", n.agentVersion());
            putIfPresent(node, "PlatformName", n.platformName());
            putIfPresent(node, "ComputerName", n.computerName());
            return node;
        });
    }

    private Response lmus(Request r) {
        JsonNode body = r.body();
        int asked = body.has("MaxResults") ? body.get("MaxResults").asInt() : LMUS_DEFAULT_PAGE;
        if (lmusRejectsLargerPages && asked > lmusMaxPage) {
            throw new BadRequest("ValidationException", "1 validation error detected: Value '" + asked
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to "
                    + lmusMaxPage);
        }
        int size = Math.min(lmusMaxPage, asked);
        if (body.has("Filters") && !body.get("Filters").isEmpty() && !"ListInstances".equals(r.operation())) {
            throw new BadRequest("ValidationException", "the front takes Filters on ListInstances only");
        }
        return switch (r.operation()) {
            case "ListInstances" -> jsonPage(body, "InstanceSummaries", lmusInstances(body.path("Filters")), size,
                    "application/json", this::lmusInstance);
            case "ListIdentityProviders" -> jsonPage(body, "IdentityProviderSummaries", fleet.identityProviders(),
                    size, "application/json", this::identityProvider);
            case "ListLicenseServerEndpoints" -> jsonPage(body, "LicenseServerEndpoints", List.<String>of(), size,
                    "application/json", s -> JSON.createObjectNode());
            default -> unsupported(r);
        };
    }

    /** LM-US's instances, through the InstanceId and Status filters with operation eq (as the tests' LM-US). */
    private List<LmusInstance> lmusInstances(JsonNode filters) {
        if (filters.isMissingNode() || filters.isEmpty()) {
            return fleet.lmusInstances();
        }
        List<LmusInstance> listed = fleet.lmusInstances();
        for (JsonNode filter : filters) {
            String attribute = filter.path("Attribute").asText();
            String value = filter.path("Value").asText();
            if (!"eq".equals(filter.path("Operation").asText())) {
                throw new BadRequest("ValidationException", "unsupported filter operation " + filter);
            }
            listed = switch (attribute) {
                case "InstanceId" -> lmusById.containsKey(value) ? List.of(lmusById.get(value)) : List.of();
                case "Status" -> listed.stream().filter(i -> value.equals(i.status())).toList();
                default -> throw new BadRequest("ValidationException", "unsupported filter " + filter);
            };
        }
        return listed;
    }

    private ObjectNode lmusInstance(LmusInstance i) {
        ObjectNode node = JSON.createObjectNode().put("InstanceId", i.instanceId()).put("Status", i.status())
                .put("OwnerAccountId", account);
        putIfPresent(node, "StatusMessage", i.statusMessage());
        putIfPresent(node, "LastStatusCheckDate", i.lastStatusCheckDate());
        ArrayNode products = node.putArray("Products");
        i.products().forEach(products::add);
        if (i.directoryId() != null) {
            node.putObject("IdentityProvider").putObject("ActiveDirectoryIdentityProvider")
                    .put("DirectoryId", i.directoryId());
        }
        return node;
    }

    private ObjectNode identityProvider(IdentityProvider p) {
        ObjectNode node = JSON.createObjectNode().put("Product", p.product()).put("Status", p.status())
                .put("OwnerAccountId", account);
        putIfPresent(node, "IdentityProviderArn", p.identityProviderArn());
        putIfPresent(node, "FailureMessage", p.failureMessage());
        ObjectNode ad = node.putObject("IdentityProvider").putObject("ActiveDirectoryIdentityProvider");
        putIfPresent(ad, "DirectoryId", p.directoryId());
        putIfPresent(ad, "ActiveDirectoryType", p.directoryType());
        ObjectNode settings = node.putObject("Settings");
        ArrayNode subnets = settings.putArray("Subnets");
        p.subnetIds().forEach(subnets::add);
        putIfPresent(settings, "SecurityGroupId", p.securityGroupId());
        return node;
    }

    private Response directories(Request r) {
        if (!"DescribeDirectories".equals(r.operation())) {
            return unsupported(r);
        }
        return jsonPage(r.body(), "DirectoryDescriptions", fleet.directories(), 100, "application/x-amz-json-1.1",
                (Directory d) -> {
                    ObjectNode node = JSON.createObjectNode().put("DirectoryId", d.directoryId())
                            .put("Name", d.domainName()).put("Stage", d.stage()).put("Type", d.type());
                    putIfPresent(node, "StageReason", d.stageReason());
                    ArrayNode ips = node.putArray("DnsIpAddrs");
                    d.dnsIps().forEach(ips::add);
                    ObjectNode vpc = node.putObject("VpcSettings").put("VpcId", d.vpcId());
                    putIfPresent(vpc, "SecurityGroupId", d.securityGroupId());
                    ArrayNode subnets = vpc.putArray("SubnetIds");
                    d.subnetIds().forEach(subnets::add);
                    return node;
                });
    }

    private Response resolver(Request r) {
        String type = "application/x-amz-json-1.1";
        return switch (r.operation()) {
            case "ListResolverRules" -> jsonPage(r.body(), "ResolverRules", fleet.resolverRules(), 100, type,
                    (ResolverRule rule) -> JSON.createObjectNode().put("Id", rule.resolverRuleId())
                            .put("DomainName", rule.domainName()).put("RuleType", rule.ruleType())
                            .put("Status", rule.status()));
            case "ListResolverRuleAssociations" -> {
                List<ObjectNode> associations = new ArrayList<>();
                for (ResolverRule rule : fleet.resolverRules()) {
                    for (String vpc : rule.associatedVpcIds()) {
                        associations.add(JSON.createObjectNode().put("Id", "rslvr-rrassoc-" + vpc.substring(4))
                                .put("ResolverRuleId", rule.resolverRuleId()).put("VPCId", vpc)
                                .put("Status", "COMPLETE"));
                    }
                }
                yield jsonPage(r.body(), "ResolverRuleAssociations", associations, 100, type, n -> n);
            }
            default -> unsupported(r);
        };
    }

    private <T> Response jsonPage(JsonNode body, String key, List<T> items, int defaultSize, String contentType,
            Function<T, ObjectNode> json) {
        int size = body.has("MaxResults") ? body.get("MaxResults").asInt() : defaultSize;
        if (size < 1) {
            throw new BadRequest("ValidationException", "MaxResults must be positive");
        }
        int from = body.has("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        int to = Math.min(items.size(), from + size);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray(key);
        items.subList(Math.min(from, items.size()), to).forEach(item -> list.add(json.apply(item)));
        if (to < items.size()) {
            response.put("NextToken", Integer.toString(to));
        }
        return ok(contentType, response.toString());
    }

    // ---------------------------------------------------------------------------------------------- IAM, STS

    private Response iam(Request r) {
        if (!"GetRole".equals(r.operation())) {
            return unsupported(r);
        }
        String name = r.param("RoleName");
        ServiceLinkedRole role = fleet.serviceLinkedRoles().stream()
                .filter(s -> s.roleName().equals(name) && s.exists()).findFirst().orElse(null);
        if (role == null) {
            return ok(404, "text/xml", "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                    + "<Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name " + name
                    + " cannot be found.</Message></Error><RequestId>bench</RequestId></ErrorResponse>");
        }
        Xml xml = new Xml("GetRoleResponse", "https://iam.amazonaws.com/doc/2010-05-08/").open("GetRoleResult")
                .open("Role").text("Path", "/aws-service-role/").text("RoleName", name).text("RoleId", "AROABENCH")
                .text("Arn", role.arn()).text("CreateDate", "2026-01-01T00:00:00Z").close("Role")
                .close("GetRoleResult").open("ResponseMetadata").text("RequestId", "bench").close("ResponseMetadata");
        return ok("text/xml", xml.end("GetRoleResponse"));
    }

    private Response sts(Request r) {
        if (!"GetCallerIdentity".equals(r.operation())) {
            return unsupported(r);
        }
        Xml xml = new Xml("GetCallerIdentityResponse", "https://sts.amazonaws.com/doc/2011-06-15/")
                .open("GetCallerIdentityResult").text("Arn", "arn:aws:sts::" + account + ":assumed-role/bench/scan")
                .text("UserId", "AROABENCH:scan").text("Account", account).close("GetCallerIdentityResult")
                .open("ResponseMetadata").text("RequestId", "bench").close("ResponseMetadata");
        return ok("text/xml", xml.end("GetCallerIdentityResponse"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static Response ok(String contentType, String body) {
        return new Response(200, contentType, body);
    }

    private static Response ok(int status, String contentType, String body) {
        return new Response(status, contentType, body);
    }

    static Response xmlError(int status, String code, String message) {
        return new Response(status, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>bench</RequestID></Response>");
    }

    static Response jsonError(int status, String contentType, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
        return new Response(status, contentType, body.toString());
    }

    /** The error shape of the request's protocol. */
    static Response jsonOrXmlError(Request r, int status, String code, String message) {
        return switch (r.service()) {
            case "ec2" -> xmlError(status, code, message);
            case "iam", "sts" -> new Response(status, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>"
                    + code + "</Code><Message>" + message + "</Message></Error><RequestId>bench</RequestId>"
                    + "</ErrorResponse>");
            case "license-manager-user-subscriptions" -> jsonError(status, "application/json", code, message);
            default -> jsonError(status, "application/x-amz-json-1.1", code, message);
        };
    }

    private static Response unsupported(Request r) {
        return jsonOrXmlError(r, 400, "UnsupportedOperation", "the benchmark front does not answer " + r.service()
                + ":" + r.operation());
    }

    /** A request the front rejects, as the service would, with its error code. */
    static final class BadRequest extends RuntimeException {
        private final String code;

        BadRequest(String code, String message) {
            super(message);
            this.code = Objects.requireNonNull(code);
        }
    }
}
