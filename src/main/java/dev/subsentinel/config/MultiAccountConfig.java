package dev.subsentinel.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of a deployment that watches many accounts and regions (issue 11), read once from the environment and
 * validated like {@link AppConfig}: a bad value fails fast with the variable's name. Without targets the deployment
 * is single-account: the scan function scans its own account and region and nothing here is used.
 *
 * @param organization        SENTINEL_TARGET_ACCOUNTS = {@code ORGANIZATION}: the accounts come from AWS Organizations
 *                            ListAccounts (the monitor account must be the management account or a delegated
 *                            administrator)
 * @param accounts            SENTINEL_TARGET_ACCOUNTS: 12-digit account ids, comma-separated (empty with organization)
 * @param regions             SENTINEL_TARGET_REGIONS: the regions to scan in every account (default: the function's)
 * @param memberRoleName      SENTINEL_MEMBER_ROLE_NAME: the read-only role of member-role.yaml in each member account
 *                            (default {@value #DEFAULT_MEMBER_ROLE})
 * @param externalId          SENTINEL_EXTERNAL_ID: the external id the member role requires (2 to 1224 characters of
 *                            {@code [\w+=,.@:/-]}); required to assume a member role
 * @param queueUrl            SENTINEL_TARGET_QUEUE_URL: the SQS queue of scan targets (the worker's event source)
 * @param shardMaxInstances   SENTINEL_SHARD_MAX_INSTANCES: a fleet of more instances than this is split across
 *                            messages to the worker (default {@value #DEFAULT_SHARD_MAX_INSTANCES})
 * @param accountMetricsLimit SENTINEL_ACCOUNT_METRICS_LIMIT: per-target metrics carry Account and Region dimensions
 *                            only when a run has at most this many targets (default
 *                            {@value #DEFAULT_ACCOUNT_METRICS_LIMIT}; 0: never)
 */
public record MultiAccountConfig(boolean organization, List<String> accounts, List<String> regions,
        String memberRoleName, String externalId, String queueUrl, int shardMaxInstances, int accountMetricsLimit) {

    /** The member role's name unless told otherwise (member-role.yaml's default). */
    public static final String DEFAULT_MEMBER_ROLE = "SubscriptionSentinelMember";
    /** SENTINEL_TARGET_ACCOUNTS's value for the accounts of the organization. */
    public static final String ORGANIZATION = "ORGANIZATION";
    /**
     * Instances per invocation before a scan is split: the 50,000-instance scan of the benchmark needed 741 MB of live
     * heap of the 842 MB that 1024 MB gives (docs/performance.md, "Scan benchmark"); half of that keeps the
     * function's memory at about half its size.
     */
    public static final int DEFAULT_SHARD_MAX_INSTANCES = 25_000;
    /** Targets per run up to which per-target metrics carry Account and Region (3 metrics each). */
    public static final int DEFAULT_ACCOUNT_METRICS_LIMIT = 50;

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    public MultiAccountConfig {
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
    }

    /** Reads and validates the settings; {@code defaultRegion} is the function's region (AWS_REGION). */
    public static MultiAccountConfig fromEnvironment(Map<String, String> env, String defaultRegion) {
        String targets = value(env, "SENTINEL_TARGET_ACCOUNTS", "");
        boolean organization = ORGANIZATION.equalsIgnoreCase(targets);
        List<String> accounts = organization ? List.of() : list(targets);
        for (String account : accounts) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new ConfigException("SENTINEL_TARGET_ACCOUNTS must be 12-digit account ids separated by commas,"
                        + " or ORGANIZATION, was '" + targets + "'");
            }
        }
        List<String> regions = list(value(env, "SENTINEL_TARGET_REGIONS", ""));
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new ConfigException("SENTINEL_TARGET_REGIONS must be region names separated by commas (e.g."
                        + " us-east-1,eu-west-1), was '" + value(env, "SENTINEL_TARGET_REGIONS", "") + "'");
            }
        }
        if (regions.isEmpty() && defaultRegion != null) {
            regions = List.of(defaultRegion);
        }
        String role = value(env, "SENTINEL_MEMBER_ROLE_NAME", DEFAULT_MEMBER_ROLE);
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new ConfigException("SENTINEL_MEMBER_ROLE_NAME must be an IAM role name (1-64 of [\\w+=,.@-]), was '"
                    + role + "'");
        }
        String externalId = value(env, "SENTINEL_EXTERNAL_ID", null);
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw new ConfigException("SENTINEL_EXTERNAL_ID must be 2 to 1224 characters of [\\w+=,.@:/-] (STS"
                    + " AssumeRole's ExternalId)");
        }
        boolean multiAccount = organization || !accounts.isEmpty();
        if (multiAccount && externalId == null) {
            throw new ConfigException("SENTINEL_TARGET_ACCOUNTS is set but SENTINEL_EXTERNAL_ID is not: the member"
                    + " role requires the external id");
        }
        String queue = value(env, "SENTINEL_TARGET_QUEUE_URL", null);
        if (queue != null && !queue.matches("https?://.+")) {
            throw new ConfigException("SENTINEL_TARGET_QUEUE_URL must be an SQS queue URL, was '" + queue + "'");
        }
        return new MultiAccountConfig(organization, accounts, regions, role, externalId, queue,
                count(env, "SENTINEL_SHARD_MAX_INSTANCES", DEFAULT_SHARD_MAX_INSTANCES, 1),
                count(env, "SENTINEL_ACCOUNT_METRICS_LIMIT", DEFAULT_ACCOUNT_METRICS_LIMIT, 0));
    }

    /** Whether the deployment watches other accounts or regions (a coordinator has targets to send). */
    public boolean multiAccount() {
        return organization || !accounts.isEmpty();
    }

    /** The member role's ARN in an account ({@code partition} e.g. {@code aws}). */
    public String memberRoleArn(String partition, String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + memberRoleName;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int count(Map<String, String> env, String name, int fallback, int min) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number of at least " + min + ", was '" + value + "'");
        }
    }

    private static List<String> list(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return new ArrayList<>(out);
    }
}
