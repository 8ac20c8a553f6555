package dev.subsentinel.report;

import dev.subsentinel.core.Evaluator;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.FleetSnapshot;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.demo.DemoFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet of any size for the report page: the demo's 23 evaluated instances (every failure kind, with their evidence,
 * paths and fixes) repeated under new ids and names. Run as a program it writes the page, to time a browser on it:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.subsentinel.report.LargeFleet 1000
 * target/fleet-1000.html}.
 *
 * @param report the report
 * @param names  the instances' names
 */
record LargeFleet(ScanReport report, Map<String, String> names) {

    static final Instant AT = Instant.parse("2026-12-06T07:00:00Z");

    static LargeFleet of(int size) {
        FleetSnapshot demo = DemoFleet.snapshot(AT);
        Evaluator.Evaluation evaluation = new Evaluator(CheckRegistry.defaults(), DemoFleet.SETTINGS)
                .evaluate(demo, AT);
        List<InstanceReport> template = evaluation.reports();
        Map<String, String> demoNames = new HashMap<>();
        for (Ec2Instance instance : demo.instances()) {
            demoNames.put(instance.instanceId(), instance.name());
        }
        List<InstanceReport> instances = new ArrayList<>(size);
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < size; i++) {
            InstanceReport model = template.get(i % template.size());
            String id = String.format("i-%017x", 0x1000000L + i);
            instances.add(new InstanceReport(id, model.accountId(), model.region(), model.state(), model.products(),
                    model.verdict(), model.unhealthySince(), model.checks()));
            names.put(id, demoNames.getOrDefault(model.instanceId(), "unnamed") + "-" + i);
        }
        return new LargeFleet(ScanReport.of("large-" + size, demo.accountId(), demo.region(), AT, 0, 0,
                evaluation.partial(demo), evaluation.missingFacts(demo), instances), names);
    }

    /** Writes the page of a fleet of {@code args[0]} instances to {@code args[1]}, and says its size. */
    public static void main(String[] args) throws IOException {
        int size = Integer.parseInt(args[0]);
        LargeFleet fleet = of(size);
        long t0 = System.nanoTime();
        String page = new HtmlReport(fleet.names()).render(fleet.report());
        long renderMs = (System.nanoTime() - t0) / 1_000_000;
        Files.writeString(Path.of(args[1]), page, StandardCharsets.UTF_8);
        System.out.printf("%s: %d instances, %,d bytes, rendered in %d ms%n", args[1], size,
                page.getBytes(StandardCharsets.UTF_8).length, renderMs);
    }
}
