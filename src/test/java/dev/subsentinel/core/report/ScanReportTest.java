package dev.subsentinel.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanReportTest {

    private static final Instant STARTED = Instant.parse("2026-11-25T12:00:00Z");
    private static final CheckResult ROLE_MISSING = new CheckResult(CheckId.SERVICE_LINKED_ROLE, Status.FAIL,
            Severity.CRITICAL, "service-linked role AWSServiceRoleForAWSLicenseManagerUserSubscriptionsService is"
                    + " missing", List.of("IAM GetRole: NoSuchEntity"), "Recreate it.");

    private static InstanceReport instance(String id, CheckResult... checks) {
        return new InstanceReport(id, "123456789012", "us-east-1", "running", List.of("OFFICE_PROFESSIONAL_PLUS"),
                Verdict.UNHEALTHY, STARTED, List.of(checks));
    }

    @Test
    void of_accountWideCheckOnEveryInstance_reportedOnceAsAFleetFinding() {
        CheckResult ping = new CheckResult(CheckId.SSM_PING, Status.FAIL, Severity.CRITICAL, "ping lost",
                List.of("ConnectionLost"), "fix");

        ScanReport report = ScanReport.of("scan-1", "123456789012", "us-east-1", STARTED, 10, 3, false,
                List.of(), List.of(instance("i-1", ping, ROLE_MISSING), instance("i-2", ROLE_MISSING)));

        assertThat(report.fleetFindings()).containsExactly(ROLE_MISSING);
        assertThat(report.instances()).allSatisfy(r -> assertThat(r.check(CheckId.SERVICE_LINKED_ROLE))
                .isEqualTo(ROLE_MISSING));
    }

    @Test
    void of_noInstance_noFleetFinding() {
        assertThat(ScanReport.of("scan-1", "123456789012", "us-east-1", STARTED, 10, 3, false, List.of(),
                List.of()).fleetFindings()).isEmpty();
    }

    @Test
    void json_roundTrip_keepsTheFleetFindingsAndADocumentWithoutThemDerivesThem() throws Exception {
        ScanReport report = ScanReport.of("scan-1", "123456789012", "us-east-1", STARTED, 10, 3, false,
                List.of(), List.of(instance("i-1", ROLE_MISSING)));

        String json = Json.mapper().writeValueAsString(report);
        ScanReport back = Json.mapper().readValue(json, ScanReport.class);
        ObjectNode older = (ObjectNode) Json.mapper().readTree(json);
        older.remove("fleetFindings");

        assertThat(Json.mapper().readTree(json).get("fleetFindings").get(0).get("id").asText())
                .isEqualTo("SERVICE_LINKED_ROLE");
        assertThat(back).isEqualTo(report);
        assertThat(Json.mapper().treeToValue(older, ScanReport.class).fleetFindings()).containsExactly(ROLE_MISSING);
    }
}
