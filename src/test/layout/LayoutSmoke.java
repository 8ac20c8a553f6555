import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.handler.ChangeHandler;
import dev.subsentinel.handler.ConfigRuleHandler;
import dev.subsentinel.handler.LocalContext;
import dev.subsentinel.handler.ScanHandler;
import dev.subsentinel.handler.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs on the classpath of the sam build artifact alone (its root and lib/*), as bin/sam-build-layout does after laying
 * it out: each function's handler is built from the environment and answers events that need no AWS call, and the
 * SnapStart priming evaluates the offline demo fleet. A class the functions load but the artifact lacks fails here
 * with NoClassDefFoundError. Needs AWS_ENDPOINT_URL pointing where nothing listens, so that no call can succeed. The
 * invocation context is the handlers' LocalContext (the command line's own classes are not in the artifact).
 */
public final class LayoutSmoke {

    private static final String EC2_STATE_CHANGE = """
            {"version":"0","id":"s-1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"instance-id":"i-0a00000000000a001","state":"stopped"}}""";
    private static final String SCHEDULE = """
            {"version":"0","id":"s-2","detail-type":"Scheduled Event","source":"aws.events",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}""";

    private LayoutSmoke() {
    }

    public static void main(String[] args) throws Exception {
        check("ScanFunction", new ScanHandler(), EC2_STATE_CHANGE, "\"ignored\"");
        check("ScanFunction", new ScanHandler(), "{\"instanceIds\": \"i-1\"}", "\"error\"");
        check("ChangeFunction", new ChangeHandler(), SCHEDULE, "\"ignored\"");
        check("ConfigRuleFunction", new ConfigRuleHandler(), SCHEDULE, "\"ignored\"");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try (Application application = Application.create(AppConfig.fromEnvironment(System.getenv()),
                Clock.systemUTC(), new Application.Io(discard, false))) {
            SnapStartPriming.Primed primed = SnapStartPriming.prime(application);
            if (primed.instances() == 0 || application.clients().apiCalls().total() != 0) {
                throw new IllegalStateException("priming did not run offline: " + primed);
            }
            System.err.println("layout smoke: priming " + primed);
        }
        System.err.println("layout smoke: passed");
    }

    private static void check(String function, RequestStreamHandler handler, String event, String expected)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext(function, Duration.ofMinutes(1), 1024,
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
        String answer = out.toString(StandardCharsets.UTF_8);
        if (!answer.contains(expected)) {
            throw new IllegalStateException(function + " answered " + answer + ", expected " + expected);
        }
        System.err.println("layout smoke: " + function + " -> " + answer);
    }
}
