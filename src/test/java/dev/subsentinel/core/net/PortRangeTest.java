package dev.subsentinel.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PortRangeTest {

    static Stream<Arguments> ruleRanges() {
        return Stream.of(
                Arguments.of("null bounds mean every port", null, null, 0, 65535, "all ports"),
                Arguments.of("-1 bounds mean every port", -1, -1, 0, 65535, "all ports"),
                Arguments.of("one -1 bound means every port", 443, -1, 0, 65535, "all ports"),
                Arguments.of("one port", 443, 443, 443, 443, "443"),
                Arguments.of("a range", 1024, 65535, 1024, 65535, "1024-65535"),
                Arguments.of("0-65535 written out", 0, 65535, 0, 65535, "all ports"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleRanges")
    void fromRule_awsBounds_range(String name, Integer from, Integer to, int first, int last, String text) {
        PortRange range = PortRange.fromRule(from, to);

        assertThat(range).isEqualTo(new PortRange(first, last));
        assertThat(range).hasToString(text);
    }

    static Stream<Arguments> containsPort() {
        return Stream.of(
                Arguments.of("range containing 1688", 1000, 2000, 1688, true),
                Arguments.of("range starting just above 1688", 1689, 2000, 1688, false),
                Arguments.of("first port of the range", 1000, 2000, 1000, true),
                Arguments.of("last port of the range", 1000, 2000, 2000, true),
                Arguments.of("one past the range", 1000, 2000, 2001, false),
                Arguments.of("single port range", 1688, 1688, 1688, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containsPort")
    void contains_port_inclusiveBounds(String name, int from, int to, int port, boolean expected) {
        assertThat(new PortRange(from, to).contains(port)).isEqualTo(expected);
    }

    static Stream<Arguments> minusCases() {
        return Stream.of(
                Arguments.of("a port in the middle splits the range", PortRange.ALL, PortRange.of(443),
                        List.of(new PortRange(0, 442), new PortRange(444, 65535))),
                Arguments.of("the lower part leaves the upper part", PortRange.NAT_EPHEMERAL,
                        new PortRange(1024, 49151), List.of(PortRange.WINDOWS_EPHEMERAL)),
                Arguments.of("a covering range leaves nothing", PortRange.WINDOWS_EPHEMERAL, PortRange.ALL, List.of()),
                Arguments.of("a disjoint range leaves the range", PortRange.of(443), PortRange.of(1688),
                        List.of(PortRange.of(443))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minusCases")
    void minus_otherRange_leavesTheRest(String name, PortRange range, PortRange other, List<PortRange> expected) {
        assertThat(range.minus(other)).containsExactlyElementsOf(expected);
    }

    @Test
    void intersection_overlappingAndDisjoint_commonPortsOrNull() {
        assertThat(PortRange.WINDOWS_EPHEMERAL.intersection(new PortRange(1024, 50000)))
                .isEqualTo(new PortRange(49152, 50000));
        assertThat(PortRange.of(443).intersection(PortRange.of(1688))).isNull();
        assertThat(PortRange.NAT_EPHEMERAL.contains(PortRange.WINDOWS_EPHEMERAL)).isTrue();
        assertThat(PortRange.WINDOWS_EPHEMERAL.contains(PortRange.NAT_EPHEMERAL)).isFalse();
    }

    @Test
    void constructor_invalidBounds_throws() {
        assertThatThrownBy(() -> new PortRange(2000, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000-1000");
        assertThatThrownBy(() -> new PortRange(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortRange(0, 65536)).isInstanceOf(IllegalArgumentException.class);
    }
}
