package dev.subsentinel.core.model;

import java.util.List;

/**
 * A network ACL entry.
 *
 * @param ruleNumber 1 to 32766, or 32767 (IPv4) and 32768 (IPv6) for the default {@code *} entries
 * @param egress     true for outbound
 * @param protocol   {@code -1} (all) or a protocol number ({@code 6} tcp, {@code 17} udp)
 * @param action     allow or deny
 * @param cidr       an IPv4 or IPv6 CIDR
 * @param portFrom   first port (null: all)
 * @param portTo     last port (null: all)
 */
public record NaclEntry(Integer ruleNumber, Boolean egress, String protocol, String action, String cidr,
        Integer portFrom, Integer portTo) {

    /** What an entry does with the traffic it matches. */
    public static final List<String> ACTIONS = List.of("allow", "deny");

    public NaclEntry {
        Fields.required(ruleNumber, "ruleNumber");
        Fields.required(egress, "egress");
        Fields.protocol(protocol, "protocol");
        Fields.oneOf(action, "action", ACTIONS);
        Fields.range(ruleNumber, "ruleNumber", 1, 32768);
        Fields.range(portFrom, "portFrom", 0, 65535);
        Fields.range(portTo, "portTo", 0, 65535);
        Fields.requiredText(cidr, "cidr");
        Fields.cidr(cidr, "cidr");
    }

    /** Whether the entry allows what it matches. */
    public boolean allows() {
        return "allow".equalsIgnoreCase(action);
    }

    /** The rule number as the console shows it: {@code *} for the default entries (32767 IPv4, 32768 IPv6). */
    public String label() {
        return ruleNumber >= 32767 ? "*" : Integer.toString(ruleNumber);
    }
}
