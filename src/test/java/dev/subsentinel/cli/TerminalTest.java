package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {

    private static final Terminal TTY_100 = new Terminal(true, true, 100);

    @Test
    void width_columnsSet_winsOverTheTerminal() {
        assertThat(TTY_100.width(Map.of("COLUMNS", "132"))).isEqualTo(132);
    }

    @Test
    void width_nothingKnown_eighty() {
        assertThat(Terminal.PIPES.width(Map.of())).isEqualTo(80);
        assertThat(TTY_100.width(Map.of())).isEqualTo(100);
    }

    @Test
    void width_columnsNotANumber_usageErrorNamingIt() {
        assertThatThrownBy(() -> TTY_100.width(Map.of("COLUMNS", "0"))).isInstanceOf(UsageException.class)
                .hasMessage("COLUMNS must be a positive whole number (the terminal's width), was '0'");
    }

    @Test
    void colour_onlyOnATerminalWithoutNoColorAndNotDumb() {
        assertThat(TTY_100.colour(Map.of())).isTrue();
        assertThat(TTY_100.colour(Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(TTY_100.colour(Map.of("NO_COLOR", ""))).as("NO_COLOR counts when not empty").isTrue();
        assertThat(TTY_100.colour(Map.of("TERM", "dumb"))).isFalse();
        assertThat(Terminal.PIPES.colour(Map.of())).isFalse();
    }
}
