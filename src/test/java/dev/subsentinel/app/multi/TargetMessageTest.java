package dev.subsentinel.app.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.config.ConfigException;
import dev.subsentinel.config.MultiAccountConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's message and the multi-account settings (issue 11): a target message survives its JSON unchanged, and a
 * body that is not one is refused naming the field (the worker drops it, logged, instead of scanning something else);
 * a bad setting fails fast naming the variable.
 */
class TargetMessageTest {

    @Test
    void toJsonThenParse_wholeTargetAndShard_sameMessage() {
        TargetMessage whole = TargetMessage.whole("run-1", new Target("111122223333", "eu-west-1"), 4);
        TargetMessage shard = new TargetMessage("run-2", new Target("111122223333", "us-east-1"), 1,
                new TargetMessage.Shard(1, 3, List.of("i-0123456789abcdef0", "i-0fedcba9876543210")));

        assertThat(TargetMessage.parse(whole.toJson())).isEqualTo(whole);
        assertThat(TargetMessage.parse(shard.toJson())).isEqualTo(shard);
        assertThat(TargetMessage.parse(whole.toJson()).shard()).isNull();
    }

    /** A target message's JSON with one field replaced or added ({@code name} null: as is). */
    private static String body(String name, String json) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("schema", "\"subscription-sentinel/target/v1\"");
        fields.put("runId", "\"r-1\"");
        fields.put("accountId", "\"111122223333\"");
        fields.put("region", "\"us-east-1\"");
        fields.put("targets", "1");
        if (name != null) {
            fields.put(name, json);
        }
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v));
        return out.append('}').toString();
    }

    static Stream<Arguments> notTargetMessages() {
        String shard = "{\"index\":%d,\"count\":2,\"instanceIds\":[\"%s\"]}";
        return Stream.of(
                Arguments.of("not json", "the message body is not JSON"),
                Arguments.of("[1]", "the message body is not a JSON object"),
                Arguments.of(body("schema", "\"subscription-sentinel/target/v2\""),
                        "schema: expected subscription-sentinel/target/v1"),
                Arguments.of(body("accountId", "\"1111\""), "accountId is not a 12-digit account id"),
                Arguments.of(body("region", "7"), "region: text is required"),
                Arguments.of(body("extra", "1"), "extra: not a field of subscription-sentinel/target/v1"),
                Arguments.of(body("runId", "\"r r\""), "runId must be 1-64 letters, digits and hyphens"),
                Arguments.of(body("targets", "\"many\""), "targets: a whole number is required"),
                Arguments.of(body("shard", shard.formatted(0, "i-XYZ")),
                        "shard.instanceIds: 'i-XYZ' is not an instance id"),
                Arguments.of(body("shard", shard.formatted(2, "i-0123456789abcdef0")), "shard 2 of 2"));
    }

    @ParameterizedTest
    @MethodSource("notTargetMessages")
    void parse_notATargetMessage_refusedNamingTheField(String body, String message) {
        assertThat(TargetMessage.parse(body(null, null)).target()).isEqualTo(new Target("111122223333",
                "us-east-1"));
        assertThatThrownBy(() -> TargetMessage.parse(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void multiAccountConfig_defaults_singleAccountInTheFunctionsRegion() {
        MultiAccountConfig config = MultiAccountConfig.fromEnvironment(Map.of(), "eu-west-1");

        assertThat(config.multiAccount()).isFalse();
        assertThat(config.regions()).containsExactly("eu-west-1");
        assertThat(config.memberRoleName()).isEqualTo(MultiAccountConfig.DEFAULT_MEMBER_ROLE);
        assertThat(config.shardMaxInstances()).isEqualTo(MultiAccountConfig.DEFAULT_SHARD_MAX_INSTANCES);
        assertThat(config.memberRoleArn("aws-us-gov", "111122223333"))
                .isEqualTo("arn:aws-us-gov:iam::111122223333:role/SubscriptionSentinelMember");
        assertThat(MultiAccountConfig.fromEnvironment(Map.of("SENTINEL_TARGET_ACCOUNTS", "organization",
                "SENTINEL_EXTERNAL_ID", "x1"), "us-east-1").organization()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SENTINEL_TARGET_ACCOUNTS|1111222233|SENTINEL_TARGET_ACCOUNTS must be 12-digit account ids",
        "SENTINEL_TARGET_ACCOUNTS|111122223333|SENTINEL_TARGET_ACCOUNTS is set but SENTINEL_EXTERNAL_ID is not",
        "SENTINEL_TARGET_REGIONS|us-east|SENTINEL_TARGET_REGIONS must be region names",
        "SENTINEL_MEMBER_ROLE_NAME|a/b|SENTINEL_MEMBER_ROLE_NAME must be an IAM role name",
        "SENTINEL_EXTERNAL_ID|x|SENTINEL_EXTERNAL_ID must be 2 to 1224 characters",
        "SENTINEL_TARGET_QUEUE_URL|sentinel-targets|SENTINEL_TARGET_QUEUE_URL must be an SQS queue URL",
        "SENTINEL_SHARD_MAX_INSTANCES|0|SENTINEL_SHARD_MAX_INSTANCES must be a whole number of at least 1",
        "SENTINEL_ACCOUNT_METRICS_LIMIT|-1|SENTINEL_ACCOUNT_METRICS_LIMIT must be a whole number of at least 0",
    })
    void multiAccountConfig_badValue_failsNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> MultiAccountConfig.fromEnvironment(Map.of(variable, value), "us-east-1"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }
}
