package dev.subsentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.Chromium;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's HTML report as headless Chromium renders it: a real screenshot of the page, the DOM after the page's own
 * script ran (its Content-Security-Policy lets it run only when its hash is right), and the table sorted by a click.
 */
class ReportBrowserTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1800;
    private static final Pattern ROW = Pattern.compile("<tr data-order=\"(\\d+)\" data-verdict=\"([^\"]*)\">"
            + "<td data-sort=\"([^\"]*)\">.*?</td><td data-sort=\"([^\"]*)\">", Pattern.DOTALL);

    @TempDir
    Path dir;

    private Chromium chromium;
    private Path page;

    @BeforeEach
    void renderDemo(TestInfo test) {
        chromium = Chromium.require(dir, getClass().getName() + "#" + test.getDisplayName());
        page = dir.resolve("demo.html");
        CliRun result = CliRun.run(Map.of(), "report", "--demo", "--html", page.toString());
        assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.UNHEALTHY);
    }

    @Test
    void demoReport_screenshot_isAPngOfTheWindowWithThePagesColours() throws Exception {
        Path png = dir.resolve("report.png");

        chromium.screenshot(page, png, WIDTH, HEIGHT);

        try (InputStream in = Files.newInputStream(png)) {
            assertThat(in.readNBytes(8)).as("PNG signature")
                    .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < HEIGHT; y += 2) {
            for (int x = 0; x < WIDTH; x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours).as("a rendered page, not a blank one").hasSizeGreaterThan(100)
                .contains(0x101828, 0xF8F9FB)
                .as("the UNHEALTHY red and the HEALTHY green of the verdict badges").contains(0xB42318, 0x067647);
        assertThat(image.getRGB(5, 5) & 0xFFFFFF).as("the header band").isEqualTo(0x101828);
    }

    @Test
    void demoReport_dom_hasEveryInstanceVerdictAndTheBlockedHop() throws Exception {
        String dom = chromium.dumpDom(page);

        JsonNode demo = Json.mapper().readTree(CliRun.run(Map.of(), "demo", "--format", "json").out());
        assertThat(demo.get("instances")).hasSize(23);
        for (JsonNode instance : demo.get("instances")) {
            assertThat(dom).contains(">" + instance.get("instanceId").asText() + "<");
        }
        assertThat(dom).contains("<span class=\"verdict unhealthy\">UNHEALTHY</span>")
                .contains("<span class=\"verdict at-risk\">AT_RISK</span>")
                .contains("<span class=\"verdict unknown\">UNKNOWN</span>")
                .contains("<span class=\"verdict healthy\">HEALTHY (STOPPED)</span>");
        assertThat(dom).as("the page's script ran (its hash is in the Content-Security-Policy)")
                .contains("<button type=\"button\" title=\"Sort by Verdict\">Verdict</button>")
                .contains("<div id=\"filter\"><input type=\"search\"");
        Matcher activation = Pattern.compile("<section class=\"instance\" id=\"instance-i-0a00000000000a007\".*?"
                + "</section>", Pattern.DOTALL).matcher(dom);
        assertThat(activation.find()).isTrue();
        assertThat(activation.group()).contains("ACTIVATION_PATH")
                .containsPattern("<li class=\"hop blocks\" data-outcome=\"BLOCKS\" data-kind=\"NETWORK_ACL\">"
                        + "<span class=\"hop-box\"><span class=\"kind\">[^<]*</span> <span class=\"id\">"
                        + "acl-0a5e00000000000a2</span> <span class=\"outcome\">BLOCKS here</span>");
    }

    @Test
    void demoReport_clickOnAHeading_sortsTheTableByThatColumn() throws Exception {
        // The page's policy runs only its own script; the copy without it lets a second script click the headings.
        String html = Files.readString(page).replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*/>", "");
        Path byName = dir.resolve("by-name.html");
        Files.writeString(byName, html.replace("</body>", "<script>document.querySelector("
                + "'#instances th:nth-child(2) button').click();</script></body>"));
        Path byVerdictAscending = dir.resolve("by-verdict.html");
        Files.writeString(byVerdictAscending, html.replace("</body>", "<script>document.querySelector("
                + "'#instances th:nth-child(5) button').click();</script></body>"));

        List<String[]> worstFirst = rows(chromium.dumpDom(page));
        List<String[]> sortedByName = rows(chromium.dumpDom(byName));
        List<String[]> verdictAscending = rows(chromium.dumpDom(byVerdictAscending));

        assertThat(worstFirst).hasSize(23);
        assertThat(worstFirst.get(0)[1]).isEqualTo("UNHEALTHY");
        List<String> names = sortedByName.stream().map(r -> r[3]).toList();
        assertThat(names).hasSize(23).isSortedAccordingTo(String::compareTo);
        assertThat(names).isNotEqualTo(worstFirst.stream().map(r -> r[3]).toList());
        assertThat(verdictAscending.get(0)[1]).as("a click on the sorted Verdict column reverses it")
                .isIn("HEALTHY", "HEALTHY (STOPPED)");
        assertThat(verdictAscending.get(22)[1]).isEqualTo("UNHEALTHY");
    }

    /** The table's rows in document order: order, verdict, instance id, name. */
    private static List<String[]> rows(String dom) {
        List<String[]> rows = new ArrayList<>();
        Matcher row = ROW.matcher(dom);
        while (row.find()) {
            rows.add(new String[] {row.group(1), row.group(2), row.group(3), row.group(4)});
        }
        return rows;
    }
}
