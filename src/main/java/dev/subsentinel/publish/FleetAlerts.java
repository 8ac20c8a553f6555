package dev.subsentinel.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.core.Products;
import dev.subsentinel.core.Transition;
import dev.subsentinel.core.report.CheckResult;
import dev.subsentinel.core.report.Severity;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fleet-level problems alert once. When one cause breaks many instances (a directory that is not Active, the
 * service-linked role missing, a registration that failed, License Manager's interfaces gone, the domain controllers'
 * group blocking everyone), the run's alerts about them become one message that names the cause and lists the
 * instances, instead of one message per instance with the same evidence.
 *
 * <p><b>Grouping rule.</b> Alerts of one run with the same transition and the same non-empty
 * {@link Alert#fleetCauses()} (every cause of the alert is fleet-level, and they are the same causes) form a group;
 * a group of at least {@value #MIN_GROUP} alerts is one message (split only when it would exceed the SNS size
 * limit). An instance that also fails for a reason of its own keeps its own alert, so nothing it says is lost. For
 * RESOLVED the causes are those of the incident that ended, so the recovery of the shared resource is one message
 * too. The rest go out as before ({@link AlertRenderer#messages}: one each, or digests above the threshold).
 *
 * <p>Tracking is untouched: every instance keeps its own state, transition and outbox entry, each alert of a group
 * is confirmed with the group message's id once SNS accepted it, and the metrics count every instance.
 */
public final class FleetAlerts {

    /** The fewest alerts that share a cause to be sent as one message. */
    public static final int MIN_GROUP = 2;
    /** The schema of a fleet alert document. */
    public static final String SCHEMA = "subscription-sentinel/fleet-alert/v1";

    private record Key(Transition transition, List<String> causes) {
    }

    private FleetAlerts() {
    }

    /** The alert topic's messages for the alerts of one run ({@link AlertRenderer#SNS}). */
    public static List<AlertMessage> messages(List<Alert> alerts, int digestThreshold) {
        return messages(alerts, digestThreshold, AlertRenderer.SNS);
    }

    /**
     * The messages for the alerts of one run, drawn by a channel's renderer: one per fleet-level cause shared by
     * several alerts, then the rest ({@link #ungrouped}).
     */
    public static List<AlertMessage> messages(List<Alert> alerts, int digestThreshold, MessageRenderer renderer) {
        Map<Key, List<Alert>> groups = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            if (!alert.fleetCauses().isEmpty()) {
                groups.computeIfAbsent(new Key(alert.transition(), alert.fleetCauses()), k -> new ArrayList<>())
                        .add(alert);
            }
        }
        Set<String> grouped = new LinkedHashSet<>();
        List<AlertMessage> out = new ArrayList<>();
        for (List<Alert> group : groups.values()) {
            if (group.size() >= MIN_GROUP) {
                out.addAll(renderer.fleet(group));
                group.forEach(alert -> grouped.add(alert.alertId()));
            }
        }
        List<Alert> rest = alerts.stream().filter(alert -> !grouped.contains(alert.alertId())).toList();
        out.addAll(ungrouped(rest, digestThreshold, renderer));
        return out;
    }

    /** Alerts that share no cause: one message each when there are at most {@code digestThreshold}, else digests. */
    public static List<AlertMessage> ungrouped(List<Alert> alerts, int digestThreshold, MessageRenderer renderer) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        if (alerts.size() <= digestThreshold) {
            return alerts.stream().map(renderer::single).toList();
        }
        return renderer.digests(alerts);
    }

    /** One message for alerts that share their transition and fleet-level causes. */
    public static AlertMessage group(List<Alert> alerts) {
        Alert first = alerts.get(0);
        List<String> causes = first.fleetCauses();
        String label = AlertRenderer.label(first);
        String where = first.accountId() + "/" + first.region();
        String subject = subject(alerts);
        Severity severity = alerts.stream().map(Alert::severity).min(Enum::compareTo).orElse(first.severity());

        StringBuilder text = new StringBuilder(512 + 160 * alerts.size());
        text.append(label).append(": ").append(alerts.size()).append(" instances in account ")
                .append(first.accountId()).append(", ").append(first.region()).append(" share one cause\n");
        text.append(first.transition() == Transition.RESOLVED
                ? "Resolved: the shared cause is gone and every instance below is healthy again.\n"
                : "One resource breaks every instance below; fix it once.\n");
        text.append(first.transition() == Transition.RESOLVED ? "\nWhat had failed:\n" : "\nCause:\n");
        if (first.transition() == Transition.RESOLVED) {
            causes.forEach(line -> text.append("- ").append(line).append('\n'));
        } else {
            int n = 1;
            for (CheckResult check : first.failingChecks()) {
                text.append(n++).append(". [").append(check.severity()).append("] ").append(check.id())
                        .append(" - ").append(check.summary()).append('\n');
                for (String line : check.evidence()) {
                    text.append("   - ").append(line).append('\n');
                }
                if (check.remediation() != null) {
                    text.append("   How to fix: ").append(check.remediation()).append('\n');
                }
            }
            text.append("   (evidence as seen from ").append(first.instanceId()).append(")\n");
        }
        text.append("\nInstances (").append(alerts.size()).append("):\n");
        for (Alert alert : alerts) {
            text.append("- ").append(alert.instanceId());
            String products = alert.products().stream().map(Products::displayName)
                    .collect(Collectors.joining(", "));
            if (!products.isEmpty()) {
                text.append(" (").append(products).append(')');
            }
            if (alert.unhealthySince() != null) {
                text.append(alert.transition() == Transition.RESOLVED ? ", failing from " : ", unhealthy since ")
                        .append(alert.unhealthySince().truncatedTo(ChronoUnit.SECONDS));
            }
            text.append('\n');
        }
        text.append("\nEach instance keeps its own state and transition (").append(first.transition())
                .append("); one message instead of ").append(alerts.size()).append(". Severity ").append(severity)
                .append(", ").append(where).append(".\n");

        ObjectNode document = Json.mapper().createObjectNode();
        document.put("schema", SCHEMA);
        document.put("transition", first.transition().name());
        document.put("severity", severity.name());
        document.put("accountId", first.accountId());
        document.put("region", first.region());
        ArrayNode causeNodes = document.putArray("causes");
        causes.forEach(causeNodes::add);
        document.put("instanceCount", alerts.size());
        ArrayNode ids = document.putArray("instanceIds");
        alerts.forEach(alert -> ids.add(alert.instanceId()));
        document.set("failingChecks", Json.mapper().valueToTree(first.failingChecks()));
        ArrayNode items = document.putArray("alerts");
        for (Alert alert : alerts) {
            ObjectNode item = items.addObject();
            item.put("alertId", alert.alertId());
            item.put("instanceId", alert.instanceId());
            item.set("products", Json.mapper().valueToTree(alert.products()));
            item.put("verdict", alert.verdict().name());
            if (alert.unhealthySince() != null) {
                item.put("unhealthySince", alert.unhealthySince().toString());
            }
            if (alert.failingMinutes() != null) {
                item.put("failingMinutes", alert.failingMinutes());
            }
            item.put("instanceLink", alert.links() == null ? null : alert.links().instance());
        }
        return new AlertMessage(subject, text.toString(), AlertRenderer.json(document), attributes(alerts),
                alerts.stream().map(Alert::alertId).toList(), true);
    }

    /** The message attributes of a fleet message (the chat topic's carry the same). */
    public static Map<String, AlertMessage.Attribute> attributes(List<Alert> alerts) {
        Alert first = alerts.get(0);
        List<String> causes = first.fleetCauses();
        Severity severity = alerts.stream().map(Alert::severity).min(Enum::compareTo).orElse(first.severity());
        Map<String, AlertMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("severity", AlertMessage.Attribute.string(severity.name()));
        attributes.put("transition", AlertMessage.Attribute.string(first.transition().name()));
        attributes.put("instanceId", AlertMessage.Attribute.array(alerts.stream().map(Alert::instanceId).toList()));
        attributes.put("checkIds", AlertMessage.Attribute.array(List.copyOf(new LinkedHashSet<>(causes.stream()
                .map(FleetAlerts::checkId).toList()))));
        attributes.put("accountId", AlertMessage.Attribute.string(String.valueOf(first.accountId())));
        attributes.put("region", AlertMessage.Attribute.string(String.valueOf(first.region())));
        return attributes;
    }

    /** The subject of a fleet message: {@code [UNHEALTHY] 3 instances: directory d-1 (corp) is Impaired}. */
    public static String subject(List<Alert> alerts) {
        List<String> causes = alerts.get(0).fleetCauses();
        String cause = causeText(causes.get(0)) + (causes.size() > 1 ? " (+" + (causes.size() - 1) + ")" : "");
        return fit("[" + AlertRenderer.label(alerts.get(0)) + "] " + alerts.size() + " instances: " + cause);
    }

    private static String checkId(String causeLine) {
        int colon = causeLine.indexOf(": ");
        return colon > 0 ? causeLine.substring(0, colon) : causeLine;
    }

    private static String causeText(String causeLine) {
        int colon = causeLine.indexOf(": ");
        return colon > 0 ? causeLine.substring(colon + 2) : causeLine;
    }

    /** A subject of printable ASCII, at most {@link AlertRenderer#MAX_SUBJECT} characters. */
    private static String fit(String subject) {
        String ascii = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= AlertRenderer.MAX_SUBJECT ? ascii
                : ascii.substring(0, AlertRenderer.MAX_SUBJECT - 3) + "...";
    }
}
