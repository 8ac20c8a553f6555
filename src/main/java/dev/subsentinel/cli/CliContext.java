package dev.subsentinel.cli;

import dev.subsentinel.config.AppConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What every command gets from outside: the clock, the environment and the terminal (so tests control all three).
 *
 * @param clock       the clock
 * @param environment the environment variables (DESIGN section 7.1)
 * @param terminal    where the output goes (terminals or pipes)
 */
public record CliContext(Clock clock, Map<String, String> environment, Terminal terminal) {

    public CliContext {
        Objects.requireNonNull(clock, "clock");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(terminal, "terminal");
    }

    /** A context whose output goes to pipes (no colour, no progress). */
    public CliContext(Clock clock, Map<String, String> environment) {
        this(clock, environment, Terminal.PIPES);
    }

    /** The settings from the environment; a bad value is a usage error naming the variable. */
    public AppConfig config() {
        try {
            return AppConfig.fromEnvironment(environment);
        } catch (dev.subsentinel.config.ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** How to lay out a report for people: the width to fit, whether to keep the wide layout, colour or not. */
    public Layout layout(boolean wide) {
        return new Layout(terminal.width(environment), wide, terminal.colour(environment));
    }
}
