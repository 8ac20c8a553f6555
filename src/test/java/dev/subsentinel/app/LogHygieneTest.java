package dev.subsentinel.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.collect.SeededFleet;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.handler.ChangeHandler;
import dev.subsentinel.handler.ConfigRuleHandler;
import dev.subsentinel.handler.ScanHandler;
import dev.subsentinel.testing.AwsFront;
import dev.subsentinel.testing.AwsFrontExtension;
import dev.subsentinel.testing.CannedAws;
import dev.subsentinel.testing.CapturedLog;
import dev.subsentinel.testing.ControlledContext;
import dev.subsentinel.testing.EmulatorEnv;
import dev.subsentinel.testing.MotoServer;
import dev.subsentinel.track.TrackClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No credentials, tokens or whole API responses in the logs: a whole integration run (the scheduled scan with
 * tracking and alerts, a change event, a Config rule invocation with its result token) against the emulator, with an
 * access denial whose message carries EC2's encoded authorization details and an LM-US outage, under distinctive
 * credentials. Everything every logger wrote at INFO and above (the SDK's included, with the exceptions), and
 * everything on standard output and error (the EMF metrics, Powertools' lines), is scanned.
 */
@ExtendWith(AwsFrontExtension.class)
class LogHygieneTest {

    private static final String ACCESS_KEY = "AKIASENTINELLOGTEST1";
    private static final String SECRET_KEY = "sentinelSecret/do+not/log/0123456789ABCDEFghij";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzESENTINELSESSIONTOKENdoNotLogThisEither0123456789";
    private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", ACCESS_KEY,
            "aws.secretAccessKey", SECRET_KEY, "aws.sessionToken", SESSION_TOKEN);

    @BeforeEach
    void credentials() {
        CREDENTIALS.forEach(System::setProperty);
    }

    @AfterEach
    void forget() {
        CREDENTIALS.keySet().forEach(System::clearProperty);
    }

    @Test
    void wholeRun_withDenialsAndOutages_logsNoCredentialTokenOrResponse(AwsFront front, MotoServer moto)
            throws IOException {
        SeededFleet.seed(moto, front, Instant.now());
        TrackClients.createTable(TrackClients.dynamo(moto));
        String topicArn = TrackClients.sns(moto).createTopic(b -> b.name("sentinel-alerts")).topicArn();
        front.denyEc2("DescribeVpcAttribute");
        front.failLmus(CannedAws.LMUS_LIST_INSTANCES);
        AppConfig config = AppConfig.fromEnvironment(EmulatorEnv.of(front.endpoint(), Map.of(
                "SENTINEL_STATE_TABLE", TrackClients.TABLE, "SENTINEL_TOPIC_ARN", topicArn,
                "SENTINEL_AWS_MAX_ATTEMPTS", "2")));

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<String> log;
        String thrown;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try (CapturedLog captured = CapturedLog.everything();
                Application app = Application.create(config, Clock.systemUTC(), new Application.Io(System.out, true),
                        duration -> { })) {
            thrown = invoke(new ScanHandler(app), "ScanFunction", "scheduled-scan.json")
                    + invoke(new ChangeHandler(app.changes()), "ChangeFunction", "cloudtrail-authorize-sg-ingress.json")
                    + invoke(new ConfigRuleHandler(app.configRules()), "ConfigRuleFunction",
                            "config-rule-change-triggered.json");
            log = captured.lines();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String everything = String.join("\n", log) + "\n" + stdout.toString(StandardCharsets.UTF_8) + "\n"
                + stderr.toString(StandardCharsets.UTF_8) + "\n" + thrown;

        assertThat(log).as("the run did log: the denial, the outage, the summaries")
                .anySatisfy(l -> assertThat(l).contains("AccessDenied: add ec2:DescribeVpcAttribute"))
                .anySatisfy(l -> assertThat(l).contains("license-manager-user-subscriptions:ListInstances"))
                .anySatisfy(l -> assertThat(l).startsWith("INFO scan "));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"ScanCompleted\":1.0");
        assertThat(everything).doesNotContain(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, "Signature=", "Credential=",
                "X-Amz-Security-Token", "Authorization", "Encoded authorization failure message", "AbC123",
                "assumed-role/sentinel", "<?xml", "<Response>", "InstanceSummaries", "reservationSet",
                "myResultToken");
    }

    /** Invokes a handler; what would escape to the Lambda runtime (which logs it) is kept for the scan. */
    private static String invoke(RequestStreamHandler handler, String function, String event) throws IOException {
        try {
            handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events", event))),
                    new ByteArrayOutputStream(), new ControlledContext(function, () -> 300_000));
            return "";
        } catch (RuntimeException e) {
            StringBuilder thrown = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                thrown.append(t).append('\n');
            }
            return thrown.toString();
        }
    }
}
