package dev.subsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.app.Application;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SENTINEL_CHAT_TOPIC_ARN and SENTINEL_SECURITY_HUB: read, validated, and refused without a state table. */
class AppConfigChannelsTest {

    private static final String CHAT = "arn:aws:sns:us-east-1:123456789012:sentinel-chat";

    @Test
    void fromEnvironment_unset_noChannels() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1"));

        assertThat(config.channels()).isEqualTo(AppConfig.Channels.NONE);
        assertThat(config.channels().any()).isFalse();
    }

    @Test
    void fromEnvironment_chatTopicAndSecurityHub_read() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("SENTINEL_CHAT_TOPIC_ARN", CHAT,
                "SENTINEL_SECURITY_HUB", "true"));

        assertThat(config.channels()).isEqualTo(new AppConfig.Channels(CHAT, true));
    }

    @Test
    void fromEnvironment_emptyChatTopicAsTheTemplateSetsWhenDisabled_none() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("SENTINEL_CHAT_TOPIC_ARN", "",
                "SENTINEL_SECURITY_HUB", "false"));

        assertThat(config.channels().any()).isFalse();
    }

    @Test
    void fromEnvironment_badValues_errorNamesTheVariable() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SENTINEL_SECURITY_HUB", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SENTINEL_SECURITY_HUB");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SENTINEL_CHAT_TOPIC_ARN", "sentinel-chat")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SENTINEL_CHAT_TOPIC_ARN");
    }

    @Test
    void create_channelWithoutStateTable_refusedNamingBoth() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "SENTINEL_SECURITY_HUB", "true"));

        assertThatThrownBy(() -> Application.create(config, Clock.systemUTC(),
                new Application.Io(System.out, false))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SENTINEL_SECURITY_HUB").hasMessageContaining("SENTINEL_STATE_TABLE");
    }
}
