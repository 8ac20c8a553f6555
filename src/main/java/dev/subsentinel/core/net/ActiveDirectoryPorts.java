package dev.subsentinel.core.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ports a Windows client needs to its domain controllers to join the domain and log users on: the one table the
 * checks that evaluate paths to domain controllers share (DIRECTORY_PATH, LM_NETWORK_INTERFACES), documented in the
 * README's check table. Each entry names its source.
 *
 * <p>A blocked entry whose {@link Port#essential()} is true breaks name resolution, authentication, directory
 * lookups or Group Policy (SMB): domain join and logon fail. The others degrade specific functions (RPC endpoint
 * mapping, password changes, LDAPS, the global catalog, AD Web Services, which License Manager's guide names for its
 * own use) and are warnings that name the port.
 */
public final class ActiveDirectoryPorts {

    /** AWS Directory Service Administration Guide, "Step 2: Prepare your AWS Managed Microsoft AD" (ports list). */
    public static final String DS_GUIDE =
            "docs.aws.amazon.com/directoryservice/latest/admin-guide/ms_ad_tutorial_setup_trust_prepare_mad.html";
    /** License Manager user guide, user-based subscriptions, Active Directory prerequisites (TCP 9389). */
    public static final String LMUS_GUIDE =
            "docs.aws.amazon.com/license-manager/latest/userguide/user-based-subscriptions.html#usubs-prerequisites";
    /** Microsoft, "Service overview and network port requirements for Windows". */
    public static final String MICROSOFT_PORTS = "learn.microsoft.com/troubleshoot/windows-server/networking/"
            + "service-overview-and-network-port-requirements";

    /**
     * One entry of the table.
     *
     * @param service   what runs there, e.g. "Kerberos"
     * @param protocol  {@link Protocol#TCP} or {@link Protocol#UDP}
     * @param ports     the destination ports
     * @param essential whether a block breaks domain join or logon (FAIL) rather than a function (WARN)
     * @param source    where the requirement is documented
     */
    public record Port(String service, int protocol, PortRange ports, boolean essential, String source) {

        public Port {
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
    }

    /** The table, essential entries first. */
    public static final List<Port> ALL = List.of(
            new Port("DNS", Protocol.UDP, PortRange.of(53), true, DS_GUIDE),
            new Port("DNS", Protocol.TCP, PortRange.of(53), true, DS_GUIDE),
            new Port("Kerberos", Protocol.UDP, PortRange.of(88), true, DS_GUIDE),
            new Port("Kerberos", Protocol.TCP, PortRange.of(88), true, DS_GUIDE),
            new Port("LDAP", Protocol.UDP, PortRange.of(389), true, DS_GUIDE),
            new Port("LDAP", Protocol.TCP, PortRange.of(389), true, DS_GUIDE),
            new Port("SMB", Protocol.TCP, PortRange.of(445), true, DS_GUIDE),
            new Port("RPC endpoint mapper", Protocol.TCP, PortRange.of(135), false, DS_GUIDE),
            new Port("Kerberos password change", Protocol.UDP, PortRange.of(464), false, DS_GUIDE),
            new Port("Kerberos password change", Protocol.TCP, PortRange.of(464), false, DS_GUIDE),
            new Port("LDAPS", Protocol.TCP, PortRange.of(636), false, DS_GUIDE),
            new Port("Global catalog", Protocol.TCP, new PortRange(3268, 3269), false, DS_GUIDE),
            new Port("AD Web Services", Protocol.TCP, PortRange.of(9389), false, LMUS_GUIDE),
            new Port("RPC dynamic ports", Protocol.TCP, PortRange.WINDOWS_EPHEMERAL, false, MICROSOFT_PORTS));

    /**
     * Per protocol, the smallest range that covers every entry of that protocol (tcp/53-65535, udp/53-464): when a
     * path admits the whole span, it admits every entry within it, since security groups only allow, an ACL rule
     * matches a range as a whole and routes ignore ports.
     */
    public static final Map<Integer, PortRange> SPANS = spans();

    private ActiveDirectoryPorts() {
    }

    private static Map<Integer, PortRange> spans() {
        Map<Integer, PortRange> spans = new LinkedHashMap<>();
        for (Port port : ALL) {
            spans.merge(port.protocol(), port.ports(), (a, b) -> new PortRange(Math.min(a.from(), b.from()),
                    Math.max(a.to(), b.to())));
        }
        return Collections.unmodifiableMap(spans);
    }
}
