package dev.subsentinel.track;

import java.util.List;

/**
 * What {@link Tracker#deliver} did.
 *
 * @param sent     alerts SNS accepted and that are recorded as sent (the {@code AlertsPublished} metric)
 * @param failed   alerts whose publish failed; they stay in the outbox for the next run
 * @param skipped  alerts another live run had claimed (it sends them)
 * @param lost     alerts SNS accepted but whose claim had lapsed and been taken over (the other run may send them
 *                 again; logged)
 * @param messages SNS messages accepted (a digest carries several alerts)
 * @param errors   the distinct publish errors
 */
public record DeliveryResult(int sent, int failed, int skipped, int lost, int messages, List<String> errors) {

    /** Nothing to deliver. */
    public static final DeliveryResult NONE = new DeliveryResult(0, 0, 0, 0, 0, List.of());

    public DeliveryResult {
        errors = List.copyOf(errors);
    }
}
