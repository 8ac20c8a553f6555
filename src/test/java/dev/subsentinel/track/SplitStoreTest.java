package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Summary;
import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The split scans' store (issue 11), the DynamoDB adapter on moto and the in-memory one alike: each shard counts once
 * however often SQS delivers it, the totals are the sum of the shards', the shard that completes the set gets them
 * exactly once (a redelivery after that gets nothing), and the runs of two targets or two runs never mix.
 */
@ExtendWith(MotoExtension.class)
class SplitStoreTest {

    private static final Instant PLANNED = Instant.parse("2026-12-06T07:00:00Z");
    private static final Instant NOW = PLANNED.plusSeconds(90);

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("DynamoDB"), Arguments.of("memory"));
    }

    private static SplitStore store(String kind, MotoServer moto) {
        if (kind.equals("memory")) {
            return new InMemorySplitStore();
        }
        DynamoDbClient dynamo = TrackClients.dynamo(moto);
        TrackClients.createTable(dynamo);
        return new DynamoDbSplitStore(dynamo, TrackClients.TABLE);
    }

    private static SplitStore.Totals shard(int healthy, int unhealthy, long oldest, int partial) {
        return new SplitStore.Totals(new Summary(healthy + unhealthy, healthy, 0, unhealthy, 0, 0, 0),
                Map.of(CheckId.SSM_PING, unhealthy), oldest, unhealthy, partial, 10L * (healthy + unhealthy), 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shardDone_threeShardsOneRedelivered_assembledOnceWithTheSumOfEachShardOnce(String kind, MotoServer moto) {
        SplitStore store = store(kind, moto);
        store.planned("111122223333", "us-east-1", "run-1", 3, false, PLANNED);

        List<SplitStore.Assembled> answers = new ArrayList<>();
        answers.add(store.shardDone("111122223333", "us-east-1", "run-1", 1, shard(400, 3, 20, 0), NOW));
        answers.add(store.shardDone("111122223333", "us-east-1", "run-1", 1, shard(400, 3, 20, 0), NOW));
        answers.add(store.shardDone("111122223333", "us-east-1", "run-1", 0, shard(500, 0, 0, 0), NOW));
        SplitStore.Assembled assembled = store.shardDone("111122223333", "us-east-1", "run-1", 2,
                shard(290, 7, 45, 1), NOW);
        SplitStore.Assembled again = store.shardDone("111122223333", "us-east-1", "run-1", 2, shard(290, 7, 45, 1),
                NOW);

        assertThat(answers).as("no shard completes the set before the third").containsOnlyNulls();
        assertThat(again).as("a redelivery after the set completed reports nothing").isNull();
        assertThat(assembled).isNotNull();
        assertThat(assembled.shards()).isEqualTo(3);
        assertThat(assembled.plannedAt()).isEqualTo(PLANNED);
        assertThat(assembled.totals().summary()).isEqualTo(new Summary(1200, 1190, 0, 10, 0, 0, 0));
        assertThat(assembled.totals().checkFailures()).containsEntry(CheckId.SSM_PING, 10)
                .containsEntry(CheckId.LMUS_STATUS, 0);
        assertThat(assembled.totals().oldestUnhealthyMinutes()).as("the oldest incident, not a sum").isEqualTo(45);
        assertThat(assembled.totals().unknownFacts()).isEqualTo(10);
        assertThat(assembled.totals().apiCalls()).isEqualTo(12_000);
        assertThat(assembled.totals().alertsSent()).isEqualTo(3);
        assertThat(assembled.partial()).as("a shard was partial").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shardDone_twoTargetsAndTwoRuns_keptApart(String kind, MotoServer moto) {
        SplitStore store = store(kind, moto);
        store.planned("111122223333", "us-east-1", "run-1", 2, true, PLANNED);
        store.planned("111122223333", "eu-west-1", "run-1", 2, false, PLANNED);
        store.planned("111122223333", "us-east-1", "run-2", 2, false, PLANNED);

        assertThat(store.shardDone("111122223333", "us-east-1", "run-1", 0, shard(1, 0, 0, 0), NOW)).isNull();
        assertThat(store.shardDone("111122223333", "eu-west-1", "run-1", 1, shard(1, 0, 0, 0), NOW)).isNull();
        assertThat(store.shardDone("111122223333", "us-east-1", "run-2", 1, shard(1, 0, 0, 0), NOW)).isNull();
        SplitStore.Assembled first = store.shardDone("111122223333", "us-east-1", "run-1", 1, shard(2, 0, 0, 0),
                NOW);

        assertThat(first.totals().summary().evaluated()).isEqualTo(3);
        assertThat(first.partial()).as("its listing was partial").isTrue();
        assertThatThrownBy(() -> store.shardDone("444455556666", "us-east-1", "run-1", 0, shard(1, 0, 0, 0), NOW))
                .as("a shard of a split that was never planned").isInstanceOf(IllegalStateException.class);
    }
}
