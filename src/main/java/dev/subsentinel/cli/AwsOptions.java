package dev.subsentinel.cli;

import dev.subsentinel.config.AppConfig;
import picocli.CommandLine.Option;

/** The options every command that talks to AWS shares (DESIGN section 7). */
final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION or the profile's).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Named profile for credentials and region.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Endpoint for every AWS client, e.g. an emulator (default: AWS_ENDPOINT_URL).")
    String endpointUrl;

    /** The settings with these options applied over the environment's. */
    AppConfig apply(AppConfig config) {
        if (profile != null) {
            System.setProperty("aws.profile", profile);
        }
        AppConfig result = config;
        if (region != null) {
            result = result.withRegion(region);
        }
        if (endpointUrl != null) {
            if (!endpointUrl.matches("https?://.+")) {
                throw new UsageException("--endpoint-url must be an http(s) URL, was '" + endpointUrl + "'");
            }
            result = result.withEndpointUrl(endpointUrl);
        }
        return result;
    }
}
