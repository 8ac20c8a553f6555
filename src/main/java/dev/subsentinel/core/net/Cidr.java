package dev.subsentinel.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 CIDR block, normalised (host bits cleared). A single address is a /32 or /128 block.
 * IPv4 addresses live in the low 32 bits of {@code lo}; IPv6 addresses use {@code hi} and {@code lo}.
 *
 * @param ipv6   the address family
 * @param hi     the upper 64 bits of an IPv6 network (0 for IPv4)
 * @param lo     the lower 64 bits of an IPv6 network, or the IPv4 network
 * @param prefix the prefix length (0-32 or 0-128)
 */
public record Cidr(boolean ipv6, long hi, long lo, int prefix) {

    /** Every IPv4 address. */
    public static final Cidr ANY_IPV4 = new Cidr(false, 0, 0, 0);
    /** Every IPv6 address. */
    public static final Cidr ANY_IPV6 = new Cidr(true, 0, 0, 0);

    /**
     * The IPv4 addresses a public service such as an AWS regional endpoint can have: every address except the
     * special-purpose blocks (this network, private, shared CGNAT, loopback, link-local, multicast, reserved). A rule
     * that admits only private addresses therefore never admits the internet.
     */
    public static final List<Cidr> PUBLIC_IPV4 = publicIpv4();

    /**
     * The IPv6 addresses a public service can have: the global unicast space 2000::/3 (RFC 4291 section 2.4; IANA
     * allocates unicast only from it). A rule that admits only unique local (fc00::/7) or link-local addresses never
     * admits the internet.
     */
    public static final List<Cidr> PUBLIC_IPV6 = List.of(new Cidr(true, 0x2000L << 48, 0, 3));

    /** Unique local IPv6 addresses (RFC 4193), which RFC 6724's default policy ranks below IPv4. */
    public static final Cidr UNIQUE_LOCAL_IPV6 = new Cidr(true, 0xfc00L << 48, 0, 7);

    public Cidr {
        int max = ipv6 ? 128 : 32;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " is out of range for "
                    + (ipv6 ? "IPv6" : "IPv4"));
        }
        if (!ipv6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
        long[] masked = mask(ipv6, hi, lo, prefix);
        hi = masked[0];
        lo = masked[1];
    }

    /**
     * Parses {@code 10.0.0.0/16}, {@code 10.0.0.5}, {@code 2001:db8::/32} or {@code 2001:db8::1}.
     *
     * @throws IllegalArgumentException naming the text when it is not a CIDR or an address
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        int prefix;
        try {
            prefix = slash < 0 ? (v6 ? 128 : 32) : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + text, e);
        }
        try {
            if (v6) {
                long[] bits = parseIpv6(address);
                return new Cidr(true, bits[0], bits[1], prefix);
            }
            return new Cidr(false, 0, parseIpv4(address), prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CIDR: " + text, e);
        }
    }

    /** Whether the text parses as a CIDR or an address. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether every address of {@code other} is in this block (false across families). */
    public boolean contains(Cidr other) {
        if (other.ipv6 != ipv6 || other.prefix < prefix) {
            return false;
        }
        long[] masked = mask(ipv6, other.hi, other.lo, prefix);
        return masked[0] == hi && masked[1] == lo;
    }

    /** Whether the two blocks share an address. CIDR blocks either nest or are disjoint. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The common part of two blocks, or null when they are disjoint. */
    public Cidr intersection(Cidr other) {
        if (contains(other)) {
            return other;
        }
        return other.contains(this) ? this : null;
    }

    /** "IPv4" or "IPv6". */
    public String family() {
        return family(ipv6);
    }

    /** "IPv4" or "IPv6". */
    public static String family(boolean ipv6) {
        return ipv6 ? "IPv6" : "IPv4";
    }

    /** Every address of this block's family (0.0.0.0/0 or ::/0). */
    public Cidr anyOfFamily() {
        return ipv6 ? ANY_IPV6 : ANY_IPV4;
    }

    /** Whether this block is one address. */
    public boolean isHost() {
        return prefix == (ipv6 ? 128 : 32);
    }

    /** Whether this block is every address of its family. */
    public boolean isAny() {
        return prefix == 0;
    }

    /**
     * This block without {@code inner}: the sibling blocks along the path from this block down to {@code inner}.
     * Returns this block when they are disjoint and nothing when {@code inner} covers it.
     */
    public List<Cidr> minus(Cidr inner) {
        if (!overlaps(inner)) {
            return List.of(this);
        }
        if (inner.contains(this)) {
            return List.of();
        }
        List<Cidr> rest = new ArrayList<>(inner.prefix - prefix);
        for (int bit = prefix; bit < inner.prefix; bit++) {
            long[] sibling = flipBit(inner.hi, inner.lo, bit);
            rest.add(new Cidr(ipv6, sibling[0], sibling[1], bit + 1));
        }
        return rest;
    }

    /** The blocks of {@code from} without {@code removed}. */
    public static List<Cidr> minus(List<Cidr> from, Cidr removed) {
        List<Cidr> rest = new ArrayList<>();
        for (Cidr block : from) {
            rest.addAll(block.minus(removed));
        }
        return rest;
    }

    /** The blocks of {@code from} without every block of {@code removed}. */
    public static List<Cidr> minus(List<Cidr> from, List<Cidr> removed) {
        List<Cidr> rest = from;
        for (Cidr block : removed) {
            rest = minus(rest, block);
        }
        return rest;
    }

    private static List<Cidr> publicIpv4() {
        List<Cidr> space = List.of(new Cidr(false, 0, 0, 0));
        for (String special : List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3")) {
            space = minus(space, parse(special));
        }
        return List.copyOf(space);
    }

    @Override
    public String toString() {
        String address = ipv6 ? formatIpv6(hi, lo) : formatIpv4(lo);
        return isHost() ? address : address + "/" + prefix;
    }

    private long[] flipBit(long h, long l, int bitFromTop) {
        int width = ipv6 ? 128 : 32;
        int fromBottom = width - 1 - bitFromTop;
        if (fromBottom >= 64) {
            return new long[] {h ^ (1L << (fromBottom - 64)), l};
        }
        return new long[] {h, l ^ (1L << fromBottom)};
    }

    private static long[] mask(boolean v6, long h, long l, int prefix) {
        if (!v6) {
            long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return new long[] {0, l & m};
        }
        if (prefix == 0) {
            return new long[] {0, 0};
        }
        if (prefix <= 64) {
            long m = prefix == 64 ? -1L : ~(-1L >>> prefix);
            return new long[] {h & m, 0};
        }
        int low = prefix - 64;
        long m = low == 64 ? -1L : ~(-1L >>> low);
        return new long[] {h, l & m};
    }

    private static long parseIpv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static long[] parseIpv6(String address) {
        int doubleColon = address.indexOf("::");
        if (doubleColon != address.lastIndexOf("::")) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
        List<Integer> head = groups(doubleColon < 0 ? address : address.substring(0, doubleColon), address);
        List<Integer> tail = doubleColon < 0 ? List.of() : groups(address.substring(doubleColon + 2), address);
        int missing = 8 - head.size() - tail.size();
        if ((doubleColon < 0 && missing != 0) || (doubleColon >= 0 && missing < 1)) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
        int[] all = new int[8];
        for (int i = 0; i < head.size(); i++) {
            all[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            all[8 - tail.size() + i] = tail.get(i);
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < 4; i++) {
            h = (h << 16) | all[i];
            l = (l << 16) | all[i + 4];
        }
        return new long[] {h, l};
    }

    private static List<Integer> groups(String part, String address) {
        List<Integer> result = new ArrayList<>();
        if (part.isEmpty()) {
            return result;
        }
        for (String group : part.split(":", -1)) {
            if (group.indexOf('.') >= 0) {
                long v4 = parseIpv4(group);
                result.add((int) (v4 >>> 16));
                result.add((int) (v4 & 0xFFFF));
                continue;
            }
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(Cidr::isHexDigit)) {
                throw new IllegalArgumentException("not an IPv6 address: " + address);
            }
            result.add(Integer.parseInt(group, 16));
        }
        return result;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String formatIpv4(long value) {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "."
                + (value & 0xFF);
    }

    private static String formatIpv6(long h, long l) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((h >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((l >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength && j - i > 1) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
