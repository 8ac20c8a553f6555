package dev.subsentinel.track;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
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
 * <tr><td>outbox</td><td>M</td><td>alertId &rarr; M {transition S, createdAt S, document S (alert JSON), attempts N,
 * claimToken S, claimedUntil N (epoch ms), lastError S}: alerts not yet accepted by SNS</td></tr>
 * </table>
 */
public final class DynamoDbStateStore implements StateStore {

    /** The partition key attribute. */
    public static final String PARTITION_KEY = "accountRegion";
    /** The sort key attribute. */
    public static final String SORT_KEY = "instanceId";
    /** The TTL attribute. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private static final String OUTBOX = "outbox";
    private static final String VERSION = "version";

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
    public boolean put(StoredState row, long expectedVersion) {
        PutItemRequest.Builder request = PutItemRequest.builder()
                .tableName(table)
                .item(toItem(row.with(row.outbox(), expectedVersion + 1)));
        if (expectedVersion == 0) {
            request.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY));
        } else {
            request.conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
        }
        try {
            dynamo.putItem(request.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
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
                        str(m, "lastError")));
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
