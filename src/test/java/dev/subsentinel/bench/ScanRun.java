package dev.subsentinel.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import dev.subsentinel.app.ChangeOutcome;
import dev.subsentinel.app.ChangeService;
import dev.subsentinel.app.ScanOutcome;
import dev.subsentinel.app.ScanRequest;
import dev.subsentinel.app.ScanService;
import dev.subsentinel.app.Sleeper;
import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.change.LmusIdentityProviderSource;
import dev.subsentinel.collect.Deadline;
import dev.subsentinel.collect.FleetCollector;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.collect.Scope;
import dev.subsentinel.collect.SnapshotSource;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.event.EventParser;
import dev.subsentinel.event.Trigger;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.track.InMemoryStateStore;
import dev.subsentinel.track.Tracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One measured run of the scan benchmark, in a JVM of its own (started by {@link ScanBenchmark} with the Lambda
 * runtime's JVM options): the production engine ({@link FleetCollector}, the evaluator, the tracker, alert rendering)
 * against the {@link FleetFront} at the given endpoint, the clock fixed at the fleet's capture time. Tracking is kept
 * in memory ({@link InMemoryStateStore}) and alerts are rendered as for SNS and accepted, so the DynamoDB and SNS calls
 * of a deployed function are not part of the run (they are a few calls per 100 instances, docs/performance.md).
 *
 * <p>{@code ScanRun scan <endpoint>}: a full scan (the scheduled scan's request). {@code ScanRun change <endpoint>}:
 * one CloudTrail {@code AuthorizeSecurityGroupIngress} on {@link BenchFleets#EVENT_GROUP}, through the change service
 * (waits for eventual consistency skipped: the event is an hour old). Prints one line {@code RESULT <json>}: wall time,
 * the report's summary and partiality, API calls counted by the SDK interceptor, peak heap (the heap pools' high-water
 * mark), the most heap still used after a collection, peak RSS ({@code VmHWM}), GC time.
 */
public final class ScanRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanRun() {
    }

    /** {@code ScanRun scan|change <endpoint>}. */
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        LiveHeap live = LiveHeap.watch();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", args[1]);
        env.remove("SENTINEL_STATE_TABLE");
        env.remove("SENTINEL_TOPIC_ARN");
        AppConfig config = AppConfig.fromEnvironment(env);
        Clock clock = Clock.fixed(BenchFleets.NOW, ZoneOffset.UTC);
        ObjectNode result = JSON.createObjectNode().put("mode", mode);
        long t0 = System.nanoTime();
        try (Clients clients = Clients.create(config)) {
            FleetCollector collector = new FleetCollector(clients, FleetCollector.Settings.of(config), clock);
            Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), config.evaluation());
            Tracker tracker = new Tracker(new InMemoryStateStore(), new Tracker.Settings(Duration.ofHours(6),
                    Tracker.Settings.DEFAULT_CLAIM_LEASE, Tracker.Settings.DEFAULT_RETENTION, true));
            AcceptingSink sink = new AcceptingSink();
            AtomicLong scans = new AtomicLong();
            AtomicLong collectNanos = new AtomicLong();
            SnapshotSource timed = new SnapshotSource() {
                @Override
                public FleetSnapshot collect(Scope scope) {
                    return collect(scope, Prefetched.NONE, Deadline.NONE);
                }

                @Override
                public FleetSnapshot collect(Scope scope, Prefetched prefetched, Deadline deadline) {
                    long start = System.nanoTime();
                    try {
                        return collector.collect(scope, prefetched, deadline);
                    } finally {
                        collectNanos.addAndGet(System.nanoTime() - start);
                    }
                }
            };
            ScanService service = new ScanService(timed, evaluator, new ScanService.Outputs(tracker, sink, sink,
                    null), clients.apiCalls(), collector::accountId, clients.region().id(), clock,
                    () -> "bench-" + scans.incrementAndGet());
            ScanReport report;
            if ("change".equals(mode)) {
                ChangeService changes = new ChangeService(service, ChangeImpactMapper.of(config, clients.ec2(),
                        new LmusIdentityProviderSource(clients.licenseManagerUserSubscriptions(),
                                clients.directory())), clients.apiCalls(), ChangeService.Settings.defaults(), clock,
                        Sleeper.system());
                ChangeOutcome outcome = changes.handle(event(), Deadline.NONE);
                if (!(outcome instanceof ChangeOutcome.Reevaluated reevaluated)) {
                    throw new IllegalStateException("the event re-evaluated nothing: " + outcome);
                }
                report = reevaluated.outcome().report();
                result.put("impact", reevaluated.impact().explanation());
            } else {
                ScanOutcome outcome = service.scan(ScanRequest.fleet("bench", false));
                report = outcome.report();
                if (System.getenv("BENCH_HISTOGRAM") != null) {
                    histogram();
                    System.err.println("held " + outcome.report().instances().size() + tracker);
                }
            }
            long wallMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            result.put("wallMs", wallMs);
            result.put("partial", report.partial());
            result.set("summary", JSON.valueToTree(report.summary()));
            result.put("unknownFacts", report.unknownFacts().size());
            result.put("sdkCalls", clients.apiCalls().total());
            result.put("collectMs", Duration.ofNanos(collectNanos.get()).toMillis());
            result.put("pacedRequests", clients.pacer().waits());
            result.put("pacedWaitMs", clients.pacer().waitedMillis());
            result.put("alertsRendered", sink.alerts);
        }
        result.put("peakHeapMb", EvaluationBenchmark.heapPeak() >> 20);
        result.put("peakLiveHeapMb", live.peak() >> 20);
        result.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        result.put("gcMs", gcMillis());
        result.put("peakRssMb", vmHwmKb() >> 10);
        System.out.println("RESULT " + JSON.writeValueAsString(result));
    }

    /** Waits, holding the run's results, so that the heap can be inspected from outside (jcmd GC.class_histogram). */
    private static void histogram() {
        System.err.println("PID " + ProcessHandle.current().pid() + ": inspect now");
        try {
            Thread.sleep(Duration.ofSeconds(Long.parseLong(System.getenv("BENCH_HISTOGRAM"))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Trigger event() {
        String json = """
                {"version": "0", "id": "bench-event", "detail-type": "AWS API Call via CloudTrail",
                 "source": "aws.ec2", "account": "111122223333", "time": "%s", "region": "us-east-1",
                 "resources": [], "detail": {"eventVersion": "1.10", "eventTime": "%s",
                 "eventSource": "ec2.amazonaws.com", "eventName": "AuthorizeSecurityGroupIngress",
                 "awsRegion": "us-east-1", "requestParameters": {"groupId": "%s"},
                 "eventType": "AwsApiCall", "recipientAccountId": "111122223333"}}
                """.formatted(BenchFleets.NOW.minus(Duration.ofHours(1)), BenchFleets.NOW.minus(Duration.ofHours(1)),
                BenchFleets.EVENT_GROUP);
        return EventParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renders the alerts into messages as the SNS publisher does (digests above 10) and accepts them all. */
    static final class AcceptingSink implements AlertSink {
        private long alerts;

        @Override
        public List<Delivery> send(List<Alert> sent) {
            AlertRenderer.messages(sent, AppConfig.fromEnvironment(Map.of()).digestThreshold());
            List<Delivery> deliveries = new ArrayList<>(sent.size());
            for (Alert alert : sent) {
                alerts++;
                deliveries.add(Delivery.accepted(alert.alertId(), "bench-" + alert.alertId()));
            }
            return deliveries;
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** The process's peak resident set ({@code VmHWM} of /proc/self/status), 0 where there is none. */
    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The most heap in use right after a garbage collection: what the run really kept alive at its peak. */
    static final class LiveHeap {
        private final AtomicLong peak = new AtomicLong();

        static LiveHeap watch() {
            LiveHeap live = new LiveHeap();
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                                .from((CompositeData) notification.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(e -> heapPools.contains(e.getKey()))
                                .mapToLong(e -> e.getValue().getUsed()).sum();
                        live.peak.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
            return live;
        }

        long peak() {
            return peak.get();
        }
    }
}
