package dev.subsentinel.track;

import dev.subsentinel.publish.Channel;
import dev.subsentinel.publish.FleetMetrics;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Tracker#deliver} did: the alert topic's outcome in the top-level fields (as before other channels
 * existed), and every channel that had a sink in {@link #channels}.
 *
 * @param sent     alerts SNS accepted on the alert topic and that are recorded as sent (the {@code AlertsPublished}
 *                 metric)
 * @param failed   alerts whose publish failed; they stay in the outbox for the next run
 * @param skipped  alerts another live run had claimed (it sends them)
 * @param lost     alerts SNS accepted but whose claim had lapsed and been taken over (the other run may send them
 *                 again; logged)
 * @param messages SNS messages accepted (a digest carries several alerts)
 * @param errors   the distinct publish errors
 * @param channels the outcome per channel (the alert topic's too), for the channels the run had a sink for
 */
public record DeliveryResult(int sent, int failed, int skipped, int lost, int messages, List<String> errors,
        Map<Channel, ChannelResult> channels) implements FleetMetrics.DeliveryCounts {

    /** Nothing to deliver. */
    public static final DeliveryResult NONE = new DeliveryResult(0, 0, 0, 0, 0, List.of());

    public DeliveryResult {
        errors = List.copyOf(errors);
        channels = channels == null || channels.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(channels));
    }

    /** The alert topic's outcome only. */
    public DeliveryResult(int sent, int failed, int skipped, int lost, int messages, List<String> errors) {
        this(sent, failed, skipped, lost, messages, errors, Map.of());
    }

    @Override
    public int delivered(Channel channel) {
        return channel(channel).sent();
    }

    @Override
    public int failures(Channel channel) {
        return channel(channel).failed();
    }

    /** One channel's outcome; {@link ChannelResult#NONE} for a channel that had nothing to send or no sink. */
    public ChannelResult channel(Channel channel) {
        return channels.getOrDefault(channel, ChannelResult.NONE);
    }

    /**
     * What happened to one channel's alerts.
     *
     * @param sent    accepted by the channel's service and recorded as sent
     * @param failed  not accepted (they stay in the outbox for the next run)
     * @param skipped claimed by another live run
     * @param lost    accepted, but the claim had lapsed (another run may send them again)
     * @param errors  the distinct errors
     */
    public record ChannelResult(int sent, int failed, int skipped, int lost, List<String> errors) {

        /** Nothing sent, nothing failed. */
        public static final ChannelResult NONE = new ChannelResult(0, 0, 0, 0, List.of());

        public ChannelResult {
            errors = List.copyOf(errors);
        }
    }
}
