package dev.subsentinel.publish;

import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;

/**
 * Resolves the EMF environment to "write to standard output" everywhere. In Lambda that is what the default provider
 * picks too (CloudWatch Logs extracts the metrics; no PutMetricData call). Elsewhere (the CLI, tests) the default
 * provider would probe ECS and EC2 instance metadata and fall back to a CloudWatch agent socket, so metrics would
 * silently go nowhere; standard output keeps them visible and testable, and skips the probes in Lambda's cold start.
 */
final class StdoutEmfEnvironment extends EnvironmentProvider {

    private final Environment environment = new LambdaEnvironment();

    @Override
    public CompletableFuture<Environment> resolveEnvironment() {
        return CompletableFuture.completedFuture(environment);
    }
}
