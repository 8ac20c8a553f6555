package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.subsentinel.config.ApiCallCounter;
import dev.subsentinel.core.Transition;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The DynamoDB adapter against moto: the store contract, the item layout documented on the adapter, and the calls the
 * batch operations make (BatchGetItem, TransactWriteItems with per-item conditions and cancellation reasons), counted
 * by an SDK interceptor.
 */
@ExtendWith(MotoExtension.class)
class DynamoDbStateStoreTest extends StateStoreContract {

    private final ApiCallCounter calls = new ApiCallCounter();
    private final AtomicBoolean leaveOneKeyUnprocessed = new AtomicBoolean();
    private MotoServer moto;
    private DynamoDbClient dynamo;

    @BeforeEach
    void table(MotoServer server) {
        moto = server;
        dynamo = TrackClients.dynamo(moto, calls, new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof BatchGetItemResponse response
                        && leaveOneKeyUnprocessed.getAndSet(false)) {
                    return unprocessFirst(response);
                }
                return context.response();
            }
        });
        TrackClients.createTable(dynamo);
    }

    @Override
    StateStore store() {
        return new DynamoDbStateStore(dynamo, TrackClients.TABLE);
    }

    @Test
    void put_row_itemHasTheDocumentedAttributes() {
        store().put(row(List.of(entry("a-1"))), 0);

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(TrackClients.TABLE).key(Map.of(
                "accountRegion", AttributeValue.fromS("123456789012#us-east-1"),
                "instanceId", AttributeValue.fromS("i-0aaa1111bbbb2222c")))).item();

        assertThat(item.get("verdict").s()).isEqualTo("UNHEALTHY");
        assertThat(item.get("failingChecks").l()).extracting(AttributeValue::s).containsExactly("SSM_PING", "VPC_DNS");
        assertThat(item.get("unhealthySince").s()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(item.get("lastEvaluatedAt").s()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(item.get("version").n()).isEqualTo("1");
        assertThat(item.get("expiresAt").n()).isEqualTo("1775037600");
        assertThat(item).doesNotContainKey("lastAlertAt");
        Map<String, AttributeValue> pending = item.get("outbox").m().get("a-1").m();
        assertThat(pending.get("transition").s()).isEqualTo("NEW");
        assertThat(pending.get("attempts").n()).isEqualTo("0");
        assertThat(pending).doesNotContainKey("claimToken");
    }

    @Test
    void putAll_threeRowsOneStale_oneTransactionCancelledThenOneForTheOtherTwo() {
        StateStore store = store();
        store.put(row(List.of()), 0);
        long before = calls.total();

        Set<InstanceKey> conflicts = store.putAll(List.of(
                new StateStore.Write(row(key("i-0first"), List.of()), 0),
                new StateStore.Write(row(List.of(entry("stale"))), 0),
                new StateStore.Write(row(key("i-0last"), List.of()), 0)));

        assertThat(conflicts).containsExactly(KEY);
        assertThat(calls.total() - before).isEqualTo(2);
        assertThat(calls.byOperation()).containsEntry("DynamoDb:TransactWriteItems", 2L);
        assertThat(store.get(key("i-0first"))).isNotNull();
        assertThat(store.get(key("i-0last"))).isNotNull();
    }

    @Test
    void transactWriteItems_conditionFailsOnMoto_cancellationReasonsPerItem() {
        store().put(row(List.of()), 0);
        Map<String, AttributeValue> fresh = DynamoDbStateStore.toItem(row(key("i-0fresh"), List.of()));

        TransactionCanceledException cancelled = catchThrowableOfType(
                TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                        t -> t.put(p -> p.tableName(TrackClients.TABLE).item(fresh)
                                .conditionExpression("attribute_not_exists(accountRegion)")),
                        t -> t.put(p -> p.tableName(TrackClients.TABLE)
                                .item(DynamoDbStateStore.toItem(row(List.of())))
                                .conditionExpression("#v = :expected")
                                .expressionAttributeNames(Map.of("#v", "version"))
                                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN("7")))))));

        assertThat(cancelled.cancellationReasons()).extracting(r -> r.code())
                .containsExactly("None", "ConditionalCheckFailed");
        assertThat(store().get(key("i-0fresh"))).isNull();
    }

    @Test
    void putAll_oneRow_aConditionalPutItemNotATransaction() {
        long before = calls.total();

        Set<InstanceKey> conflicts = store().putAll(List.of(new StateStore.Write(row(List.of()), 0)));

        assertThat(conflicts).isEmpty();
        assertThat(calls.total() - before).isEqualTo(1);
        assertThat(calls.byOperation()).containsEntry("DynamoDb:PutItem", 1L)
                .doesNotContainKey("DynamoDb:TransactWriteItems");
    }

    @Test
    void putAll_rowsAboveTheTransactionSizeLimit_splitInTwoTransactions() {
        String big = "x".repeat(280_000);
        List<StateStore.Write> writes = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            OutboxEntry large = OutboxEntry.of("a-" + i, Transition.NEW, T0, big);
            writes.add(new StateStore.Write(row(key("i-0big" + i), List.of(large)), 0));
        }

        Set<InstanceKey> conflicts = store().putAll(writes);

        assertThat(conflicts).isEmpty();
        assertThat(calls.byOperation()).containsEntry("DynamoDb:TransactWriteItems", 2L);
        assertThat(store().getAll(writes.stream().map(w -> w.row().key()).toList())).hasSize(14);
    }

    @Test
    void getAll_oneHundredFiftyKeys_twoBatchGetItemCalls() {
        List<InstanceKey> keys = new ArrayList<>();
        List<StateStore.Write> writes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            keys.add(key(String.format("i-0%016d", i)));
            writes.add(new StateStore.Write(row(keys.get(i), List.of()), 0));
        }
        store().putAll(writes);
        long before = calls.byOperation().getOrDefault("DynamoDb:BatchGetItem", 0L);

        Map<InstanceKey, StoredState> rows = store().getAll(keys);

        assertThat(rows).hasSize(150);
        assertThat(List.copyOf(rows.keySet())).isEqualTo(keys);
        assertThat(calls.byOperation().get("DynamoDb:BatchGetItem") - before).isEqualTo(2);
    }

    @Test
    void getAll_dynamoLeavesAKeyUnprocessed_askedAgainAndFound() {
        store().put(row(List.of()), 0);
        store().put(row(key("i-0bbb"), List.of()), 0);
        leaveOneKeyUnprocessed.set(true);

        Map<InstanceKey, StoredState> rows = store().getAll(List.of(KEY, key("i-0bbb")));

        assertThat(rows).containsOnlyKeys(KEY, key("i-0bbb"));
        assertThat(calls.byOperation()).containsEntry("DynamoDb:BatchGetItem", 2L);
    }

    @Test
    void confirmAll_threeRows_oneTransaction() {
        StateStore store = store();
        for (String id : List.of("i-0aaa", "i-0bbb", "i-0ccc")) {
            store.put(row(key(id), List.of(entry("a-" + id))), 0);
            store.claim(key(id), "a-" + id, "token-1", T0, T0.plusSeconds(600));
        }
        long before = calls.total();

        Set<String> lost = store.confirmAll(List.of("i-0aaa", "i-0bbb", "i-0ccc").stream()
                .map(id -> new StateStore.Confirmation(key(id), "a-" + id, "m-1")).toList(), "token-1", T0);

        assertThat(lost).isEmpty();
        assertThat(calls.total() - before).isEqualTo(1);
        assertThat(calls.byOperation()).containsEntry("DynamoDb:TransactWriteItems", 1L);
        assertThat(store.get(key("i-0bbb")).outbox()).isEmpty();
    }

    @Test
    void everyOperation_authorisedByExactlyTheDeclaredActions() {
        Set<String> used = new TreeSet<>();
        StateStore store = new DynamoDbStateStore(TrackClients.dynamo(moto, new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest request) {
                    request.transactItems().forEach(item -> used.add(item.put() != null ? "dynamodb:PutItem"
                            : item.update() != null ? "dynamodb:UpdateItem" : "dynamodb:other"));
                } else {
                    used.add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                }
            }
        }), TrackClients.TABLE);
        List<InstanceKey> keys = List.of(KEY, key("i-0bbb"));

        store.list(KEY.accountId(), KEY.region());
        store.get(KEY);
        store.getAll(keys);
        store.put(row(List.of(entry("a-1"))), 0);
        store.putAll(List.of(new StateStore.Write(row(key("i-0bbb"), List.of(entry("b-1"))), 0),
                new StateStore.Write(row(key("i-0ccc"), List.of(entry("c-1"))), 0)));
        store.claim(KEY, "a-1", "t", T0, T0.plusSeconds(600));
        store.claim(key("i-0bbb"), "b-1", "t", T0, T0.plusSeconds(600));
        store.claim(key("i-0ccc"), "c-1", "t", T0, T0.plusSeconds(600));
        store.release(key("i-0ccc"), "c-1", "t", "boom");
        store.confirm(KEY, "a-1", "t", T0, "m-1");
        store.confirmAll(List.of(new StateStore.Confirmation(key("i-0bbb"), "b-1", "m-2"),
                new StateStore.Confirmation(KEY, "a-1", "m-2")), "t", T0);

        assertThat(used).containsExactlyInAnyOrderElementsOf(DynamoDbStateStore.REQUIRED_ACTIONS);
    }

    /** The response with its first item moved to UnprocessedKeys, as DynamoDB answers under load. */
    private static BatchGetItemResponse unprocessFirst(BatchGetItemResponse response) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(response.responses().get(TrackClients.TABLE));
        Map<String, AttributeValue> first = items.remove(0);
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(DynamoDbStateStore.PARTITION_KEY, first.get(DynamoDbStateStore.PARTITION_KEY));
        key.put(DynamoDbStateStore.SORT_KEY, first.get(DynamoDbStateStore.SORT_KEY));
        return response.toBuilder()
                .responses(Map.of(TrackClients.TABLE, items))
                .unprocessedKeys(Map.of(TrackClients.TABLE, KeysAndAttributes.builder().keys(key)
                        .consistentRead(true).build()))
                .build();
    }

    @Test
    void fromItem_unknownCheckIdFromANewerVersion_skipped() {
        Map<String, AttributeValue> item = new HashMap<>(DynamoDbStateStore.toItem(row(List.of())));
        item.put("failingChecks", AttributeValue.fromL(List.of(AttributeValue.fromS("SSM_PING"),
                AttributeValue.fromS("FUTURE_CHECK"))));

        StoredState row = DynamoDbStateStore.fromItem(item);

        assertThat(row.state().failingChecks()).extracting(Enum::name).containsExactly("SSM_PING");
    }
}
