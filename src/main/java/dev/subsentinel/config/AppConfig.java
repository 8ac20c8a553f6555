package dev.subsentinel.config;

import dev.subsentinel.core.EvaluationSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings read once from the environment (DESIGN section 7.1) and validated: a bad value fails fast with the
 * variable's name. The CLI builds one from the environment and overrides fields with its options.
 *
 * @param topicArn          SENTINEL_TOPIC_ARN: the SNS topic for alerts, or null for no alerts
 * @param stateTable        SENTINEL_STATE_TABLE: the DynamoDB table for tracking, or null for no tracking
 * @param instanceTagKey    SENTINEL_INSTANCE_TAG key (default AWSLicenseManager)
 * @param instanceTagValue  SENTINEL_INSTANCE_TAG value (default UserSubscriptions)
 * @param evaluation        SENTINEL_PING_STALE_MINUTES, SENTINEL_MIN_AGENT_VERSION, SENTINEL_APPROVED_RDP_SOURCES
 * @param repeatAlertHours  SENTINEL_REPEAT_ALERT_HOURS (default 6)
 * @param digestThreshold   SENTINEL_DIGEST_THRESHOLD (default 10)
 * @param metricsNamespace  POWERTOOLS_METRICS_NAMESPACE (default SubscriptionSentinel)
 * @param region            AWS_REGION (may be null: the SDK's default chain decides)
 * @param endpointUrl       AWS_ENDPOINT_URL: an endpoint override for every client (emulators), or null
 * @param aws               SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS, SENTINEL_AWS_CALL_TIMEOUT_SECONDS,
 *                          SENTINEL_AWS_MAX_ATTEMPTS, SENTINEL_DEADLINE_MARGIN_SECONDS: how AWS calls are bounded;
 *                          SENTINEL_AWS_MAX_CONCURRENT_CALLS, SENTINEL_AWS_REQUESTS_PER_SECOND,
 *                          SENTINEL_AWS_REQUEST_BURST: how fast each API is called
 * @param channels          SENTINEL_CHAT_TOPIC_ARN, SENTINEL_SECURITY_HUB: the alert channels besides the alert topic
 */
public record AppConfig(
        String topicArn,
        String stateTable,
        String instanceTagKey,
        String instanceTagValue,
        EvaluationSettings evaluation,
        int repeatAlertHours,
        int digestThreshold,
        String metricsNamespace,
        String region,
        String endpointUrl,
        AwsCallSettings aws,
        Channels channels) {

    /** The default tag LM-US puts on its instances. */
    public static final String DEFAULT_TAG = "AWSLicenseManager=UserSubscriptions";
    /** The most attempts per AWS call SENTINEL_AWS_MAX_ATTEMPTS may ask for. */
    public static final int MAX_ATTEMPTS = 20;
    /** The most calls of one API in flight SENTINEL_AWS_MAX_CONCURRENT_CALLS may ask for. */
    public static final int MAX_CONCURRENT_CALLS = 64;

    public AppConfig {
        channels = channels == null ? Channels.NONE : channels;
    }

    /** Settings without channels besides the alert topic. */
    public AppConfig(String topicArn, String stateTable, String instanceTagKey, String instanceTagValue,
            EvaluationSettings evaluation, int repeatAlertHours, int digestThreshold, String metricsNamespace,
            String region, String endpointUrl, AwsCallSettings aws) {
        this(topicArn, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours, digestThreshold,
                metricsNamespace, region, endpointUrl, aws, Channels.NONE);
    }

    /**
     * The alert channels besides the alert topic (issue 14).
     *
     * @param chatTopicArn SENTINEL_CHAT_TOPIC_ARN: the SNS topic whose messages are chat custom notifications (Amazon
     *                     Q Developer in chat applications), or null for none
     * @param securityHub  SENTINEL_SECURITY_HUB ({@code true}/{@code false}, default false): import a finding per
     *                     instance and failing check into Security Hub
     */
    public record Channels(String chatTopicArn, boolean securityHub) {

        /** No chat topic, no Security Hub. */
        public static final Channels NONE = new Channels(null, false);

        /** Whether any of them is enabled. */
        public boolean any() {
            return chatTopicArn != null || securityHub;
        }

        static Channels fromEnvironment(Map<String, String> env) {
            String chat = value(env, "SENTINEL_CHAT_TOPIC_ARN", null);
            if (chat != null && !chat.startsWith("arn:")) {
                throw new ConfigException("SENTINEL_CHAT_TOPIC_ARN must be an SNS topic ARN, was '" + chat + "'");
            }
            String hub = value(env, "SENTINEL_SECURITY_HUB", "false");
            if (!hub.equals("true") && !hub.equals("false")) {
                throw new ConfigException("SENTINEL_SECURITY_HUB must be true or false, was '" + hub + "'");
            }
            return new Channels(chat, Boolean.parseBoolean(hub));
        }
    }

    /** Reads and validates the settings. */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        String tag = value(env, "SENTINEL_INSTANCE_TAG", DEFAULT_TAG);
        int eq = tag.indexOf('=');
        if (eq <= 0 || eq == tag.length() - 1) {
            throw new ConfigException("SENTINEL_INSTANCE_TAG must be key=value, was '" + tag + "'");
        }
        int stale = positiveInt(env, "SENTINEL_PING_STALE_MINUTES", 15);
        String minAgent = value(env, "SENTINEL_MIN_AGENT_VERSION", null);
        if (minAgent != null && !minAgent.matches("\\d+(\\.\\d+)*")) {
            throw new ConfigException("SENTINEL_MIN_AGENT_VERSION must look like 3.3.40.0, was '" + minAgent + "'");
        }
        List<String> approved = list(value(env, "SENTINEL_APPROVED_RDP_SOURCES", ""));
        EvaluationSettings settings;
        try {
            settings = new EvaluationSettings(stale, minAgent, approved);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SENTINEL_APPROVED_RDP_SOURCES: " + e.getMessage());
        }
        String topic = value(env, "SENTINEL_TOPIC_ARN", null);
        if (topic != null && !topic.startsWith("arn:")) {
            throw new ConfigException("SENTINEL_TOPIC_ARN must be an SNS topic ARN, was '" + topic + "'");
        }
        String endpoint = value(env, "AWS_ENDPOINT_URL", null);
        if (endpoint != null && !endpoint.matches("https?://.+")) {
            throw new ConfigException("AWS_ENDPOINT_URL must be an http(s) URL, was '" + endpoint + "'");
        }
        return new AppConfig(topic, value(env, "SENTINEL_STATE_TABLE", null), tag.substring(0, eq),
                tag.substring(eq + 1), settings, positiveInt(env, "SENTINEL_REPEAT_ALERT_HOURS", 6),
                positiveInt(env, "SENTINEL_DIGEST_THRESHOLD", 10),
                value(env, "POWERTOOLS_METRICS_NAMESPACE", "SubscriptionSentinel"),
                value(env, "AWS_REGION", value(env, "AWS_DEFAULT_REGION", null)), endpoint, awsCalls(env),
                Channels.fromEnvironment(env));
    }

    /** The bounds of AWS calls: SENTINEL_AWS_* and SENTINEL_DEADLINE_MARGIN_SECONDS over the defaults. */
    private static AwsCallSettings awsCalls(Map<String, String> env) {
        AwsCallSettings defaults = AwsCallSettings.DEFAULTS;
        Duration attempt = seconds(env, "SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS", defaults.attemptTimeout(), false);
        Duration call = seconds(env, "SENTINEL_AWS_CALL_TIMEOUT_SECONDS", defaults.callTimeout(), false);
        if (call.compareTo(attempt) < 0) {
            throw new ConfigException("SENTINEL_AWS_CALL_TIMEOUT_SECONDS (" + call.toMillis() / 1000.0
                    + ") must not be shorter than SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS (" + attempt.toMillis() / 1000.0
                    + ")");
        }
        int attempts = positiveInt(env, "SENTINEL_AWS_MAX_ATTEMPTS", defaults.maxAttempts());
        if (attempts > MAX_ATTEMPTS) {
            throw new ConfigException("SENTINEL_AWS_MAX_ATTEMPTS must be at most " + MAX_ATTEMPTS + ", was '"
                    + attempts + "'");
        }
        Duration margin = seconds(env, "SENTINEL_DEADLINE_MARGIN_SECONDS", defaults.deadlineMargin(), true);
        AwsCallSettings.Rate rate = AwsCallSettings.Rate.DEFAULTS;
        int concurrent = positiveInt(env, "SENTINEL_AWS_MAX_CONCURRENT_CALLS", rate.maxConcurrentCalls());
        if (concurrent > MAX_CONCURRENT_CALLS) {
            throw new ConfigException("SENTINEL_AWS_MAX_CONCURRENT_CALLS must be at most " + MAX_CONCURRENT_CALLS
                    + ", was '" + concurrent + "'");
        }
        double perSecond = requestsPerSecond(env, rate.requestsPerSecond());
        int burst = positiveInt(env, "SENTINEL_AWS_REQUEST_BURST", rate.burst());
        return new AwsCallSettings(attempt, call, attempts, defaults.baseDelay(), defaults.throttledBaseDelay(),
                margin, new AwsCallSettings.Rate(concurrent, perSecond, burst));
    }

    /** SENTINEL_AWS_REQUESTS_PER_SECOND: a number, 0 (no limit) to 10,000, decimals allowed. */
    private static double requestsPerSecond(Map<String, String> env, double fallback) {
        String value = value(env, "SENTINEL_AWS_REQUESTS_PER_SECOND", null);
        if (value == null) {
            return fallback;
        }
        String expected = "SENTINEL_AWS_REQUESTS_PER_SECOND must be a number of requests per second per API (0 for"
                + " no limit, at most 10000), was '" + value + "'";
        try {
            double parsed = new BigDecimal(value).doubleValue();
            if (parsed < 0 || parsed > 10_000) {
                throw new ConfigException(expected);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(expected);
        }
    }

    /** A duration in seconds (decimals allowed, e.g. 0.5), positive (or zero when allowed), at most a day. */
    private static Duration seconds(Map<String, String> env, String name, Duration fallback, boolean zeroAllowed) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        String expected = name + " must be a number of seconds" + (zeroAllowed ? " (0 or more" : " (more than 0")
                + ", at most 86400), was '" + value + "'";
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(expected);
        }
        if (parsed.signum() < 0 || (parsed.signum() == 0 && !zeroAllowed)
                || parsed.compareTo(BigDecimal.valueOf(86_400)) > 0) {
            throw new ConfigException(expected);
        }
        return Duration.ofMillis(parsed.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** A copy with another topic. */
    public AppConfig withTopicArn(String value) {
        return new AppConfig(value, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, region, endpointUrl, aws, channels);
    }

    /** A copy with another state table. */
    public AppConfig withStateTable(String value) {
        return new AppConfig(topicArn, value, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, region, endpointUrl, aws, channels);
    }

    /** A copy with another region. */
    public AppConfig withRegion(String value) {
        return new AppConfig(topicArn, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, value, endpointUrl, aws, channels);
    }

    /** A copy with another endpoint override. */
    public AppConfig withEndpointUrl(String value) {
        return new AppConfig(topicArn, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, region, value, aws, channels);
    }

    /** A copy with other bounds on AWS calls. */
    public AppConfig withAws(AwsCallSettings value) {
        return new AppConfig(topicArn, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, region, endpointUrl, value, channels);
    }

    /** A copy with other channels. */
    public AppConfig withChannels(Channels value) {
        return new AppConfig(topicArn, stateTable, instanceTagKey, instanceTagValue, evaluation, repeatAlertHours,
                digestThreshold, metricsNamespace, region, endpointUrl, aws, value);
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int positiveInt(Map<String, String> env, String name, int fallback) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new ConfigException(name + " must be a positive whole number, was '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a positive whole number, was '" + value + "'");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
