package dev.subsentinel.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CidrTest {

    static Stream<Arguments> parseCases() {
        return Stream.of(
                Arguments.of("IPv4 network", "10.0.0.0/16", "10.0.0.0/16", false, 16),
                Arguments.of("IPv4 address is a /32", "10.0.0.5", "10.0.0.5", false, 32),
                Arguments.of("IPv4 /32 written out prints as the address", "10.0.0.5/32", "10.0.0.5", false, 32),
                Arguments.of("IPv4 host bits are cleared", "10.0.3.17/24", "10.0.3.0/24", false, 24),
                Arguments.of("IPv4 host bits are cleared at /1", "200.1.2.3/1", "128.0.0.0/1", false, 1),
                Arguments.of("IPv4 /0", "0.0.0.0/0", "0.0.0.0/0", false, 0),
                Arguments.of("IPv4 /0 with host bits", "10.1.2.3/0", "0.0.0.0/0", false, 0),
                Arguments.of("IPv4 with surrounding blanks", " 192.168.1.0/24 ", "192.168.1.0/24", false, 24),
                Arguments.of("IPv6 network", "2001:db8::/32", "2001:db8::/32", true, 32),
                Arguments.of("IPv6 address is a /128, upper case and zeros compressed", "2001:DB8:0:0:0:0:0:1",
                        "2001:db8::1", true, 128),
                Arguments.of("IPv6 host bits are cleared", "2001:db8::1/64", "2001:db8::/64", true, 64),
                Arguments.of("IPv6 host bits are cleared in the low half", "2001:db8::abcd:ef01/112",
                        "2001:db8::abcd:0/112", true, 112),
                Arguments.of("IPv6 prefix just past the 64-bit boundary", "2001:db8::8000:0:0:1/65",
                        "2001:db8:0:0:8000::/65", true, 65),
                Arguments.of("IPv6 /127", "2001:db8::3/127", "2001:db8::2/127", true, 127),
                Arguments.of("IPv6 /0", "::/0", "::/0", true, 0),
                Arguments.of("IPv6 /0 with host bits", "2001:db8::/0", "::/0", true, 0),
                Arguments.of("IPv6 loopback", "::1", "::1", true, 128),
                Arguments.of("IPv6 first of two equal zero runs is compressed", "2001:db8:0:0:1:0:0:1",
                        "2001:db8::1:0:0:1", true, 128),
                Arguments.of("IPv4-mapped IPv6 address", "::ffff:10.0.0.1", "::ffff:a00:1", true, 128));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseCases")
    void parse_validText_normalisedBlock(String name, String text, String expected, boolean ipv6, int prefix) {
        Cidr cidr = Cidr.parse(text);

        assertThat(cidr.toString()).isEqualTo(expected);
        assertThat(cidr.ipv6()).isEqualTo(ipv6);
        assertThat(cidr.prefix()).isEqualTo(prefix);
        assertThat(Cidr.parse(expected)).as("the printed form parses to the same block").isEqualTo(cidr);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("IPv4 prefix longer than 32", "10.0.0.0/33"),
                Arguments.of("negative prefix", "10.0.0.0/-1"),
                Arguments.of("prefix that is not a number", "10.0.0.0/abc"),
                Arguments.of("empty prefix", "10.0.0.0/"),
                Arguments.of("three octets", "10.0.0/8"),
                Arguments.of("five octets", "10.0.0.0.1"),
                Arguments.of("octet over 255", "256.0.0.0/8"),
                Arguments.of("empty octet", "10..0.0"),
                Arguments.of("letters in an IPv4 address", "10.0.0.a"),
                Arguments.of("host name", "example.com"),
                Arguments.of("non-ASCII digits", "\u0661\u0660.0.0.1"),
                Arguments.of("IPv6 prefix longer than 128", "2001:db8::/129"),
                Arguments.of("two double colons", "2001::db8::1"),
                Arguments.of("nine IPv6 groups", "1:2:3:4:5:6:7:8:9"),
                Arguments.of("seven IPv6 groups without a double colon", "1:2:3:4:5:6:7"),
                Arguments.of("double colon next to eight groups", "1:2:3:4:5:6:7:8::"),
                Arguments.of("leading single colon", ":1:2:3:4:5:6:7"),
                Arguments.of("IPv6 group of five digits", "2001:db8::12345"),
                Arguments.of("IPv6 group that is not hex", "2001:db8::g"),
                Arguments.of("IPv6 group with a minus sign", "2001:db8::-1"),
                Arguments.of("IPv6 group with a plus sign", "2001:db8::+1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void parse_badInput_throwsNamingTheText(String name, String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text == null || text.isBlank() ? "empty CIDR" : text.trim());
        assertThat(Cidr.isValid(text)).isFalse();
    }

    static Stream<Arguments> containsCases() {
        return Stream.of(
                Arguments.of("/16 contains a /24 inside it", "10.0.0.0/16", "10.0.3.0/24", true),
                Arguments.of("/24 does not contain its /16", "10.0.3.0/24", "10.0.0.0/16", false),
                Arguments.of("/16 contains its last address", "10.0.0.0/16", "10.0.255.255", true),
                Arguments.of("/16 does not contain the next block's first address", "10.0.0.0/16", "10.1.0.0", false),
                Arguments.of("/24 does not contain the /23 it is half of", "10.0.0.0/24", "10.0.0.0/23", false),
                Arguments.of("a block contains itself", "10.0.3.0/24", "10.0.3.0/24", true),
                Arguments.of("a host contains itself", "10.0.0.5", "10.0.0.5/32", true),
                Arguments.of("a host does not contain its neighbour", "10.0.0.5", "10.0.0.4", false),
                Arguments.of("IPv4 /0 contains any IPv4 address", "0.0.0.0/0", "203.0.113.7", true),
                Arguments.of("IPv4 /0 does not contain IPv6", "0.0.0.0/0", "2001:db8::1", false),
                Arguments.of("IPv6 /0 contains any IPv6 address", "::/0", "2001:db8::1", true),
                Arguments.of("IPv6 /0 does not contain IPv4", "::/0", "10.0.0.1", false),
                Arguments.of("IPv6 /32 contains a /48 inside it", "2001:db8::/32", "2001:db8:ffff::/48", true),
                Arguments.of("IPv6 /32 does not contain the next /48", "2001:db8::/32", "2001:db9::/48", false),
                Arguments.of("IPv6 /64 contains an address in its low half", "2001:db8:0:1::/64",
                        "2001:db8:0:1:ffff::1", true),
                Arguments.of("IPv6 /64 does not contain the next /64", "2001:db8:0:1::/64", "2001:db8:0:2::1", false),
                Arguments.of("IPv6 /120 contains an address in the low bits", "2001:db8::100/120",
                        "2001:db8::1ff", true),
                Arguments.of("IPv6 /120 does not contain the next address", "2001:db8::100/120",
                        "2001:db8::200", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containsCases")
    void contains_pairOfBlocks_matchesContainment(String name, String outer, String inner, boolean expected) {
        Cidr a = Cidr.parse(outer);
        Cidr b = Cidr.parse(inner);

        assertThat(a.contains(b)).isEqualTo(expected);
        if (expected) {
            assertThat(a.overlaps(b)).isTrue();
            assertThat(a.intersection(b)).isEqualTo(b);
        }
    }

    static Stream<Arguments> minusCases() {
        return Stream.of(
                Arguments.of("a disjoint block leaves the block", "10.0.0.0/24", "10.0.1.0/24",
                        List.of("10.0.0.0/24")),
                Arguments.of("another family leaves the block", "10.0.0.0/24", "2001:db8::/32",
                        List.of("10.0.0.0/24")),
                Arguments.of("a covering block leaves nothing", "10.0.0.0/24", "10.0.0.0/16", List.of()),
                Arguments.of("the block itself leaves nothing", "10.0.0.0/24", "10.0.0.0/24", List.of()),
                Arguments.of("the lower half leaves the upper half", "10.0.0.0/24", "10.0.0.0/25",
                        List.of("10.0.0.128/25")),
                Arguments.of("a host leaves its siblings", "10.0.0.0/30", "10.0.0.1",
                        List.of("10.0.0.2/31", "10.0.0.0")),
                Arguments.of("IPv6 lower half leaves the upper half", "2001:db8::/32", "2001:db8::/33",
                        List.of("2001:db8:8000::/33")),
                Arguments.of("IPv6 split across the 64-bit boundary", "2001:db8::/64", "2001:db8::/65",
                        List.of("2001:db8:0:0:8000::/65")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minusCases")
    void minus_innerBlock_leavesTheSiblings(String name, String block, String inner, List<String> expected) {
        List<String> rest = Cidr.parse(block).minus(Cidr.parse(inner)).stream().map(Cidr::toString).toList();

        assertThat(rest).containsExactlyElementsOf(expected);
    }

    @Test
    void minus_hostFromIpv4Any_partitionsEverythingElse() {
        Cidr host = Cidr.parse("10.0.3.17");

        List<Cidr> rest = Cidr.ANY_IPV4.minus(host);

        assertThat(rest).hasSize(32);
        assertThat(rest).noneMatch(block -> block.overlaps(host));
        long addresses = rest.stream().mapToLong(block -> 1L << (32 - block.prefix())).sum();
        assertThat(addresses).isEqualTo((1L << 32) - 1);
        for (String address : List.of("0.0.0.0", "10.0.3.16", "10.0.3.18", "255.255.255.255", "203.0.113.7")) {
            assertThat(rest.stream().filter(block -> block.contains(Cidr.parse(address))))
                    .as(address).hasSize(1);
        }
    }

    @Test
    void minus_documentationPrefixFromIpv6Any_coversEveryOtherAddressOnce() {
        Cidr documentation = Cidr.parse("2001:db8::/32");

        List<Cidr> rest = Cidr.ANY_IPV6.minus(documentation);

        assertThat(rest).hasSize(32).noneMatch(block -> block.overlaps(documentation));
        for (String address : List.of("::1", "2001:db9::1", "2001:db7:ffff::1", "fe80::1", "ffff::")) {
            assertThat(rest.stream().filter(block -> block.contains(Cidr.parse(address))))
                    .as(address).hasSize(1);
        }
    }

    @Test
    void intersection_disjointBlocks_null() {
        assertThat(Cidr.parse("10.0.0.0/24").intersection(Cidr.parse("10.0.1.0/24"))).isNull();
        assertThat(Cidr.parse("10.0.0.0/24").overlaps(Cidr.parse("10.0.1.0/24"))).isFalse();
    }

    @Test
    void isHostAndIsAny_perFamily_reflectPrefix() {
        assertThat(Cidr.parse("10.0.0.1").isHost()).isTrue();
        assertThat(Cidr.parse("2001:db8::1").isHost()).isTrue();
        assertThat(Cidr.parse("2001:db8::1/127").isHost()).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").isAny()).isTrue();
        assertThat(Cidr.parse("::/0").isAny()).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").isAny()).isFalse();
    }
}
