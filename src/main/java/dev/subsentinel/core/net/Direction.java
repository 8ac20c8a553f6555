package dev.subsentinel.core.net;

/** Which way a rule applies. */
public enum Direction {
    INGRESS("ingress", "inbound", "from"),
    EGRESS("egress", "outbound", "to");

    private final String sgWord;
    private final String aclWord;
    private final String preposition;

    Direction(String sgWord, String aclWord, String preposition) {
        this.sgWord = sgWord;
        this.aclWord = aclWord;
        this.preposition = preposition;
    }

    /** "ingress" or "egress", as security groups say. */
    public String sgWord() {
        return sgWord;
    }

    /** "inbound" or "outbound", as network ACLs say. */
    public String aclWord() {
        return aclWord;
    }

    /** "from" or "to". */
    public String preposition() {
        return preposition;
    }
}
