package dev.subsentinel.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordValidationTest {

    private static Map<String, String> tagWithNullValue() {
        Map<String, String> tags = new HashMap<>();
        tags.put("Name", null);
        return tags;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("instance without id", (ThrowingCallable) () -> new Ec2Instance(null, "running", null,
                        null, null, null, null, null, null, null), "instanceId"),
                Arguments.of("instance with blank state", (ThrowingCallable) () -> new Ec2Instance("i-1", " ", null,
                        null, null, null, null, null, null, null), "state must not be blank"),
                Arguments.of("tag with a null value", (ThrowingCallable) () -> new Ec2Instance("i-1", "running", null,
                        null, null, null, null, null, tagWithNullValue(), null), "tags must not contain null"),
                Arguments.of("list with a null element", (ThrowingCallable) () -> new Vpc("vpc-1",
                        java.util.Arrays.asList("10.0.0.0/16", null), null, true, true, null),
                        "cidrBlocks must not contain null"),
                Arguments.of("security group rule with two peers", (ThrowingCallable) () -> new SgRule("tcp", 1, 1,
                        "10.0.0.0/8", "pl-1", null, null), "exactly one of cidr, prefixListId, group"),
                Arguments.of("security group rule without a peer", (ThrowingCallable) () -> new SgRule("tcp", 1, 1,
                        null, null, null, null), "exactly one of cidr, prefixListId, group"),
                Arguments.of("route with both destinations", (ThrowingCallable) () -> new Route("10.0.0.0/8", "pl-1",
                        "local", "active"), "exactly one of destination, destinationPrefixListId"),
                Arguments.of("ACL entry with an odd action", (ThrowingCallable) () -> new NaclEntry(100, false, "-1",
                        "maybe", "0.0.0.0/0", null, null), "action is 'maybe', not one of allow, deny"),
                Arguments.of("ACL without isDefault", (ThrowingCallable) () -> new NetworkAcl("acl-1", "vpc-1", null,
                        null, null), "isDefault"),
                Arguments.of("snapshot without capture time", (ThrowingCallable) () -> new FleetSnapshot("1", "r",
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null), "capturedAt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void constructor_invalidValue_throwsNamingTheField(String name, ThrowingCallable construct, String message) {
        assertThatThrownBy(construct).isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void constructor_absentCollections_emptyAndUnmodifiable() {
        Ec2Instance instance = new Ec2Instance("i-1", "running", null, null, null, null, null, null, null, null);

        assertThat(instance.networkInterfaces()).isEmpty();
        assertThat(instance.tags()).isEmpty();
        assertThat(instance.primaryInterface()).isNull();
        Ec2Instance tagged = new Ec2Instance("i-1", "running", null, null, null, null, null, null,
                new HashMap<>(Map.of("Name", "box")), null);
        assertThatThrownBy(() -> tagged.tags().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(tagged.name()).isEqualTo("box");
    }

    @Test
    void label_defaultEntries_asteriskForIpv4AndIpv6() {
        assertThat(new NaclEntry(32767, false, "-1", "deny", "0.0.0.0/0", null, null).label()).isEqualTo("*");
        assertThat(new NaclEntry(32768, false, "-1", "deny", "::/0", null, null).label()).isEqualTo("*");
        assertThat(new NaclEntry(100, false, "-1", "allow", "0.0.0.0/0", null, null).label()).isEqualTo("100");
    }

    @Test
    void primaryInterface_deviceIndexZeroNotFirst_isTheOneAtIndexZero() {
        NetworkInterface second = new NetworkInterface("eni-b", 1, "subnet-1", "vpc-1", "10.0.0.2", null, null, null);
        NetworkInterface primary = new NetworkInterface("eni-a", 0, "subnet-1", "vpc-1", "10.0.0.1", null, null,
                null);

        Ec2Instance instance = new Ec2Instance("i-1", "running", "vpc-1", "subnet-1", null, null,
                List.of(second, primary), null, null, null);

        assertThat(instance.primaryInterface()).isEqualTo(primary);
    }
}
