package dev.subsentinel.app.change;

import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * Seeds EC2 resources in moto with the SDK, and counts the requests the client sends (every attempt) so tests can
 * check the cost of a mapping independently of the mapper's own count.
 */
final class Ec2World {

    static final String TAG_KEY = "AWSLicenseManager";
    static final String TAG_VALUE = "UserSubscriptions";
    private static final String IMAGE = "ami-12c6146b";

    private final AtomicInteger requests = new AtomicInteger();
    private final MotoServer moto;
    final Ec2Client ec2;

    Ec2World(MotoServer moto) {
        this.moto = moto;
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.incrementAndGet();
            }
        };
        this.ec2 = Ec2Client.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
    }

    /** Requests sent since the last reset. */
    int requests() {
        return requests.get();
    }

    void resetRequests() {
        requests.set(0);
    }

    String vpc(String cidr) {
        String id = ec2.createVpc(r -> r.cidrBlock(cidr)).vpc().vpcId();
        ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(a -> a.value(true)));
        return id;
    }

    String subnet(String vpc, String cidr) {
        return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone("us-east-1a")).subnet().subnetId();
    }

    String securityGroup(String vpc, String name) {
        return ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(name).description(name)).groupId();
    }

    /** A monitored (tagged) instance. */
    String monitored(String subnet, String... groups) {
        return instance(subnet, true, groups);
    }

    /** An instance without the tag. */
    String unmonitored(String subnet, String... groups) {
        return instance(subnet, false, groups);
    }

    private String instance(String subnet, boolean tagged, String... groups) {
        return ec2.runInstances(r -> {
            r.imageId(IMAGE).instanceType(InstanceType.M6_I_LARGE).minCount(1).maxCount(1).subnetId(subnet);
            if (groups.length > 0) {
                r.securityGroupIds(groups);
            }
            if (tagged) {
                r.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(t -> t.key(TAG_KEY).value(TAG_VALUE)).build());
            }
        }).instances().get(0).instanceId();
    }

    /** Attaches a second interface in another subnet of the instance's VPC; returns its id. */
    String secondInterface(String instance, String subnet, String... groups) {
        String eni = ec2.createNetworkInterface(r -> r.subnetId(subnet).groups(groups)).networkInterface()
                .networkInterfaceId();
        ec2.attachNetworkInterface(r -> r.instanceId(instance).networkInterfaceId(eni).deviceIndex(1));
        return eni;
    }

    String interfaceEndpoint(String vpc, String subnet, String group, String service) {
        return ec2.createVpcEndpoint(r -> r.vpcId(vpc).vpcEndpointType(VpcEndpointType.INTERFACE)
                .serviceName("com.amazonaws.us-east-1." + service).subnetIds(subnet).securityGroupIds(group)
                .privateDnsEnabled(true)).vpcEndpoint().vpcEndpointId();
    }

    /** An active peering connection. */
    String peering(String requester, String accepter) {
        String id = ec2.createVpcPeeringConnection(r -> r.vpcId(requester).peerVpcId(accepter))
                .vpcPeeringConnection().vpcPeeringConnectionId();
        ec2.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        return id;
    }

    /** A peering connection nobody accepted. */
    String pendingPeering(String requester, String accepter) {
        return ec2.createVpcPeeringConnection(r -> r.vpcId(requester).peerVpcId(accepter)).vpcPeeringConnection()
                .vpcPeeringConnectionId();
    }

    String routeTable(String vpc) {
        return ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    }

    /** Associates a subnet with a route table; returns the association id. */
    String associate(String routeTable, String subnet) {
        return ec2.associateRouteTable(r -> r.routeTableId(routeTable).subnetId(subnet)).associationId();
    }

    RouteTable mainRouteTable(String vpc) {
        return ec2.describeRouteTables(r -> r.filters(Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("association.main").values("true").build())).routeTables().get(0);
    }

    String natGateway(String subnet) {
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        return ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(allocation)).natGateway().natGatewayId();
    }

    void defaultRouteVia(String routeTable, String natGateway) {
        ec2.createRoute(r -> r.routeTableId(routeTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(natGateway));
    }

    String networkAcl(String vpc) {
        return ec2.createNetworkAcl(r -> r.vpcId(vpc)).networkAcl().networkAclId();
    }

    String defaultNetworkAcl(String vpc) {
        return ec2.describeNetworkAcls(r -> r.filters(Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("default").values("true").build())).networkAcls().get(0).networkAclId();
    }

    /** Moves a subnet to a network ACL; returns the new association id. */
    String moveToNetworkAcl(String subnet, String networkAcl) {
        String current = ec2.describeNetworkAcls(r -> r.filters(Filter.builder().name("association.subnet-id")
                .values(subnet).build())).networkAcls().stream()
                .flatMap(acl -> acl.associations().stream())
                .filter(a -> subnet.equals(a.subnetId()))
                .findFirst().orElseThrow().networkAclAssociationId();
        return ec2.replaceNetworkAclAssociation(r -> r.associationId(current).networkAclId(networkAcl))
                .newAssociationId();
    }

    String internetGateway(String vpc) {
        String id = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpc));
        return id;
    }

    /** Creates an IAM instance profile in moto (the project has no IAM SDK module: a plain Query API call). */
    void instanceProfile(String name) throws IOException, InterruptedException {
        String body = "Action=CreateInstanceProfile&Version=2010-05-08&InstanceProfileName=" + name;
        HttpResponse<String> response = moto.http().send(HttpRequest.newBuilder(URI.create(moto.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request,"
                        + " SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("CreateInstanceProfile failed: " + response.body());
        }
    }

    String associateProfile(String instance, String profile) {
        return ec2.associateIamInstanceProfile(r -> r.instanceId(instance).iamInstanceProfile(p -> p.name(profile)))
                .iamInstanceProfileAssociation().associationId();
    }

    String replaceProfile(String association, String profile) {
        return ec2.replaceIamInstanceProfileAssociation(r -> r.associationId(association)
                .iamInstanceProfile(p -> p.name(profile))).iamInstanceProfileAssociation().associationId();
    }

    List<String> groupsOfEndpoint(String endpoint) {
        return ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(endpoint)).vpcEndpoints().get(0).groups().stream()
                .map(g -> g.groupId()).toList();
    }
}
