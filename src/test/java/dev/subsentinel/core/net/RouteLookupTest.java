package dev.subsentinel.core.net;

import static dev.subsentinel.core.Fixtures.prefixList;
import static dev.subsentinel.core.Fixtures.rtb;
import static dev.subsentinel.core.Fixtures.unknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Fixtures;
import dev.subsentinel.core.Fixtures.Rtb;
import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.RouteTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteLookupTest {

    private static Rtb table() {
        return rtb("rtb-0test", "vpc-0a").local("10.0.0.0/16");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("local route for an address of the VPC",
                        table().route("0.0.0.0/0", "nat-0a"), "10.0.3.5", "local", "10.0.0.0/16", "active"),
                Arguments.of("route more specific than local wins",
                        table().route("10.0.3.0/24", "eni-0firewall"), "10.0.3.5", "eni-0firewall", "10.0.3.0/24",
                        "active"),
                Arguments.of("peering /16 beats the default route",
                        table().route("10.1.0.0/16", "pcx-0ab").route("0.0.0.0/0", "igw-0a"), "10.1.2.3", "pcx-0ab",
                        "10.1.0.0/16", "active"),
                Arguments.of("default route for an internet address",
                        table().route("10.1.0.0/16", "pcx-0ab").route("0.0.0.0/0", "igw-0a"), "52.94.0.10",
                        "igw-0a", "0.0.0.0/0", "active"),
                Arguments.of("more specific blackhole wins over an active route",
                        table().route("10.1.0.0/16", "pcx-0ab").blackhole("10.1.2.0/24", "pcx-0old"), "10.1.2.3",
                        "pcx-0old", "10.1.2.0/24", "blackhole"),
                Arguments.of("prefix-list destination matches through its entry",
                        table().prefixListRoute("pl-0corp", "vgw-0a").route("0.0.0.0/0", "igw-0a"), "172.16.5.9",
                        "vgw-0a", "172.16.5.0/24", "active"),
                Arguments.of("equal prefix: CIDR route beats a prefix-list route listed before it",
                        table().prefixListRoute("pl-0peer", "tgw-0hub").route("10.1.0.0/16", "pcx-0ab"), "10.1.2.3",
                        "pcx-0ab", "10.1.0.0/16", "active"),
                Arguments.of("equal prefix: CIDR route beats a prefix-list route listed after it",
                        table().route("10.1.0.0/16", "pcx-0ab").prefixListRoute("pl-0peer", "tgw-0hub"), "10.1.2.3",
                        "pcx-0ab", "10.1.0.0/16", "active"),
                Arguments.of("more specific prefix-list entry beats a CIDR route",
                        table().route("10.1.0.0/16", "pcx-0ab").prefixListRoute("pl-0corp", "vgw-0a"), "10.1.9.9",
                        "vgw-0a", "10.1.9.0/24", "active"),
                Arguments.of("IPv6 default route for an IPv6 address",
                        table().route("0.0.0.0/0", "igw-0a").route("::/0", "eigw-0a"), "2001:db8::1", "eigw-0a",
                        "::/0", "active"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lookup_routeTable_longestPrefixMatch(String name, Rtb table, String target, String expectedTarget,
            String expectedDestination, String expectedState) {
        RouteLookup.Match match = new RouteLookup(index()).lookup(table.build(), Cidr.parse(target));

        assertThat(match.route()).as("a route for %s", target).isNotNull();
        assertThat(match.route().target()).isEqualTo(expectedTarget);
        assertThat(match.destination()).hasToString(expectedDestination);
        assertThat(match.route().state()).isEqualTo(expectedState);
        assertThat(match.unknown()).isNull();
    }

    static Stream<Arguments> noRoute() {
        return Stream.of(
                Arguments.of("only the local route, internet address", table(), "52.94.0.10"),
                Arguments.of("IPv6 target, IPv4 routes only", table().route("0.0.0.0/0", "igw-0a"), "2001:db8::1"),
                Arguments.of("range target only partly covered by a narrower route",
                        table().route("10.1.0.0/17", "pcx-0ab"), "10.1.0.0/16"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noRoute")
    void lookup_nothingCoversTarget_noRoute(String name, Rtb table, String target) {
        RouteLookup.Match match = new RouteLookup(index()).lookup(table.build(), Cidr.parse(target));

        assertThat(match.route()).isNull();
        assertThat(match.unknown()).isNull();
    }

    @Test
    void lookup_unreadablePrefixList_unknownInsteadOfTheLessSpecificRoute() {
        RouteTable table = table().prefixListRoute("pl-0secret", "tgw-0hub").route("0.0.0.0/0", "igw-0a").build();

        RouteLookup.Match match = new RouteLookup(index()).lookup(table, Cidr.parse("10.9.0.1"));

        assertThat(match.route()).isNull();
        assertThat(match.unknown()).contains("prefix list pl-0secret could not be read: AccessDenied")
                .contains("the most specific readable route is 0.0.0.0/0 -> igw-0a");
    }

    @Test
    void lookup_unreadablePrefixListButAHostRoute_theHostRouteStillWins() {
        RouteTable table = table().prefixListRoute("pl-0secret", "tgw-0hub").route("10.9.0.1/32", "eni-0a")
                .route("0.0.0.0/0", "igw-0a").build();

        RouteLookup.Match match = new RouteLookup(index()).lookup(table, Cidr.parse("10.9.0.1"));

        assertThat(match.route().target()).as("no prefix-list entry beats a /32 to a CIDR").isEqualTo("eni-0a");
        assertThat(match.unknown()).isNull();
    }

    private static FleetIndex index() {
        return Fixtures.emptyWorld()
                .with(prefixList("pl-0corp", "172.16.5.0/24", "10.1.9.0/24"),
                        prefixList("pl-0peer", "10.1.0.0/16"),
                        unknown(FactKind.PREFIX_LISTS, "pl-0secret"))
                .index();
    }
}
