package dev.subsentinel.app.change;

import dev.subsentinel.core.model.Directory;
import java.util.List;
import java.util.Map;

/**
 * Where the directory side of LM-US comes from: the identity providers (their {@code Settings.SecurityGroupId} and
 * {@code Settings.Subnets} say which security group guards the Office activation endpoints and where those endpoints
 * are), the Directory Service directories they register (the domain controllers' group and VPC) and the licence
 * server endpoints (which identity provider each serves).
 */
public interface IdentityProviderSource {

    /** The registered identity providers, with the number of API calls it took to list them. */
    IdentityProviderListing identityProviders();

    /** Every Directory Service directory of the account and region, with the calls it took. */
    Listed<List<Directory>> directories();

    /**
     * Every LM-US licence server endpoint: its ARN with the ARN of the identity provider it serves, with the calls it
     * took.
     */
    Listed<Map<String, String>> licenseServerEndpoints();

    /**
     * A value read from AWS with the number of API requests it took.
     *
     * @param value    what was read
     * @param apiCalls the requests
     */
    record Listed<T>(T value, int apiCalls) {

        public Listed {
            if (apiCalls < 0) {
                throw new IllegalArgumentException("apiCalls must not be negative");
            }
        }
    }
}
