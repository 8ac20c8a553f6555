package dev.subsentinel.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolTest {

    static Stream<Arguments> parseCases() {
        return Stream.of(
                Arguments.of("-1 is every protocol", "-1", Protocol.ALL),
                Arguments.of("all is every protocol", "all", Protocol.ALL),
                Arguments.of("ALL in upper case", "ALL", Protocol.ALL),
                Arguments.of("tcp by name", "tcp", Protocol.TCP),
                Arguments.of("TCP in upper case", "TCP", Protocol.TCP),
                Arguments.of("tcp by number (how ACLs write it)", "6", Protocol.TCP),
                Arguments.of("udp by name", "udp", Protocol.UDP),
                Arguments.of("udp by number", "17", Protocol.UDP),
                Arguments.of("icmp by name", "icmp", Protocol.ICMP),
                Arguments.of("icmp by number", "1", Protocol.ICMP),
                Arguments.of("icmpv6 by name", "icmpv6", Protocol.ICMPV6),
                Arguments.of("icmpv6 by number", "58", Protocol.ICMPV6),
                Arguments.of("another protocol by number (GRE)", "47", 47),
                Arguments.of("surrounding blanks", " tcp ", Protocol.TCP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseCases")
    void parse_awsProtocolText_number(String name, String text, int expected) {
        assertThat(Protocol.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> badProtocols() {
        return Stream.of(
                Arguments.of("unknown name", "gre"),
                Arguments.of("number above 255", "256"),
                Arguments.of("number below -1", "-2"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProtocols")
    void parse_badText_throws(String name, String text) {
        assertThatThrownBy(() -> Protocol.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protocol");
    }

    static Stream<Arguments> matchCases() {
        return Stream.of(
                Arguments.of("all-protocol rule matches tcp", Protocol.ALL, Protocol.TCP, true),
                Arguments.of("all-protocol rule matches udp", Protocol.ALL, Protocol.UDP, true),
                Arguments.of("tcp rule matches tcp", Protocol.TCP, Protocol.TCP, true),
                Arguments.of("udp rule does not match tcp", Protocol.UDP, Protocol.TCP, false),
                Arguments.of("icmp rule does not match tcp", Protocol.ICMP, Protocol.TCP, false),
                Arguments.of("tcp rule does not match udp", Protocol.TCP, Protocol.UDP, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchCases")
    void matches_ruleAndFlowProtocols_onlyEqualOrAll(String name, int rule, int flow, boolean expected) {
        assertThat(Protocol.matches(rule, flow)).isEqualTo(expected);
    }

    @Test
    void hasPorts_byProtocol_onlyTcpAndUdp() {
        assertThat(Protocol.hasPorts(Protocol.TCP)).isTrue();
        assertThat(Protocol.hasPorts(Protocol.UDP)).isTrue();
        assertThat(Protocol.hasPorts(Protocol.ALL)).isFalse();
        assertThat(Protocol.hasPorts(Protocol.ICMP)).isFalse();
        assertThat(Protocol.name(Protocol.ALL)).isEqualTo("all");
        assertThat(Protocol.name(47)).isEqualTo("47");
    }
}
