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
import dev.subsentinel.core.model.IdentityProvider;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;

/** moto does not implement LM-US: WireMock answers ListIdentityProviders with the documented JSON shape. */
class LmusIdentityProviderSourceTest {

    private static final String PATH = "/identity-provider/ListIdentityProviders";

    private WireMockServer wireMock;
    private LicenseManagerUserSubscriptionsClient client;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        client = LicenseManagerUserSubscriptionsClient.builder()
                .endpointOverride(URI.create(wireMock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
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

        IdentityProviderListing listing = new LmusIdentityProviderSource(client).identityProviders();

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
}
