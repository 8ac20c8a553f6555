package dev.subsentinel.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import dev.subsentinel.core.report.FixPlan;
import dev.subsentinel.core.report.InstanceReport;
import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.PathHop;
import dev.subsentinel.core.report.PathHop.Kind;
import dev.subsentinel.core.report.PathHop.Outcome;
import dev.subsentinel.core.report.PathTrace;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.core.report.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class HtmlReportTest {

    private static final Instant AT = Instant.parse("2026-12-06T07:00:00Z");
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

    /** The page of 1,000 demo-like instances stays below this (measured: see README, HTML report). */
    private static final int MAX_BYTES_PER_1000 = 6_000_000;

    private static final String UNHEALTHY = "i-0a00000000000a007";
    private static final String AT_RISK = "i-0a00000000000a00b";
    private static final String UNKNOWN = "i-0a00000000000a00a";
    private static final String HEALTHY = "i-0a00000000000a001";
    private static final String STOPPED = "i-0a00000000000a009";
    private static final String GONE = "i-0a00000000000a010";

    private static CheckResult pass(CheckId id) {
        return new CheckResult(id, Status.PASS, Severity.CRITICAL, "fine", List.of(), null);
    }

    private static PathTrace blocked() {
        return new PathTrace("tcp/1688", "eni-0a7 (10.0.2.17)", "vpce-0a5 (10.0.3.20)", Outcome.BLOCKS, List.of(
                new PathHop(Kind.INTERFACE, "eni-0a7", Outcome.PASSES, "10.0.2.17 in subnet-0a2"),
                new PathHop(Kind.SECURITY_GROUP, "sg-0a1", Outcome.PASSES, "egress allows tcp/1688 to 10.0.3.0/24"),
                new PathHop(Kind.NETWORK_ACL, "acl-0a2", Outcome.BLOCKS, "inbound rule * denies replies"),
                new PathHop(Kind.ROUTE_TABLE, "rtb-0a3", Outcome.PASSES, "local route"),
                new PathHop(Kind.TARGET, "vpce-0a5", Outcome.UNVERIFIED, "endpoint interface")));
    }

    private static PathTrace passing() {
        return new PathTrace("tcp/1688", "eni-0a7 (10.0.2.17)", "vpce-0a6 (10.0.4.20)", Outcome.PASSES, List.of(
                new PathHop(Kind.INTERFACE, "eni-0a7", Outcome.PASSES, ""),
                new PathHop(Kind.TARGET, "vpce-0a6", Outcome.PASSES, "")));
    }

    private static CheckResult activationBlocked() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("NetworkAclId", "acl-0a2");
        parameters.put("RuleNumber", 90);
        FixAction action = new FixAction("ec2:CreateNetworkAclEntry", parameters,
                "aws ec2 create-network-acl-entry --network-acl-id acl-0a2 --ingress --rule-number 90 --protocol 6"
                        + " --rule-action allow --cidr-block 10.0.3.20/32 --port-range From=49152,To=65535",
                "admits the replies from the endpoint only");
        return new CheckResult(CheckId.ACTIVATION_PATH, Status.FAIL, Severity.CRITICAL,
                "licence activation blocked on tcp/1688", List.of("acl-0a2 inbound rule * denies replies"),
                "allow tcp/1688 to the activation endpoints", List.of(blocked(), passing()),
                new FixPlan(List.of(action), List.of("rerun the scan after the change")));
    }

    private static InstanceReport instance(String id, String state, Verdict verdict, CheckResult... checks) {
        return new InstanceReport(id, "111122223333", "us-east-1", state, List.of("OFFICE_PROFESSIONAL_PLUS"),
                verdict, verdict.failing() ? AT.minusSeconds(3600) : null, List.of(checks));
    }

    private static ScanReport fleet() {
        List<InstanceReport> instances = List.of(
                instance(HEALTHY, "running", Verdict.HEALTHY, pass(CheckId.SSM_PING)),
                instance(GONE, "terminated", Verdict.UNKNOWN, pass(CheckId.SSM_PING)),
                instance(AT_RISK, "running", Verdict.AT_RISK, new CheckResult(CheckId.SSM_AGENT_VERSION, Status.FAIL,
                        Severity.LOW, "agent 3.2.0.0 older than 3.3.40.0", List.of("agent 3.2.0.0"), "update")),
                instance(UNHEALTHY, "running", Verdict.UNHEALTHY, pass(CheckId.SSM_PING), activationBlocked()),
                instance(STOPPED, "stopped", Verdict.HEALTHY, pass(CheckId.SSM_PING)),
                instance(UNKNOWN, "running", Verdict.UNKNOWN, new CheckResult(CheckId.SSM_NETWORK_PATH,
                        Status.UNKNOWN, Severity.CRITICAL, "prefix list unknown", List.of("pl-0a1 not read"), null)));
        List<MissingFact> missing = List.of(new MissingFact(FactKind.PREFIX_LISTS, List.of("pl-0a1"),
                "ec2:GetManagedPrefixListEntries", "AccessDenied", "AccessDenied: not allowed", 1));
        return ScanReport.of("scan-1", "111122223333", "us-east-1", AT, 812, 41, true, missing, instances);
    }

    private static Page render(ScanReport report, Map<String, String> names) {
        return Page.parse(new HtmlReport(names).render(report));
    }

    @Test
    void render_fleet_summaryCountsEveryVerdictAndState() {
        Page page = render(fleet(), Map.of());

        assertThat(page.one("//ul[@class='cards']/li[@class='evaluated']").getAttribute("data-count")).isEqualTo("6");
        assertThat(page.one("//li[@class='unhealthy']").getAttribute("data-count")).isEqualTo("1");
        assertThat(page.one("//li[@class='at-risk']").getAttribute("data-count")).isEqualTo("1");
        assertThat(page.one("//li[@class='unknown']").getAttribute("data-count")).isEqualTo("1");
        assertThat(page.one("//li[@class='healthy']").getAttribute("data-count")).isEqualTo("2");
        assertThat(page.one("//li[@class='stopped']").getAttribute("data-count")).isEqualTo("1");
        assertThat(page.one("//li[@class='terminated']").getAttribute("data-count")).isEqualTo("1");
        assertThat(page.text("//p[@id='partial']")).startsWith("Partial report.");
        assertThat(page.text("//title")).contains("6 instances: 1 unhealthy, 1 at risk, 1 unknown, 2 healthy,"
                + " 1 terminated");
    }

    @Test
    void render_unknownFacts_listsFactResourcesActionErrorAndInstances() {
        Page page = render(fleet(), Map.of());

        List<Element> cells = page.all("//section[@id='unknown-facts']//tbody/tr/td");
        assertThat(cells).extracting(Element::getTextContent).containsExactly("PREFIX_LISTS", "pl-0a1",
                "ec2:GetManagedPrefixListEntries", "AccessDenied", "1", "AccessDenied: not allowed");
    }

    @Test
    void resources_manyOrAll_namesTheFirstAndCountsTheRest() {
        List<String> many = IntStream.range(0, 25).mapToObj(i -> "pl-" + i).toList();

        assertThat(HtmlReport.resources(List.of("*"))).isEqualTo("(all)");
        assertThat(HtmlReport.resources(List.of("pl-1", "pl-2"))).isEqualTo("pl-1, pl-2");
        assertThat(HtmlReport.resources(many)).startsWith("pl-0, pl-1, ").endsWith("pl-19 and 5 more");
    }

    @Test
    void render_partialScopeWithoutUnknownFacts_saysInstancesMayBeMissing() {
        ScanReport report = ScanReport.of("scan-5", "111122223333", "us-east-1", AT, 1, 0, true, List.of(),
                List.of(instance(HEALTHY, "running", Verdict.HEALTHY, pass(CheckId.SSM_PING))));

        assertThat(render(report, Map.of()).text("//p[@id='partial']")).isEqualTo("Partial report. The scope could"
                + " be listed only in part: instances may be missing from this report. Blind is not healthy.");
    }

    @Test
    void render_completeReport_hasNoPartialBannerNorUnknownFacts() {
        ScanReport complete = ScanReport.of("scan-2", "111122223333", "us-east-1", AT, 1, 0, false, List.of(),
                List.of(instance(HEALTHY, "running", Verdict.HEALTHY, pass(CheckId.SSM_PING))));

        Page page = render(complete, Map.of());

        assertThat(page.all("//p[@id='partial']")).isEmpty();
        assertThat(page.all("//section[@id='unknown-facts']")).isEmpty();
        assertThat(page.all("//section[@id='details']")).as("a healthy fleet has no failing checks to detail")
                .isEmpty();
        assertThat(page.all("//table[@id='instances']/tbody/tr")).hasSize(1);
        assertThat(page.all("//table[@id='instances']/thead/tr/th")).as("no failing-since column: nothing tracked")
                .extracting(Element::getTextContent).containsExactly("Instance", "Name", "Products", "State",
                        "Verdict", "Checks behind the verdict");
    }

    @Test
    void render_instances_worstFirstWithVerdictRanksAsSortKeys() {
        Page page = render(fleet(), Map.of(UNHEALTHY, "office-acl-1688"));

        List<Element> rows = page.all("//table[@id='instances']/tbody/tr");
        assertThat(rows).extracting(r -> r.getAttribute("data-verdict")).containsExactly("UNHEALTHY", "AT_RISK",
                "UNKNOWN", "HEALTHY", "HEALTHY (STOPPED)", "TERMINATED");
        assertThat(page.all("//table[@id='instances']/tbody/tr/td[5]")).extracting(c -> c.getAttribute("data-sort"))
                .containsExactly("3", "2", "1", "0", "0", "-1");
        assertThat(rows).extracting(r -> r.getAttribute("data-order")).containsExactly("0", "1", "2", "3", "4",
                "5");
        assertThat(page.one("//div[@id='filter']").hasAttribute("hidden")).as("without JavaScript: no dead filter box")
                .isTrue();
        assertThat(page.all("//button")).as("without JavaScript: no dead buttons (the script adds them)").isEmpty();
        Element verdictHeading = page.one("//table[@id='instances']/thead/tr/th[5]");
        assertThat(verdictHeading.getTextContent()).isEqualTo("Verdict");
        assertThat(verdictHeading.getAttribute("data-type")).isEqualTo("number");
        assertThat(verdictHeading.getAttribute("aria-sort")).isEqualTo("descending");
        assertThat(page.all("//table[@id='instances']/thead/tr/th")).allSatisfy(th ->
                assertThat(th.getAttribute("data-type")).isIn("number", "text"));
        assertThat(page.all("//table[@id='instances']/tbody/tr")).allSatisfy(row ->
                assertThat(page.all("//tr[@data-order='" + row.getAttribute("data-order") + "']/td[@data-sort]"))
                        .as("every cell has a sort key").hasSize(7));
        assertThat(page.text("//tr[@data-order='0']/td[2]")).isEqualTo("office-acl-1688");
        assertThat(page.text("//tr[@data-order='0']/td[7]")).isEqualTo("2026-12-06T06:00:00Z");
        assertThat(page.text("//tr[@data-order='3']/td[7]")).isEqualTo("-");
        assertThat(page.text("//tr[@data-order='0']/td[6]")).isEqualTo("ACTIVATION_PATH");
        assertThat(page.one("//tr[@data-order='0']/td[6]/a").getAttribute("href"))
                .isEqualTo("#instance-" + UNHEALTHY + "-ACTIVATION_PATH");
        assertThat(page.one("//tr[@data-order='0']/td[1]/a").getAttribute("href"))
                .isEqualTo("#instance-" + UNHEALTHY);
        assertThat(page.all("//tr[@data-order='3']/td[1]/a")).as("a healthy instance has no details to link")
                .isEmpty();
    }

    @Test
    void render_failingCheck_drawsThePathWithTheBlockingHopMarked() {
        Page page = render(fleet(), Map.of());

        Element check = page.one("//section[@id='instance-" + UNHEALTHY + "']/article[@data-check='ACTIVATION_PATH']");
        assertThat(check.getAttribute("data-status")).isEqualTo("FAIL");
        assertThat(check.getAttribute("class")).isEqualTo("check fail");
        String path = "//section[@id='instance-" + UNHEALTHY + "']//figure[@data-outcome='BLOCKS']";
        assertThat(page.all(path + "/ol/li")).extracting(li -> li.getAttribute("data-kind")).containsExactly(
                "INTERFACE", "SECURITY_GROUP", "NETWORK_ACL", "ROUTE_TABLE", "TARGET");
        Element blocking = page.one(path + "/ol/li[@data-outcome='BLOCKS']");
        assertThat(blocking.getAttribute("class")).isEqualTo("hop blocks");
        assertThat(blocking.getTextContent()).isEqualTo("Network ACL acl-0a2 BLOCKS here inbound rule * denies"
                + " replies");
        assertThat(page.one(path + "/ol/li[@data-kind='TARGET']").getAttribute("class")).isEqualTo("hop unverified");
        assertThat(page.text(path + "/figcaption")).isEqualTo("tcp/1688 from eni-0a7 (10.0.2.17) to vpce-0a5"
                + " (10.0.3.20): BLOCKS");
        assertThat(page.text("//section[@id='instance-" + UNHEALTHY + "']//details[@class='passing']/summary"))
                .isEqualTo("1 path passes");
        assertThat(page.text("//details[@class='passing']/ul/li")).isEqualTo("tcp/1688 from eni-0a7 (10.0.2.17) to"
                + " vpce-0a6 (10.0.4.20): eni-0a7 \u2192 vpce-0a6");
    }

    @Test
    void render_tracesThroughTheSameHops_drawnOnceNamingEveryFlowAndTarget() {
        List<PathHop> otherHops = new ArrayList<>(blocked().hops());
        otherHops.set(otherHops.size() - 1, new PathHop(Kind.TARGET, "10.0.4.11 (controller)", Outcome.UNVERIFIED,
                "not reached"));
        PathTrace other = new PathTrace("udp/53", "eni-0a7 (10.0.2.17)", "10.0.4.11 (controller)", Outcome.BLOCKS,
                otherHops);
        PathTrace elsewhere = new PathTrace("tcp/1688", "eni-0a7 (10.0.2.17)", "vpce-0a5 (10.0.3.20)",
                Outcome.BLOCKS, List.of(new PathHop(Kind.INTERFACE, "eni-0a7", Outcome.PASSES, ""),
                        new PathHop(Kind.SECURITY_GROUP, "sg-0a9", Outcome.BLOCKS, "egress: no rule", "egress", null,
                                "10.0.3.20")));
        CheckResult check = new CheckResult(CheckId.DIRECTORY_PATH, Status.FAIL, Severity.HIGH, "blocked",
                List.of(), null, List.of(blocked(), other, elsewhere, passing()), null);
        ScanReport report = ScanReport.of("scan-3", "111122223333", "us-east-1", AT, 1, 0, false, List.of(),
                List.of(instance(UNHEALTHY, "running", Verdict.UNHEALTHY, check)));

        Page page = render(report, Map.of());

        List<Element> drawn = page.all("//article[@data-check='DIRECTORY_PATH']/figure");
        assertThat(drawn).extracting(f -> f.getAttribute("data-paths")).containsExactly("2", "1");
        assertThat(page.text("//article[@data-check='DIRECTORY_PATH']/figure[1]/figcaption")).isEqualTo(
                "tcp/1688, udp/53 from eni-0a7 (10.0.2.17) to vpce-0a5 (10.0.3.20); 10.0.4.11 (controller): BLOCKS"
                        + " (2 paths through the same hops; the details are those of tcp/1688 to vpce-0a5"
                        + " (10.0.3.20))");
        assertThat(page.all("//article[@data-check='DIRECTORY_PATH']/figure[1]/ol/li")).hasSize(5);
        assertThat(page.text("//article[@data-check='DIRECTORY_PATH']/figure[2]//li[@data-outcome='BLOCKS']"
                + "/span/span[@class='kind']")).isEqualTo("Security group, egress");
        assertThat(page.text("//article[@data-check='DIRECTORY_PATH']/details/summary")).isEqualTo("1 path passes");
    }

    @Test
    void render_failingCheck_showsStatusSeverityEvidenceAndTheFix() {
        Page page = render(fleet(), Map.of());

        String check = "//article[@data-check='ACTIVATION_PATH']";
        assertThat(page.text(check + "/h4")).isEqualTo("FAIL ACTIVATION_PATH CRITICAL licence activation blocked on"
                + " tcp/1688");
        assertThat(page.text(check + "/ul[@class='evidence']")).isEqualTo("acl-0a2 inbound rule * denies replies");
        assertThat(page.text(check + "/ol[@class='fix']/li/code[@class='operation']"))
                .isEqualTo("ec2:CreateNetworkAclEntry");
        assertThat(page.text(check + "/ol[@class='fix']/li/pre/code")).startsWith(
                "aws ec2 create-network-acl-entry --network-acl-id acl-0a2 --ingress --rule-number 90");
        assertThat(page.text(check + "/ol[@class='fix']/li/span[@class='why']"))
                .isEqualTo("admits the replies from the endpoint only");
        assertThat(page.text(check + "/ol[@class='manual']")).isEqualTo("rerun the scan after the change");
        assertThat(page.text(check + "/p[@class='remediation']")).isEqualTo("allow tcp/1688 to the activation"
                + " endpoints");
    }

    @Test
    void render_unknownCheck_showsItsReasonAndNoFix() {
        Page page = render(fleet(), Map.of());

        String check = "//section[@id='instance-" + UNKNOWN + "']/article[@data-check='SSM_NETWORK_PATH']";
        assertThat(page.one(check).getAttribute("data-status")).isEqualTo("UNKNOWN");
        assertThat(page.text(check + "/ul[@class='evidence']")).isEqualTo("pl-0a1 not read");
        assertThat(page.all(check + "/ol")).isEmpty();
        assertThat(page.all("//section[@class='instance']")).extracting(s -> s.getAttribute("id"))
                .as("the instances with a failing or unknown check, worst first")
                .containsExactly("instance-" + UNHEALTHY, "instance-" + AT_RISK, "instance-" + UNKNOWN);
    }

    @Test
    void render_hostileTextsFromAws_showAsTextAndNeverAsMarkup() {
        String bidi = "evil\u202Egnp.exe\u0007";
        CheckResult hostile = new CheckResult(CheckId.LMUS_STATUS, Status.FAIL, Severity.CRITICAL, "status " + HOSTILE,
                List.of("LM-US status message: " + HOSTILE, bidi), HOSTILE,
                List.of(new PathTrace(HOSTILE, HOSTILE, HOSTILE, Outcome.BLOCKS, List.of(
                        new PathHop(Kind.SECURITY_GROUP, HOSTILE, Outcome.BLOCKS, HOSTILE)))),
                new FixPlan(List.of(new FixAction(HOSTILE, Map.of(), "aws ec2 x --description '" + HOSTILE + "'",
                        HOSTILE)), List.of(HOSTILE)));
        InstanceReport instance = new InstanceReport(UNHEALTHY, "111122223333", "us-east-1", HOSTILE,
                List.of(HOSTILE), Verdict.UNHEALTHY, null, List.of(hostile));
        String hostileId = "i-1\" onmouseover=\"alert(3)\" x=\"" + HOSTILE;
        InstanceReport hostileInstance = new InstanceReport(hostileId, "111122223333", "us-east-1", "running",
                List.of(), Verdict.AT_RISK, null, List.of(new CheckResult(CheckId.SSM_AGENT_VERSION, Status.FAIL,
                        Severity.LOW, "old", List.of(), null)));
        ScanReport report = ScanReport.of("scan " + HOSTILE, HOSTILE, HOSTILE, AT, 1, 1, true,
                List.of(new MissingFact(FactKind.PREFIX_LISTS, List.of(HOSTILE), HOSTILE, HOSTILE, HOSTILE, 1)),
                List.of(instance, hostileInstance));

        String html = new HtmlReport(Map.of(UNHEALTHY, HOSTILE)).render(report);
        Page page = Page.parse(html);

        assertThat(page.all("//script")).as("only the page's own script").hasSize(1);
        assertThat(page.one("//script").getTextContent()).doesNotContain("alert");
        assertThat(page.all("//img")).isEmpty();
        assertThat(page.all("//*[@*[starts-with(name(), 'on')]]")).as("no event handler attribute").isEmpty();
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("\u202E")
                .doesNotContain("\u0007");
        assertThat(page.text()).contains(HOSTILE).contains("evil gnp.exe ");
        assertThat(page.text("//tr[@data-order='0']/td[2]")).isEqualTo(HOSTILE);
        assertThat(page.text("//tr[@data-order='1']/td[1]")).isEqualTo(hostileId);
        assertThat(page.one("//tr[@data-order='1']/td[1]/a").getAttribute("href")).isEqualTo("#"
                + HtmlReport.anchor(hostileId));
        assertThat(page.all("//section[@class='instance']")).extracting(e -> e.getAttribute("id"))
                .contains(HtmlReport.anchor(hostileId));
        assertThat(page.text("//li[@data-kind='SECURITY_GROUP']/span/span[@class='id']")).isEqualTo(HOSTILE);
        assertThat(page.text("//ol[@class='fix']/li/pre/code")).isEqualTo("aws ec2 x --description '" + HOSTILE
                + "'");
    }

    @Test
    void render_anyReport_loadsNothingAndRunsOnlyItsOwnScriptByHash() throws Exception {
        String html = new HtmlReport(Map.of()).render(fleet());
        Page page = Page.parse(html);

        String policy = page.one("//meta[@http-equiv='Content-Security-Policy']").getAttribute("content");
        String script = page.one("//script").getTextContent();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(StandardCharsets.UTF_8)));
        assertThat(policy).startsWith("default-src 'none';").contains("script-src 'sha256-" + hash + "'");
        assertThat(page.all("//*[@src]")).isEmpty();
        assertThat(page.all("//link")).isEmpty();
        assertThat(page.all("//*[@href]")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.getAttribute("href")).startsWith("#");
            assertThat(page.all("//*[@id='" + a.getAttribute("href").substring(1) + "']")).as("the link's target")
                    .hasSize(1);
        });
        assertThat(page.one("//style").getTextContent()).doesNotContain("url(").doesNotContain("@import");
        assertThat(page.one("//meta[@charset]").getAttribute("charset")).isEqualTo("utf-8");
    }

    @Test
    void render_thousandInstances_oneRowEachAndABoundedPage() {
        LargeFleet fleet = LargeFleet.of(1_000);

        String html = new HtmlReport(fleet.names()).render(fleet.report());
        Page page = Page.parse(html);

        assertThat(page.all("//table[@id='instances']/tbody/tr")).hasSize(1_000);
        long detailed = fleet.report().instances().stream().filter(i -> !i.failingChecks().isEmpty()
                || i.hasUnknown()).count();
        assertThat(page.all("//section[@class='instance']")).hasSize((int) detailed);
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("bytes for 1,000 instances (README, HTML report)")
                .isLessThan(MAX_BYTES_PER_1000);
    }

    @Test
    void render_manualStepsCitingDocumentation_linkOnlyDocumentationSites() {
        String step = "Run the runbook (https://docs.aws.amazon.com/systems-manager/latest/userguide/x.html), see"
                + " https://repost.aws/knowledge-center/y. Not https://docs.aws.amazon.com.evil.example/z nor"
                + " https://evil.example/docs nor javascript:alert(1)";
        CheckResult check = new CheckResult(CheckId.SSM_PING, Status.FAIL, Severity.CRITICAL, "ping lost", List.of(),
                "see https://learn.microsoft.com/en-us/troubleshoot/kb-832017", List.of(),
                new FixPlan(List.of(), List.of(step)));
        ScanReport report = ScanReport.of("scan-4", "111122223333", "us-east-1", AT, 1, 0, false, List.of(),
                List.of(instance(UNHEALTHY, "running", Verdict.UNHEALTHY, check)));

        Page page = render(report, Map.of());

        assertThat(page.all("//ol[@class='manual']/li/a")).extracting(a -> a.getAttribute("href")).containsExactly(
                "https://docs.aws.amazon.com/systems-manager/latest/userguide/x.html",
                "https://repost.aws/knowledge-center/y");
        assertThat(page.text("//ol[@class='manual']/li")).isEqualTo(step);
        assertThat(page.one("//p[@class='remediation']/a").getAttribute("href"))
                .isEqualTo("https://learn.microsoft.com/en-us/troubleshoot/kb-832017");
        assertThat(page.all("//a[@href]")).allSatisfy(a -> assertThat(a.getAttribute("href"))
                .matches("#.*|https://(docs\\.aws\\.amazon\\.com|repost\\.aws|learn\\.microsoft\\.com)/.*"));
    }

    @Test
    void escape_markupQuotesAndHiddenCharacters_becomeReferencesAndSpaces() {
        assertThat(Html.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
        assertThat(Html.escape("line\nbreak\u200Bzero\u202Ebidi")).isEqualTo("line break zero bidi");
        assertThat(Html.escape("plain text")).isSameAs("plain text");
        assertThat(Html.escape("\uD83D\uDE00 ok")).isEqualTo("\uD83D\uDE00 ok");
        assertThat(Html.escape("lone \uD83D here \uDE00")).isEqualTo("lone \uFFFD here \uFFFD");
    }
}
