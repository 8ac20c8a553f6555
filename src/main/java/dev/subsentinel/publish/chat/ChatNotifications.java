package dev.subsentinel.publish.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertMessage;
import dev.subsentinel.publish.AlertRenderer;
import dev.subsentinel.publish.FixText;
import dev.subsentinel.publish.FleetAlerts;
import dev.subsentinel.publish.MessageRenderer;
import dev.subsentinel.publish.Sanitizer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The chat topic's messages: Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notifications,
 * the only messages it forwards to Slack, Microsoft Teams or Amazon Chime (anything else is dropped without an error
 * to the publisher; docs/aws-facts.md, issue 14). Each message is the notification itself, sent without
 * {@code MessageStructure}, so every protocol subscribed to the chat topic (Chatbot's HTTPS subscription included)
 * receives exactly this JSON:
 *
 * <pre>{@code
 * {"version": "1.0", "source": "custom", "id": "<alertId>",
 *  "content": {"textType": "client-markdown", "title": "[UNHEALTHY] i-0abc: SSM ping lost - Office LTSC Pro Plus",
 *              "description": "verdict, what failed with one or two evidence lines each, what could not be checked,
 *                              console links",
 *              "nextSteps": ["SSM_PING: <remediation>", ...], "keywords": ["UNHEALTHY", "NEW", "CRITICAL", ...]},
 *  "metadata": {"threadId": "...", "summary": "...", "eventType": "NEW", "relatedResources": ["arn:aws:ec2:..."],
 *               "additionalContext": {"alertId": "...", "instanceId": "...", ...}}}
 * }</pre>
 *
 * The grouping is the alert topic's ({@link FleetAlerts}): one notification per fleet-level cause shared by several
 * instances, one per alert otherwise, digests above the threshold. AWS publishes no length limits for the fields, so
 * these are kept within Slack's own (a section's text is at most 3,000 characters, a header's 150): title at most
 * {@value #MAX_TITLE}, description at most {@value #MAX_DESCRIPTION}, at most {@value #MAX_NEXT_STEPS} next steps of
 * {@value #MAX_NEXT_STEP} characters, at most {@value #MAX_KEYWORDS} keywords. A digest or a fleet notification that
 * would be longer is split into several, so every instance is listed. The text uses only what renders alike in
 * Slack and Teams: plain lines, bullets, {@code `code`} and bare links. The message attributes are the alert topic's,
 * so a subscription filter policy works on the chat topic too.
 */
public final class ChatNotifications implements MessageRenderer {

    /** The renderer. */
    public static final ChatNotifications RENDERER = new ChatNotifications();
    /** The notification's {@code version}: must be 1.0. */
    public static final String VERSION = "1.0";
    /** The notification's {@code source}: must be custom. */
    public static final String SOURCE = "custom";
    /** The only {@code textType} supported. */
    public static final String TEXT_TYPE = "client-markdown";
    /** Longest title kept. */
    public static final int MAX_TITLE = 150;
    /** Longest description kept. */
    public static final int MAX_DESCRIPTION = 3000;
    /** Most next steps. */
    public static final int MAX_NEXT_STEPS = 10;
    /** Longest next step. */
    public static final int MAX_NEXT_STEP = 500;
    /** Most keywords. */
    public static final int MAX_KEYWORDS = 10;
    /** Longest keyword. */
    public static final int MAX_KEYWORD = 50;
    /** Most related resources. */
    public static final int MAX_RELATED = 10;
    /** Evidence lines per check ("the evidence in one or two lines"). */
    public static final int EVIDENCE_LINES = 2;
    /** Longest evidence line in chat. */
    public static final int MAX_EVIDENCE_LINE = 200;
    /** What starts an evidence line under its check (a line's leading spaces do not survive). */
    public static final String EVIDENCE_MARK = "◦ ";
    /**
     * Most instances of a fleet notification listed with their console link; a larger group lists the ids only, so
     * that 50 instances fit one notification (the console's instance list filters by id).
     */
    public static final int LINKED_INSTANCES = 5;

    private ChatNotifications() {
    }

    @Override
    public AlertMessage single(Alert alert) {
        Text text = new Text(true);
        text.line(AlertRenderer.headline(alert));
        text.line(where(alert));
        if (alert.unhealthySince() != null) {
            text.line((alert.transition() == Transition.RESOLVED ? "Failing from " : "Unhealthy since ")
                    + alert.unhealthySince().truncatedTo(ChronoUnit.SECONDS) + " ("
                    + AlertRenderer.duration(alert.failingMinutes()) + ")");
        }
        checks(text, "What failed:", alert.failingChecks(), false);
        checks(text, "Could not be checked (treat a CRITICAL one as failing until it is known):",
                alert.unknownChecks(), true);
        if (!alert.resolvedChecks().isEmpty()) {
            text.blank();
            text.line((alert.transition() == Transition.RESOLVED ? "Were failing, pass now: " : "No longer failing: ")
                    + codes(alert.resolvedChecks()));
        }
        if (!alert.lastKnownCauses().isEmpty()) {
            text.blank();
            text.line("What was failing when it was last seen:");
            alert.lastKnownCauses().forEach(cause -> text.line("• " + cause));
        }
        links(text, alert.links());
        List<String> steps = nextSteps(alert.failingChecks());
        Set<String> keywords = new LinkedHashSet<>();
        keywords.add(AlertRenderer.label(alert).replace(", ", "-").toUpperCase(java.util.Locale.ROOT));
        keywords.add(alert.transition().name());
        keywords.add(alert.severity().name());
        alert.checkIds().forEach(id -> keywords.add(id.name()));
        String title = AlertRenderer.subject(alert);
        ObjectNode metadata = metadata("subscription-sentinel-" + alert.accountId() + "-" + alert.region() + "-"
                + alert.instanceId(), title, alert.transition().name(), List.of(alert));
        return message(alert.alertId(), title, text.toString(), steps, keywords, metadata, List.of(alert),
                AlertRenderer.attributes(alert), false);
    }

    @Override
    public List<AlertMessage> digests(List<Alert> alerts) {
        return MessageRenderer.halving(alerts, this::digest, ChatNotifications::fits, this::single);
    }

    @Override
    public List<AlertMessage> fleet(List<Alert> alerts) {
        return MessageRenderer.halving(alerts, this::group, ChatNotifications::fits, this::single);
    }

    /** One digest notification listing the alerts, one line each. */
    AlertMessage digest(List<Alert> alerts) {
        Map<String, Integer> byLabel = new TreeMap<>();
        alerts.forEach(alert -> byLabel.merge(alert.transition() == Transition.RESOLVED
                || alert.transition() == Transition.TERMINATED ? alert.transition().name()
                : alert.verdict().name(), 1, Integer::sum));
        String counts = byLabel.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        Alert first = alerts.get(0);
        String title = "[DIGEST] " + alerts.size() + " alerts in " + first.accountId() + "/" + first.region() + ": "
                + counts;
        Text text = new Text(false);
        text.line(alerts.size() + " alerts in one run (" + counts + "); the alert topic has each in full.");
        text.blank();
        for (Alert alert : alerts) {
            text.line("• " + AlertRenderer.subject(alert));
            if (alert.links() != null) {
                text.line("    " + alert.links().instance());
            }
        }
        List<CheckResult> failing = alerts.stream().flatMap(a -> a.failingChecks().stream()).toList();
        Set<String> keywords = new LinkedHashSet<>(List.of("DIGEST"));
        byLabel.keySet().forEach(keywords::add);
        alerts.stream().flatMap(a -> a.checkIds().stream()).map(Enum::name).sorted().forEach(keywords::add);
        return message("digest-" + first.alertId(), title, text.toString(), nextSteps(failing), keywords,
                metadata(null, title, "DIGEST", alerts), alerts, AlertRenderer.digestAttributes(alerts), true);
    }

    /** One notification for alerts that share their transition and fleet-level causes. */
    AlertMessage group(List<Alert> alerts) {
        Alert first = alerts.get(0);
        boolean resolved = first.transition() == Transition.RESOLVED;
        Text text = new Text(false);
        text.line(alerts.size() + " instances in account " + first.accountId() + ", " + first.region()
                + (resolved ? " are healthy again: the shared cause is gone." : " share one cause; fix it once."));
        if (resolved) {
            text.blank();
            text.line("What had failed:");
            first.fleetCauses().forEach(cause -> text.line("• " + cause));
        } else {
            checks(text, "Cause (as seen from `" + first.instanceId() + "`):", first.failingChecks(), false);
        }
        text.blank();
        text.line("Instances (" + alerts.size() + "):");
        for (Alert alert : alerts) {
            String products = alert.products().stream().map(Products::displayName).collect(Collectors.joining(", "));
            text.line("• `" + alert.instanceId() + "`" + (products.isEmpty() ? "" : " (" + products + ")")
                    + (alert.links() == null || alerts.size() > LINKED_INSTANCES ? ""
                            : " " + alert.links().instance()));
        }
        links(text, resolved ? null : new Alert.Links(null, first.links() == null ? List.of()
                : first.links().securityGroups(), null));
        Set<String> keywords = new LinkedHashSet<>(List.of("FLEET", AlertRenderer.label(first).toUpperCase(
                java.util.Locale.ROOT).replace(", ", "-"), first.transition().name()));
        first.fleetCauses().forEach(cause -> keywords.add(cause.contains(":") ? cause.substring(0,
                cause.indexOf(':')) : cause));
        String title = FleetAlerts.subject(alerts);
        ObjectNode metadata = metadata("subscription-sentinel-" + first.accountId() + "-" + first.region()
                + "-fleet-" + hash(first.fleetCauses()), title, "FLEET_" + first.transition().name(), alerts);
        return message("fleet-" + first.alertId(), title, text.toString(), nextSteps(first.failingChecks()),
                keywords, metadata, alerts, FleetAlerts.attributes(alerts), true);
    }

    private static String where(Alert alert) {
        String products = alert.products().stream().map(Products::displayName).collect(Collectors.joining(", "));
        return (alert.transition() == Transition.TERMINATED ? "Last verdict " : "Verdict ") + alert.verdict()
                + " · instance `" + alert.instanceId() + "`" + (products.isEmpty() ? "" : " (" + products + ")")
                + " · account " + alert.accountId() + ", " + alert.region();
    }

    private static void checks(Text text, String heading, List<CheckResult> checks, boolean unknown) {
        if (checks.isEmpty()) {
            return;
        }
        text.blank();
        text.line(heading);
        for (int i = 0; i < checks.size(); i++) {
            CheckResult check = checks.get(i);
            String head = "• [" + check.severity() + "] `" + check.id() + "` " + (unknown ? "UNKNOWN: " : "")
                    + check.summary();
            List<String> evidence = check.evidence().stream().limit(EVIDENCE_LINES)
                    .map(line -> EVIDENCE_MARK + Sanitizer.line(line, MAX_EVIDENCE_LINE)).toList();
            String more = "• ... and " + (checks.size() - i) + " more (the alert topic's message lists them all)";
            if (!text.fits(head, evidence, i + 1 < checks.size() ? more : "")) {
                if (text.fits(more, List.of(), "")) {
                    text.line(more);
                }
                return;
            }
            text.line(head);
            evidence.forEach(text::line);
        }
    }

    private static void links(Text text, Alert.Links links) {
        if (links == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        if (links.instance() != null) {
            lines.add("Instance: " + links.instance());
        }
        links.securityGroups().forEach(group -> lines.add("Security group: " + group));
        if (links.fleetManager() != null) {
            lines.add("Fleet Manager: " + links.fleetManager());
        }
        if (lines.isEmpty()) {
            return;
        }
        text.blank();
        text.line("Console:");
        for (String line : lines) {
            if (text.fits(line, List.of(), "")) {
                text.line(line);
            }
        }
    }

    /**
     * The fix of each failing check ({@link FixText}: the fix plan's commands, else the remediation), once per check,
     * worst first, each step prefixed with its check, at most {@value #MAX_NEXT_STEPS}.
     */
    private static List<String> nextSteps(List<CheckResult> failing) {
        Set<CheckId> seen = new LinkedHashSet<>();
        List<String> steps = new ArrayList<>();
        for (CheckResult check : failing) {
            if (!seen.add(check.id())) {
                continue;
            }
            for (String step : FixText.steps(check)) {
                if (steps.size() < MAX_NEXT_STEPS) {
                    steps.add(Sanitizer.line(check.id() + ": " + step, MAX_NEXT_STEP));
                }
            }
        }
        return steps;
    }

    private static ObjectNode metadata(String threadId, String summary, String eventType, List<Alert> alerts) {
        ObjectNode metadata = Json.mapper().createObjectNode();
        if (threadId != null) {
            metadata.put("threadId", threadId);
        }
        metadata.put("summary", Sanitizer.line(summary, MAX_TITLE));
        metadata.put("eventType", eventType);
        ArrayNode related = metadata.putArray("relatedResources");
        alerts.stream().limit(MAX_RELATED).forEach(alert -> related.add("arn:"
                + (alert.region() != null && alert.region().startsWith("cn-") ? "aws-cn"
                        : alert.region() != null && alert.region().startsWith("us-gov-") ? "aws-us-gov" : "aws")
                + ":ec2:" + alert.region() + ":" + alert.accountId() + ":instance/" + alert.instanceId()));
        ObjectNode context = metadata.putObject("additionalContext");
        Alert first = alerts.get(0);
        context.put("alertIds", Sanitizer.line(alerts.stream().map(Alert::alertId)
                .collect(Collectors.joining(",")), 1000));
        context.put("instanceIds", Sanitizer.line(alerts.stream().map(Alert::instanceId)
                .collect(Collectors.joining(",")), 1000));
        context.put("severity", alerts.stream().map(Alert::severity).min(Enum::compareTo).orElse(first.severity())
                .name());
        context.put("accountId", String.valueOf(first.accountId()));
        context.put("region", String.valueOf(first.region()));
        if (first.scanId() != null) {
            context.put("scanId", first.scanId());
        }
        return metadata;
    }

    private static AlertMessage message(String id, String title, String description, List<String> nextSteps,
            Set<String> keywords, ObjectNode metadata, List<Alert> alerts,
            Map<String, AlertMessage.Attribute> attributes, boolean digest) {
        ObjectNode notification = Json.mapper().createObjectNode();
        notification.put("version", VERSION);
        notification.put("source", SOURCE);
        notification.put("id", id);
        ObjectNode content = notification.putObject("content");
        content.put("textType", TEXT_TYPE);
        content.put("title", Sanitizer.line(title, MAX_TITLE));
        content.put("description", description);
        ArrayNode steps = content.putArray("nextSteps");
        nextSteps.forEach(steps::add);
        ArrayNode words = content.putArray("keywords");
        keywords.stream().filter(k -> k != null && !k.isBlank()).limit(MAX_KEYWORDS)
                .forEach(k -> words.add(Sanitizer.line(k, MAX_KEYWORD)));
        notification.set("metadata", metadata);
        String json;
        try {
            json = Json.mapper().writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new AlertMessage(Sanitizer.asciiLine(title, AlertRenderer.MAX_SUBJECT), description, json, attributes,
                alerts.stream().map(Alert::alertId).toList(), digest, false);
    }

    /** Whether a notification's description is within {@value #MAX_DESCRIPTION} characters and SNS's size limit. */
    static boolean fits(AlertMessage message) {
        return message.text().length() <= MAX_DESCRIPTION && message.sizeBytes() <= AlertRenderer.MAX_MESSAGE_BYTES;
    }

    private static String codes(List<CheckId> ids) {
        return ids.stream().map(id -> "`" + id + "`").collect(Collectors.joining(", "));
    }

    private static String hash(List<String> causes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", causes)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A description. Bounded (a single alert's): a line that would pass {@value #MAX_DESCRIPTION} characters is left
     * out (the callers reserve room to say what was left out). Unbounded (a digest's or a fleet notification's):
     * every line is kept, and a notification that is too long is split over several ({@link #fits}).
     */
    private static final class Text {
        private final StringBuilder out = new StringBuilder(1024);
        private final boolean bounded;

        Text(boolean bounded) {
            this.bounded = bounded;
        }

        void line(String line) {
            String clean = Sanitizer.line(line, MAX_DESCRIPTION);
            if (!bounded || out.length() + clean.length() + 1 <= MAX_DESCRIPTION) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(clean);
            }
        }

        void blank() {
            if (!out.isEmpty() && (!bounded || out.length() + 1 <= MAX_DESCRIPTION)) {
                out.append('\n');
            }
        }

        /** Whether the head, its lines and a reserve for a closing line still fit. */
        boolean fits(String head, List<String> lines, String reserve) {
            if (!bounded) {
                return true;
            }
            int size = out.length() + head.length() + 1 + reserve.length() + 1;
            for (String line : lines) {
                size += line.length() + 1;
            }
            return size <= MAX_DESCRIPTION;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
