package dev.subsentinel.cli;

import dev.subsentinel.config.AppConfig;
import java.time.Clock;
import java.util.Map;

/**
 * What every command gets from outside: the clock and the environment (so tests control both).
 *
 * @param clock       the clock
 * @param environment the environment variables (DESIGN section 7.1)
 */
public record CliContext(Clock clock, Map<String, String> environment) {

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** The settings from the environment; a bad value is a usage error naming the variable. */
    public AppConfig config() {
        try {
            return AppConfig.fromEnvironment(environment);
        } catch (dev.subsentinel.config.ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
