package dev.subsentinel.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call attempt, retries included, of the clients it is installed on. {@link Clients} installs
 * one counter on every client it builds; a scan reads {@link #total()} before and after and reports the difference
 * as {@code ScanReport.awsApiCalls}. Thread-safe.
 */
public final class ApiCallCounter implements ExecutionInterceptor {

    private final LongAdder total = new LongAdder();
    private final ConcurrentMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    /** Called by the SDK before each attempt is sent, so a retried call counts once per attempt. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        total.increment();
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
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
