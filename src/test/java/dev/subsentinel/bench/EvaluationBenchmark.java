package dev.subsentinel.bench;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.Summary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation time and peak heap for generated fleets of 1,000 and 10,000 instances over 10 and 100 VPCs. Run with
 * {@code bin/bench} (which pins the JVM to one core). Each size is warmed up, then timed over several rounds; the
 * median is reported, with the heap high-water mark during the timed rounds.
 */
public final class EvaluationBenchmark {

    private record Row(int instances, int vpcs, double medianMs, double minMs, long peakHeapMb,
            long snapshotHeapMb, long retainedHeapMb, long allocatedMb, Summary summary) {
    }

    private EvaluationBenchmark() {
    }

    /** Prints a Markdown table of the results. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        Evaluator evaluator = new Evaluator(CheckRegistry.defaults(), EvaluationSettings.DEFAULTS);
        List<Row> rows = new ArrayList<>();
        int[][] sizes = {{1_000, 10}, {1_000, 100}, {10_000, 10}, {10_000, 100}};
        for (int[] size : sizes) {
            rows.add(measure(evaluator, size[0], size[1], rounds, now));
        }
        System.out.printf("processors available to the JVM: %d, java %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println();
        System.out.println("| instances | VPCs | median ms | min ms | snapshot heap MB | snapshot + reports heap MB"
                + " | allocated per evaluation MB | peak heap MB | verdicts (healthy/at risk/unhealthy/unknown) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Row row : rows) {
            Summary s = row.summary();
            System.out.printf("| %,d | %d | %.1f | %.1f | %d | %d | %d | %d | %d/%d/%d/%d |%n", row.instances(),
                    row.vpcs(), row.medianMs(), row.minMs(), row.snapshotHeapMb(), row.retainedHeapMb(),
                    row.allocatedMb(), row.peakHeapMb(), s.healthy(), s.atRisk(), s.unhealthy(), s.unknown());
        }
        for (int vpcs : new int[] {10, 100}) {
            Row small = rows.stream().filter(r -> r.instances() == 1_000 && r.vpcs() == vpcs).findFirst()
                    .orElseThrow();
            Row large = rows.stream().filter(r -> r.instances() == 10_000 && r.vpcs() == vpcs).findFirst()
                    .orElseThrow();
            System.out.printf("%d VPCs: 10x the instances took %.1fx the time (limit 12x)%n", vpcs,
                    large.medianMs() / small.medianMs());
        }
    }

    private static Row measure(Evaluator evaluator, int instances, int vpcs, int rounds, Instant now) {
        FleetSnapshot snapshot = FleetGenerator.generate(instances, vpcs, 42, now);
        long snapshotHeap = settledHeap();
        Summary summary = null;
        for (int i = 0; i < Math.max(5, rounds / 2); i++) {
            summary = Summary.of(evaluator.evaluate(snapshot, now).reports());
        }
        settledHeap();
        resetPeaks();
        long before = heapPeak();
        double[] times = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            summary = Summary.of(evaluator.evaluate(snapshot, now).reports());
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        long peak = Math.max(before, heapPeak());
        java.util.Arrays.sort(times);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        List<?> reports = evaluator.evaluate(snapshot, now).reports();
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long retained = settledHeap();
        if (reports.size() != instances) {
            throw new IllegalStateException("evaluated " + reports.size() + " of " + instances);
        }
        return new Row(instances, vpcs, times[rounds / 2], times[0], peak >> 20, snapshotHeap >> 20,
                retained >> 20, allocated >> 20, summary);
    }

    private static long settledHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The heap pools' high-water mark since the JVM started or their last reset. */
    static long heapPeak() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }
}
