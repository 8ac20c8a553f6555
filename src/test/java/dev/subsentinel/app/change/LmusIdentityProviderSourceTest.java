package dev.subsentinel.app.change;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.IdentityProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;

/**
 * moto does not implement LM-US: WireMock answers ListIdentityProviders and ListLicenseServerEndpoints with the
 * documented JSON shapes (and DescribeDirectories, to check the paging of the source).
 */
class LmusIdentityProviderSourceTest {

    private static final String PATH = "/identity-provider/ListIdentityProviders";
    private static final String ENDPOINTS_PATH = "/license-server/ListLicenseServerEndpoints";
    private static final String ARN = "arn:aws:license-manager-user-subscriptions:us-east-1:123456789012:";

    private WireMockServer wireMock;
    private LicenseManagerUserSubscriptionsClient client;
    private DirectoryClient directory;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        client = wired(LicenseManagerUserSubscriptionsClient.builder());
        directory = wired(DirectoryClient.builder());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C wired(B builder) {
        return builder.endpointOverride(URI.create(wireMock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        directory.close();
        wireMock.stop();
    }

    @Test
    void identityProviders_twoPages_readsBothAndCountsTwoCalls() {
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$[?(!@.NextToken)]"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"IdentityProviderSummaries": [{
                          "IdentityProvider": {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-9067a1b2c3",
                            "ActiveDirectoryType": "AWS_MANAGED"}},
                          "Settings": {"Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                            "SecurityGroupId": "sg-0123456789abcdef0"},
                          "Product": "OFFICE_PROFESSIONAL_PLUS", "Status": "REGISTERED"}],
                         "NextToken": "page-2"}
                        """)));
        wireMock.stubFor(post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"IdentityProviderSummaries": [{
                          "IdentityProvider": {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-9067d4e5f6",
                            "ActiveDirectoryType": "SELF_MANAGED", "ActiveDirectorySettings": {
                              "DomainName": "corp.example.com", "DomainIpv4List": ["10.0.5.10", "10.0.6.10"],
                              "DomainNetworkSettings": {"Subnets": ["subnet-0aa11bb22cc33dd44"]}}}},
                          "Settings": {"Subnets": ["subnet-0aa11bb22cc33dd44"],
                            "SecurityGroupId": "sg-0aa11bb22cc33dd44"},
                          "Product": "REMOTE_DESKTOP_SERVICES", "Status": "REGISTERED"}]}
                        """)));

        IdentityProviderListing listing = new LmusIdentityProviderSource(client, directory).identityProviders();

        assertThat(listing.apiCalls()).isEqualTo(2);
        assertThat(listing.providers()).containsExactly(
                new IdentityProvider("d-9067a1b2c3", "OFFICE_PROFESSIONAL_PLUS", "REGISTERED",
                        List.of("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"),
                        "sg-0123456789abcdef0", "AWS_MANAGED", null, List.of(), List.of()),
                new IdentityProvider("d-9067d4e5f6", "REMOTE_DESKTOP_SERVICES", "REGISTERED",
                        List.of("subnet-0aa11bb22cc33dd44"), "sg-0aa11bb22cc33dd44", "SELF_MANAGED",
                        "corp.example.com", List.of("10.0.5.10", "10.0.6.10"),
                        List.of("subnet-0aa11bb22cc33dd44")));
        wireMock.verify(2, postRequestedFor(urlEqualTo(PATH)));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.MaxResults",
                WireMock.equalTo("100"))).withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2"))));
    }

    @Test
    void licenseServerEndpoints_twoPages_eachEndpointWithItsIdentityProvider() {
        wireMock.stubFor(post(urlEqualTo(ENDPOINTS_PATH)).withRequestBody(matchingJsonPath("$[?(!@.NextToken)]"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"LicenseServerEndpoints": [{
                          "IdentityProviderArn": "%sidentity-provider/idp-1",
                          "LicenseServerEndpointArn": "%slicense-server-endpoint/lse-1",
                          "LicenseServerEndpointId": "lse-1", "ServerType": "RDS_SAL",
                          "LicenseServerEndpointProvisioningStatus": "PROVISIONED"}],
                         "NextToken": "page-2"}
                        """.formatted(ARN, ARN))));
        wireMock.stubFor(post(urlEqualTo(ENDPOINTS_PATH))
                .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"LicenseServerEndpoints": [{
                          "IdentityProviderArn": "%sidentity-provider/idp-2",
                          "LicenseServerEndpointArn": "%slicense-server-endpoint/lse-2",
                          "LicenseServerEndpointProvisioningStatus": "PROVISIONING_FAILED",
                          "StatusMessage": "subnet full"}]}
                        """.formatted(ARN, ARN))));

        IdentityProviderSource.Listed<Map<String, String>> endpoints =
                new LmusIdentityProviderSource(client, directory).licenseServerEndpoints();

        assertThat(endpoints.apiCalls()).isEqualTo(2);
        assertThat(endpoints.value()).containsExactly(
                Map.entry(ARN + "license-server-endpoint/lse-1", ARN + "identity-provider/idp-1"),
                Map.entry(ARN + "license-server-endpoint/lse-2", ARN + "identity-provider/idp-2"));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ENDPOINTS_PATH)).withRequestBody(
                matchingJsonPath("$.MaxResults", WireMock.equalTo("100"))));
    }

    @Test
    void directories_everyPage_withTheDomainControllersGroup() {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DirectoryService_20150416.DescribeDirectories"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("""
                        {"DirectoryDescriptions": [{"DirectoryId": "d-9067a1b2c3", "Name": "corp.example.com",
                          "Type": "MicrosoftAD", "Stage": "Active", "DnsIpAddrs": ["10.1.1.10", "10.1.2.10"],
                          "VpcSettings": {"VpcId": "vpc-0a1b2c3d4e5f67890",
                            "SubnetIds": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
                            "SecurityGroupId": "sg-0d0c0a1b2c3d4e5f6"}}]}
                        """)));

        IdentityProviderSource.Listed<List<Directory>> listed =
                new LmusIdentityProviderSource(client, directory).directories();

        assertThat(listed.apiCalls()).isEqualTo(1);
        assertThat(listed.value()).singleElement().satisfies(d -> {
            assertThat(d.directoryId()).isEqualTo("d-9067a1b2c3");
            assertThat(d.vpcId()).isEqualTo("vpc-0a1b2c3d4e5f67890");
            assertThat(d.securityGroupId()).isEqualTo("sg-0d0c0a1b2c3d4e5f6");
        });
    }
}
