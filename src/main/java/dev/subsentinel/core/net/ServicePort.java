package dev.subsentinel.core.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a port table a path check proves (the Active Directory ports, the RD licensing ports): what runs
 * there, on which ports, whether a block breaks the service, and where the requirement is documented.
 *
 * @param service   what runs there, e.g. "Kerberos"
 * @param protocol  {@link Protocol#TCP} or {@link Protocol#UDP}
 * @param ports     the destination ports
 * @param essential whether a block breaks the service (FAIL) rather than one function of it (WARN)
 * @param source    where the requirement is documented
 */
public record ServicePort(String service, int protocol, PortRange ports, boolean essential, String source) {

    public ServicePort {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(source, "source");
    }

    /** "tcp/445", "udp/53", "tcp/49152-65535". */
    public String flow() {
        return Protocol.name(protocol) + "/" + ports;
    }

    /** "SMB tcp/445". */
    public String label() {
        return service + " " + flow();
    }

    /**
     * Per protocol, the smallest range that covers every entry of that protocol: when a path admits the whole span,
     * it admits every entry within it, since security groups only allow, an ACL rule matches a range as a whole and
     * routes ignore ports.
     */
    public static Map<Integer, PortRange> spans(List<ServicePort> table) {
        Map<Integer, PortRange> spans = new LinkedHashMap<>();
        for (ServicePort port : table) {
            spans.merge(port.protocol(), port.ports(), (a, b) -> new PortRange(Math.min(a.from(), b.from()),
                    Math.max(a.to(), b.to())));
        }
        return Collections.unmodifiableMap(spans);
    }
}
