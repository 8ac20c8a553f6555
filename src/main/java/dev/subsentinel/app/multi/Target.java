package dev.subsentinel.app.multi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One account and region to scan.
 *
 * @param accountId the 12-digit account id
 * @param region    the region, e.g. {@code eu-west-1}
 */
public record Target(String accountId, String region) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public Target {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId is not a 12-digit account id: '" + accountId + "'");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region is not a region name: '" + region + "'");
        }
    }

    @Override
    public String toString() {
        return accountId + "/" + region;
    }
}
