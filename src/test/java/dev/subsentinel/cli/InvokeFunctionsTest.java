package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code invoke} runs the change and Config rule functions in-process with the event files, as Lambda would. */
@ExtendWith(AwsFrontExtension.class)
class InvokeFunctionsTest {

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    /** The response: the last line of standard output. */
    private static JsonNode response(CliRun result) throws IOException {
        String[] lines = result.out().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void invoke_unknownFunction_usageErrorListsEveryFunctionOfTheTemplate() {
        CliRun result = run(Map.of("AWS_REGION", "us-east-1"), "invoke", "NoSuchFunction", "--event",
                "events/scheduled-scan.json");

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .contains("ChangeFunction, ConfigRuleFunction, CoordinatorFunction, ScanFunction, WorkerFunction");
    }

    @Test
    void invoke_changeFunctionWithTheScheduleEvent_answersThatItIgnoresIt(AwsFront front) throws IOException {
        CliRun result = run(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", front.endpoint().toString()),
                "invoke", "ChangeFunction", "--event", "events/scheduled-scan.json");

        assertThat(result.code()).isZero();
        assertThat(response(result).get("ignored").asText()).isEqualTo("the scan function runs the schedule");
        assertThat(front.requestsServed()).isZero();
    }

    @Test
    void invoke_configRuleFunctionWithTheLeftScopeEvent_reportsNotApplicable(AwsFront front) throws IOException {
        CliRun result = run(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", front.endpoint().toString()),
                "invoke", "ConfigRuleFunction", "--event", "events/config-rule-event-left-scope.json");

        assertThat(result.code()).isZero();
        JsonNode evaluation = response(result).get("evaluations").get(0);
        assertThat(evaluation.get("resourceId").asText()).isEqualTo("i-0123456789abcdef0");
        assertThat(evaluation.get("complianceType").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(front.putEvaluationsRequests()).singleElement()
                .satisfies(r -> assertThat(r.get("ResultToken").asText()).isEqualTo("myResultToken"));
    }
}
