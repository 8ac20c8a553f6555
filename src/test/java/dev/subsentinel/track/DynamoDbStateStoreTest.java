package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB adapter against moto: the store contract, and the item layout documented on the adapter. */
@ExtendWith(MotoExtension.class)
class DynamoDbStateStoreTest extends StateStoreContract {

    private DynamoDbClient dynamo;

    @BeforeEach
    void table(MotoServer moto) {
        dynamo = TrackClients.dynamo(moto);
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
    void fromItem_unknownCheckIdFromANewerVersion_skipped() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(DynamoDbStateStore.toItem(row(List.of())));
        item.put("failingChecks", AttributeValue.fromL(List.of(AttributeValue.fromS("SSM_PING"),
                AttributeValue.fromS("FUTURE_CHECK"))));

        StoredState row = DynamoDbStateStore.fromItem(item);

        assertThat(row.state().failingChecks()).extracting(Enum::name).containsExactly("SSM_PING");
    }
}
