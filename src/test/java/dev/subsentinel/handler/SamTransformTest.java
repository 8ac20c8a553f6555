package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.TemplateYaml;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml through the SAM translator that CloudFormation's AWS::Serverless transform runs (aws-sam-translator,
 * driven by src/test/python/sam_transform.py), with the parameter references resolved as CloudFormation resolves
 * them: every parameter value that changes an aliased (SnapStart) function's configuration also publishes a new
 * version for its alias. A version is published when its logical id changes (a new resource) or when a property that
 * requires replacement changes (its Description, per the AWS::Lambda::Version reference). Needs python3 with
 * aws-sam-translator (cfn-lint brings it): skipped without it, except under CI=true, where it fails.
 */
class SamTransformTest {

    private static final Path SCRIPT = Path.of("src", "test", "python", "sam_transform.py");
    private static final String CODE = "s3://sentinel-artifacts/3f1c0d2a9b";
    private static final String OTHER_CODE = "s3://sentinel-artifacts/77aa01e5c4";
    /** The parameters whose values the functions read (their environment), which must reach the aliases. */
    private static final Set<String> SETTINGS = Set.of("RepeatAlertHours", "DigestThreshold", "InstanceTag",
            "PingStaleMinutes", "MinAgentVersion", "ApprovedRdpSources", "MetricsNamespace", "LogLevel",
            "EnableSecurityHub", "EnableChatNotifications");
    /** A valid value other than the default, for the parameters that have neither allowed values nor a range. */
    private static final Map<String, String> OTHER_TEXT = Map.of(
            "InstanceTag", "team=sentinel",
            "MinAgentVersion", "3.3.40.0",
            "ApprovedRdpSources", "10.0.0.0/8",
            "MetricsNamespace", "Acme/Sentinel",
            "AlertEmail", "ops@example.com",
            "MemberAccountIds", "111122223333,444455556666",
            "OrganizationId", "o-a1b2c3d4e5",
            "TargetRegions", "us-east-1,eu-west-1",
            "MemberRoleName", "SentinelReader",
            "ExternalId", "sentinel-external-7f3a");

    /** Parameter name (or "" for the defaults, "code" for other code) to the transformed template. */
    private static Map<String, JsonNode> transformed;

    @BeforeAll
    static void transform() throws IOException, InterruptedException {
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        requests.put("", request(Map.of(), CODE));
        requests.put("code", request(Map.of(), OTHER_CODE));
        TemplateYaml.template().get("Parameters").properties().forEach(parameter -> requests.put(parameter.getKey(),
                request(Map.of(parameter.getKey(), otherValue(parameter.getKey(), parameter.getValue())), CODE)));
        ArrayNode input = Json.mapper().createArrayNode();
        requests.values().forEach(input::add);

        JsonNode output = run(input);

        transformed = new LinkedHashMap<>();
        int i = 0;
        for (String key : requests.keySet()) {
            transformed.put(key, output.get(i++));
        }
    }

    /** A transform request: the Config rule enabled (so that both aliased functions exist), plus the overrides. */
    private static ObjectNode request(Map<String, String> overrides, String codeUri) {
        ObjectNode request = Json.mapper().createObjectNode();
        ObjectNode parameters = request.putObject("parameters");
        parameters.put("EnableConfigRule", "true");
        overrides.forEach(parameters::put);
        request.put("codeUri", codeUri);
        return request;
    }

    private static String otherValue(String name, JsonNode parameter) {
        String current = "EnableConfigRule".equals(name) ? "true" : parameter.get("Default").asText();
        if (parameter.has("AllowedValues")) {
            for (JsonNode value : parameter.get("AllowedValues")) {
                if (!value.asText().equals(current)) {
                    return value.asText();
                }
            }
        }
        if ("Number".equals(parameter.get("Type").asText())) {
            return String.valueOf(Integer.parseInt(current) + 1);
        }
        String other = OTHER_TEXT.get(name);
        assertThat(other).as("a second valid value of parameter %s for this test", name).isNotNull();
        return other;
    }

    private static JsonNode run(JsonNode input) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("sam-transform", ".err");
        Process process;
        try {
            process = new ProcessBuilder("python3", SCRIPT.toString(), "template.yaml")
                    .redirectError(errors.toFile()).start();
        } catch (IOException e) {
            unavailable("python3 is not on the PATH (" + e.getMessage() + ")");
            throw e;
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(Json.mapper().writeValueAsBytes(input));
        }
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the SAM transform finished").isTrue();
        String stderr = Files.readString(errors, StandardCharsets.UTF_8).strip();
        Files.delete(errors);
        if (process.exitValue() == 3) {
            unavailable(stderr);
        }
        assertThat(process.exitValue()).as("sam_transform.py failed: %s", stderr).isZero();
        return Json.mapper().readTree(stdout);
    }

    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the SAM translator cannot run: " + why);
        }
        Assumptions.abort("SAM transform tests skipped: " + why);
    }

    /** The aliased functions of a transformed template: function logical id to its alias. */
    private static Map<String, JsonNode> aliases(JsonNode result) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        result.get("resources").properties().forEach(resource -> {
            if ("AWS::Lambda::Alias".equals(resource.getValue().get("Type").asText())) {
                out.put(resource.getValue().get("Properties").get("FunctionName").get("Ref").asText(),
                        resource.getValue());
            }
        });
        return out;
    }

    /**
     * What decides whether a version of the function is published: the version's logical id and its Description
     * (with the parameter values in it).
     */
    private record Published(String logicalId, String description) {
    }

    private static Published publishedVersion(JsonNode result, String function) {
        String logicalId = aliases(result).get(function).get("Properties").get("FunctionVersion").get("Fn::GetAtt")
                .get(0).asText();
        JsonNode version = result.get("resolved").get(logicalId);
        assertThat(version.get("Type").asText()).isEqualTo("AWS::Lambda::Version");
        return new Published(logicalId, Objects.toString(version.get("Properties").get("Description")));
    }

    private static JsonNode configuration(JsonNode result, String function) {
        return result.get("resolved").get(function).get("Properties");
    }

    @Test
    void transform_defaults_bothSnapStartFunctionsPublishedBehindTheirAlias() {
        JsonNode defaults = transformed.get("");

        assertThat(aliases(defaults)).containsOnlyKeys("ChangeFunction", "ConfigRuleFunction");
        for (String function : aliases(defaults).keySet()) {
            assertThat(aliases(defaults).get(function).get("Properties").get("Name").asText()).isEqualTo("live");
            assertThat(configuration(defaults, function).get("SnapStart").get("ApplyOn").asText())
                    .isEqualTo("PublishedVersions");
            assertThat(publishedVersion(defaults, function).description()).contains("cfg 6|10|15|INFO||"
                    + "SubscriptionSentinel||AWSLicenseManager=UserSubscriptions|--");
        }
    }

    @Test
    void transform_everyParameterThatChangesAFunction_publishesANewVersionForItsAlias() {
        JsonNode defaults = transformed.get("");
        Set<String> reachingAliasedFunctions = new TreeSet<>();

        for (Map.Entry<String, JsonNode> variant : transformed.entrySet()) {
            for (String function : aliases(defaults).keySet()) {
                if (variant.getKey().isEmpty() || !aliases(variant.getValue()).containsKey(function)
                        || configuration(defaults, function).equals(configuration(variant.getValue(), function))) {
                    continue;
                }
                if (!variant.getKey().equals("code")) {
                    reachingAliasedFunctions.add(variant.getKey());
                }
                assertThat(publishedVersion(variant.getValue(), function))
                        .as("%s changes %s's configuration, so its alias gets a new version", variant.getKey(),
                                function)
                        .isNotEqualTo(publishedVersion(defaults, function));
            }
        }

        assertThat(reachingAliasedFunctions).containsExactlyInAnyOrderElementsOf(SETTINGS);
    }

    @Test
    void transform_twoValuesOfOneSetting_twoDifferentPublishedVersions() {
        for (String function : List.of("ChangeFunction", "ConfigRuleFunction")) {
            Published fifteen = publishedVersion(transformed.get(""), function);
            Published sixteen = publishedVersion(transformed.get("PingStaleMinutes"), function);

            assertThat(sixteen.logicalId()).as("same logical id: SAM's hash ignores parameter values")
                    .isEqualTo(fifteen.logicalId());
            assertThat(sixteen.description()).as("the description, which requires replacement, differs")
                    .isNotEqualTo(fifteen.description()).contains("|16|");
            assertThat(configuration(transformed.get("PingStaleMinutes"), function).get("Environment")
                    .get("Variables").get("SENTINEL_PING_STALE_MINUTES").asText()).isEqualTo("16");
        }
    }

    @Test
    void transform_workerRole_onlyBasicExecutionAndTrackingNoManagedQueuePolicyUnderItsPath() {
        JsonNode role = transformed.get("").get("resources").get("WorkerFunctionRole").get("Properties");

        assertThat(role.get("ManagedPolicyArns")).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"",
                "{\"Ref\":\"TrackingAndAlertingPolicy\"}",
                "{\"Fn::If\":[\"ChatEnabled\",{\"Ref\":\"ChatPublishPolicy\"},{\"Ref\":\"AWS::NoValue\"}]}",
                "{\"Fn::If\":[\"SecurityHubEnabled\",{\"Ref\":\"SecurityHubFindingsPolicy\"},"
                        + "{\"Ref\":\"AWS::NoValue\"}]}");
        assertThat(role.get("Path").get("Fn::Sub").asText()).isEqualTo("/subscription-sentinel/${AWS::StackName}/");
        assertThat(transformed.get("").get("resources").get("WorkerEventSource").get("Properties")
                .get("FunctionResponseTypes")).extracting(JsonNode::asText).containsExactly("ReportBatchItemFailures");
    }

    @Test
    void transform_newCode_newVersionLogicalId() {
        for (String function : aliases(transformed.get("")).keySet()) {
            assertThat(publishedVersion(transformed.get("code"), function).logicalId())
                    .isNotEqualTo(publishedVersion(transformed.get(""), function).logicalId());
        }
    }

    @Test
    void transform_versions_deletedWhenReplaced_onlyTheAliasVersionIsKept() {
        List<String> versions = new ArrayList<>();
        transformed.get("").get("resources").properties().forEach(resource -> {
            if ("AWS::Lambda::Version".equals(resource.getValue().get("Type").asText())) {
                versions.add(resource.getKey());
                assertThat(resource.getValue().get("DeletionPolicy").asText()).as(resource.getKey())
                        .isEqualTo("Delete");
                assertThat(resource.getValue().path("UpdateReplacePolicy").asText("Delete")).as(resource.getKey())
                        .isEqualTo("Delete");
            }
        });

        assertThat(versions).hasSize(2);
    }
}
