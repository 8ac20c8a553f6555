package dev.subsentinel.core.net;

import java.util.List;
import java.util.Map;

/**
 * The ports a Windows client needs to its domain controllers to join the domain and log users on: the one table the
 * checks that evaluate paths to domain controllers share (DIRECTORY_PATH, LM_NETWORK_INTERFACES), documented in the
 * README's check table. Each entry names its source.
 *
 * <p>A blocked entry whose {@link ServicePort#essential()} is true breaks name resolution, authentication, directory
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

    /** The table, essential entries first. */
    public static final List<ServicePort> ALL = List.of(
            new ServicePort("DNS", Protocol.UDP, PortRange.of(53), true, DS_GUIDE),
            new ServicePort("DNS", Protocol.TCP, PortRange.of(53), true, DS_GUIDE),
            new ServicePort("Kerberos", Protocol.UDP, PortRange.of(88), true, DS_GUIDE),
            new ServicePort("Kerberos", Protocol.TCP, PortRange.of(88), true, DS_GUIDE),
            new ServicePort("LDAP", Protocol.UDP, PortRange.of(389), true, DS_GUIDE),
            new ServicePort("LDAP", Protocol.TCP, PortRange.of(389), true, DS_GUIDE),
            new ServicePort("SMB", Protocol.TCP, PortRange.of(445), true, DS_GUIDE),
            new ServicePort("RPC endpoint mapper", Protocol.TCP, PortRange.of(135), false, DS_GUIDE),
            new ServicePort("Kerberos password change", Protocol.UDP, PortRange.of(464), false, DS_GUIDE),
            new ServicePort("Kerberos password change", Protocol.TCP, PortRange.of(464), false, DS_GUIDE),
            new ServicePort("LDAPS", Protocol.TCP, PortRange.of(636), false, DS_GUIDE),
            new ServicePort("Global catalog", Protocol.TCP, new PortRange(3268, 3269), false, DS_GUIDE),
            new ServicePort("AD Web Services", Protocol.TCP, PortRange.of(9389), false, LMUS_GUIDE),
            new ServicePort("RPC dynamic ports", Protocol.TCP, PortRange.WINDOWS_EPHEMERAL, false, MICROSOFT_PORTS));

    /** Per protocol, the span of every entry (tcp/53-65535, udp/53-464): {@link ServicePort#spans}. */
    public static final Map<Integer, PortRange> SPANS = ServicePort.spans(ALL);

    private ActiveDirectoryPorts() {
    }
}
