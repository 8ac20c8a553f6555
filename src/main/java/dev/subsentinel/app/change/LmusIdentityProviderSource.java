package dev.subsentinel.app.change;

import dev.subsentinel.collect.DirectoryReader;
import dev.subsentinel.collect.LmusMapping;
import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.IdentityProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.DescribeDirectoriesResponse;
import software.amazon.awssdk.services.directory.model.DirectoryDescription;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.LicenseServerEndpoint;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListIdentityProvidersResponse;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListLicenseServerEndpointsResponse;

/**
 * Lists identity providers with LM-US {@code ListIdentityProviders} and licence server endpoints with
 * {@code ListLicenseServerEndpoints} (one call per page of up to 100 each), and directories with Directory Service
 * {@code DescribeDirectories} (every directory of the account, as the collector lists them: an id that does not exist
 * would fail a call by id). Only what the change mapping needs is kept faithfully.
 */
public final class LmusIdentityProviderSource implements IdentityProviderSource {

    private static final int PAGE_SIZE = 100;

    private final LicenseManagerUserSubscriptionsClient client;
    private final DirectoryClient directory;

    /** A source that reads with these clients. */
    public LmusIdentityProviderSource(LicenseManagerUserSubscriptionsClient client, DirectoryClient directory) {
        this.client = Objects.requireNonNull(client, "client");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public IdentityProviderListing identityProviders() {
        List<IdentityProvider> providers = new ArrayList<>();
        int calls = pages("license-manager-user-subscriptions:ListIdentityProviders",
                token -> client.listIdentityProviders(r -> r.maxResults(PAGE_SIZE).nextToken(token)),
                ListIdentityProvidersResponse::nextToken, page -> {
                    for (IdentityProviderSummary summary : page.identityProviderSummaries()) {
                        if (summary.product() != null) {
                            providers.add(LmusMapping.identityProvider(summary));
                        }
                    }
                });
        return new IdentityProviderListing(providers, calls);
    }

    @Override
    public Listed<List<Directory>> directories() {
        List<Directory> directories = new ArrayList<>();
        int calls = pages("ds:DescribeDirectories", token -> directory.describeDirectories(r -> r.nextToken(token)),
                DescribeDirectoriesResponse::nextToken, page -> {
                    for (DirectoryDescription description : page.directoryDescriptions()) {
                        if (description.directoryId() != null && description.name() != null) {
                            directories.add(DirectoryReader.directory(description));
                        }
                    }
                });
        return new Listed<>(directories, calls);
    }

    @Override
    public Listed<Map<String, String>> licenseServerEndpoints() {
        Map<String, String> providerOfEndpoint = new LinkedHashMap<>();
        int calls = pages("license-manager-user-subscriptions:ListLicenseServerEndpoints",
                token -> client.listLicenseServerEndpoints(r -> r.maxResults(PAGE_SIZE).nextToken(token)),
                ListLicenseServerEndpointsResponse::nextToken, page -> {
                    for (LicenseServerEndpoint endpoint : page.licenseServerEndpoints()) {
                        if (endpoint.licenseServerEndpointArn() != null && endpoint.identityProviderArn() != null) {
                            providerOfEndpoint.put(endpoint.licenseServerEndpointArn(),
                                    endpoint.identityProviderArn());
                        }
                    }
                });
        return new Listed<>(providerOfEndpoint, calls);
    }

    /**
     * Reads every page of a call of this IAM action (the first with a null token); returns the number of requests.
     *
     * @throws MappingReadException when a request fails
     */
    private static <P> int pages(String action, Function<String, P> request, Function<P, String> nextToken,
            Consumer<P> each) {
        int calls = 0;
        String token = null;
        do {
            String pageToken = token;
            P page = MappingReadException.read(action, () -> request.apply(pageToken));
            calls++;
            each.accept(page);
            token = nextToken.apply(page);
        } while (token != null && !token.isEmpty());
        return calls;
    }
}
