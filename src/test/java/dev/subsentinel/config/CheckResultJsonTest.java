package dev.subsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathTrace;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckResultJsonTest {

    private static final CheckResult PLAIN = new CheckResult(CheckId.VPC_DNS, Status.PASS, Severity.CRITICAL,
            "DNS on", List.of("vpc-1: enableDnsSupport true"), "turn DNS on");

    @Test
    void write_resultWithoutPathsOrFix_omitsBoth() {
        JsonNode json = Json.mapper().valueToTree(PLAIN);

        assertThat(json.has("paths")).isFalse();
        assertThat(json.has("fix")).isFalse();
        assertThat(json.get("evidence").size()).isEqualTo(1);
    }

    @Test
    void write_resultWithPathAndFix_writesHopsInOrderAndTheCommand() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("GroupId", "sg-1");
        parameters.put("IpPermissions", List.of(Map.of("IpProtocol", "tcp", "FromPort", 1688, "ToPort", 1688)));
        FixAction action = new FixAction("ec2:AuthorizeSecurityGroupEgress", parameters,
                "aws ec2 authorize-security-group-egress --group-id sg-1 ...", "opens tcp/1688 to the endpoint only");
        PathTrace trace = new PathTrace("tcp/1688", "eni-1 (10.0.0.5)", "KMS endpoint", PathHop.Outcome.BLOCKS,
                List.of(new PathHop(PathHop.Kind.INTERFACE, "eni-1", PathHop.Outcome.PASSES, "10.0.0.5"),
                        new PathHop(PathHop.Kind.SECURITY_GROUP, "sg-1", PathHop.Outcome.BLOCKS,
                                "no egress rule admits tcp/1688")));
        CheckResult result = PLAIN.withPaths(List.of(trace)).withFix(new FixPlan(List.of(action), List.of()));

        JsonNode json = Json.mapper().valueToTree(result);

        assertThat(json.at("/paths/0/hops/1/resourceId").asText()).isEqualTo("sg-1");
        assertThat(json.at("/paths/0/hops/1/outcome").asText()).isEqualTo("BLOCKS");
        assertThat(json.at("/fix/actions/0/parameters/GroupId").asText()).isEqualTo("sg-1");
        assertThat(json.at("/fix/actions/0/command").asText()).startsWith("aws ec2 authorize-security-group-egress");
        assertThat(json.at("/fix/actions/0/parameters").fieldNames()).toIterable()
                .containsExactly("GroupId", "IpPermissions");
    }
}
