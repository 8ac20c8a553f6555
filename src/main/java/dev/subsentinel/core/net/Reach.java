package dev.subsentinel.core.net;

/** Whether traffic gets through, as far as the configuration shows. */
public enum Reach {
    /** Every part of the path admits the traffic. */
    OPEN,
    /** The configuration cannot prove it: a part of a range is blocked, or the path leaves what we can see. */
    UNVERIFIED,
    /** A fact the answer depends on is missing. */
    UNKNOWN,
    /** Some part of the path drops the traffic. */
    BLOCKED;

    /**
     * The combination of two parts of one path: a block anywhere blocks, then a missing fact, then doubt.
     */
    public Reach and(Reach other) {
        return severityRank(this) >= severityRank(other) ? this : other;
    }

    private static int severityRank(Reach reach) {
        return switch (reach) {
            case OPEN -> 0;
            case UNVERIFIED -> 1;
            case UNKNOWN -> 2;
            case BLOCKED -> 3;
        };
    }
}
