package dev.subsentinel.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.route53resolver.Route53ResolverClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one factory for AWS SDK clients (STYLE rule 5). Every client gets the same region, the same lightweight
 * url-connection HTTP client, the bounds of {@link AwsCallSettings} (a timeout per attempt and per call with its
 * retries, so a hung endpoint costs at most the call timeout), adaptive retries with exponential backoff (throttling,
 * 5xx, network errors and timeouts are retried, with a longer base delay and a slower request rate when throttled),
 * the default credentials chain (never pinned credentials: SnapStart restores them differently), the optional
 * endpoint override of {@link AppConfig#endpointUrl()} (emulators), and the {@link ApiCallCounter} that counts every
 * attempt. The clients that read the fleet (EC2, SSM, LM-US, Directory Service, Route 53 Resolver, IAM, STS) also
 * share one {@link RequestPacer}, which keeps each API of this account and region at the configured request rate;
 * SNS, DynamoDB and AWS Config are not paced (their limits are far above what a run sends).
 *
 * <p>One factory serves one account and region: {@link #create} with the default credentials chain (the function's
 * own account), {@link #forAccount} with the credentials of a member account's role and a region of its own (the
 * worker of a multi-account deployment builds one per target and closes it after the target's scan).
 *
 * <p>Clients are built on first use, so a function that only publishes never builds an EC2 client. Thread-safe.
 * Closing closes the clients built so far, the HTTP client and the credentials provider.
 */
public final class Clients implements AutoCloseable {

    /** How long to wait for a TCP connection (never longer than an attempt). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Region region;
    private final URI endpoint;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final ApiCallCounter counter = new ApiCallCounter();
    private final RequestPacer pacer;
    private final ClientOverrideConfiguration overrides;
    private final ClientOverrideConfiguration pacedOverrides;

    private final Lazy<Ec2Client> ec2 = new Lazy<>(() -> build(Ec2Client.builder(), true));
    private final Lazy<SsmClient> ssm = new Lazy<>(() -> build(SsmClient.builder(), true));
    private final Lazy<LicenseManagerUserSubscriptionsClient> lmus =
            new Lazy<>(() -> build(LicenseManagerUserSubscriptionsClient.builder(), true));
    private final Lazy<Route53ResolverClient> resolver =
            new Lazy<>(() -> build(Route53ResolverClient.builder(), true));
    private final Lazy<DirectoryClient> directory = new Lazy<>(() -> build(DirectoryClient.builder(), true));
    private final Lazy<SnsClient> sns = new Lazy<>(() -> build(SnsClient.builder(), false));
    private final Lazy<SecurityHubClient> securityHub = new Lazy<>(() -> build(SecurityHubClient.builder(), false));
    private final Lazy<DynamoDbClient> dynamoDb = new Lazy<>(() -> build(DynamoDbClient.builder(), false));
    private final Lazy<ConfigClient> config = new Lazy<>(() -> build(ConfigClient.builder(), false));
    private final Lazy<StsClient> sts = new Lazy<>(() -> build(StsClient.builder(), true));
    private final Lazy<IamClient> iam = new Lazy<>(() -> build(IamClient.builder(), true));
    private final Lazy<SqsClient> sqs = new Lazy<>(() -> build(SqsClient.builder(), false));
    private final Lazy<OrganizationsClient> organizations =
            new Lazy<>(() -> buildIn(OrganizationsClient.builder().region(Region.AWS_GLOBAL), true));
    private final List<Lazy<? extends SdkClient>> all = List.of(ec2, ssm, lmus, resolver, directory, sns,
            securityHub, dynamoDb, config, sts, iam, sqs, organizations);

    private Clients(Region region, URI endpoint, AwsCallSettings settings, AwsCredentialsProvider credentials) {
        this.region = region;
        this.endpoint = endpoint;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(min(CONNECT_TIMEOUT, settings.attemptTimeout()))
                .socketTimeout(settings.attemptTimeout())
                .build();
        this.credentials = credentials;
        this.pacer = new RequestPacer(settings.rate());
        this.overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(settings))
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .apiCallTimeout(settings.callTimeout())
                .addExecutionInterceptor(counter)
                .build();
        this.pacedOverrides = overrides.toBuilder().addExecutionInterceptor(pacer).build();
    }

    /**
     * The SDK's adaptive strategy with the AWS retry conditions (throttling error codes such as ThrottlingException
     * and RequestLimitExceeded, 429, 5xx, network errors, attempt timeouts) and the settings' attempts and backoff.
     */
    static RetryStrategy retryStrategy(AwsCallSettings settings) {
        return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(settings.baseDelay(), AwsCallSettings.MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(settings.throttledBaseDelay(),
                        AwsCallSettings.MAX_BACKOFF))
                .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * A factory for the region and endpoint of the configuration: {@link AppConfig#region()}, else the SDK's region
     * chain (AWS_REGION, profile).
     *
     * @throws ConfigException when no region is configured anywhere
     */
    public static Clients create(AppConfig config) {
        Region region;
        if (config.region() != null) {
            region = Region.of(config.region());
        } else {
            try {
                region = new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                throw new ConfigException("AWS_REGION is not set and no profile names a region: " + e.getMessage());
            }
        }
        return new Clients(region, endpoint(config), config.aws(), DefaultCredentialsProvider.builder().build());
    }

    /**
     * A factory for another account and region: the configuration's settings and endpoint override, the region given,
     * and these credentials (a member account's assumed role). Closing it closes the credentials provider when it is
     * {@link AutoCloseable}.
     */
    public static Clients forAccount(AppConfig config, String region, AwsCredentialsProvider credentials) {
        return new Clients(Region.of(region), endpoint(config), config.aws(), credentials);
    }

    private static URI endpoint(AppConfig config) {
        return config.endpointUrl() == null ? null : URI.create(config.endpointUrl());
    }

    /**
     * The partition of a region ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...), from the SDK's partition data,
     * which also knows regions newer than its region list by their partition's name pattern; null, blank or a name no
     * partition claims is {@code aws}.
     */
    public static String partition(String region) {
        return region == null || region.isBlank() ? "aws" : PartitionMetadata.of(Region.of(region)).id();
    }

    /**
     * Splits values into batches of at most {@code size}, in order: an API's limit on the filter values or entries of
     * one request.
     */
    public static <T> List<List<T>> batches(Collection<T> values, int size) {
        List<T> all = List.copyOf(values);
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            batches.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return batches;
    }

    /** The region every client talks to. */
    public Region region() {
        return region;
    }

    /** The endpoint override, or null when the clients use the real AWS endpoints. */
    public URI endpointOverride() {
        return endpoint;
    }

    /** The counter of API call attempts made through these clients. */
    public ApiCallCounter apiCalls() {
        return counter;
    }

    /** The pace of the clients that read the fleet (how often a request waited for its API's turn). */
    public RequestPacer pacer() {
        return pacer;
    }

    /** EC2. */
    public Ec2Client ec2() {
        return ec2.get();
    }

    /** Systems Manager. */
    public SsmClient ssm() {
        return ssm.get();
    }

    /** License Manager user-based subscriptions. */
    public LicenseManagerUserSubscriptionsClient licenseManagerUserSubscriptions() {
        return lmus.get();
    }

    /** Route 53 Resolver. */
    public Route53ResolverClient route53Resolver() {
        return resolver.get();
    }

    /** Directory Service. */
    public DirectoryClient directory() {
        return directory.get();
    }

    /** SNS. */
    public SnsClient sns() {
        return sns.get();
    }

    /** Security Hub (findings, issue 14). */
    public SecurityHubClient securityHub() {
        return securityHub.get();
    }

    /** DynamoDB. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** AWS Config. */
    public ConfigClient config() {
        return config.get();
    }

    /** STS. */
    public StsClient sts() {
        return sts.get();
    }

    /** IAM (a global service: the SDK resolves its endpoint for the region's partition). */
    public IamClient iam() {
        return iam.get();
    }

    /** SQS (the queue of scan targets). */
    public SqsClient sqs() {
        return sqs.get();
    }

    /** AWS Organizations (a global service: its one endpoint, organizations.us-east-1.amazonaws.com). */
    public OrganizationsClient organizations() {
        return organizations.get();
    }

    /** The credentials every client signs with (the default chain, or a member account's role). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder, boolean paced) {
        return buildIn(builder.region(region), paced);
    }

    /** Builds a client whose region is already set on the builder. */
    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C buildIn(B builder, boolean paced) {
        builder.credentialsProvider(credentials)
                .overrideConfiguration(paced ? pacedOverrides : overrides)
                .httpClient(http);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public void close() {
        all.forEach(Lazy::close);
        http.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a credentials provider only releases caches; nothing to recover
            }
        }
    }

    /** A client built on first use. */
    private static final class Lazy<T extends SdkClient> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void close() {
            if (value != null) {
                value.close();
                value = null;
            }
        }
    }
}
