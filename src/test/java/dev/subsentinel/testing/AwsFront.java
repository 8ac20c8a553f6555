package dev.subsentinel.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * WireMock in front of moto: every request is proxied to moto, except what moto 5.2.1 does not implement, which is
 * canned here, and the corrections and failures a test asks for. Point every SDK client at {@link #endpoint()}.
 *
 * <p>Canned (moto has no such service or operation):
 * <ul>
 *   <li>SSM {@code DescribeInstanceInformation}: answered from {@link #ssm()}, paginated, and rejecting what AWS
 *       rejects (more than 100 filter values, MaxResults outside 5..50).</li>
 *   <li>License Manager user-based subscriptions {@code ListInstances}, {@code ListIdentityProviders} and
 *       {@code ListLicenseServerEndpoints}: answered from {@link #lmus()}, paginated ({@link CannedAws#LMUS_PAGE_SIZE}
 *       a page unless MaxResults says otherwise).</li>
 *   <li>AWS Config {@code PutEvaluations}: moto implements it only in test mode (it validates and stores nothing), so
 *       the front answers every call itself with no {@code FailedEvaluations} (or refuses the resources
 *       {@link #refuseEvaluations} names) and keeps the requests for {@link #putEvaluationsRequests()}.</li>
 *   <li>Security Hub {@code BatchImportFindings} refusals ({@link #refuseFindings}): AWS lists refused findings in
 *       {@code FailedFindings} with HTTP 200 (e.g. {@code InvalidAccess} when Security Hub is not enabled, which moto
 *       never checks); while a test refuses findings, the front answers every import itself
 *       ({@link SecurityHubCanned}). Otherwise moto answers: it stores findings by {@code Id} (a re-import updates
 *       the same finding), but validates little, enforces neither the 100-finding nor the 240 KB limit, ignores
 *       {@code UpdatedAt} order and makes none of Security Hub's workflow transitions, so the tests assert the exact
 *       requests ({@link #batchImportFindingsRequests}).</li>
 * </ul>
 * Corrected (moto answers, but not as AWS does): the network interfaces of interface VPC endpoints get an address
 * outside their subnet and the VPC's default security group in moto; AWS gives an address inside the subnet and the
 * endpoint's groups. {@link #correctEndpointInterface} registers the AWS view of one interface, and
 * DescribeNetworkInterfaces responses are rewritten accordingly (in the fixture, never in the product). Likewise
 * {@link #correctDirectory} for a directory's stage and domain controllers, which moto fixes at creation.
 *
 * <p>Everything else (EC2, Directory Service, Route 53 Resolver, STS, SNS, DynamoDB, ...) is moto's own answer.
 */
public final class AwsFront implements AutoCloseable {

    private static final int PROXY_PRIORITY = 10;
    private static final int CANNED_PRIORITY = 5;
    private static final int FAILURE_PRIORITY = 1;
    private static final String PUT_EVALUATIONS = "StarlingDoveService.PutEvaluations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.UUID SECURITY_HUB_REFUSALS = java.util.UUID.fromString(
            "5ec0417b-0b00-4000-8000-000000000014");

    private final WireMockServer server;
    private final URI moto;
    private final CannedAws canned = new CannedAws();
    private final EndpointInterfaceFix interfaceFix = new EndpointInterfaceFix();
    private final DirectoryFix directoryFix = new DirectoryFix();
    private final SecurityHubCanned securityHub = new SecurityHubCanned();

    private AwsFront(URI moto, int port) {
        this.moto = moto;
        this.server = new WireMockServer(wireMockConfig()
                .port(port)
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .gzipDisabled(true)
                .extensions(canned, interfaceFix, directoryFix, securityHub));
        server.start();
        stubDefaults();
    }

    /** Starts a front for the moto server. */
    public static AwsFront start(MotoServer moto) {
        return new AwsFront(moto.endpoint(), 0);
    }

    /** Starts a front for the moto server on a given port (0: any free one). */
    public static AwsFront start(MotoServer moto, int port) {
        return new AwsFront(moto.endpoint(), port);
    }

    /** The URL to use as every client's endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** The canned SSM managed nodes. */
    public CannedAws.Ssm ssm() {
        return canned.ssm();
    }

    /** The canned LM-US instances and identity providers. */
    public CannedAws.Lmus lmus() {
        return canned.lmus();
    }

    /**
     * Makes DescribeNetworkInterfaces report a VPC endpoint's interface as AWS would: an address inside its subnet
     * and the endpoint's security groups.
     */
    public void correctEndpointInterface(String networkInterfaceId, String vpcEndpointId, String privateIp,
            Map<String, String> groupNamesById) {
        interfaceFix.correct(networkInterfaceId,
                new EndpointInterfaceFix.Correction(vpcEndpointId, privateIp, new TreeMap<>(groupNamesById)));
    }

    /**
     * Makes DescribeDirectories report a directory as AWS would for the snapshot it was seeded from: its stage (moto
     * creates every directory Active), its domain controllers' addresses and its subnets.
     *
     * @param directoryId the directory as moto created it
     * @param stage       Stage
     * @param stageReason StageReason (null: none)
     * @param dnsIps      DnsIpAddrs
     * @param subnetIds   VpcSettings.SubnetIds (moto's ids)
     */
    public void correctDirectory(String directoryId, String stage, String stageReason, List<String> dnsIps,
            List<String> subnetIds) {
        correctDirectory(directoryId, stage, stageReason, dnsIps, subnetIds, List.of());
    }

    /** As {@link #correctDirectory(String, String, String, List, List)}, with IPv6 controllers (DnsIpv6Addrs). */
    public void correctDirectory(String directoryId, String stage, String stageReason, List<String> dnsIps,
            List<String> subnetIds, List<String> dnsIpv6s) {
        directoryFix.correct(directoryId, new DirectoryFix.Correction(stage, stageReason, List.copyOf(dnsIps),
                List.copyOf(subnetIds), List.copyOf(dnsIpv6s)));
    }

    /**
     * Answers every call of an EC2 action with the 403 UnauthorizedOperation that EC2 returns when IAM denies it.
     *
     * @param action the EC2 action, e.g. {@code DescribeVpcAttribute}
     */
    public void denyEc2(String action) {
        server.stubFor(post(anyUrl()).atPriority(FAILURE_PRIORITY)
                .withRequestBody(containing("Action=" + action + "&"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml;charset=UTF-8")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                                + "<Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this"
                                + " operation. User: arn:aws:sts::123456789012:assumed-role/sentinel/scan is not"
                                + " authorized to perform: ec2:" + action + " because no identity-based policy allows"
                                + " the ec2:" + action + " action. Encoded authorization failure message: AbC123"
                                + "</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"
                                + "</RequestID></Response>")));
    }

    /**
     * Answers STS AssumeRole of this role with the 403 AccessDenied STS returns when the role's trust policy does not
     * let the caller in (or its external id does not match). moto 5.2.1 lets anyone assume any role, whatever its
     * trust policy and external id, so a role that cannot be assumed exists only here (issue 11).
     */
    public void denyAssumeRole(String roleArn) {
        server.stubFor(post(anyUrl()).atPriority(FAILURE_PRIORITY)
                .withRequestBody(containing("Action=AssumeRole&"))
                .withRequestBody(containing("RoleArn=" + URLEncoder.encode(roleArn, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                        .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                                + "<Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::"
                                + "123456789012:assumed-role/sentinel-worker/worker is not authorized to perform:"
                                + " sts:AssumeRole on resource: " + roleArn + "</Message></Error>"
                                + "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>")));
    }

    /**
     * Answers every call of an EC2 action with a 503 RequestLimitExceeded-style service error (retryable), as a
     * throttled or unavailable EC2 would, after the SDK's retries.
     */
    public void failEc2(String action) {
        server.stubFor(post(anyUrl()).atPriority(FAILURE_PRIORITY)
                .withRequestBody(containing("Action=" + action + "&"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/xml;charset=UTF-8")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                                + "<Code>Unavailable</Code><Message>The service is unavailable. Please try again"
                                + " shortly.</Message></Error></Errors><RequestID>1</RequestID></Response>")));
    }

    /**
     * Answers every LM-US call to a path (e.g. {@code /instance/ListInstances}) with a 500 InternalServerException,
     * retryable, as an LM-US outage would.
     */
    public void failLmus(String path) {
        server.stubFor(post(urlPathEqualTo(path)).atPriority(FAILURE_PRIORITY)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InternalServerException")
                        .withBody("{\"message\":\"An internal error occurred.\"}")));
    }

    /** The bodies of the PutEvaluations requests received since the last reset, in order. */
    public List<JsonNode> putEvaluationsRequests() {
        return bodies(requests(r -> PUT_EVALUATIONS.equals(r.getHeader("X-Amz-Target"))));
    }

    /** The requests received since the last reset that match, oldest first. */
    private List<Request> requests(Predicate<Request> matching) {
        List<Request> out = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        for (ServeEvent event : events) {
            if (matching.test(event.getRequest())) {
                out.add(event.getRequest());
            }
        }
        return out;
    }

    private static List<JsonNode> bodies(List<Request> requests) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Request request : requests) {
            try {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    /** The bodies of the Security Hub BatchImportFindings requests received since the last reset, in order. */
    public List<JsonNode> batchImportFindingsRequests() {
        return bodies(requests(r -> SecurityHubCanned.IMPORT_FINDINGS.equals(r.getUrl())));
    }

    /** The raw sizes in bytes of the BatchImportFindings request bodies received since the last reset, in order. */
    public List<Integer> batchImportFindingsSizes() {
        return requests(r -> SecurityHubCanned.IMPORT_FINDINGS.equals(r.getUrl())).stream()
                .map(r -> r.getBody().length).toList();
    }

    /**
     * Makes Security Hub refuse findings as AWS does, in {@code FailedFindings} of an HTTP 200 answer: the findings
     * with these ids, or every finding when none is given (Security Hub not enabled: {@code InvalidAccess}). From
     * then on the front answers every BatchImportFindings itself (moto stores nothing).
     */
    public void refuseFindings(String errorCode, String errorMessage, String... findingIds) {
        if (findingIds.length == 0) {
            securityHub.refuse(SecurityHubCanned.EVERY_FINDING, errorCode, errorMessage);
        }
        for (String id : findingIds) {
            securityHub.refuse(id, errorCode, errorMessage);
        }
        server.stubFor(post(urlPathEqualTo(SecurityHubCanned.IMPORT_FINDINGS)).atPriority(FAILURE_PRIORITY)
                .withId(SECURITY_HUB_REFUSALS).willReturn(aResponse().withTransformers(SecurityHubCanned.NAME)));
    }

    /** Ends {@link #refuseFindings}: moto answers BatchImportFindings again (the request journal stays). */
    public void acceptFindings() {
        securityHub.clear();
        server.removeStub(SECURITY_HUB_REFUSALS);
    }

    /** Makes every BatchImportFindings call fail with a 500 InternalException (retryable), as an outage would. */
    public void failSecurityHub() {
        server.stubFor(post(urlPathEqualTo(SecurityHubCanned.IMPORT_FINDINGS)).atPriority(FAILURE_PRIORITY)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InternalException")
                        .withBody("{\"Code\":\"InternalException\",\"Message\":\"Internal service error\"}")));
    }

    /** Makes every PutEvaluations call answer that Config refused the evaluations of these resources. */
    public void refuseEvaluations(String... resourceIds) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode failed = body.putArray("FailedEvaluations");
        for (String id : resourceIds) {
            failed.addObject().put("ComplianceResourceType", "AWS::EC2::Instance").put("ComplianceResourceId", id)
                    .put("ComplianceType", "NON_COMPLIANT").put("OrderingTimestamp", 1.7956e9);
        }
        server.stubFor(post(urlPathEqualTo("/")).atPriority(FAILURE_PRIORITY)
                .withHeader("X-Amz-Target", equalTo(PUT_EVALUATIONS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body.toString())));
    }

    /** How many requests the front has received since the last reset (every attempt, whatever its answer). */
    public int requestsServed() {
        return server.getAllServeEvents().size();
    }

    /** How many requests per operation ({@code Action=} of EC2, target or path of the JSON services). */
    public Map<String, Integer> requestsByOperation() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            counts.merge(CannedAws.operation(event.getRequest()), 1, Integer::sum);
        }
        return counts;
    }

    /** Forgets the request journal only (e.g. the requests that seeded a fixture). */
    public void resetRequests() {
        server.resetRequests();
    }

    /** Forgets canned data, corrections, failures and the request journal. */
    public void reset() {
        server.resetAll();
        canned.clear();
        interfaceFix.clear();
        directoryFix.clear();
        securityHub.clear();
        stubDefaults();
    }

    private void stubDefaults() {
        server.stubFor(any(anyUrl()).atPriority(PROXY_PRIORITY)
                .willReturn(aResponse().proxiedFrom(moto.toString())));
        server.stubFor(post(anyUrl()).atPriority(CANNED_PRIORITY)
                .withRequestBody(containing("Action=DescribeNetworkInterfaces&"))
                .willReturn(aResponse().proxiedFrom(moto.toString())
                        .withTransformers(EndpointInterfaceFix.NAME)));
        server.stubFor(post(urlPathEqualTo("/")).atPriority(CANNED_PRIORITY)
                .withHeader("X-Amz-Target", equalTo(DirectoryFix.DESCRIBE_DIRECTORIES))
                .willReturn(aResponse().proxiedFrom(moto.toString()).withTransformers(DirectoryFix.NAME)));
        server.stubFor(post(urlPathEqualTo("/")).atPriority(CANNED_PRIORITY)
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.DescribeInstanceInformation"))
                .willReturn(aResponse().withTransformers(CannedAws.NAME)));
        server.stubFor(post(urlPathEqualTo("/")).atPriority(CANNED_PRIORITY)
                .withHeader("X-Amz-Target", equalTo(PUT_EVALUATIONS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEvaluations\":[]}")));
        for (String path : List.of(CannedAws.LMUS_LIST_INSTANCES, CannedAws.LMUS_LIST_IDENTITY_PROVIDERS,
                CannedAws.LMUS_LIST_LICENSE_SERVER_ENDPOINTS)) {
            server.stubFor(post(urlPathEqualTo(path)).atPriority(CANNED_PRIORITY)
                    .willReturn(aResponse().withTransformers(CannedAws.NAME)));
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
