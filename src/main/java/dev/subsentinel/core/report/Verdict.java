package dev.subsentinel.core.report;

/** The verdict for one instance, from best to worst in declaration order of {@link #rank()}. */
public enum Verdict {
    HEALTHY(0),
    UNKNOWN(1),
    AT_RISK(2),
    UNHEALTHY(3);

    private final int rank;

    Verdict(int rank) {
        this.rank = rank;
    }

    /** Higher is worse. */
    public int rank() {
        return rank;
    }

    /** Whether the instance needs someone's attention: UNHEALTHY or AT_RISK. */
    public boolean failing() {
        return this == UNHEALTHY || this == AT_RISK;
    }

    /** Whether this verdict is worse than another. */
    public boolean worseThan(Verdict other) {
        return rank > other.rank;
    }
}
