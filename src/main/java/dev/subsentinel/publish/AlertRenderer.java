package dev.subsentinel.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.fix.ShellCommand;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.FixAction;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders alerts as SNS messages (DESIGN section 6): a subject of at most {@value #MAX_SUBJECT} printable ASCII
 * characters naming the verdict, the instance and the main cause; readable text for {@code default} and
 * {@code email}; the JSON alert document for {@code sqs}, {@code lambda} and {@code https}; message attributes
 * {@code severity}, {@code transition}, {@code instanceId}, {@code checkIds} and {@code unknownCheckIds}
 * (String.Array), {@code accountId} and {@code region}. Checks that could not be evaluated are listed under the
 * failures with their reason, with the same severity label, so an UNKNOWN CRITICAL check is as visible as a FAIL.
 * More alerts than the digest threshold become digests: one message listing them (split only when one message would
 * exceed the SNS size limit), whose attributes are String.Arrays, so a filter policy matches a digest when it would
 * have matched one of its alerts. Pure: no SDK types.
 */
public final class AlertRenderer {

    /** SNS subjects must be shorter than 100 characters. */
    public static final int MAX_SUBJECT = 99;
    /** SNS accepts 262,144 bytes (message, subject and attributes); this leaves room for the envelope. */
    public static final int MAX_MESSAGE_BYTES = 250_000;
    /** The width a fix plan's command is laid out to in the text (it still runs when pasted). */
    static final int COMMAND_WIDTH = 120;

    /** The schema of the digest document. */
    public static final String DIGEST_SCHEMA = "subscription-sentinel/digest/v2";

    private static final String PRODUCT_SEPARATOR = " - ";

    /** The alert topic's messages: readable text, the JSON document and attributes, split at the SNS size limit. */
    public static final MessageRenderer SNS = new MessageRenderer() {
        @Override
        public AlertMessage single(Alert alert) {
            return AlertRenderer.single(alert);
        }

        @Override
        public List<AlertMessage> digests(List<Alert> alerts) {
            return MessageRenderer.halving(alerts, AlertRenderer::digest, AlertRenderer::fits,
                    alert -> digest(List.of(trimmed(alert, 0))));
        }

        @Override
        public List<AlertMessage> fleet(List<Alert> alerts) {
            return MessageRenderer.halving(alerts, FleetAlerts::group, AlertRenderer::fits,
                    alert -> FleetAlerts.group(List.of(alert)));
        }
    };

    private AlertRenderer() {
    }

    /**
     * The messages for the alerts of one run: one per alert when there are at most {@code digestThreshold}, else
     * digests.
     */
    public static List<AlertMessage> messages(List<Alert> alerts, int digestThreshold) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        return FleetAlerts.ungrouped(alerts, digestThreshold, SNS);
    }

    private static boolean fits(AlertMessage message) {
        return message.sizeBytes() <= MAX_MESSAGE_BYTES;
    }

    /** The message for one alert, with evidence trimmed if the whole would exceed the SNS limit. */
    public static AlertMessage single(Alert alert) {
        AlertMessage message = render(alert);
        for (int evidence = 3; message.sizeBytes() > MAX_MESSAGE_BYTES && evidence >= 0; evidence -= 3) {
            message = render(trimmed(alert, evidence));
        }
        return message;
    }

    static AlertMessage render(Alert alert) {
        return new AlertMessage(subject(alert), text(alert), document(alert), attributes(alert),
                List.of(alert.alertId()), false);
    }

    /** The message attributes of one alert's message (the chat topic's carry the same, for filter policies). */
    public static Map<String, AlertMessage.Attribute> attributes(Alert alert) {
        Map<String, AlertMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("severity", AlertMessage.Attribute.string(alert.severity().name()));
        attributes.put("transition", AlertMessage.Attribute.string(alert.transition().name()));
        attributes.put("instanceId", AlertMessage.Attribute.string(alert.instanceId()));
        attributes.put("checkIds", AlertMessage.Attribute.array(alert.checkIds().stream().map(Enum::name).toList()));
        attributes.put("unknownCheckIds", AlertMessage.Attribute.array(alert.unknownCheckIds().stream()
                .map(Enum::name).toList()));
        putIfPresent(attributes, "accountId", alert.accountId());
        putIfPresent(attributes, "region", alert.region());
        return attributes;
    }

    /** The subject: {@code [UNHEALTHY] i-0abc...: SSM ping lost: ConnectionLost - Office LTSC Pro Plus}. */
    public static String subject(Alert alert) {
        return fit("[" + label(alert) + "] " + alert.instanceId() + ":", cause(alert),
                productLabel(alert.products()));
    }

    /** The label in brackets: the verdict, with the transition when it is not NEW. */
    public static String label(Alert alert) {
        return switch (alert.transition()) {
            case NEW -> alert.verdict().name();
            case WORSENED -> alert.verdict().name() + ", worse";
            case REMINDER -> alert.verdict().name() + ", reminder";
            case RESOLVED -> "RESOLVED";
            case TERMINATED -> "TERMINATED";
            case UNCHANGED -> "UNCHANGED";
        };
    }

    private static String cause(Alert alert) {
        return switch (alert.transition()) {
            case NEW, REMINDER -> mainCheck(alert.failingChecks(), List.of());
            case WORSENED -> mainCheck(alert.failingChecks(), alert.newFailingChecks());
            case RESOLVED -> "healthy again" + (alert.failingMinutes() == null ? ""
                    : " after " + duration(alert.failingMinutes()));
            case TERMINATED -> alert.unhealthySince() == null ? goneWord(alert.reason()) + " (was " + alert.verdict()
                    + ")" : goneWord(alert.reason()) + "; " + alert.verdict() + " " + duration(alert.failingMinutes())
                            + (alert.lastKnownCauses().isEmpty() ? "" : " (" + causeId(alert.lastKnownCauses().get(0))
                                    + ")");
            case UNCHANGED -> "";
        };
    }

    private static String mainCheck(List<CheckResult> failing, List<CheckId> preferred) {
        for (CheckResult check : failing) {
            if (preferred.contains(check.id())) {
                return check.summary();
            }
        }
        return failing.isEmpty() ? "failing" : failing.get(0).summary();
    }

    /** A short word for why an instance counts as gone, for the subject (the text gives the whole reason). */
    private static String goneWord(String reason) {
        if (reason == null) {
            return "gone";
        }
        if (reason.startsWith("shutting down")) {
            return "terminating";
        }
        if (reason.startsWith("no longer in the monitored fleet")) {
            return "left the fleet";
        }
        if (reason.startsWith("no longer returned")) {
            return "gone";
        }
        return reason;
    }

    private static String causeId(String cause) {
        int colon = cause.indexOf(':');
        return colon > 0 ? cause.substring(0, colon) : cause;
    }

    /** The readable text for e-mail and the default protocol. */
    public static String text(Alert alert) {
        StringBuilder out = new StringBuilder(2048);
        String products = alert.products().stream().map(Products::displayName).collect(Collectors.joining(", "));
        out.append(label(alert)).append(": ").append(alert.instanceId());
        if (!products.isEmpty()) {
            out.append(" (").append(products).append(')');
        }
        out.append(" in account ").append(alert.accountId()).append(", ").append(alert.region()).append('\n');
        out.append(headline(alert)).append("\n\n");
        // A gone instance has no verdict now (the CLI's table says TERMINATED): say which one it last had.
        out.append(alert.transition() == Transition.TERMINATED ? "Last verdict:    " : "Verdict:         ")
                .append(alert.verdict());
        if (alert.previousVerdict() != null && alert.previousVerdict() != alert.verdict()) {
            out.append(" (was ").append(alert.previousVerdict()).append(')');
        }
        out.append('\n');
        if (alert.unhealthySince() != null) {
            out.append(alert.transition() == Transition.RESOLVED ? "Failing from:    " : "Unhealthy since: ")
                    .append(alert.unhealthySince().truncatedTo(ChronoUnit.SECONDS))
                    .append(" (").append(duration(alert.failingMinutes())).append(')').append('\n');
        } else {
            out.append("Unhealthy since: -\n");
        }
        out.append("Detected at:     ").append(alert.createdAt().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        if (!alert.failingChecks().isEmpty()) {
            out.append("\nWhat failed (worst first):\n");
            int n = 1;
            for (CheckResult check : alert.failingChecks()) {
                out.append(n++).append(". [").append(check.severity()).append("] ").append(check.id())
                        .append(" - ").append(check.summary());
                if (alert.newFailingChecks().contains(check.id()) && alert.transition() == Transition.WORSENED) {
                    out.append("  (new)");
                }
                out.append('\n');
                for (String line : check.evidence()) {
                    out.append("   - ").append(line).append('\n');
                }
                if (check.remediation() != null) {
                    out.append("   How to fix: ").append(check.remediation()).append('\n');
                }
                fixPlan(check, out);
            }
        }
        if (!alert.unknownChecks().isEmpty()) {
            out.append("\nCould not be checked (treat a CRITICAL one as failing until it is known):\n");
            int n = 1;
            for (CheckResult check : alert.unknownChecks()) {
                out.append(n++).append(". [").append(check.severity()).append("] ").append(check.id())
                        .append(" - UNKNOWN: ").append(check.summary()).append('\n');
                for (String line : check.evidence()) {
                    out.append("   - ").append(line).append('\n');
                }
            }
        }
        if (!alert.resolvedChecks().isEmpty()) {
            out.append('\n').append(alert.transition() == Transition.RESOLVED ? "Were failing, pass now: "
                    : "No longer failing: ").append(join(alert.resolvedChecks())).append('\n');
        }
        if (!alert.lastKnownCauses().isEmpty()) {
            out.append("\nWhat was failing when it was last seen:\n");
            alert.lastKnownCauses().forEach(cause -> out.append("- ").append(cause).append('\n'));
        }
        Alert.Links links = alert.links();
        if (links != null) {
            out.append("\nConsole:\n");
            out.append("- Instance:       ").append(links.instance()).append('\n');
            for (String group : links.securityGroups()) {
                out.append("- Security group: ").append(group).append('\n');
            }
            out.append("- Fleet Manager:  ").append(links.fleetManager()).append('\n');
        }
        out.append("\nLicense Manager terminates user-based-subscription instances that stay unhealthy and cannot be")
                .append(" recovered;\nfix the cause before it does.\n");
        out.append("\nAlert ").append(alert.alertId());
        if (alert.scanId() != null) {
            out.append(", scan ").append(alert.scanId());
        }
        out.append(". Severity ").append(alert.severity()).append(", transition ").append(alert.transition())
                .append(".\n");
        return out.toString();
    }

    /** One sentence on what happened ("New problem: the instance started failing."). */
    public static String headline(Alert alert) {
        return switch (alert.transition()) {
            case NEW -> "New problem: the instance started failing.";
            case WORSENED -> "Worse than before: " + alert.reason() + ".";
            case REMINDER -> "Reminder: still failing after " + duration(alert.failingMinutes()) + ".";
            case RESOLVED -> "Resolved: healthy again" + (alert.failingMinutes() == null ? ""
                    : " after " + duration(alert.failingMinutes()) + " failing") + "; every check was evaluated.";
            case TERMINATED -> alert.unhealthySince() == null
                    ? "Gone: " + alert.reason() + ". It was " + alert.verdict() + " when last evaluated."
                    : "Gone: " + alert.reason() + ". It had been " + alert.verdict() + " for "
                            + duration(alert.failingMinutes()) + " (since "
                            + alert.unhealthySince().truncatedTo(ChronoUnit.SECONDS) + ").";
            case UNCHANGED -> "";
        };
    }

    /**
     * A check's fix plan in the text: each change as the AWS CLI command to run (one line, to copy whole) under the
     * line that says why, then the manual steps.
     */
    static void fixPlan(CheckResult check, StringBuilder out) {
        if (check.fix() == null) {
            return;
        }
        if (!check.fix().actions().isEmpty()) {
            out.append("   Fix plan (run in order):\n");
            for (FixAction action : check.fix().actions()) {
                out.append("     # ").append(action.why()).append('\n');
                // E-mail lines stay under 998 characters (RFC 5322); a long command breaks where a shell allows.
                for (String line : ShellCommand.lines(action.command(), "     ", "       ", COMMAND_WIDTH)) {
                    out.append(line).append('\n');
                }
            }
        }
        for (String step : check.fix().manualSteps()) {
            out.append("   Manual step: ").append(step).append('\n');
        }
    }

    /** The JSON alert document ({@value Alert#SCHEMA}). */
    public static String document(Alert alert) {
        return json(alert);
    }

    /** A document as JSON text (the shared mapper; our documents always serialise). */
    static String json(Object document) {
        try {
            return Json.mapper().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One digest message listing the alerts. */
    public static AlertMessage digest(List<Alert> alerts) {
        Map<String, Integer> byLabel = new TreeMap<>();
        for (Alert alert : alerts) {
            byLabel.merge(shortLabel(alert), 1, Integer::sum);
        }
        String counts = byLabel.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> regions = new LinkedHashSet<>();
        alerts.forEach(alert -> {
            accounts.add(String.valueOf(alert.accountId()));
            regions.add(String.valueOf(alert.region()));
        });
        String where = accounts.size() == 1 && regions.size() == 1
                ? " in " + accounts.iterator().next() + "/" + regions.iterator().next() : "";
        String subject = fit("[DIGEST] " + alerts.size() + " alerts" + where + ":", counts, "");

        StringBuilder text = new StringBuilder(256 * alerts.size());
        text.append("Subscription Sentinel: ").append(alerts.size()).append(" alerts in one run").append(where)
                .append(" (").append(counts).append(").\n");
        text.append("One digest instead of ").append(alerts.size())
                .append(" messages; the JSON document (sqs, lambda, https) holds every alert in full.\n\n");
        for (Alert alert : alerts) {
            text.append(subject(alert)).append('\n');
            if (alert.unhealthySince() != null) {
                text.append("    unhealthy since ").append(alert.unhealthySince().truncatedTo(ChronoUnit.SECONDS))
                        .append(" (").append(duration(alert.failingMinutes())).append(')');
            } else {
                text.append("    ").append(alert.reason());
            }
            List<CheckId> ids = alert.checkIds();
            if (!ids.isEmpty()) {
                text.append("; checks: ").append(join(ids));
            }
            if (!alert.unknownChecks().isEmpty()) {
                text.append("; could not be checked: ").append(join(alert.unknownCheckIds()));
            }
            text.append('\n');
            if (alert.links() != null) {
                text.append("    ").append(alert.links().instance()).append('\n');
            }
        }

        ObjectNode document = Json.mapper().createObjectNode();
        document.put("schema", DIGEST_SCHEMA);
        document.put("alertCount", alerts.size());
        ArrayNode items = document.putArray("alerts");
        alerts.forEach(alert -> items.add(Json.mapper().valueToTree(alert)));
        return new AlertMessage(subject, text.toString(), json(document), digestAttributes(alerts),
                alerts.stream().map(Alert::alertId).toList(), true);
    }

    /**
     * The message attributes of a digest: String.Arrays of the alerts' values, so a filter policy matches a digest
     * when it would have matched one of its alerts.
     */
    public static Map<String, AlertMessage.Attribute> digestAttributes(List<Alert> alerts) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> regions = new LinkedHashSet<>();
        alerts.forEach(alert -> {
            accounts.add(String.valueOf(alert.accountId()));
            regions.add(String.valueOf(alert.region()));
        });
        Map<String, AlertMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("severity", AlertMessage.Attribute.array(distinct(alerts, a -> a.severity().name())));
        attributes.put("transition", AlertMessage.Attribute.array(distinct(alerts, a -> a.transition().name())));
        attributes.put("instanceId", AlertMessage.Attribute.array(distinct(alerts, Alert::instanceId)));
        List<String> checkIds = new ArrayList<>(new LinkedHashSet<>(alerts.stream()
                .flatMap(a -> a.checkIds().stream()).sorted().map(Enum::name).toList()));
        attributes.put("checkIds", AlertMessage.Attribute.array(checkIds));
        attributes.put("unknownCheckIds", AlertMessage.Attribute.array(new ArrayList<>(new LinkedHashSet<>(alerts
                .stream().flatMap(a -> a.unknownCheckIds().stream()).sorted().map(Enum::name).toList()))));
        attributes.put("accountId", accounts.size() == 1 ? AlertMessage.Attribute.string(accounts.iterator().next())
                : AlertMessage.Attribute.array(List.copyOf(accounts)));
        attributes.put("region", regions.size() == 1 ? AlertMessage.Attribute.string(regions.iterator().next())
                : AlertMessage.Attribute.array(List.copyOf(regions)));
        return attributes;
    }

    private static String shortLabel(Alert alert) {
        return switch (alert.transition()) {
            case RESOLVED, TERMINATED -> alert.transition().name();
            default -> alert.verdict().name();
        };
    }

    private static List<String> distinct(List<Alert> alerts, Function<Alert, String> value) {
        return List.copyOf(new LinkedHashSet<>(alerts.stream().map(value).toList()));
    }

    private static Alert trimmed(Alert alert, int evidenceLines) {
        return new Alert(alert.schema(), alert.alertId(), alert.transition(), alert.severity(), alert.createdAt(),
                alert.scanId(), alert.accountId(), alert.region(), alert.instanceId(), alert.products(),
                alert.verdict(), alert.previousVerdict(), alert.unhealthySince(), alert.failingMinutes(),
                alert.reason(), trimmed(alert.failingChecks(), evidenceLines),
                trimmed(alert.unknownChecks(), evidenceLines), alert.newFailingChecks(), alert.resolvedChecks(),
                alert.lastKnownCauses(), alert.links());
    }

    private static List<CheckResult> trimmed(List<CheckResult> checks, int evidenceLines) {
        return checks.stream()
                .map(c -> new CheckResult(c.id(), c.status(), c.severity(), c.summary(),
                        c.evidence().stream().limit(evidenceLines).toList(), c.remediation()).withFix(c.fix()))
                .toList();
    }

    private static String productLabel(List<String> products) {
        if (products.isEmpty()) {
            return "";
        }
        String first = Products.displayName(products.get(0));
        return products.size() == 1 ? first : first + " +" + (products.size() - 1);
    }

    /**
     * {@code head + " " + body + " - " + product}, sanitised to printable ASCII and cut to the subject limit: the body
     * is shortened first, then the product goes, and the head is always kept.
     */
    private static String fit(String head, String body, String product) {
        String first = Sanitizer.asciiLine(head, MAX_SUBJECT);
        String tail = product.isEmpty() ? "" : PRODUCT_SEPARATOR + Sanitizer.asciiLine(product, MAX_SUBJECT);
        String middle = Sanitizer.asciiLine(body, MAX_SUBJECT);
        int room = MAX_SUBJECT - first.length() - 1 - tail.length();
        if (room < 12 && !tail.isEmpty()) {
            tail = "";
            room = MAX_SUBJECT - first.length() - 1;
        }
        if (middle.length() > room) {
            middle = Sanitizer.line(middle, Math.max(0, room));
        }
        String subject = middle.isEmpty() ? first + tail : first + " " + middle + tail;
        return subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject;
    }

    private static void putIfPresent(Map<String, AlertMessage.Attribute> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, AlertMessage.Attribute.string(value));
        }
    }

    private static String join(List<CheckId> ids) {
        return ids.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    /** "5 min", "2 h 5 min", "3 d 4 h". */
    public static String duration(Long minutes) {
        if (minutes == null) {
            return "-";
        }
        Duration d = Duration.ofMinutes(Math.max(0, minutes));
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " min";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }
}
