package dev.subsentinel.app.multi;

import java.util.List;
import java.util.Map;

/** Where scan targets go: the worker's SQS queue ({@link SqsTargetQueue}). */
public interface TargetQueue {

    /**
     * Sends the messages.
     *
     * @return the messages that were not sent, each with the reason (empty when all were)
     */
    Map<TargetMessage, String> send(List<TargetMessage> messages);
}
