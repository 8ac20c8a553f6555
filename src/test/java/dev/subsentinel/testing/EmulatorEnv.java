package dev.subsentinel.testing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of a client factory pointed at the emulator (moto, or the fronts before it). The AWS call bounds
 * are generous here: moto on a shared 2-core machine can take tens of seconds to launch or list a thousand instances,
 * which AWS does in one or two, and a test about something else must not fail on the product's default timeouts.
 * Tests about timeouts set their own, small ones.
 */
public final class EmulatorEnv {

    /** Seconds one attempt may take against the emulator. */
    public static final String ATTEMPT_TIMEOUT_SECONDS = "300";
    /** Seconds a call with its retries may take against the emulator. */
    public static final String CALL_TIMEOUT_SECONDS = "900";

    private EmulatorEnv() {
    }

    /** us-east-1, the endpoint, generous call bounds. */
    public static Map<String, String> of(URI endpoint) {
        return of(endpoint, Map.of());
    }

    /** {@link #of(URI)} with more variables. */
    public static Map<String, String> of(URI endpoint, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("SENTINEL_AWS_ATTEMPT_TIMEOUT_SECONDS", ATTEMPT_TIMEOUT_SECONDS);
        env.put("SENTINEL_AWS_CALL_TIMEOUT_SECONDS", CALL_TIMEOUT_SECONDS);
        env.putAll(more);
        return env;
    }
}
