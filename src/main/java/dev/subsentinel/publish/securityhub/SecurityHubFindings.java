package dev.subsentinel.publish.securityhub;

import dev.subsentinel.config.Clients;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import dev.subsentinel.core.report.Status;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.FixText;
import dev.subsentinel.publish.Sanitizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.Compliance;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.FindingProviderFields;
import software.amazon.awssdk.services.securityhub.model.FindingProviderSeverity;
import software.amazon.awssdk.services.securityhub.model.Recommendation;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Remediation;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * The ASFF findings of an alert: one finding per instance and check, whose {@code Id} stays the same for the life of
 * the instance ({@code subscription-sentinel/<account>/<region>/<instance>/<CHECK>}), so Security Hub updates it
 * instead of adding one (a newer {@code UpdatedAt} wins; an older one is ignored: a late retry cannot undo a newer
 * state). What each transition imports:
 *
 * <table>
 * <caption>Findings per transition</caption>
 * <tr><th>transition</th><th>findings</th></tr>
 * <tr><td>NEW, WORSENED, REMINDER</td><td>every check failing now: {@code FAILED} (a WARN: {@code WARNING}),
 * {@code ACTIVE}, the evidence and the remediation; REMINDER refreshes them (and keeps them from Security Hub's
 * 90-day expiry). The checks that stopped failing ({@link Alert#resolvedChecks()}): {@code PASSED},
 * {@code ARCHIVED}</td></tr>
 * <tr><td>UNCHANGED (Security Hub only)</td><td>a check stopped failing while the instance still fails: that check
 * {@code PASSED}, {@code ARCHIVED}</td></tr>
 * <tr><td>RESOLVED</td><td>every check of the incident: {@code PASSED}, {@code ARCHIVED}. Security Hub then sets the
 * workflow RESOLVED itself; a recurrence imports the same ids {@code FAILED} and {@code ACTIVE}, which reopens them
 * (workflow NEW) instead of adding new ones</td></tr>
 * <tr><td>TERMINATED</td><td>every check the instance was failing: {@code NOT_AVAILABLE}, {@code ARCHIVED}, as
 * Security Hub's own controls do for a deleted resource</td></tr>
 * </table>
 *
 * <p>Severity goes through {@code FindingProviderFields} (and {@code Severity}, which the user guide lists as
 * required): the check's severity for a FAIL; a WARN makes an instance AT_RISK, not UNHEALTHY, so a CRITICAL or HIGH
 * WARN is {@code MEDIUM}; {@code INFORMATIONAL} ("no issue was found") for PASSED and NOT_AVAILABLE. {@code CreatedAt}
 * and {@code FirstObservedAt} are the start of the instance's incident (tracking keeps one start per instance, not
 * per check), {@code UpdatedAt} and {@code LastObservedAt} the run that decided the alert. {@code Resources} are the
 * instance and every resource the check's summary and evidence name (security groups, ACLs, route tables, endpoints,
 * interfaces, subnets, VPCs, peering connections, directories, ...), at most {@value #MAX_RESOURCES}.
 *
 * <p>Every text is bounded below Security Hub's limits (Title 256, Description 1,024, Recommendation 512, ProductFields
 * values 2,048 characters), so a finding stays far below the 240 KB per finding, and 100 of them far below the 6 MB
 * of a request ({@link #MAX_FINDING_BYTES}). Workflow, Note and the customer's own fields are never sent:
 * BatchImportFindings may not change them. Pure: SDK model objects in, nothing called.
 */
public final class SecurityHubFindings {

    /** The ASFF schema version. */
    public static final String SCHEMA_VERSION = "2018-10-08";
    /** The prefix of every finding id and generator id. */
    public static final String PREFIX = "subscription-sentinel";
    /** Longest Title Security Hub accepts. */
    public static final int MAX_TITLE = 256;
    /** Longest Description Security Hub accepts. */
    public static final int MAX_DESCRIPTION = 1024;
    /** Longest Remediation.Recommendation.Text Security Hub accepts. */
    public static final int MAX_RECOMMENDATION = 512;
    /** Most resources of a finding (Security Hub accepts 32). */
    public static final int MAX_RESOURCES = 32;
    /** Longest ProductFields value kept (Security Hub accepts 2,048). */
    public static final int MAX_PRODUCT_FIELD = 1024;
    /**
     * An upper bound of the JSON size of one finding built here: the bounded texts above, 32 resources with ARNs of
     * at most 200 characters, the fixed fields. Checked against the serialised request in SecurityHubPublisherTest.
     */
    public static final int MAX_FINDING_BYTES = 24_000;
    /** The type of a check about a network path or exposure. */
    public static final String NETWORK_TYPE =
            "Software and Configuration Checks/AWS Security Best Practices/Network Reachability";
    /** The type of the other checks. */
    public static final String BEST_PRACTICES_TYPE = "Software and Configuration Checks/AWS Security Best Practices";

    private static final Set<CheckId> NETWORK_CHECKS = Set.of(CheckId.SSM_NETWORK_PATH, CheckId.ACTIVATION_PATH,
            CheckId.RDP_INGRESS, CheckId.DIRECTORY_PATH, CheckId.DIRECTORY_DNS, CheckId.LM_NETWORK_INTERFACES,
            CheckId.VPC_DNS);
    /** Resource ids the evidence names, with their ASFF type and ARN resource path. */
    private static final Pattern RESOURCE_ID = Pattern.compile(
            "\\b(sg|acl|rtb|eni|subnet|vpce|vpc|pcx|tgw|nat|igw|eigw|pl|dopt)-[0-9a-f]{8,17}\\b|\\bd-[0-9a-f]{10}\\b");
    private static final Map<String, String[]> RESOURCE_KINDS = Map.ofEntries(
            Map.entry("sg", new String[] {"AwsEc2SecurityGroup", "ec2", "security-group"}),
            Map.entry("acl", new String[] {"AwsEc2NetworkAcl", "ec2", "network-acl"}),
            Map.entry("rtb", new String[] {"AwsEc2RouteTable", "ec2", "route-table"}),
            Map.entry("eni", new String[] {"AwsEc2NetworkInterface", "ec2", "network-interface"}),
            Map.entry("subnet", new String[] {"AwsEc2Subnet", "ec2", "subnet"}),
            Map.entry("vpc", new String[] {"AwsEc2Vpc", "ec2", "vpc"}),
            Map.entry("pcx", new String[] {"AwsEc2VpcPeeringConnection", "ec2", "vpc-peering-connection"}),
            Map.entry("tgw", new String[] {"AwsEc2TransitGateway", "ec2", "transit-gateway"}),
            Map.entry("vpce", new String[] {"Other", "ec2", "vpc-endpoint"}),
            Map.entry("nat", new String[] {"Other", "ec2", "natgateway"}),
            Map.entry("igw", new String[] {"Other", "ec2", "internet-gateway"}),
            Map.entry("eigw", new String[] {"Other", "ec2", "egress-only-internet-gateway"}),
            Map.entry("pl", new String[] {"Other", "ec2", "prefix-list"}),
            Map.entry("dopt", new String[] {"Other", "ec2", "dhcp-options"}),
            Map.entry("d", new String[] {"Other", "ds", "directory"}));

    private SecurityHubFindings() {
    }

    /** The findings an alert imports (none for an instance that was gone or healthy without failing checks). */
    public static List<AwsSecurityFinding> of(Alert alert) {
        List<AwsSecurityFinding> findings = new ArrayList<>();
        switch (alert.transition()) {
            case NEW, WORSENED, REMINDER, UNCHANGED -> {
                for (CheckResult check : alert.failingChecks()) {
                    findings.add(failing(alert, check));
                }
                for (CheckId id : alert.resolvedChecks()) {
                    if (alert.failingChecks().stream().noneMatch(c -> c.id() == id)) {
                        findings.add(closed(alert, id, ComplianceStatus.PASSED));
                    }
                }
            }
            case RESOLVED -> alert.resolvedChecks().forEach(id -> findings.add(closed(alert, id,
                    ComplianceStatus.PASSED)));
            case TERMINATED -> alert.checkIds().forEach(id -> findings.add(closed(alert, id,
                    ComplianceStatus.NOT_AVAILABLE)));
            default -> throw new IllegalArgumentException("no findings for " + alert.transition());
        }
        return findings;
    }

    /** The finding id of a check of an instance: the same for the instance's whole life. */
    public static String findingId(String accountId, String region, String instanceId, CheckId check) {
        return PREFIX + "/" + accountId + "/" + region + "/" + instanceId + "/" + check.name();
    }

    /**
     * The product of an account's own findings:
     * {@code arn:<partition>:securityhub:<region>:<account>:product/<account>/default}.
     */
    public static String productArn(String accountId, String region) {
        return "arn:" + Clients.partition(region) + ":securityhub:" + region + ":" + accountId + ":product/" + accountId
                + "/default";
    }

    /**
     * The recommendation of a failing check: its fix ({@link FixText}: the fix plan's commands and steps, else the
     * remediation), one step a line, within Security Hub's 512 characters; null when there is none.
     */
    public static String recommendation(CheckResult check) {
        List<String> steps = FixText.steps(check);
        if (steps.isEmpty()) {
            return null;
        }
        String text = steps.stream().map(step -> Sanitizer.line(step, MAX_RECOMMENDATION))
                .collect(Collectors.joining("\n"));
        return text.length() <= MAX_RECOMMENDATION ? text : text.substring(0, MAX_RECOMMENDATION - 3) + "...";
    }

    private static AwsSecurityFinding failing(Alert alert, CheckResult check) {
        boolean warn = check.status() == Status.WARN;
        SeverityLabel label = warn ? warnLabel(check.severity()) : label(check.severity());
        String original = check.severity().name() + (warn ? " WARN" : "");
        AwsSecurityFinding.Builder finding = base(alert, check.id(), label, original)
                .title(Sanitizer.line(check.id() + " on " + alert.instanceId() + ": " + check.summary(), MAX_TITLE))
                .description(description(check))
                .resources(resources(alert, List.of(check)))
                .compliance(Compliance.builder().status(warn ? ComplianceStatus.WARNING : ComplianceStatus.FAILED)
                        .build())
                .recordState(RecordState.ACTIVE)
                .lastObservedAt(alert.createdAt().toString());
        String recommendation = recommendation(check);
        if (recommendation != null) {
            finding.remediation(Remediation.builder().recommendation(Recommendation.builder().text(recommendation)
                    .build()).build());
        }
        Map<String, String> fields = productFields(alert, check.id());
        fields.put(PREFIX + "/status", check.status().name());
        finding.productFields(fields);
        return finding.build();
    }

    private static AwsSecurityFinding closed(Alert alert, CheckId id, ComplianceStatus status) {
        boolean gone = status == ComplianceStatus.NOT_AVAILABLE;
        String title = id + " on " + alert.instanceId() + (gone ? ": the instance is gone" : ": passes again");
        String text = gone
                ? "The instance is gone (" + alert.reason() + "); the finding is archived. " + id.title()
                        + " was failing" + lastCause(alert, id)
                : id.title() + " passes again on " + alert.instanceId() + " (evaluated " + alert.createdAt()
                        + "); the finding is archived and a recurrence reopens it.";
        Map<String, String> fields = productFields(alert, id);
        fields.put(PREFIX + "/status", gone ? "TERMINATED" : "PASS");
        return base(alert, id, SeverityLabel.INFORMATIONAL, gone ? "TERMINATED" : "PASS")
                .title(Sanitizer.line(title, MAX_TITLE))
                .description(Sanitizer.line(text, MAX_DESCRIPTION))
                .resources(resources(alert, List.of()))
                .compliance(Compliance.builder().status(status).build())
                .recordState(RecordState.ARCHIVED)
                .productFields(fields)
                .build();
    }

    private static String lastCause(Alert alert, CheckId id) {
        for (String cause : alert.lastKnownCauses()) {
            if (cause.startsWith(id.name() + ":")) {
                return ": " + cause.substring(id.name().length() + 1).trim() + ".";
            }
        }
        return ".";
    }

    private static AwsSecurityFinding.Builder base(Alert alert, CheckId id, SeverityLabel label, String original) {
        String type = NETWORK_CHECKS.contains(id) ? NETWORK_TYPE : BEST_PRACTICES_TYPE;
        Instant created = alert.unhealthySince() != null && !alert.unhealthySince().isAfter(alert.createdAt())
                ? alert.unhealthySince() : alert.createdAt();
        AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(findingId(alert.accountId(), alert.region(), alert.instanceId(), id))
                .productArn(productArn(alert.accountId(), alert.region()))
                .generatorId(PREFIX + "/" + id.name())
                .awsAccountId(alert.accountId())
                .types(type)
                .createdAt(created.toString())
                .updatedAt(alert.createdAt().toString())
                .severity(software.amazon.awssdk.services.securityhub.model.Severity.builder().label(label)
                        .original(original).build())
                .findingProviderFields(FindingProviderFields.builder()
                        .severity(FindingProviderSeverity.builder().label(label).original(original).build())
                        .types(type)
                        .build());
        if (alert.unhealthySince() != null) {
            finding.firstObservedAt(created.toString());
        }
        return finding;
    }

    private static String description(CheckResult check) {
        StringBuilder text = new StringBuilder(check.summary());
        List<String> evidence = check.evidence();
        for (int i = 0; i < evidence.size(); i++) {
            String line = "\n- " + evidence.get(i);
            String more = "\n(" + (evidence.size() - i) + " more evidence lines in the alert)";
            if (text.length() + line.length() + (i + 1 < evidence.size() ? more.length() : 0) > MAX_DESCRIPTION) {
                if (text.length() + more.length() <= MAX_DESCRIPTION) {
                    text.append(more);
                }
                break;
            }
            text.append(line);
        }
        return text.length() <= MAX_DESCRIPTION ? text.toString() : text.substring(0, MAX_DESCRIPTION - 3) + "...";
    }

    /** The instance, then every resource the checks' summaries and evidence name. */
    static List<Resource> resources(Alert alert, List<CheckResult> checks) {
        String partition = Clients.partition(alert.region());
        String prefix = ":" + alert.region() + ":" + alert.accountId() + ":";
        List<Resource> out = new ArrayList<>();
        out.add(Resource.builder().type("AwsEc2Instance")
                .id("arn:" + partition + ":ec2" + prefix + "instance/" + alert.instanceId())
                .partition(partition).region(alert.region()).build());
        Set<String> seen = new LinkedHashSet<>();
        for (CheckResult check : checks) {
            List<String> texts = new ArrayList<>(check.evidence());
            texts.add(0, check.summary());
            for (String text : texts) {
                Matcher matcher = RESOURCE_ID.matcher(text);
                while (matcher.find() && out.size() < MAX_RESOURCES) {
                    String id = matcher.group();
                    if (seen.add(id)) {
                        String[] kind = RESOURCE_KINDS.get(id.substring(0, id.indexOf('-')));
                        out.add(Resource.builder().type(kind[0])
                                .id("arn:" + partition + ":" + kind[1] + prefix + kind[2] + "/" + id)
                                .partition(partition).region(alert.region()).build());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> productFields(Alert alert, CheckId id) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(PREFIX + "/checkId", id.name());
        fields.put(PREFIX + "/instanceId", alert.instanceId());
        fields.put(PREFIX + "/transition", alert.transition().name());
        fields.put(PREFIX + "/verdict", alert.verdict().name());
        fields.put(PREFIX + "/alertId", alert.alertId());
        if (alert.scanId() != null) {
            fields.put(PREFIX + "/scanId", Sanitizer.line(alert.scanId(), 128));
        }
        if (!alert.products().isEmpty()) {
            fields.put(PREFIX + "/products", Sanitizer.line(alert.products().stream().map(Products::displayName)
                    .collect(Collectors.joining(", ")), MAX_PRODUCT_FIELD));
        }
        if (alert.links() != null && alert.transition() != Transition.TERMINATED) {
            fields.put(PREFIX + "/consoleLink", Sanitizer.line(alert.links().instance(), MAX_PRODUCT_FIELD));
        }
        return fields;
    }

    private static SeverityLabel label(Severity severity) {
        return switch (severity) {
            case CRITICAL -> SeverityLabel.CRITICAL;
            case HIGH -> SeverityLabel.HIGH;
            case MEDIUM -> SeverityLabel.MEDIUM;
            case LOW -> SeverityLabel.LOW;
            case INFO -> SeverityLabel.INFORMATIONAL;
        };
    }

    /** A WARN makes the instance AT_RISK like a MEDIUM failure: at most MEDIUM. */
    private static SeverityLabel warnLabel(Severity severity) {
        return severity.makesUnhealthy() ? SeverityLabel.MEDIUM : label(severity);
    }
}
