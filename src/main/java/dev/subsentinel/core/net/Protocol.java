package dev.subsentinel.core.net;

import java.util.Locale;

/** IP protocol numbers as security groups and network ACLs write them. */
public final class Protocol {

    /** Every protocol ({@code -1}). */
    public static final int ALL = -1;
    /** ICMP. */
    public static final int ICMP = 1;
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;

    private Protocol() {
    }

    /**
     * Parses {@code -1}, {@code all}, {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a number.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static int parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "-1", "all" -> ALL;
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp" -> ICMP;
            case "icmpv6" -> ICMPV6;
            default -> {
                try {
                    int number = Integer.parseInt(text);
                    if (number < -1 || number > 255) {
                        throw new IllegalArgumentException("protocol out of range: " + value);
                    }
                    yield number;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unknown protocol: " + value, e);
                }
            }
        };
    }

    /** Whether a rule for {@code ruleProtocol} matches traffic of {@code flowProtocol}. */
    public static boolean matches(int ruleProtocol, int flowProtocol) {
        return ruleProtocol == ALL || ruleProtocol == flowProtocol;
    }

    /** Whether rules for this protocol carry port ranges (only TCP and UDP do; for others every port matches). */
    public static boolean hasPorts(int protocol) {
        return protocol == TCP || protocol == UDP;
    }

    /** The name people use: tcp, udp, icmp, all, or the number. */
    public static String name(int protocol) {
        return switch (protocol) {
            case ALL -> "all";
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }
}
