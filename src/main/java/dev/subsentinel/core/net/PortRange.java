package dev.subsentinel.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of ports.
 *
 * @param from first port
 * @param to   last port
 */
public record PortRange(int from, int to) {

    /** Every port. */
    public static final PortRange ALL = new PortRange(0, 65535);
    /**
     * The ports Windows picks for the client side of a connection (its default dynamic port range, 49152-65535).
     * LM-US instances run Windows, so replies to them arrive on these ports and stateless ACLs must admit them.
     */
    public static final PortRange WINDOWS_EPHEMERAL = new PortRange(49152, 65535);
    /** The source ports a NAT gateway uses towards the internet. */
    public static final PortRange NAT_EPHEMERAL = new PortRange(1024, 65535);

    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("bad port range " + from + "-" + to);
        }
    }

    /** One port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /**
     * The range an AWS rule describes: null or -1 bounds mean every port.
     */
    public static PortRange fromRule(Integer from, Integer to) {
        if (from == null || to == null || from < 0 || to < 0) {
            return ALL;
        }
        return new PortRange(Math.min(from, 65535), Math.min(to, 65535));
    }

    /** Whether the port is in range. */
    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    /** Whether every port of {@code other} is in range. */
    public boolean contains(PortRange other) {
        return other.from >= from && other.to <= to;
    }

    /** The common ports, or null. */
    public PortRange intersection(PortRange other) {
        int lo = Math.max(from, other.from);
        int hi = Math.min(to, other.to);
        return lo <= hi ? new PortRange(lo, hi) : null;
    }

    /** This range without {@code other}: zero, one or two ranges. */
    public List<PortRange> minus(PortRange other) {
        PortRange common = intersection(other);
        if (common == null) {
            return List.of(this);
        }
        List<PortRange> rest = new ArrayList<>(2);
        if (common.from > from) {
            rest.add(new PortRange(from, common.from - 1));
        }
        if (common.to < to) {
            rest.add(new PortRange(common.to + 1, to));
        }
        return rest;
    }

    @Override
    public String toString() {
        if (from == to) {
            return Integer.toString(from);
        }
        return from == 0 && to == 65535 ? "all ports" : from + "-" + to;
    }
}
