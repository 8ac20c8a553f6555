package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.report.Page;
import dev.subsentinel.testing.Emulator;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code report --scan} against the emulator seeded with the demo fleet: the page has the demo's verdicts, and the
 * run tracked nothing and sent nothing (the scan after it still finds every failure NEW and publishes it).
 */
@ExtendWith(MotoExtension.class)
class ReportScanTest {

    @TempDir
    Path dir;

    /** Verdicts by instance name (the emulator's instance ids are moto's). */
    private static Map<String, String> verdictsByName(Path file) throws IOException {
        Map<String, String> verdicts = new TreeMap<>();
        for (Element row : Page.parse(Files.readString(file)).all("//table[@id='instances']/tbody/tr")) {
            verdicts.put(row.getElementsByTagName("td").item(1).getTextContent(), row.getAttribute("data-verdict"));
        }
        return verdicts;
    }

    @Test
    void reportScan_demoFleetOnTheEmulator_demosVerdictsAndNothingTrackedOrSent(MotoServer moto) throws IOException {
        try (Emulator emulator = Emulator.start(moto, 0, Emulator.demo(Clock.systemUTC().instant()
                .truncatedTo(ChronoUnit.SECONDS)))) {
            Path scanned = dir.resolve("scan.html");
            Path demo = dir.resolve("demo.html");

            CliRun report = CliRun.run(emulator.environment(), "report", "--scan", "--html", scanned.toString());
            CliRun.run(Map.of(), "report", "--demo", "--html", demo.toString());

            assertThat(report.code()).as(report.err()).isEqualTo(ExitCodes.UNHEALTHY);
            assertThat(report.errLines()).singleElement().asString().startsWith("wrote " + scanned + " (")
                    .contains("): 23 instances: 4 healthy (1 stopped), 3 at risk, 15 unhealthy, 1 unknown");
            assertThat(verdictsByName(scanned)).hasSize(23).isEqualTo(verdictsByName(demo));
            assertThat(Page.parse(Files.readString(scanned)).text("//header/p")).containsPattern(
                    "scan [^ ]+ at .* \\(\\d+ ms, [1-9]\\d* AWS API calls\\)");
            CliRun scan = CliRun.run(emulator.environment(), "scan");
            assertThat(scan.errLines()).singleElement().asString()
                    .as("the report tracked nothing: every failure is still NEW to the scan after it")
                    .contains("23 instances evaluated, 18 transitions (18 NEW) in table")
                    .contains("alerts: 18 published, 0 failed");
        }
    }
}
