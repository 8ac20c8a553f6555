package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.MultiAccountConfig;
import dev.subsentinel.testing.TemplateYaml;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The parameters of template.yaml accept what the services accept and reject, at deploy time, what they would refuse
 * later: each AllowedPattern (Java regular expressions, as CloudFormation applies them, to the whole value) against
 * good and bad values; and the SnapStart version description, built from the parameter values, can never exceed the
 * 256 characters Lambda allows.
 */
class ParameterPatternsTemplateTest {

    private static final int VERSION_DESCRIPTION_MAX = 256;

    private static JsonNode parameter(String name) {
        JsonNode parameter = TemplateYaml.template().get("Parameters").get(name);
        assertThat(parameter).as(name).isNotNull();
        return parameter;
    }

    /** Whether CloudFormation accepts the value for the parameter: its pattern, length and allowed values. */
    private static boolean accepts(String name, String value) {
        JsonNode parameter = parameter(name);
        if (parameter.has("AllowedPattern")
                && !Pattern.compile(parameter.get("AllowedPattern").asText()).matcher(value).matches()) {
            return false;
        }
        if (parameter.has("MaxLength") && value.length() > parameter.get("MaxLength").asInt()) {
            return false;
        }
        if (parameter.has("AllowedValues")) {
            List<String> allowed = new ArrayList<>();
            parameter.get("AllowedValues").forEach(v -> allowed.add(v.asText()));
            return allowed.contains(value);
        }
        return true;
    }

    @Test
    void metricsNamespace_rejectsTheReservedAwsPrefixAndWhatCloudWatchRefuses() {
        assertThat(List.of("SubscriptionSentinel", "Acme/Sentinel", "ops.sentinel-prod_1#a:b", "AWSome", "aws/x"))
                .allMatch(value -> accepts("MetricsNamespace", value));
        assertThat(List.of("AWS/Sentinel", "AWS/", "", "/leading", "has space", "x".repeat(49)))
                .noneMatch(value -> accepts("MetricsNamespace", value));
    }

    @Test
    void approvedRdpSources_acceptsCidrsPrefixListsAndGroupsOnly() {
        assertThat(List.of("", "10.0.0.0/8", "10.0.0.0/8, 192.168.1.0/24", "pl-0123456789abcdef0,sg-0a1b2c3d",
                "2001:db8::/32", " sg-0a1b2c3d4e5f60718 "))
                .allMatch(value -> accepts("ApprovedRdpSources", value));
        assertThat(List.of("10.0.0.0", "sg-XYZ", "10.0.0.0/8|10.0.0.0/8", "everyone", "10.0.0.0/8,,10.0.0.0/9",
                "sg-0a1b2c3d,".repeat(9)))
                .noneMatch(value -> accepts("ApprovedRdpSources", value));
    }

    @Test
    void instanceTagAndMinAgentVersion_shapesTheCodeParses() {
        assertThat(accepts("InstanceTag", "AWSLicenseManager=UserSubscriptions")).isTrue();
        assertThat(accepts("InstanceTag", "team=a=b")).isTrue();
        assertThat(List.of("novalue", "=value", "key=", "k=" + "v".repeat(63)))
                .noneMatch(value -> accepts("InstanceTag", value));
        assertThat(List.of("", "3.3.40.0", "3")).allMatch(value -> accepts("MinAgentVersion", value));
        assertThat(List.of("3.3.", "latest", "v3.3.40.0")).noneMatch(value -> accepts("MinAgentVersion", value));
    }

    @Test
    void multiAccountParameters_whatTheyAccept_theFunctionsParse_andTheyRejectWhatTheFunctionsWouldRefuse() {
        List<String> accounts = List.of("111122223333", "111122223333,444455556666");
        List<String> regions = List.of("us-east-1", "eu-west-1,ap-southeast-2", "us-gov-west-1");
        List<String> roles = List.of("SubscriptionSentinelMember", "reader+=,.@-_1");
        List<String> externalIds = List.of("ab", "sentinel:prod/2026@acme.example", "x".repeat(1224));
        assertThat(accounts).allMatch(value -> accepts("MemberAccountIds", value));
        assertThat(regions).allMatch(value -> accepts("TargetRegions", value));
        assertThat(roles).allMatch(value -> accepts("MemberRoleName", value));
        assertThat(externalIds).allMatch(value -> accepts("ExternalId", value));
        for (int i = 0; i < 2; i++) {
            MultiAccountConfig parsed = MultiAccountConfig.fromEnvironment(Map.of("SENTINEL_TARGET_ACCOUNTS",
                    accounts.get(i), "SENTINEL_TARGET_REGIONS", regions.get(i), "SENTINEL_MEMBER_ROLE_NAME",
                    roles.get(i), "SENTINEL_EXTERNAL_ID", externalIds.get(i + 1)), "us-east-1");
            assertThat(parsed.accounts()).hasSize(i + 1);
            assertThat(parsed.memberRoleName()).isEqualTo(roles.get(i));
        }

        assertThat(List.of("11112222333", "111122223333,", "111122223333;444455556666", "ORGANIZATION",
                "111122223333, 444455556666")).noneMatch(value -> accepts("MemberAccountIds", value));
        assertThat(List.of("us-east", "US-EAST-1", "us-east-1,")).noneMatch(value -> accepts("TargetRegions", value));
        assertThat(List.of("", "has space", "r".repeat(65), "a/b")).noneMatch(value -> accepts("MemberRoleName",
                value));
        assertThat(List.of("a", "has space", "x".repeat(1225), "semi;colon")).noneMatch(value -> accepts(
                "ExternalId", value));
        assertThat(List.of("o-a1b2c3d4e5", "")).allMatch(value -> accepts("OrganizationId", value));
        assertThat(List.of("o-short", "r-a1b2c3d4e5", "o-A1B2C3D4E5")).noneMatch(value -> accepts(
                "OrganizationId", value));
    }

    @Test
    void scanIntervalMinutes_onlyIntervalsWithADerivedSchedule() {
        assertThat(List.of("1", "5", "60", "1440")).allMatch(value -> accepts("ScanIntervalMinutes", value));
        assertThat(List.of("7", "0", "rate(5 minutes)")).noneMatch(value -> accepts("ScanIntervalMinutes", value));
    }

    @Test
    void everyParameter_defaultIsAccepted() {
        TemplateYaml.template().get("Parameters").properties().forEach(entry ->
                assertThat(accepts(entry.getKey(), entry.getValue().get("Default").asText())).as(entry.getKey())
                        .isTrue());
    }

    @Test
    void versionDescription_samePerAliasedFunctionAndNamesEverySettingTheFunctionsRead() {
        String change = versionDescription("ChangeFunction");
        Set<String> referenced = subVariables(change);
        for (JsonNode local : localVariables("ChangeFunction")) {
            for (int i = 1; i < local.size(); i++) {
                referenced.add(local.get(i).asText());
            }
        }
        Set<String> environment = new LinkedHashSet<>();
        TemplateYaml.template().get("Globals").get("Function").get("Environment").get("Variables").forEach(value -> {
            if (TemplateYaml.template().get("Parameters").has(value.asText())) {
                environment.add(value.asText());
            } else if (value.isArray()) {
                // !If [Condition, ...]: the parameter of !Equals [!Ref Parameter, "true"] decides the value
                environment.add(TemplateYaml.template().get("Conditions").get(value.get(0).asText()).get(0).asText());
            }
        });

        assertThat(versionDescription("ConfigRuleFunction")).isEqualTo(change);
        assertThat(localVariables("ConfigRuleFunction")).isEqualTo(localVariables("ChangeFunction"));
        assertThat(environment).isNotEmpty();
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(environment);
    }

    @Test
    void versionDescription_longestAcceptedValues_fitLambdasLimit() {
        String description = versionDescription("ChangeFunction");
        int literal = TemplateYaml.SUB_VARIABLE.matcher(description).replaceAll("").length();
        int longest = literal;
        for (String name : subVariables(description)) {
            longest += longestValue(name);
        }
        for (JsonNode local : localVariables("ChangeFunction")) {
            // !FindInMap [Map, !Ref A, !Ref B]: the mapping's longest value stands for both parameters
            int most = 0;
            for (JsonNode first : TemplateYaml.template().get("Mappings").get(local.get(0).asText())) {
                for (JsonNode value : first) {
                    most = Math.max(most, value.asText().length());
                }
            }
            longest += most;
        }

        assertThat(longest).as("longest resolved version description").isLessThanOrEqualTo(VERSION_DESCRIPTION_MAX);
    }

    /** The longest value CloudFormation accepts for a parameter that the description names. */
    private static int longestValue(String name) {
        JsonNode parameter = parameter(name);
        if (parameter.has("AllowedValues")) {
            int max = 0;
            for (JsonNode value : parameter.get("AllowedValues")) {
                max = Math.max(max, value.asText().length());
            }
            return max;
        }
        if ("Number".equals(parameter.get("Type").asText())) {
            assertThat(parameter.get("MinValue").asInt()).as(name).isPositive();
            return parameter.get("MaxValue").asText().length();
        }
        assertThat(parameter.has("MaxLength")).as("%s has a MaxLength", name).isTrue();
        return parameter.get("MaxLength").asInt();
    }

    /** The !Sub text of the version description (the first element of its list form). */
    private static String versionDescription(String function) {
        JsonNode description = TemplateYaml.resource(function).get("Properties").get("VersionDescription");
        assertThat(description).as(function).isNotNull();
        return description.isArray() ? description.get(0).asText() : description.asText();
    }

    /** The !FindInMap values of the description's own variables ({@code !Sub [text, {Name: value}]}). */
    private static List<JsonNode> localVariables(String function) {
        JsonNode description = TemplateYaml.resource(function).get("Properties").get("VersionDescription");
        List<JsonNode> out = new ArrayList<>();
        if (description.isArray()) {
            description.get(1).forEach(out::add);
        }
        return out;
    }

    /** The parameters a description names: its ${Parameter}s and those its own variables look up. */
    private static Set<String> subVariables(String sub) {
        Set<String> out = new LinkedHashSet<>();
        Matcher matcher = TemplateYaml.SUB_VARIABLE.matcher(sub);
        Set<String> local = new LinkedHashSet<>();
        JsonNode change = TemplateYaml.resource("ChangeFunction").get("Properties").get("VersionDescription");
        if (change.isArray()) {
            change.get(1).fieldNames().forEachRemaining(local::add);
        }
        while (matcher.find()) {
            if (!local.contains(matcher.group(1))) {
                out.add(matcher.group(1));
            }
        }
        return out;
    }
}
