package dev.subsentinel.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * A Lambda context whose remaining time a test decides at each moment (for example: plenty until a call hangs, then
 * less than the collector's margin), so that deadline behaviour is tested on outcomes, without waiting for a clock.
 */
public final class ControlledContext implements Context {

    private final String functionName;
    private final IntSupplier remainingMillis;

    /** A context of {@code functionName} whose remaining time {@code remainingMillis} gives. */
    public ControlledContext(String functionName, IntSupplier remainingMillis) {
        this.functionName = functionName;
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return "controlled-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "controlled";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
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
        return remainingMillis.getAsInt();
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
                System.err.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
