package dev.subsentinel.handler;

import static dev.subsentinel.app.ChangeFixture.A;
import static dev.subsentinel.app.ChangeFixture.B;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.ChangeFixture;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.config.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ChangeHandler over every file in {@code events/} (the classpath copy), on {@link ChangeFixture}: the real engine
 * and tracker on a fixture world, a table for which instances each resource affects ({@value ChangeFixture#A} is
 * tagged, {@value ChangeFixture#B} only tracked). Each file's outcome is listed below: the instances re-evaluated,
 * the reason it was ignored, or the report of a manual run. A new event file without an expectation fails
 * {@link #everyEventFile_hasAnExpectation()}.
 */
class ChangeHandlerTest {

    private static final Path EVENTS = Path.of("events");
    private static final String NO_MONITORED = "no monitored instance affected";
    private static final Map<String, Expected> EXPECTED = expectations();

    /** What a file leads to. */
    private sealed interface Expected {
    }

    /** These instances are re-read and re-evaluated (one look: every sample is older than the window). */
    private record Reevaluated(List<String> instanceIds) implements Expected {
    }

    /** Nothing is collected; the response says why. */
    private record Ignored(String reason) implements Expected {
    }

    /** A manual run: the ScanReport of these instances comes back, and nothing is tracked. */
    private record Report(List<String> instanceIds) implements Expected {
    }

    static Stream<String> eventFiles() throws IOException {
        return jsonFiles().stream();
    }

    @Test
    void everyEventFile_hasAnExpectation() throws IOException {
        assertThat(new TreeSet<>(EXPECTED.keySet())).isEqualTo(new TreeSet<>(jsonFiles()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void handleRequest_eventFile_reevaluatesIgnoresOrReportsAsListed(String name) throws IOException {
        Expected expected = EXPECTED.get(name);
        assertThat(expected).as("expectation for " + name).isNotNull();
        ChangeFixture fixture = new ChangeFixture().trackB();

        JsonNode response = invoke(new ChangeHandler(fixture.changes), name);

        switch (expected) {
            case Reevaluated r -> {
                assertThat(texts(response.get("instanceIds"))).isEqualTo(r.instanceIds());
                assertThat(response.get("summary").get("evaluated").asInt()).isEqualTo(r.instanceIds().size());
                assertThat(response.get("looks").asInt()).isEqualTo(1);
                assertThat(response.get("impact").asText()).isNotBlank();
                assertThat(fixture.source.scopes).containsExactly(Scope.instances(r.instanceIds()));
                assertThat(fixture.scans.trackedInstanceIds()).containsAll(r.instanceIds());
                fixture.impacts.trackedGiven.stream().filter(given -> !given.isEmpty())
                        .forEach(given -> assertThat(given).isEqualTo(Set.of(B)));
            }
            case Ignored i -> {
                assertThat(response.get("ignored").asText()).contains(i.reason());
                assertThat(fixture.source.scopes).isEmpty();
            }
            case Report r -> {
                assertThat(response.get("instances")).extracting(n -> n.get("instanceId").asText())
                        .containsExactlyElementsOf(r.instanceIds());
                assertThat(response.get("scanId").asText()).isNotBlank();
                assertThat(response.get("summary").get("evaluated").asInt()).isEqualTo(r.instanceIds().size());
                assertThat(fixture.scans.trackedInstanceIds()).containsExactly(B);
            }
        }
        assertThat(fixture.sleeper.sleeps).isEmpty();
    }

    @Test
    void handleRequest_notJson_errorNamesTheInputAndNothingRuns() throws IOException {
        ChangeFixture fixture = new ChangeFixture();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ChangeHandler(fixture.changes).handleRequest(new ByteArrayInputStream("not json".getBytes()), out,
                new LocalContext("ChangeFunction", Duration.ofMinutes(2), 1024,
                        new PrintWriter(Writer.nullWriter())));

        JsonNode response = Json.mapper().readTree(out.toByteArray());
        assertThat(response.get("field").asText()).isEqualTo("$");
        assertThat(response.get("error").asText()).contains("not JSON");
        assertThat(fixture.source.scopes).isEmpty();
    }

    private static JsonNode invoke(ChangeHandler handler, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = ChangeHandlerTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as("classpath copy of " + name).isNotNull();
            handler.handleRequest(in, out, new LocalContext("ChangeFunction", Duration.ofMinutes(2), 1024,
                    new PrintWriter(Writer.nullWriter())));
        }
        return Json.mapper().readTree(out.toByteArray());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The event files of the change function: the worker's SQS events (sqs-*.json) are not (MultiAccountMotoTest). */
    private static List<String> jsonFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !n.startsWith("sqs-")).sorted().toList();
        }
    }

    private static Map<String, Expected> expectations() {
        Expected a = new Reevaluated(List.of(A));
        Expected ab = new Reevaluated(List.of(A, B));
        Expected none = new Ignored(NO_MONITORED);
        Expected configRule = new Ignored("Config rule invocations go to the Config rule function");
        Map<String, Expected> e = new TreeMap<>();
        e.put("cloudtrail-associate-iam-instance-profile.json", a);
        e.put("cloudtrail-associate-route-table.json", none);
        e.put("cloudtrail-authorize-sg-egress.json", ab);
        e.put("cloudtrail-authorize-sg-ingress.json", ab);
        e.put("cloudtrail-create-network-acl-entry.json", a);
        e.put("cloudtrail-create-route.json", a);
        e.put("cloudtrail-create-security-group.json", new Ignored("a new security group has no members yet"));
        e.put("cloudtrail-create-vpc-endpoint.json", none);
        e.put("cloudtrail-delete-network-acl-entry.json", a);
        e.put("cloudtrail-delete-route.json", a);
        e.put("cloudtrail-delete-security-group.json", ab);
        e.put("cloudtrail-delete-vpc-endpoints.json", ab);
        e.put("cloudtrail-disassociate-iam-instance-profile.json", a);
        e.put("cloudtrail-disassociate-route-table.json", none);
        e.put("cloudtrail-modify-instance-attribute-groups.json", a);
        e.put("cloudtrail-modify-network-interface-attribute-groups.json", a);
        e.put("cloudtrail-modify-security-group-rules.json", ab);
        e.put("cloudtrail-modify-vpc-attribute.json", ab);
        e.put("cloudtrail-modify-vpc-endpoint.json", ab);
        e.put("cloudtrail-replace-iam-instance-profile-association.json", a);
        e.put("cloudtrail-replace-network-acl-association.json", none);
        e.put("cloudtrail-replace-network-acl-entry.json", a);
        e.put("cloudtrail-replace-route-table-association.json", none);
        e.put("cloudtrail-replace-route.json", a);
        e.put("cloudtrail-revoke-sg-egress.json", ab);
        e.put("cloudtrail-revoke-sg-ingress.json", ab);
        e.put("cloudtrail-revoke-sg-ingress-domain-controllers.json", ab);
        e.put("config-ci-change-instance.json", a);
        e.put("config-ci-change-internet-gateway.json", none);
        e.put("config-ci-change-nat-gateway.json", none);
        e.put("config-ci-change-network-acl.json", a);
        e.put("config-ci-change-network-interface.json", a);
        e.put("config-ci-change-oversized-security-group.json", ab);
        e.put("config-ci-change-route-table.json", a);
        e.put("config-ci-change-security-group.json", ab);
        e.put("config-ci-change-subnet.json", a);
        e.put("config-ci-change-vpc-endpoint.json", ab);
        e.put("config-ci-change-vpc-peering-connection.json", none);
        e.put("config-ci-change-vpc.json", ab);
        e.put("config-rule-change-triggered.json", configRule);
        e.put("config-rule-event-left-scope.json", configRule);
        e.put("config-rule-oversized.json", configRule);
        e.put("config-rule-periodic.json", configRule);
        e.put("ec2-instance-state-change.json", a);
        e.put("lmus-instance-activated.json", ab);
        e.put("lmus-instance-activation-failed.json", a);
        e.put("lmus-instance-terminated.json", a);
        e.put("lmus-instance-unhealthy.json", a);
        e.put("lmus-identity-provider-registration-failed.json", ab);
        e.put("lmus-identity-provider-deregistered.json", ab);
        e.put("lmus-license-server-endpoint-unhealthy.json", a);
        e.put("lmus-license-server-endpoint-healthy.json", a);
        e.put("lmus-license-server-endpoint-provisioned.json", a);
        // a deleted endpoint is no longer listed: its directory (both instances) identifies the registration
        e.put("lmus-license-server-endpoint-deleted.json", ab);
        // names nothing that identifies a registration: every monitored instance (A tagged, B tracked)
        e.put("lmus-license-server-endpoint-provisioning-failed.json", ab);
        e.put("manual-invoke.json", new Report(List.of(A, B)));
        e.put("scheduled-scan.json", new Ignored("the scan function runs the schedule"));
        e.put("ssm-compliance-state-change.json", a);
        return e;
    }
}
