package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DIRECTORY_PATH and LM_NETWORK_INTERFACES from a real scan of the {@link SeededFleet}: the AWS Managed AD is moto's
 * Directory Service ({@code CreateMicrosoftAD}: its domain controllers' addresses and group), the network is moto's
 * EC2; LM-US and SSM are canned by the front. The domain controllers' group, open to 10.0.0.0/8 when seeded, is
 * narrowed with the SDK so that it refuses exactly one port: tcp/445 (SMB, essential: FAIL) or tcp/9389 (AD Web
 * Services: WARN). The scan names the group as the cause for every instance that reaches the controllers otherwise,
 * with the rule evidence per controller, and License Manager's own interfaces fail or warn the same way.
 */
@ExtendWith(AwsFrontExtension.class)
class DirectoryPathMotoTest {

    /** The instances whose only obstacle to the domain controllers is the controllers' group. */
    private static final List<String> BEHIND_THE_GROUP = List.of("office-ok", "vs-untagged", "lmus-failed",
            "not-managed", "ping-lost", "old-agent", "no-profile", "rdp-open", "nacl-blocked", "nat-ok");

    private final Instant now = Instant.now();
    private SeededFleet fleet;
    private String group;
    private String directory;
    private List<String> controllers;

    @BeforeEach
    void seed(AwsFront front, MotoServer moto) {
        fleet = SeededFleet.seed(moto, front, now);
        group = fleet.id("sg.dc");
        directory = fleet.id("d.corp");
        try (Clients clients = motoClients(moto)) {
            controllers = clients.directory().describeDirectories(r -> r.directoryIds(directory))
                    .directoryDescriptions().get(0).dnsIpAddrs();
        }
        assertThat(controllers).hasSize(2);
    }

    @Test
    void scan_controllersGroupRefusesSmb_directoryPathFailsNamingTheGroupAndLicenseManagersInterfacesFail(
            AwsFront front, MotoServer moto) {
        admitEverythingBut(moto, 445);

        ScanReport report = scan(front);

        String summary = "the domain controllers' group " + group + " of directory " + directory
                + " (corp.example.com) blocks SMB tcp/445";
        for (String name : BEHIND_THE_GROUP) {
            CheckResult path = check(report, name, CheckId.DIRECTORY_PATH);
            assertThat(path.status()).as(name).isEqualTo(Status.FAIL);
            assertThat(path.severity()).isEqualTo(Severity.HIGH);
            assertThat(path.summary()).as(name).isEqualTo(summary);
            assertThat(path.evidence()).as(name).containsAll(refusals(report, name, 445));
            assertThat(instance(report, name).verdict()).as(name).isEqualTo(Verdict.UNHEALTHY);
        }
        CheckResult own = check(report, "office-ok", CheckId.LM_NETWORK_INTERFACES);
        assertThat(own.status()).isEqualTo(Status.FAIL);
        assertThat(own.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(own.summary()).isEqualTo("License Manager's network interfaces of " + directory
                + " cannot reach the domain controllers on SMB tcp/445");
        // One refusal per License Manager interface: the same rule refuses it at both controllers, and the evidence
        // names each cause once.
        assertThat(own.evidence()).filteredOn(e -> e.startsWith(group + " ingress: no rule allows tcp/445 from "))
                .hasSize(2);
        assertThat(check(report, "no-1688", CheckId.DIRECTORY_PATH).summary()).startsWith("directory " + directory
                + " (corp.example.com) unreachable on ");
        assertThat(check(report, "stopped", CheckId.DIRECTORY_PATH).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void scan_controllersGroupRefusesAdWebServices_directoryPathWarnsNamingThePort(AwsFront front,
            MotoServer moto) {
        admitEverythingBut(moto, 9389);

        ScanReport report = scan(front);

        for (String name : BEHIND_THE_GROUP) {
            CheckResult path = check(report, name, CheckId.DIRECTORY_PATH);
            assertThat(path.status()).as(name).isEqualTo(Status.WARN);
            assertThat(path.summary()).as(name).isEqualTo("directory " + directory
                    + " (corp.example.com) not reachable on AD Web Services tcp/9389");
            assertThat(path.evidence()).as(name).containsAll(refusals(report, name, 9389))
                    .noneMatch(e -> e.contains("tcp/445") || e.contains("udp/"));
        }
        assertThat(instance(report, "office-ok").verdict()).isEqualTo(Verdict.AT_RISK);
        CheckResult own = check(report, "office-ok", CheckId.LM_NETWORK_INTERFACES);
        assertThat(own.status()).isEqualTo(Status.WARN);
        assertThat(own.summary()).isEqualTo("License Manager's network interfaces of " + directory
                + " do not reach the domain controllers on AD Web Services tcp/9389");
    }

    /** The evidence lines the controllers' group gives for one instance, one per domain controller. */
    private List<String> refusals(ScanReport report, String name, int port) {
        String address = instance(report, name).checks().stream()
                .filter(c -> c.id() == CheckId.DIRECTORY_PATH).findFirst().orElseThrow().evidence().stream()
                .filter(e -> e.startsWith("tcp/" + port + " from eni-")).findFirst().orElseThrow();
        String ip = address.substring(address.indexOf('(') + 1, address.indexOf(','));
        List<String> lines = new ArrayList<>();
        for (String controller : controllers) {
            lines.add(group + " ingress: no rule allows tcp/" + port + " from " + ip + " (" + fleet.id("i." + name)
                    + ")");
            assertThat(instance(report, name).check(CheckId.DIRECTORY_PATH).evidence()).anyMatch(e -> e.endsWith(
                    " to " + controller + " (domain controller of directory " + directory + " (corp.example.com)):"));
        }
        return lines;
    }

    private ScanReport scan(AwsFront front) {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", front.endpoint().toString(), "SENTINEL_MIN_AGENT_VERSION", "3.3.40.0"));
        try (Application application = Application.create(config, Clock.systemUTC(), new Application.Io(
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), false))) {
            ScanReport report = application.scans().scan(ScanRequest.fleet("test", true)).report();
            assertThat(report.partial()).isFalse();
            return report;
        }
    }

    private InstanceReport instance(ScanReport report, String name) {
        String id = fleet.id("i." + name);
        return report.instances().stream().filter(r -> r.instanceId().equals(id)).findFirst().orElseThrow();
    }

    private CheckResult check(ScanReport report, String name, CheckId check) {
        return instance(report, name).check(check);
    }

    /** The controllers' group admits everything from 10.0.0.0/8 but tcp to this port (groups only allow). */
    private void admitEverythingBut(MotoServer moto, int port) {
        try (Clients clients = motoClients(moto)) {
            clients.ec2().revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("-1")
                    .ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
            clients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(
                    p -> p.ipProtocol("tcp").fromPort(0).toPort(port - 1).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("tcp").fromPort(port + 1).toPort(65535)
                            .ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("udp").fromPort(0).toPort(65535).ipRanges(range -> range.cidrIp("10.0.0.0/8")),
                    p -> p.ipProtocol("icmp").fromPort(-1).toPort(-1).ipRanges(range -> range.cidrIp("10.0.0.0/8"))));
        }
    }

    private static Clients motoClients(MotoServer moto) {
        return Clients.create(AppConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", moto.endpoint().toString())));
    }
}
