package dev.subsentinel.track;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link SplitStore} in the tracking table: one item per split scan, key ({@code split#<account>#<region>},
 * {@code <runId>}), written with PutItem (the plan, if absent), UpdateItem (each shard: {@code ADD} of its index to a
 * string set and of its counts, on the condition that the set does not hold the index yet, so a redelivered shard is
 * not counted twice; then {@code SET assembled} on the condition that it is absent, so one delivery assembles) and
 * GetItem (a redelivery reads where the scan stands). The functions' TrackingAndAlertingPolicy grants these actions
 * on the table; the item expires after {@link SplitStore#RETENTION_DAYS} days (the table's TTL).
 */
public final class DynamoDbSplitStore implements SplitStore {

    /** The IAM actions it needs on the tracking table (a subset of {@link DynamoDbStateStore#REQUIRED_ACTIONS}). */
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem");

    private static final String DONE = "shardsDone";
    private static final String OLDEST = "oldest_";
    private static final String CHECK = "check_";

    private final DynamoDbClient dynamo;
    private final String table;

    /** A store in the tracking table. */
    public DynamoDbSplitStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void planned(String accountId, String region, String runId, int shards, boolean listingPartial,
            Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, region, runId));
        item.put("shardCount", n(shards));
        item.put("listingPartial", AttributeValue.fromBool(listingPartial));
        item.put("plannedAt", AttributeValue.fromS(now.toString()));
        item.put(DynamoDbStateStore.TTL_ATTRIBUTE, n(now.plus(Duration.ofDays(RETENTION_DAYS)).getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", DynamoDbStateStore.PARTITION_KEY)));
        } catch (ConditionalCheckFailedException e) {
            // planned before (the message that split it was delivered twice): the first plan stands
        }
    }

    @Override
    public Assembled shardDone(String accountId, String region, String runId, int index, Totals totals,
            Instant now) {
        Map<String, AttributeValue> key = key(accountId, region, runId);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", DynamoDbStateStore.PARTITION_KEY);
        names.put("#done", DONE);
        values.put(":index", AttributeValue.fromSs(List.of(Integer.toString(index))));
        values.put(":indexText", AttributeValue.fromS(Integer.toString(index)));
        StringBuilder add = new StringBuilder("ADD #done :index");
        Summary s = totals.summary();
        Map<String, Long> counts = new HashMap<>();
        counts.put("evaluated", (long) s.evaluated());
        counts.put("healthy", (long) s.healthy());
        counts.put("atRisk", (long) s.atRisk());
        counts.put("unhealthy", (long) s.unhealthy());
        counts.put("unknownVerdicts", (long) s.unknown());
        counts.put("stopped", (long) s.stopped());
        counts.put("terminated", (long) s.terminated());
        counts.put("unknownFacts", (long) totals.unknownFacts());
        counts.put("partialShards", (long) totals.partialShards());
        counts.put("apiCalls", totals.apiCalls());
        counts.put("alertsSent", (long) totals.alertsSent());
        totals.checkFailures().forEach((id, count) -> counts.put(CHECK + id.name(), (long) count));
        int i = 0;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            names.put("#c" + i, count.getKey());
            values.put(":c" + i, n(count.getValue()));
            add.append(", #c").append(i).append(" :c").append(i);
            i++;
        }
        names.put("#oldest", OLDEST + index);
        values.put(":oldest", n(totals.oldestUnhealthyMinutes()));
        Map<String, AttributeValue> item;
        try {
            item = dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression(add + " SET #oldest = :oldest")
                    .conditionExpression("attribute_exists(#pk) AND NOT contains(#done, :indexText)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException e) {
            item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                throw new IllegalStateException("no split scan " + runId + " of " + accountId + "/" + region, e);
            }
        }
        int shards = Integer.parseInt(item.get("shardCount").n());
        AttributeValue done = item.get(DONE);
        if (done == null || done.ss().size() < shards || item.containsKey("assembled")) {
            return null;
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key).updateExpression("SET assembled = :now")
                    .conditionExpression("attribute_not_exists(assembled)")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()))));
        } catch (ConditionalCheckFailedException e) {
            return null;
        }
        return new Assembled(shards, totals(item), item.get("listingPartial").bool(),
                Instant.parse(item.get("plannedAt").s()));
    }

    private static Totals totals(Map<String, AttributeValue> item) {
        Map<CheckId, Integer> checks = new EnumMap<>(CheckId.class);
        for (CheckId id : CheckId.values()) {
            checks.put(id, (int) number(item, CHECK + id.name()));
        }
        long oldest = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            if (attribute.getKey().startsWith(OLDEST)) {
                oldest = Math.max(oldest, Long.parseLong(attribute.getValue().n()));
            }
        }
        Summary summary = new Summary((int) number(item, "evaluated"), (int) number(item, "healthy"),
                (int) number(item, "atRisk"), (int) number(item, "unhealthy"), (int) number(item, "unknownVerdicts"),
                (int) number(item, "stopped"), (int) number(item, "terminated"));
        return new Totals(summary, checks, oldest, (int) number(item, "unknownFacts"),
                (int) number(item, "partialShards"), number(item, "apiCalls"), (int) number(item, "alertsSent"));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Map<String, AttributeValue> key(String accountId, String region, String runId) {
        return Map.of(DynamoDbStateStore.PARTITION_KEY, AttributeValue.fromS(SplitStore.partition(accountId, region)),
                DynamoDbStateStore.SORT_KEY, AttributeValue.fromS(runId));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
