package dev.subsentinel.handler;

import dev.subsentinel.app.Application;
import dev.subsentinel.config.AppConfig;
import java.time.Clock;

/**
 * The application of a Lambda process, wired once from the environment at class initialisation (the cold start, or
 * before the SnapStart checkpoint), with the SnapStart priming hook registered (a no-op in a function without
 * SnapStart). It holds no per-invocation state.
 */
final class Production {

    /** The wiring: settings from the environment, EMF metrics and dry-run output on standard output. */
    static final Application APPLICATION = Application.create(AppConfig.fromEnvironment(System.getenv()),
            Clock.systemUTC(), new Application.Io(System.out, true));

    /** The SnapStart hook, kept reachable here: the CRaC context may hold it weakly. */
    static final SnapStartPriming PRIMING = SnapStartPriming.register(APPLICATION);

    private Production() {
    }
}
