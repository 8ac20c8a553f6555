package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {

    @Test
    void call_firstAttempt_showsThePhaseAndCountInPlaceAndCloseErasesIt() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), 80);

        progress.call("ec2:DescribeInstances");
        String shown = err.toString();
        progress.close();

        assertThat(shown).isEqualTo("\r\u001b[Kfinding the instances: 1 AWS call, ec2:DescribeInstances");
        assertThat(err.toString()).endsWith("\r\u001b[K").doesNotContain("\n");
    }

    @Test
    void call_narrowTerminal_lineNeverWraps() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), 40);

        progress.call("license-manager-user-subscriptions:ListIdentityProviders");

        assertThat(err.toString().substring("\r\u001b[K".length())).hasSizeLessThan(40);
    }

    @ParameterizedTest
    @CsvSource({
        "dynamodb:TransactWriteItems, tracking",
        "sns:PublishBatch, publishing alerts",
        "config:PutEvaluations, reporting to AWS Config",
        "license-manager-user-subscriptions:ListInstances, finding the instances",
        "ec2:DescribeSecurityGroups, collecting"})
    void phase_action_namesWhatTheRunDoes(String action, String phase) {
        assertThat(Progress.phase(action)).isEqualTo(phase);
    }
}
