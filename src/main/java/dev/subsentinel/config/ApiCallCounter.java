package dev.subsentinel.config;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call attempt, retries included, of the clients it is installed on. {@link Clients} installs
 * one counter on every client it builds; a scan reads {@link #total()} before and after and reports the difference
 * as {@code ScanReport.awsApiCalls}. It also remembers which action each failed call was, so that an error that
 * reaches the caller can name it ({@link #failedAction(Throwable)}), and tells listeners of every attempt (the CLI's
 * progress line). Thread-safe.
 */
public final class ApiCallCounter implements ExecutionInterceptor {

    private final LongAdder total = new LongAdder();
    private final ConcurrentMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final Map<Throwable, String> failures = Collections.synchronizedMap(new WeakHashMap<>());
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** IAM service prefixes of the SDK's service names, where they differ from the lower-cased name. */
    private static final Map<String, String> IAM_PREFIXES = Map.of(
            "LicenseManagerUserSubscriptions", "license-manager-user-subscriptions",
            "Directory", "ds",
            "DynamoDb", "dynamodb",
            "Route53Resolver", "route53resolver");

    /** Called by the SDK before each attempt is sent, so a retried call counts once per attempt. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        total.increment();
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (!listeners.isEmpty()) {
            String action = action(attributes);
            listeners.forEach(listener -> listener.accept(action));
        }
    }

    /** Called by the SDK when a call fails for good (after its retries): remembers its action. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        failures.put(context.exception(), action(attributes));
    }

    /**
     * The IAM action (e.g. {@code license-manager-user-subscriptions:ListIdentityProviders}) of the call that threw
     * {@code error} or one of its causes, or null when no call through these clients did.
     */
    public String failedAction(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String action = failures.get(cause);
            if (action != null) {
                return action;
            }
        }
        return null;
    }

    /** Tells {@code listener} the IAM action of every attempt, on the calling thread (keep it quick). */
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    private static String action(ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String prefix = IAM_PREFIXES.getOrDefault(service, service == null ? "aws" : service.toLowerCase(Locale.ROOT));
        return prefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /** Attempts so far. */
    public long total() {
        return total.sum();
    }

    /** Attempts so far by {@code Service:Operation} (e.g. {@code Ec2:DescribeVpcs}), sorted by name. */
    public Map<String, Long> byOperation() {
        Map<String, Long> counts = new TreeMap<>();
        byOperation.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }
}
