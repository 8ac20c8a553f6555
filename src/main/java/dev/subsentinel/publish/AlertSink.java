package dev.subsentinel.publish;

import java.util.List;

/**
 * Where alerts go: SNS in production ({@link SnsAlertPublisher}), standard output in a dry run
 * ({@link SnsAlertPublisher#dryRun}). A sink never throws for an alert it could not send: it reports the failure in
 * that alert's {@link Delivery}, and the tracker keeps the alert for the next run.
 */
public interface AlertSink {

    /**
     * Sends the alerts of one run, oldest first.
     *
     * @return one delivery per alert, in any order: accepted with the message id, or failed with the reason
     */
    List<Delivery> send(List<Alert> alerts);

    /**
     * The outcome for one alert.
     *
     * @param alertId   the alert
     * @param messageId the SNS MessageId when SNS accepted it (a digest's id for an alert sent in a digest); null when
     *                  it failed
     * @param error     why it failed; null when accepted
     */
    record Delivery(String alertId, String messageId, String error) {

        /** An accepted delivery. */
        public static Delivery accepted(String alertId, String messageId) {
            return new Delivery(alertId, messageId, null);
        }

        /** A failed delivery. */
        public static Delivery failed(String alertId, String error) {
            return new Delivery(alertId, null, error);
        }

        /** Whether SNS accepted the alert. */
        public boolean accepted() {
            return messageId != null;
        }
    }
}
