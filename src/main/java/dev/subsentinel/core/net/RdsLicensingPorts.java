package dev.subsentinel.core.net;

import java.util.List;
import java.util.Map;

/**
 * The ports an RD Session Host needs to its RD licence servers (LICENSE_SERVER_PATH), from Microsoft's "Service
 * overview and network port requirements for Windows" (KB 832017), section Terminal Services Licensing (service
 * TermServLicensing): the RPC endpoint mapper tcp/135 and the dynamic RPC ports tcp/49152-65535, and SMB tcp/445
 * ("Terminal Services Licensing offers its services by using RPC over named pipes"). The RDS licensing
 * troubleshooting guide sends administrators to this table as "the minimal TCP ports". Every entry is essential: a
 * session host that cannot reach its licence server cannot issue per-user licences. The table's NetBIOS ports
 * (udp/137, udp/138, tcp/139) are optional (the same article: "Windows 2000 and newer clients can work over port
 * 445") and not evaluated. The licence server is documented as a listener only, so "both ways" is the request and its
 * replies, which stateless ACLs must admit on the session host's ephemeral ports.
 */
public final class RdsLicensingPorts {

    /** Microsoft, KB 832017, "Terminal Services Licensing". */
    public static final String SOURCE = ActiveDirectoryPorts.MICROSOFT_PORTS + "#terminal-services-licensing";

    /** The table. */
    public static final List<ServicePort> ALL = List.of(
            new ServicePort("RPC endpoint mapper", Protocol.TCP, PortRange.of(135), true, SOURCE),
            new ServicePort("SMB (RPC over named pipes)", Protocol.TCP, PortRange.of(445), true, SOURCE),
            new ServicePort("RPC dynamic ports", Protocol.TCP, PortRange.WINDOWS_EPHEMERAL, true, SOURCE));

    /** The span of every entry (tcp/135-65535). */
    public static final Map<Integer, PortRange> SPANS = ServicePort.spans(ALL);

    private RdsLicensingPorts() {
    }
}
