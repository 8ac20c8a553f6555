import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.handler.ChangeHandler;
import dev.subsentinel.handler.ConfigRuleHandler;
import dev.subsentinel.handler.ScanHandler;
import dev.subsentinel.handler.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Runs on the classpath of the sam build artifact alone (its root and lib/*), as bin/sam-build-layout does after laying
 * it out: each function's handler is built from the environment and answers events that need no AWS call, and the
 * SnapStart priming evaluates the offline demo fleet. A class the functions load but the artifact lacks fails here
 * with NoClassDefFoundError. Needs AWS_ENDPOINT_URL pointing where nothing listens, so that no call can succeed.
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
                new SmokeContext(function));
        String answer = out.toString(StandardCharsets.UTF_8);
        if (!answer.contains(expected)) {
            throw new IllegalStateException(function + " answered " + answer + ", expected " + expected);
        }
        System.err.println("layout smoke: " + function + " -> " + answer);
    }

    /** The invocation context Lambda passes, with plausible values. */
    private record SmokeContext(String function) implements Context {

        @Override
        public String getAwsRequestId() {
            return "00000000-0000-4000-8000-000000000000";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + function;
        }

        @Override
        public String getLogStreamName() {
            return "smoke";
        }

        @Override
        public String getFunctionName() {
            return function;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:111122223333:function:" + function;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
