package dev.subsentinel.handler;

import dev.subsentinel.app.Application;
import dev.subsentinel.app.Sleeper;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.MultiAccountConfig;
import java.time.Clock;

/**
 * The application of a Lambda process, wired once from the environment at class initialisation (the cold start, or
 * before the SnapStart checkpoint), with the SnapStart priming hook registered (a no-op in a function without
 * SnapStart). It holds no per-invocation state.
 *
 * <p>A wiring failure (a bad setting) is kept and thrown again, unwrapped, by {@link #application()}: an exception
 * escaping a static initialiser would reach the handler's constructor as a bare {@link ExceptionInInitializerError},
 * and the Lambda runtime reports the message of what the constructor threw, which for that error is only its class
 * name. Thrown from {@code application()}, the init error Lambda reports is the setting's own message, e.g.
 * {@code SENTINEL_TOPIC_ARN must be an SNS topic ARN, was 'AlertTopic'}.
 */
final class Production {

    /** The wiring, or null when it failed. */
    private static final Application APPLICATION;
    /** Why the wiring failed, or null. */
    private static final RuntimeException FAILURE;
    /** The SnapStart hook, kept reachable here: the CRaC context may hold it weakly. */
    private static final SnapStartPriming PRIMING;

    static {
        Application application = null;
        RuntimeException failure = null;
        try {
            AppConfig config = AppConfig.fromEnvironment(System.getenv());
            application = Application.create(config, MultiAccountConfig.fromEnvironment(System.getenv(),
                    config.region()), Clock.systemUTC(), new Application.Io(System.out, true), Sleeper.system());
        } catch (RuntimeException e) {
            failure = e;
        }
        APPLICATION = application;
        FAILURE = failure;
        PRIMING = application == null ? null : SnapStartPriming.register(application);
    }

    private Production() {
    }

    /**
     * The wiring: settings from the environment, EMF metrics and dry-run output on standard output.
     *
     * @throws RuntimeException what wiring threw (e.g. a {@link dev.subsentinel.config.ConfigException} naming the
     *                          variable), so that Lambda's init error carries its message
     */
    static Application application() {
        if (FAILURE != null) {
            throw FAILURE;
        }
        return APPLICATION;
    }
}
