package dev.subsentinel.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.subsentinel.handler.LocalContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A Lambda context whose remaining time a test decides at each moment (for example: plenty until a call hangs, then
 * less than the collector's margin), so that deadline behaviour is tested on outcomes, without waiting for a clock.
 * Everything else is the CLI's {@link LocalContext}.
 */
public final class ControlledContext implements Context {

    private final Context local;
    private final IntSupplier remainingMillis;

    /** A context of {@code functionName} whose remaining time {@code remainingMillis} gives. */
    public ControlledContext(String functionName, IntSupplier remainingMillis) {
        this.local = new LocalContext(functionName, Duration.ofMinutes(15), 1024, new PrintWriter(new StringWriter()));
        this.remainingMillis = remainingMillis;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public String getAwsRequestId() {
        return local.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return local.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return local.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return local.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return local.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return local.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return local.getIdentity();
    }

    @Override
    public ClientContext getClientContext() {
        return local.getClientContext();
    }

    @Override
    public int getMemoryLimitInMB() {
        return local.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return local.getLogger();
    }
}
