package dev.subsentinel.core;

import dev.subsentinel.core.net.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * The thresholds and lists the checks use.
 *
 * @param pingStaleMinutes   an SSM ping older than this counts as lost
 * @param minAgentVersion    the oldest acceptable SSM Agent version, or null for none
 * @param approvedRdpSources CIDRs, {@code pl-} and {@code sg-} ids allowed to reach tcp/3389 (empty: none configured)
 */
public record EvaluationSettings(int pingStaleMinutes, String minAgentVersion, List<String> approvedRdpSources) {

    /** The defaults of DESIGN section 7.1. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(15, null, List.of());

    public EvaluationSettings {
        if (pingStaleMinutes < 1) {
            throw new IllegalArgumentException("pingStaleMinutes must be at least 1, was " + pingStaleMinutes);
        }
        if (minAgentVersion != null && !minAgentVersion.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("minAgentVersion must look like 3.3.40.0, was " + minAgentVersion);
        }
        approvedRdpSources = List.copyOf(Objects.requireNonNull(approvedRdpSources, "approvedRdpSources"));
        for (String source : approvedRdpSources) {
            if (!source.startsWith("pl-") && !source.startsWith("sg-") && !Cidr.isValid(source)) {
                throw new IllegalArgumentException("approved RDP source must be a CIDR, pl- or sg- id, was "
                        + source);
            }
        }
    }
}
