package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LayoutTest {

    private static final Layout AT_40 = new Layout(40, false, false);

    @Test
    void wrap_longText_breaksAtSpacesWithAHangingIndent() {
        assertThat(AT_40.wrap("- ", "  ", "tcp/443 from eni-0a006 (10.0.1.16, subnet-0a1) to 10.0.3.10 (vpce-0a5e"
                + " ssm)")).containsExactly("- tcp/443 from eni-0a006 (10.0.1.16,",
                "  subnet-0a1) to 10.0.3.10 (vpce-0a5e", "  ssm)");
    }

    @Test
    void wrap_spacesInsideALine_kept() {
        assertThat(AT_40.wrap("", "  ", "UNHEALTHY  i-0a1  Office")).containsExactly("UNHEALTHY  i-0a1  Office");
    }

    @Test
    void wrap_wordLongerThanALine_cutAtTheWidth() {
        assertThat(AT_40.wrap("- ", "  ", "https://example.com/a/very/long/path/to/somewhere/else/entirely"))
                .containsExactly("- https://example.com/a/very/long/path/t", "  o/somewhere/else/entirely");
    }

    @Test
    void wrap_wide_oneLine() {
        Layout wide = new Layout(30, true, false);

        assertThat(wide.wrap("- ", "  ", "x".repeat(100))).containsExactly("- " + "x".repeat(100));
    }

    @Test
    void wrapLine_listItem_continuesUnderItsText() {
        assertThat(AT_40.wrapLine("   - PingStatus ConnectionLost, LastPingDateTime 2026-12-06"))
                .containsExactly("   - PingStatus ConnectionLost,", "     LastPingDateTime 2026-12-06");
    }

    @Test
    void layout_narrowerThanTheMinimum_usesTheMinimum() {
        assertThat(new Layout(10, false, false).width()).isEqualTo(Layout.MIN_WIDTH);
        assertThat(new Layout(10, false, false).wrap("", "", "x ".repeat(30))).allSatisfy(line ->
                assertThat(line.length()).isLessThanOrEqualTo(Layout.MIN_WIDTH));
    }

    @Test
    void paint_colourOff_unchanged() {
        assertThat(AT_40.paint("FAIL", "31")).isEqualTo("FAIL");
        assertThat(new Layout(30, false, true).paint("FAIL", "31")).isEqualTo("\u001b[31mFAIL\u001b[0m");
    }
}
