package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.testing.TemplateYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * member-role.yaml against the code and template.yaml (issue 11): the member role grants exactly the read actions the
 * checks declare (which include the change mapping's), the same as the scan function's read statements; it trusts
 * only the monitor account's roles under the worker's path, with the external id; nothing names a fixed account (a
 * StackSet deploys it everywhere); and its forwarding rules match exactly what the monitor's own change rules match.
 */
class MemberRoleTemplateTest {

    private static JsonNode member;

    @BeforeAll
    static void load() throws IOException {
        member = new ObjectMapper(new YAMLFactory()).readTree(Path.of("member-role.yaml").toFile());
    }

    private static JsonNode properties(String logicalId) {
        JsonNode resource = member.get("Resources").get(logicalId);
        assertThat(resource).as(logicalId).isNotNull();
        return resource.get("Properties");
    }

    @Test
    void memberRole_readActions_exactlyTheChecksDeclarationsAndTheScanFunctionsReadSet() {
        Set<String> granted = new TreeSet<>();
        List<JsonNode> statements = new ArrayList<>();
        properties("MemberRole").get("Policies").forEach(p -> p.get("PolicyDocument").get("Statement")
                .forEach(statements::add));
        for (JsonNode statement : statements) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            granted.addAll(LeastPrivilegeTest.texts(statement.get("Action")));
            List<String> resources = LeastPrivilegeTest.texts(statement.get("Resource"));
            if (!resources.equals(List.of("*"))) {
                assertThat(LeastPrivilegeTest.texts(statement.get("Action"))).containsExactly("iam:GetRole");
                assertThat(resources).containsExactly(LeastPrivilegeTest.EXACT_FOREIGN_READS.get("iam:GetRole"));
            } else {
                assertThat(LeastPrivilegeTest.ALL_RESOURCES).containsAll(LeastPrivilegeTest.texts(
                        statement.get("Action")));
            }
        }
        Set<String> scanReads = new TreeSet<>();
        LeastPrivilegeTest.statements("ScanFunction").stream()
                .filter(s -> Set.of("ReadOnlyFacts", "ReadServiceLinkedRole").contains(s.path("Sid").asText()))
                .forEach(s -> scanReads.addAll(LeastPrivilegeTest.texts(s.get("Action"))));

        assertThat(granted).containsExactlyInAnyOrderElementsOf(CheckRegistry.defaults().requiredActions());
        assertThat(granted).as("the change mapping reads nothing more").containsAll(
                ChangeImpactMapper.REQUIRED_ACTIONS);
        assertThat(granted).isEqualTo(scanReads);
        assertThat(granted).allSatisfy(a -> assertThat(a).matches("[a-z0-9-]+:(Describe|List|Get)\\w+"));
    }

    @Test
    void memberRole_trust_onlyTheMonitorsWorkerPathWithTheExternalId() {
        JsonNode statements = properties("MemberRole").get("AssumeRolePolicyDocument").get("Statement");
        String workerPath = TemplateYaml.resource("WorkerFunction").get("Properties").get("RolePath").asText();

        assertThat(statements).singleElement().satisfies(trust -> {
            assertThat(trust.get("Effect").asText()).isEqualTo("Allow");
            assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
            assertThat(trust.get("Principal").get("AWS").asText())
                    .isEqualTo("arn:${AWS::Partition}:iam::${MonitorAccountId}:root");
            assertThat(trust.get("Condition").get("StringEquals").get("sts:ExternalId").asText())
                    .isEqualTo("ExternalId");
            assertThat(trust.get("Condition").get("ArnLike").get("aws:PrincipalArn").asText()).isEqualTo(
                    "arn:${AWS::Partition}:iam::${MonitorAccountId}:role"
                            + workerPath.replace("${AWS::StackName}", "${MonitorStackName}") + "*");
        });
        assertThat(properties("MemberRole").get("RoleName").asText()).isEqualTo("MemberRoleName");
        assertThat(member.get("Parameters").get("MemberRoleName").get("Default").asText()).isEqualTo(
                TemplateYaml.template().get("Parameters").get("MemberRoleName").get("Default").asText());
        assertThat(member.get("Parameters").get("ExternalId").get("AllowedPattern").asText()).isEqualTo(
                TemplateYaml.template().get("Parameters").get("ExternalId").get("AllowedPattern").asText()
                        .replace("^$|", ""));
    }

    @Test
    void memberTemplate_forStackSets_namesNoAccount() throws IOException {
        String text = Files.readString(Path.of("member-role.yaml"));

        assertThat(text).doesNotContainPattern("(?<![\\w{])\\d{12}(?!\\w)");
        assertThat(member.get("Parameters").get("MonitorAccountId").has("Default")).as("always given").isFalse();
    }

    @Test
    void forwardingRules_matchExactlyTheMonitorsChangeRules_toTheMonitorBusWithTheirRole() {
        Map<String, String> rules = Map.of("LmusInstanceEventsForward", "LmusInstanceEventsRule",
                "LmusIdentityProviderEventsForward", "LmusIdentityProviderEventsRule",
                "Ec2StateChangeForward", "Ec2StateChangeRule", "CloudTrailChangesForward", "CloudTrailChangesRule",
                "ConfigItemChangeForward", "ConfigItemChangeRule", "SsmComplianceForward", "SsmComplianceRule");
        List<String> forwards = new ArrayList<>();
        member.get("Resources").properties().forEach(e -> {
            if ("AWS::Events::Rule".equals(e.getValue().get("Type").asText())) {
                forwards.add(e.getKey());
            }
        });

        assertThat(forwards).containsExactlyInAnyOrderElementsOf(rules.keySet());
        rules.forEach((forward, monitor) -> {
            JsonNode mine = properties(forward);
            JsonNode theirs = TemplateYaml.resource(monitor).get("Properties");
            assertThat(mine.get("EventPattern")).as(forward).isEqualTo(theirs.get("EventPattern"));
            assertThat(mine.get("State")).as(forward).isEqualTo(theirs.get("State"));
            assertThat(mine.get("Targets")).singleElement().satisfies(t -> {
                assertThat(t.get("Arn").asText()).isEqualTo("MonitorEventBusArn");
                assertThat(t.get("RoleArn").asText()).isEqualTo("ForwardChangesRole.Arn");
            });
        });
        JsonNode put = properties("ForwardChangesRole").get("Policies").get(0).get("PolicyDocument")
                .get("Statement").get(0);
        assertThat(put.get("Action").asText()).isEqualTo("events:PutEvents");
        assertThat(put.get("Resource").asText()).isEqualTo("MonitorEventBusArn");
    }
}
