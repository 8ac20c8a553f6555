package dev.subsentinel.track;

import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An {@link AlertSink} that keeps what it was given; it can be told to fail, or to do something while sending. */
final class RecordingSink implements AlertSink {

    private final List<Alert> sent = new ArrayList<>();
    private int failures;
    private int messages;
    private Consumer<List<Alert>> during = alerts -> { };

    /** The next {@code count} sends fail. */
    RecordingSink failNext(int count) {
        failures = count;
        return this;
    }

    /** Runs {@code action} inside the next sends, before answering. */
    RecordingSink during(Consumer<List<Alert>> action) {
        during = action;
        return this;
    }

    @Override
    public List<Delivery> send(List<Alert> alerts) {
        during.accept(alerts);
        synchronized (this) {
            List<Delivery> out = new ArrayList<>();
            for (Alert alert : alerts) {
                if (failures > 0) {
                    failures--;
                    out.add(Delivery.failed(alert.alertId(), "InternalErrorException: injected"));
                } else {
                    sent.add(alert);
                    out.add(Delivery.accepted(alert.alertId(), "m-" + ++messages));
                }
            }
            return out;
        }
    }

    /** Everything accepted so far, in order. */
    synchronized List<Alert> sent() {
        return List.copyOf(sent);
    }
}
