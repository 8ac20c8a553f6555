package dev.subsentinel.cli;

import dev.subsentinel.config.AppConfig;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to AWS shares (DESIGN section 7), and the checks that turn a missing region
 * or missing credentials into one line naming what to set, before any call is made.
 */
final class AwsOptions {

    /** A region name as AWS spells them: us-east-1, eu-central-2, us-gov-west-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION or the profile's).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile for credentials and region.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Endpoint for every AWS client, e.g. an emulator (default: AWS_ENDPOINT_URL).")
    String endpointUrl;

    /**
     * The settings with these options applied over the environment's, with the region resolved (option,
     * {@code AWS_REGION}, the profile, then the instance metadata unless {@code AWS_EC2_METADATA_DISABLED=true}) and
     * the credentials checked.
     *
     * @throws UsageException naming the option or variable to set
     */
    AppConfig apply(AppConfig config, Map<String, String> environment) {
        String profileName = profile != null ? profile : environment.get("AWS_PROFILE");
        if (profile != null) {
            if (profile.isBlank()) {
                throw new UsageException("--profile must name a profile, was empty");
            }
            System.setProperty("aws.profile", profile);
        }
        AppConfig result = config;
        if (endpointUrl != null) {
            if (!endpointUrl.matches("https?://.+")) {
                throw new UsageException("--endpoint-url must be an http(s) URL, was '" + endpointUrl + "'");
            }
            result = result.withEndpointUrl(endpointUrl);
        }
        result = result.withRegion(region(config, environment, profileName));
        checkCredentials(profileName);
        return result;
    }

    private String region(AppConfig config, Map<String, String> environment, String profileName) {
        if (region != null) {
            if (!REGION.matcher(region).matches()) {
                throw new UsageException("--region must be a region name such as us-east-1, was '" + region + "'");
            }
            return region;
        }
        if (config.region() != null) {
            if (!REGION.matcher(config.region()).matches()) {
                throw new UsageException("AWS_REGION must be a region name such as us-east-1, was '"
                        + config.region() + "'");
            }
            return config.region();
        }
        Region found = profileRegion(profileName);
        if (found == null && !"true".equalsIgnoreCase(environment.get("AWS_EC2_METADATA_DISABLED"))) {
            found = metadataRegion();
        }
        if (found == null) {
            throw new UsageException("no AWS region: pass --region, set AWS_REGION, or set a region in the profile"
                    + (profileName != null ? " '" + profileName + "'" : "") + " (~/.aws/config)");
        }
        return found.id();
    }

    private static Region profileRegion(String profileName) {
        try {
            return new AwsProfileRegionProvider(ProfileFile::defaultProfileFile,
                    profileName != null ? profileName : "default").getRegion();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Region metadataRegion() {
        try {
            return new InstanceProfileRegionProvider().getRegion();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Resolves the credentials once, so that a missing one is a clear usage error rather than every call failing. */
    private static void checkCredentials(String profileName) {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            throw new UsageException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use a"
                    + " profile (--profile, AWS_PROFILE)" + (profileName != null ? "; profile '" + profileName
                            + "' gives none" : "") + "; for an emulator any values will do");
        }
    }
}
