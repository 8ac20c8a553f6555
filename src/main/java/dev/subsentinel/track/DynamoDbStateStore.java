package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The tracking table in DynamoDB. One item per instance:
 *
 * <table>
 * <caption>Item attributes</caption>
 * <tr><th>attribute</th><th>type</th><th>meaning</th></tr>
 * <tr><td>accountRegion</td><td>S</td><td>partition key: {@code 123456789012#eu-west-1}</td></tr>
 * <tr><td>instanceId</td><td>S</td><td>sort key</td></tr>
 * <tr><td>accountId, region</td><td>S</td><td>the parts of the partition key</td></tr>
 * <tr><td>verdict</td><td>S</td><td>last conclusive verdict</td></tr>
 * <tr><td>observedVerdict</td><td>S</td><td>verdict of the last evaluation</td></tr>
 * <tr><td>failingChecks</td><td>L of S</td><td>check ids failing in the open incident</td></tr>
 * <tr><td>causes</td><td>L of S</td><td>one line per failing check, worst first</td></tr>
 * <tr><td>products</td><td>L of S</td><td>LM-US products</td></tr>
 * <tr><td>unhealthySince</td><td>S (ISO-8601)</td><td>start of the open incident; absent when not failing</td></tr>
 * <tr><td>lastAlertAt</td><td>S (ISO-8601)</td><td>when SNS last accepted an alert about it</td></tr>
 * <tr><td>lastAlertMessageId</td><td>S</td><td>that alert's MessageId</td></tr>
 * <tr><td>lastEvaluatedAt</td><td>S (ISO-8601)</td><td>last evaluation</td></tr>
 * <tr><td>terminatedAt</td><td>S (ISO-8601)</td><td>when it was found gone</td></tr>
 * <tr><td>lastTransition</td><td>S</td><td>last alerting transition</td></tr>
 * <tr><td>lastScanId</td><td>S</td><td>run that last wrote the state</td></tr>
 * <tr><td>version</td><td>N</td><td>incremented by every write; the condition of every state write</td></tr>
 * <tr><td>expiresAt</td><td>N (epoch seconds)</td><td>TTL attribute; set only on rows of gone instances</td></tr>
 * <tr><td>outbox</td><td>M</td><td>entry id &rarr; M {transition S, createdAt S, document S (alert JSON), attempts N,
 * claimToken S, claimedUntil N (epoch ms), lastError S, channel S (absent: the alert topic)}: alerts not yet accepted
 * by their channel (the entry id is the alert id for the alert topic, {@code <alertId>/chat} and
 * {@code <alertId>/securityhub} for the other channels)</td></tr>
 * </table>
 *
 * <h2>Batches</h2>
 * {@link #getAll} is {@code BatchGetItem} with {@code ConsistentRead} (up to 100 keys a call; {@code UnprocessedKeys}
 * are asked for again). {@link #putAll} and {@link #confirmAll} are {@code TransactWriteItems} of up to 100 items and
 * {@value #MAX_TRANSACTION_BYTES} bytes, each item carrying its own condition (the version for a Put, the claim token
 * for an Update). A transaction is all or nothing, the port's outcome is per row: when DynamoDB cancels one, its
 * {@code CancellationReasons} say which items failed their condition (reported as conflicts, or confirmed one by one)
 * and which were cancelled only because of the others ({@code None}, or a transient reason such as
 * {@code TransactionConflict}); those are written again in a new transaction. The SDK gives every transaction a
 * {@code ClientRequestToken}, so its own retry of a transaction that did succeed is not mistaken for a lost race. A
 * batch of one item is a plain
 * {@code PutItem}/{@code UpdateItem} with the same condition: a transaction costs twice the write capacity of the
 * same writes outside one, which only buys fewer calls when there are several.
 */
public final class DynamoDbStateStore implements StateStore {

    /** The partition key attribute. */
    public static final String PARTITION_KEY = "accountRegion";
    /** The sort key attribute. */
    public static final String SORT_KEY = "instanceId";
    /** The TTL attribute. */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /**
     * The IAM actions the adapter needs on the table (granted by TrackingAndAlertingPolicy in template.yaml): its
     * operations, with TransactWriteItems authorised per item as PutItem (state writes) and UpdateItem (confirms).
     */
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:BatchGetItem", "dynamodb:GetItem",
            "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem");

    /** Most keys in one BatchGetItem and most items in one TransactWriteItems. */
    static final int MAX_BATCH = 100;
    /** Most bytes of items in one transaction, below DynamoDB's 4 MB. */
    static final int MAX_TRANSACTION_BYTES = 3_500_000;
    /** How often a batch is sent again while DynamoDB answers only part of it (unprocessed keys, transient cancels). */
    static final int MAX_BATCH_ROUNDS = 8;

    private static final String OUTBOX = "outbox";
    private static final String VERSION = "version";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** Cancellation reasons of an item that a later transaction may not meet (the item did nothing wrong). */
    private static final Set<String> TRANSIENT = Set.of("None", "TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private final DynamoDbClient dynamo;
    private final String table;

    /** An adapter for a table (key schema as in template.yaml). */
    public DynamoDbStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<StoredState> list(String accountId, String region) {
        List<StoredState> rows = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", s(InstanceKey.partition(accountId, region))))
                .consistentRead(true)
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> rows.add(fromItem(item)));
        return rows;
    }

    @Override
    public StoredState get(InstanceKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(table).key(key(key)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    @Override
    public Map<InstanceKey, StoredState> getAll(Collection<InstanceKey> keys) {
        Map<InstanceKey, StoredState> rows = new LinkedHashMap<>();
        List<InstanceKey> distinct = List.copyOf(new LinkedHashSet<>(keys));
        for (int from = 0; from < distinct.size(); from += MAX_BATCH) {
            List<Map<String, AttributeValue>> batch = distinct.subList(from, Math.min(distinct.size(),
                    from + MAX_BATCH)).stream().map(DynamoDbStateStore::key).toList();
            for (int round = 1; !batch.isEmpty(); round++) {
                if (round > MAX_BATCH_ROUNDS) {
                    throw new IllegalStateException("DynamoDB left " + batch.size() + " keys of " + table
                            + " unprocessed " + MAX_BATCH_ROUNDS + " times (throttled); retry later");
                }
                pause(round);
                List<Map<String, AttributeValue>> request = batch;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(request).consistentRead(true).build())));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    StoredState row = fromItem(item);
                    rows.put(row.key(), row);
                }
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                batch = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        Map<InstanceKey, StoredState> ordered = new LinkedHashMap<>();
        for (InstanceKey key : distinct) {
            if (rows.containsKey(key)) {
                ordered.put(key, rows.get(key));
            }
        }
        return ordered;
    }

    @Override
    public boolean put(StoredState row, long expectedVersion) {
        return write(List.of(TransactWriteItem.builder().put(putOf(row, expectedVersion)).build())).isEmpty();
    }

    @Override
    public Set<InstanceKey> putAll(List<Write> writes) {
        Write.requireDistinctKeys(writes);
        List<TransactWriteItem> items = writes.stream().map(w -> TransactWriteItem.builder()
                .put(putOf(w.row(), w.expectedVersion())).build()).toList();
        Set<InstanceKey> conflicts = new LinkedHashSet<>();
        for (int index : write(items)) {
            conflicts.add(writes.get(index).row().key());
        }
        return conflicts;
    }

    private Put putOf(StoredState row, long expectedVersion) {
        Put.Builder put = Put.builder()
                .tableName(table)
                .item(toItem(row.with(row.outbox(), expectedVersion + 1)));
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY));
        } else {
            put.conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        return put.build();
    }

    @Override
    public Set<String> confirmAll(List<Confirmation> confirmations, String token, Instant sentAt) {
        Map<InstanceKey, Map<String, String>> byRow = new LinkedHashMap<>();
        for (Confirmation confirmation : confirmations) {
            byRow.computeIfAbsent(confirmation.key(), k -> new LinkedHashMap<>())
                    .put(confirmation.alertId(), confirmation.messageId());
        }
        List<InstanceKey> keys = List.copyOf(byRow.keySet());
        List<TransactWriteItem> items = new ArrayList<>(keys.size());
        for (InstanceKey key : keys) {
            items.add(TransactWriteItem.builder().update(confirmation(key, byRow.get(key), token, sentAt)).build());
        }
        Set<String> lost = new LinkedHashSet<>();
        for (int index : write(items)) {
            Map<String, String> alerts = byRow.get(keys.get(index));
            if (alerts.size() == 1) {
                lost.addAll(alerts.keySet());
                continue;
            }
            alerts.forEach((alertId, messageId) -> {
                if (!confirm(keys.get(index), alertId, token, sentAt, messageId)) {
                    lost.add(alertId);
                }
            });
        }
        return lost;
    }

    /** One update recording all the given alerts of a row as sent, if every one of them is still claimed. */
    private Update confirmation(InstanceKey key, Map<String, String> alerts, String token, Instant sentAt) {
        Map<String, String> names = new HashMap<>();
        names.put("#o", OUTBOX);
        names.put("#v", VERSION);
        names.put("#t", "claimToken");
        List<String> removes = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        String messageId = null;
        int i = 0;
        for (Map.Entry<String, String> alert : alerts.entrySet()) {
            String name = "#a" + i++;
            names.put(name, alert.getKey());
            removes.add("#o." + name);
            conditions.add("#o." + name + ".#t = :token");
            messageId = alert.getValue() != null ? alert.getValue() : messageId;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":token", s(token));
        values.put(":one", n(1));
        if (messageId != null) {
            values.put(":sent", s(sentAt.toString()));
            values.put(":mid", s(messageId));
        }
        return Update.builder()
                .tableName(table)
                .key(key(key))
                .updateExpression("REMOVE " + String.join(", ", removes) + " SET "
                        + (messageId != null ? "lastAlertAt = :sent, lastAlertMessageId = :mid, " : "")
                        + "#v = #v + :one")
                .conditionExpression(String.join(" AND ", conditions))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /**
     * Writes the items (at most one per row), in transactions of up to {@value #MAX_BATCH} items and
     * {@value #MAX_TRANSACTION_BYTES} bytes, and answers the indexes of the items whose condition failed; every other
     * item is written. Items cancelled for a transient reason are sent again in the next transaction.
     */
    private Set<Integer> write(List<TransactWriteItem> items) {
        Set<Integer> failed = new TreeSet<>();
        Deque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < items.size(); i++) {
            queue.add(i);
        }
        int fruitless = 0;
        while (!queue.isEmpty()) {
            List<Integer> chunk = nextChunk(queue, items);
            List<Integer> retry = new ArrayList<>();
            if (chunk.size() == 1) {
                if (!writeOne(items.get(chunk.get(0)))) {
                    failed.add(chunk.get(0));
                }
                continue;
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(chunk.stream().map(items::get).toList()));
                fruitless = 0;
                continue;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != chunk.size()) {
                    throw e;
                }
                for (int i = 0; i < chunk.size(); i++) {
                    String code = reasons.get(i).code();
                    if (CONDITION_FAILED.equals(code)) {
                        failed.add(chunk.get(i));
                    } else if (code == null || TRANSIENT.contains(code)) {
                        retry.add(chunk.get(i));
                    } else {
                        throw e;
                    }
                }
                fruitless = retry.size() == chunk.size() ? fruitless + 1 : 0;
                if (fruitless >= MAX_BATCH_ROUNDS) {
                    throw e;
                }
            }
            for (int i = retry.size() - 1; i >= 0; i--) {
                queue.addFirst(retry.get(i));
            }
            pause(fruitless + 1);
        }
        return failed;
    }

    /** The next items of the queue that fit in one transaction (at least one). */
    private static List<Integer> nextChunk(Deque<Integer> queue, List<TransactWriteItem> items) {
        List<Integer> chunk = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && chunk.size() < MAX_BATCH) {
            long size = size(items.get(queue.peekFirst()));
            if (!chunk.isEmpty() && bytes + size > MAX_TRANSACTION_BYTES) {
                break;
            }
            bytes += size;
            chunk.add(queue.pollFirst());
        }
        return chunk;
    }

    /** One item outside a transaction, with its condition: false when the condition failed. */
    private boolean writeOne(TransactWriteItem item) {
        try {
            if (item.put() != null) {
                Put put = item.put();
                dynamo.putItem(PutItemRequest.builder().tableName(put.tableName()).item(put.item())
                        .conditionExpression(put.conditionExpression())
                        .expressionAttributeNames(put.expressionAttributeNames())
                        .expressionAttributeValues(put.hasExpressionAttributeValues()
                                ? put.expressionAttributeValues() : null)
                        .build());
            } else {
                Update update = item.update();
                dynamo.updateItem(UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues())
                        .build());
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Waits a little before asking again for what DynamoDB left out under load (not before the first round). */
    private static void pause(int round) {
        if (round <= 1) {
            return;
        }
        try {
            Thread.sleep(Math.min(1_000L, 25L << Math.min(round, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a DynamoDB batch", e);
        }
    }

    /** The approximate size DynamoDB counts for a transaction item: attribute names and values, in bytes. */
    static long size(TransactWriteItem item) {
        if (item.put() != null) {
            return size(item.put().item());
        }
        return 1_024;
    }

    private static long size(Map<String, AttributeValue> attributes) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + size(attribute.getValue());
        }
        return bytes;
    }

    private static long size(AttributeValue value) {
        if (value.s() != null) {
            return value.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (value.n() != null) {
            return value.n().length();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToLong(v -> 1 + size(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().size() + size(value.m());
        }
        return 1;
    }

    @Override
    public boolean claim(InstanceKey key, String alertId, String token, Instant now, Instant until) {
        return update(key, "SET #o.#id.#t = :token, #o.#id.#u = :until, #o.#id.#a = #o.#id.#a + :one, #v = #v + :one",
                "attribute_exists(#o.#id) AND (attribute_not_exists(#o.#id.#u) OR #o.#id.#u < :now)",
                names(alertId, "#t", "claimToken", "#u", "claimedUntil", "#a", "attempts"),
                values(":token", s(token), ":until", n(until.toEpochMilli()), ":now", n(now.toEpochMilli())));
    }

    @Override
    public boolean confirm(InstanceKey key, String alertId, String token, Instant sentAt, String messageId) {
        if (messageId == null) {
            return update(key, "REMOVE #o.#id SET #v = #v + :one", "#o.#id.#t = :token",
                    names(alertId, "#t", "claimToken"), values(":token", s(token)));
        }
        return update(key, "REMOVE #o.#id SET lastAlertAt = :sent, lastAlertMessageId = :mid, #v = #v + :one",
                "#o.#id.#t = :token",
                names(alertId, "#t", "claimToken"),
                values(":token", s(token), ":sent", s(sentAt.toString()), ":mid", s(messageId)));
    }

    @Override
    public boolean release(InstanceKey key, String alertId, String token, String error) {
        return update(key, "REMOVE #o.#id.#t, #o.#id.#u SET #o.#id.#e = :error, #v = #v + :one",
                "#o.#id.#t = :token",
                names(alertId, "#t", "claimToken", "#u", "claimedUntil", "#e", "lastError"),
                values(":token", s(token), ":error", s(error == null ? "unknown error" : error)));
    }

    private boolean update(InstanceKey key, String expression, String condition, Map<String, String> names,
            Map<String, AttributeValue> values) {
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":one", n(1));
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(key))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(allValues)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, String> names(String alertId, String... pairs) {
        Map<String, String> names = new HashMap<>();
        names.put("#o", OUTBOX);
        names.put("#id", alertId);
        names.put("#v", VERSION);
        for (int i = 0; i < pairs.length; i += 2) {
            names.put(pairs[i], pairs[i + 1]);
        }
        return names;
    }

    private static Map<String, AttributeValue> values(Object... pairs) {
        Map<String, AttributeValue> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return values;
    }

    private static Map<String, AttributeValue> key(InstanceKey key) {
        return Map.of(PARTITION_KEY, s(key.partition()), SORT_KEY, s(key.instanceId()));
    }

    /** The item for a row (exposed for tests that look at the table itself). */
    static Map<String, AttributeValue> toItem(StoredState row) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(row.key()));
        TransitionState state = row.state();
        item.put("accountId", s(row.key().accountId()));
        item.put("region", s(row.key().region()));
        item.put("verdict", s(state.verdict().name()));
        item.put("observedVerdict", s(state.observedVerdict().name()));
        item.put("failingChecks", list(state.failingChecks().stream().map(Enum::name).toList()));
        item.put("causes", list(state.causes()));
        item.put("products", list(state.products()));
        putTime(item, "unhealthySince", state.unhealthySince());
        putTime(item, "lastAlertAt", state.lastAlertAt());
        putTime(item, "lastEvaluatedAt", state.lastEvaluatedAt());
        putTime(item, "terminatedAt", state.terminatedAt());
        if (row.lastTransition() != null) {
            item.put("lastTransition", s(row.lastTransition().name()));
        }
        if (row.lastScanId() != null) {
            item.put("lastScanId", s(row.lastScanId()));
        }
        if (row.lastAlertMessageId() != null) {
            item.put("lastAlertMessageId", s(row.lastAlertMessageId()));
        }
        item.put(VERSION, n(row.version()));
        if (row.expiresAt() != null) {
            item.put(TTL_ATTRIBUTE, n(row.expiresAt().getEpochSecond()));
        }
        Map<String, AttributeValue> outbox = new LinkedHashMap<>();
        for (OutboxEntry entry : row.outbox()) {
            Map<String, AttributeValue> value = new LinkedHashMap<>();
            value.put("transition", s(entry.transition().name()));
            value.put("createdAt", s(entry.createdAt().toString()));
            value.put("document", s(entry.document()));
            value.put("attempts", n(entry.attempts()));
            if (entry.claimToken() != null) {
                value.put("claimToken", s(entry.claimToken()));
            }
            if (entry.claimedUntil() != null) {
                value.put("claimedUntil", n(entry.claimedUntil().toEpochMilli()));
            }
            if (entry.lastError() != null) {
                value.put("lastError", s(entry.lastError()));
            }
            if (entry.channel() != Channel.ALERTS) {
                value.put("channel", s(entry.channel().key()));
            }
            outbox.put(entry.alertId(), AttributeValue.fromM(value));
        }
        item.put(OUTBOX, AttributeValue.fromM(outbox));
        return item;
    }

    /** The row of an item. Check ids this version does not know are skipped. */
    static StoredState fromItem(Map<String, AttributeValue> item) {
        InstanceKey key = new InstanceKey(str(item, "accountId"), str(item, "region"), str(item, SORT_KEY));
        List<CheckId> failing = new ArrayList<>();
        for (String id : strings(item, "failingChecks")) {
            for (CheckId known : CheckId.values()) {
                if (known.name().equals(id)) {
                    failing.add(known);
                }
            }
        }
        TransitionState state = new TransitionState(
                Verdict.valueOf(str(item, "verdict")),
                item.containsKey("observedVerdict") ? Verdict.valueOf(str(item, "observedVerdict")) : null,
                failing,
                strings(item, "causes"),
                strings(item, "products"),
                time(item, "unhealthySince"),
                time(item, "lastAlertAt"),
                time(item, "lastEvaluatedAt"),
                time(item, "terminatedAt"));
        List<OutboxEntry> outbox = new ArrayList<>();
        AttributeValue outboxValue = item.get(OUTBOX);
        if (outboxValue != null && outboxValue.hasM()) {
            outboxValue.m().forEach((alertId, value) -> {
                Map<String, AttributeValue> m = value.m();
                outbox.add(new OutboxEntry(alertId,
                        Transition.valueOf(str(m, "transition")),
                        Instant.parse(str(m, "createdAt")),
                        str(m, "document"),
                        str(m, "claimToken"),
                        m.containsKey("claimedUntil") ? Instant.ofEpochMilli(Long.parseLong(m.get("claimedUntil").n()))
                                : null,
                        m.containsKey("attempts") ? Integer.parseInt(m.get("attempts").n()) : 0,
                        str(m, "lastError"),
                        Channel.ofKey(str(m, "channel"))));
            });
        }
        outbox.sort(Comparator.comparing(OutboxEntry::createdAt).thenComparing(OutboxEntry::alertId));
        return new StoredState(key, state, outbox,
                Long.parseLong(item.get(VERSION).n()),
                item.containsKey("lastTransition") ? Transition.valueOf(str(item, "lastTransition")) : null,
                str(item, "lastScanId"),
                str(item, "lastAlertMessageId"),
                item.containsKey(TTL_ATTRIBUTE) ? Instant.ofEpochSecond(Long.parseLong(item.get(TTL_ATTRIBUTE).n()))
                        : null);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    private static void putTime(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }
}
