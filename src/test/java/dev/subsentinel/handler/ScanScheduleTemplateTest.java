package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.testing.TemplateYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The schedule and the heartbeat alarm derive from one parameter, ScanIntervalMinutes, through Mappings.ScanSchedule:
 * for every accepted interval the rate expression is one EventBridge accepts and means that interval, and the alarm
 * fires only after 3 intervals without a completed scheduled scan, within CloudWatch's limits on alarm periods.
 */
class ScanScheduleTemplateTest {

    /** EventBridge's rate grammar: a positive whole number, the unit singular with 1 and plural otherwise. */
    static final Pattern RATE = Pattern.compile("rate\\((?:(1) (minute|hour|day)|([2-9]|[1-9]\\d+) (minutes|hours"
            + "|days))\\)");

    private static final int MISSED_INTERVALS = 3;

    private static JsonNode mapping() {
        return TemplateYaml.template().get("Mappings").get("ScanSchedule");
    }

    private static List<Integer> allowedIntervals() {
        List<Integer> out = new ArrayList<>();
        TemplateYaml.template().get("Parameters").get("ScanIntervalMinutes").get("AllowedValues")
                .forEach(value -> out.add(value.asInt()));
        return out;
    }

    @Test
    void rate_grammar_rejectsWrongSingularAndPlural() {
        assertThat(List.of("rate(1 minute)", "rate(5 minutes)", "rate(2 hours)", "rate(1 day)", "rate(90 minutes)"))
                .allMatch(expression -> RATE.matcher(expression).matches());
        assertThat(List.of("rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(05 minutes)",
                "rate(2 hour)", "rate(1 days)", "rate(5minutes)", "cron(0/5 * * * ? *)"))
                .noneMatch(expression -> RATE.matcher(expression).matches());
    }

    @Test
    void scanSchedule_everyAcceptedInterval_hasARowAndNoOtherRowExists() {
        List<String> keys = new ArrayList<>();
        mapping().fieldNames().forEachRemaining(keys::add);

        assertThat(keys).containsExactlyInAnyOrderElementsOf(allowedIntervals().stream().map(String::valueOf)
                .toList());
        assertThat(allowedIntervals()).contains(TemplateYaml.template().get("Parameters").get("ScanIntervalMinutes")
                .get("Default").asInt());
    }

    @Test
    void scanSchedule_expressions_validRatesOfExactlyTheInterval() {
        for (int minutes : allowedIntervals()) {
            String expression = mapping().get(String.valueOf(minutes)).get("Expression").asText();
            Matcher rate = RATE.matcher(expression);

            assertThat(rate.matches()).as(expression).isTrue();
            int value = Integer.parseInt(rate.group(1) != null ? rate.group(1) : rate.group(3));
            String unit = rate.group(2) != null ? rate.group(2) : rate.group(4);
            int unitMinutes = Map.of("minute", 1, "hour", 60, "day", 1440).get(unit.replaceAll("s$", ""));
            assertThat(value * unitMinutes).as(expression).isEqualTo(minutes);
        }
    }

    @Test
    void scanSchedule_heartbeat_threeIntervalsOfWholePeriodsWithinCloudWatchLimits() {
        for (int minutes : allowedIntervals()) {
            JsonNode row = mapping().get(String.valueOf(minutes));
            int period = row.get("HeartbeatPeriod").asInt();
            int periods = row.get("HeartbeatPeriods").asInt();
            int intervalSeconds = minutes * 60;

            assertThat(period % 60).as("period of %d min is a multiple of 60 s", minutes).isZero();
            assertThat(period).as("period of %d min", minutes).isBetween(60, 3600);
            assertThat(intervalSeconds % period).as("an interval of %d min is whole periods", minutes).isZero();
            assertThat(period * periods).as("window of %d min", minutes)
                    .isEqualTo(MISSED_INTERVALS * intervalSeconds)
                    .isLessThanOrEqualTo(period < 3600 ? 86_400 : 604_800);
        }
    }

    @Test
    void heartbeatAlarm_everyPeriodOfTheWindowMustBreach_fromTheMapping() {
        JsonNode alarm = TemplateYaml.resource("ScanHeartbeatAlarm").get("Properties");

        assertThat(alarm.get("Period")).extracting(JsonNode::asText)
                .containsExactly("ScanSchedule", "ScanIntervalMinutes", "HeartbeatPeriod");
        assertThat(alarm.get("EvaluationPeriods")).extracting(JsonNode::asText)
                .containsExactly("ScanSchedule", "ScanIntervalMinutes", "HeartbeatPeriods");
        assertThat(alarm.get("DatapointsToAlarm")).isEqualTo(alarm.get("EvaluationPeriods"));
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(alarm.get("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("breaching");
        assertThat(TemplateYaml.template().get("Parameters").has("HeartbeatPeriodSeconds")).isFalse();
        assertThat(TemplateYaml.template().get("Parameters").has("ScheduleExpression")).isFalse();
    }
}
