package dev.subsentinel.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a topic's messages look. {@link FleetAlerts#messages(List, int, MessageRenderer)} decides which alerts of a run
 * go together (one message per fleet-level cause shared by several alerts, the rest one each, or digests above the
 * threshold), the renderer draws them: {@link AlertRenderer#SNS} for the alert topic, {@code ChatNotifications} for
 * the chat topic. Each method splits its alerts over several messages when one would be too large for the channel.
 */
public interface MessageRenderer {

    /** The message of one alert. */
    AlertMessage single(Alert alert);

    /** The digests of alerts (more than the threshold in one run): one, or several when one would be too large. */
    List<AlertMessage> digests(List<Alert> alerts);

    /** The messages of alerts that share their transition and fleet-level causes: one unless it would be too large. */
    List<AlertMessage> fleet(List<Alert> alerts);

    /**
     * Renders the alerts as one message, or halves them until every message fits (a single alert that does not fit
     * is rendered by {@code last}).
     */
    static List<AlertMessage> halving(List<Alert> alerts, Function<List<Alert>, AlertMessage> render,
            Predicate<AlertMessage> fits, Function<Alert, AlertMessage> last) {
        List<AlertMessage> out = new ArrayList<>();
        halve(alerts, render, fits, last, out);
        return out;
    }

    private static void halve(List<Alert> alerts, Function<List<Alert>, AlertMessage> render,
            Predicate<AlertMessage> fits, Function<Alert, AlertMessage> last, List<AlertMessage> out) {
        AlertMessage message = render.apply(alerts);
        if (fits.test(message)) {
            out.add(message);
            return;
        }
        if (alerts.size() == 1) {
            out.add(last.apply(alerts.get(0)));
            return;
        }
        int half = alerts.size() / 2;
        halve(alerts.subList(0, half), render, fits, last, out);
        halve(alerts.subList(half, alerts.size()), render, fits, last, out);
    }
}
