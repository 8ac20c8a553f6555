package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.report.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code report --html FILE}: from the demo and from a snapshot (its usage errors: {@code CliContractTest}). */
class ReportCommandTest {

    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    @TempDir
    Path dir;

    /** Every instance's verdict by id, as the page's table gives it. */
    private static Map<String, String> verdicts(Page page) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (Element row : page.all("//table[@id='instances']/tbody/tr")) {
            verdicts.put(row.getElementsByTagName("td").item(0).getTextContent(), row.getAttribute("data-verdict"));
        }
        return verdicts;
    }

    /** Every instance's verdict by id, as the JSON report gives it, in the table's words. */
    private static Map<String, String> verdicts(String json) throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode instance : Json.mapper().readTree(json).get("instances")) {
            String state = instance.path("state").asText();
            String verdict = instance.get("verdict").asText();
            verdicts.put(instance.get("instanceId").asText(), state.equals("terminated") ? "TERMINATED"
                    : state.equals("stopped") ? verdict + " (STOPPED)" : verdict);
        }
        return verdicts;
    }

    private static Page page(Path file) throws IOException {
        return Page.parse(Files.readString(file));
    }

    @Test
    void report_demo_writesThePageWithEveryInstanceAndExitsAsDemo() throws IOException {
        Path file = dir.resolve("demo.html");

        CliRun result = CliRun.run(Map.of(), "report", "--demo", "--html", file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().matches("wrote " + file.toString()
                .replace(".", "\\.") + " \\([0-9,]+ bytes\\): 23 instances: 4 healthy \\(1 stopped\\), 3 at risk, 15"
                + " unhealthy, 1 unknown; PARTIAL: some facts could not be read");
        Page page = page(file);
        CliRun json = CliRun.run(Map.of(), "demo", "--format", "json");
        assertThat(verdicts(page)).hasSize(23).isEqualTo(verdicts(json.out()));
        assertThat(page.text("//tr[td[1]='i-0a00000000000a007']/td[2]")).isEqualTo("office-acl-1688");
        assertThat(page.one("//li[@class='unhealthy']").getAttribute("data-count")).isEqualTo("15");
        assertThat(page.text("//section[@id='unknown-facts']//tbody/tr/td[1]")).isEqualTo("PREFIX_LISTS");
        assertThat(page.text("//section[@id='instance-i-0a00000000000a007']/article[@data-check='ACTIVATION_PATH']"
                + "/h4")).isEqualTo("FAIL ACTIVATION_PATH CRITICAL licence activation blocked on tcp/1688");
        assertThat(page.text("//section[@id='instance-i-0a00000000000a007']/article[@data-check='ACTIVATION_PATH']"
                + "/ul[@class='evidence']"))
                .contains("acl-0a5e00000000000a2 (subnet-0a20000000000a002) inbound rule *");
    }

    @Test
    void report_oneHealthyInstance_exitsWithZero() throws IOException {
        Path file = dir.resolve("one.html");

        CliRun result = CliRun.run(Map.of(), "report", "--demo", "--instance-id", "i-0a00000000000a001", "--html",
                file.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.OK);
        assertThat(verdicts(page(file))).containsExactly(Map.entry("i-0a00000000000a001", "HEALTHY"));
    }

    @Test
    void report_snapshotWrittenByDemo_givesTheDemosPage() throws IOException {
        Path snapshot = dir.resolve("demo.json");
        Path fromDemo = dir.resolve("demo.html");
        Path fromSnapshot = dir.resolve("snapshot.html");
        CliRun.run(Map.of(), "demo", "--write-snapshot", snapshot.toString(), "--format", "json");
        CliRun.run(Map.of(), "report", "--demo", "--html", fromDemo.toString());

        CliRun result = CliRun.run(Map.of(), "report", "--snapshot", snapshot.toString(), "--html",
                fromSnapshot.toString());

        assertThat(result.code()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(result.err()).startsWith("wrote " + fromSnapshot + " (");
        String demoPage = Files.readString(fromDemo);
        String snapshotPage = Files.readString(fromSnapshot);
        assertThat(body(snapshotPage)).as("the same page but for the scan line").isEqualTo(body(demoPage));
        assertThat(page(fromSnapshot).text("//header/p")).startsWith("Account 111122223333, us-east-1, scan evaluate"
                + " demo.json at ");
    }

    /** The page from the summary on (the header names the scan and its time). */
    private static String body(String page) {
        return page.substring(page.indexOf("<main>"), page.indexOf("<footer>"));
    }

    @Test
    void report_snapshotWithHostileNameAndStatusMessage_showsThemAsText() throws IOException {
        Path snapshot = dir.resolve("hostile.json");
        CliRun.run(Map.of(), "demo", "--write-snapshot", snapshot.toString(), "--format", "json");
        ObjectNode fleet = (ObjectNode) Json.mapper().readTree(snapshot.toFile());
        for (JsonNode instance : fleet.get("instances")) {
            if (instance.get("instanceId").asText().equals("i-0a00000000000a002")) {
                ((ObjectNode) instance.get("tags")).put("Name", HOSTILE);
            }
        }
        for (JsonNode lmus : fleet.get("lmusInstances")) {
            if (lmus.get("instanceId").asText().equals("i-0a00000000000a002")) {
                ((ObjectNode) lmus).put("statusMessage", "failed: " + HOSTILE);
            }
        }
        Files.writeString(snapshot, Json.mapper().writeValueAsString(fleet));
        Path file = dir.resolve("hostile.html");

        CliRun result = CliRun.run(Map.of(), "report", "--snapshot", snapshot.toString(), "--html", file.toString());

        assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.UNHEALTHY);
        String html = Files.readString(file);
        Page page = Page.parse(html);
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img");
        assertThat(page.all("//script")).hasSize(1);
        assertThat(page.all("//*[@*[starts-with(name(), 'on')]]")).isEmpty();
        assertThat(page.text("//tr[td[1]='i-0a00000000000a002']/td[2]")).isEqualTo(HOSTILE);
        assertThat(page.text("//section[@id='instance-i-0a00000000000a002']/article[@data-check='LMUS_STATUS']"
                + "/ul[@class='evidence']")).contains("LM-US status message: failed: " + HOSTILE);
    }

    @Test
    void report_missingSnapshot_exitsWithTwoAndWritesNoPage() {
        Path missing = dir.resolve("nope.json");

        CliRun result = CliRun.run(Map.of(), "report", "--snapshot", missing.toString(), "--html",
                dir.resolve("x.html").toString());

        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: --snapshot ").contains(missing.toString());
        assertThat(dir.resolve("x.html")).doesNotExist();
    }
}
