package dev.subsentinel.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.Transition;
import dev.subsentinel.core.TransitionState;
import dev.subsentinel.core.report.CheckId;
import dev.subsentinel.core.report.Verdict;
import dev.subsentinel.publish.Channel;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have, single-row and batch operations; run against the in-memory store
 * and DynamoDB on moto.
 */
abstract class StateStoreContract {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final InstanceKey KEY = new InstanceKey("123456789012", "us-east-1", "i-0aaa1111bbbb2222c");

    /** The store under test, empty. */
    abstract StateStore store();

    @Test
    void put_newRowAtVersionZero_storedAtVersionOne() {
        StateStore store = store();

        boolean written = store.put(row(List.of()), 0);

        assertThat(written).isTrue();
        StoredState read = store.get(KEY);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.state()).isEqualTo(row(List.of()).state());
        assertThat(read.lastTransition()).isEqualTo(Transition.NEW);
        assertThat(read.lastScanId()).isEqualTo("scan-1");
        assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));
    }

    @Test
    void put_rowExistsAndExpectedZero_conflict() {
        StateStore store = store();
        store.put(row(List.of()), 0);

        boolean written = store.put(row(List.of()), 0);

        assertThat(written).isFalse();
        assertThat(store.get(KEY).version()).isEqualTo(1);
    }

    @Test
    void put_staleVersion_conflictAndRowUnchanged() {
        StateStore store = store();
        store.put(row(List.of()), 0);
        store.put(row(List.of(entry("a-1"))), 1);

        boolean written = store.put(row(List.of()), 1);

        assertThat(written).isFalse();
        assertThat(store.get(KEY).version()).isEqualTo(2);
        assertThat(store.get(KEY).outbox()).extracting(OutboxEntry::alertId).containsExactly("a-1");
    }

    @Test
    void get_absent_null() {
        assertThat(store().get(KEY)).isNull();
    }

    @Test
    void list_rowsOfOneAccountAndRegion_onlyThose() {
        StateStore store = store();
        store.put(row(List.of()), 0);
        InstanceKey other = new InstanceKey("123456789012", "eu-west-1", "i-0other");
        store.put(new StoredState(other, row(List.of()).state(), List.of(), 0, null, null, null, null), 0);

        List<StoredState> rows = store.list("123456789012", "us-east-1");

        assertThat(rows).extracting(r -> r.key().instanceId()).containsExactly("i-0aaa1111bbbb2222c");
    }

    @Test
    void claim_unclaimedEntry_claimedOnceAndVersionIncremented() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"))), 0);

        boolean first = store.claim(KEY, "a-1", "token-1", T0, T0.plusSeconds(600));
        boolean second = store.claim(KEY, "a-1", "token-2", T0.plusSeconds(1), T0.plusSeconds(601));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        OutboxEntry entry = store.get(KEY).entry("a-1");
        assertThat(entry.claimToken()).isEqualTo("token-1");
        assertThat(entry.claimedUntil()).isEqualTo(T0.plusSeconds(600));
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(store.get(KEY).version()).isEqualTo(2);
    }

    @Test
    void claim_lapsedClaim_takenOver() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"))), 0);
        store.claim(KEY, "a-1", "crashed", T0, T0.plusSeconds(600));

        boolean atLapse = store.claim(KEY, "a-1", "token-2", T0.plusSeconds(600), T0.plusSeconds(1200));
        boolean after = store.claim(KEY, "a-1", "token-2", T0.plusSeconds(601), T0.plusSeconds(1201));

        assertThat(atLapse).isFalse();
        assertThat(after).isTrue();
        assertThat(store.get(KEY).entry("a-1").attempts()).isEqualTo(2);
    }

    @Test
    void claim_missingEntry_false() {
        StateStore store = store();
        store.put(row(List.of()), 0);

        assertThat(store.claim(KEY, "nope", "t", T0, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void confirm_withTheClaimToken_removesEntryAndRecordsTheAlert() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"), entry("a-2"))), 0);
        store.claim(KEY, "a-1", "token-1", T0, T0.plusSeconds(600));

        boolean wrongToken = store.confirm(KEY, "a-1", "token-x", T0.plusSeconds(5), "m-0");
        boolean confirmed = store.confirm(KEY, "a-1", "token-1", T0.plusSeconds(5), "m-1");

        assertThat(wrongToken).isFalse();
        assertThat(confirmed).isTrue();
        StoredState read = store.get(KEY);
        assertThat(read.outbox()).extracting(OutboxEntry::alertId).containsExactly("a-2");
        assertThat(read.state().lastAlertAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(read.lastAlertMessageId()).isEqualTo("m-1");
        assertThat(read.version()).isEqualTo(3);
    }

    @Test
    void entriesOfOtherChannels_storedWithTheirChannelAndConfirmedWithoutTouchingTheAlertClock() {
        StateStore store = store();
        OutboxEntry topic = entry("a-1");
        OutboxEntry chat = OutboxEntry.of(Channel.CHAT, "a-1", Transition.NEW, T0,
                topic.document());
        OutboxEntry hub = OutboxEntry.of(Channel.SECURITY_HUB, "a-1", Transition.NEW, T0,
                topic.document());
        store.put(row(List.of(topic, chat, hub)), 0);
        for (String id : List.of("a-1/chat", "a-1/securityhub")) {
            store.claim(KEY, id, "token-1", T0, T0.plusSeconds(600));
        }

        boolean chatConfirmed = store.confirm(KEY, "a-1/chat", "token-1", T0.plusSeconds(5), null);
        Set<String> lost = store.confirmAll(List.of(new StateStore.Confirmation(KEY, "a-1/securityhub", null)),
                "token-1", T0.plusSeconds(6));

        assertThat(chatConfirmed).isTrue();
        assertThat(lost).isEmpty();
        StoredState read = store.get(KEY);
        assertThat(read.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.alertId()).isEqualTo("a-1");
            assertThat(entry.channel()).isEqualTo(Channel.ALERTS);
        });
        assertThat(read.state().lastAlertAt()).as("only the pacing channel sets it").isNull();
        assertThat(read.lastAlertMessageId()).isNull();
    }

    @Test
    void put_entriesOfEveryChannel_readBackWithTheirChannel() {
        StateStore store = store();
        OutboxEntry topic = entry("a-1");
        store.put(row(List.of(topic, OutboxEntry.of(Channel.CHAT, "a-1", Transition.NEW, T0,
                topic.document()), OutboxEntry.of(Channel.SECURITY_HUB, "a-1",
                Transition.NEW, T0, topic.document()))), 0);

        assertThat(store.get(KEY).outbox()).extracting(OutboxEntry::alertId, OutboxEntry::channel)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a-1",
                        Channel.ALERTS), org.assertj.core.groups.Tuple.tuple("a-1/chat",
                        Channel.CHAT), org.assertj.core.groups.Tuple.tuple(
                        "a-1/securityhub", Channel.SECURITY_HUB));
    }

    @Test
    void release_withTheClaimToken_unclaimsAndRecordsTheError() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"))), 0);
        store.claim(KEY, "a-1", "token-1", T0, T0.plusSeconds(600));

        boolean released = store.release(KEY, "a-1", "token-1", "InternalErrorException: boom");
        boolean reclaimed = store.claim(KEY, "a-1", "token-2", T0.plusSeconds(1), T0.plusSeconds(601));

        assertThat(released).isTrue();
        assertThat(reclaimed).isTrue();
        OutboxEntry entry = store.get(KEY).entry("a-1");
        assertThat(entry.lastError()).isEqualTo("InternalErrorException: boom");
        assertThat(entry.attempts()).isEqualTo(2);
    }

    @Test
    void getAll_someKeysTrackedOneTwice_theTrackedRowsOnce() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"))), 0);
        store.put(row(key("i-0bbb"), List.of()), 0);

        Map<InstanceKey, StoredState> rows = store.getAll(List.of(key("i-0bbb"), key("i-0absent"), KEY,
                key("i-0bbb")));

        assertThat(rows).containsOnlyKeys(KEY, key("i-0bbb"));
        assertThat(rows.get(KEY).outbox()).extracting(OutboxEntry::alertId).containsExactly("a-1");
        assertThat(rows.get(KEY).version()).isEqualTo(1);
        assertThat(rows.get(key("i-0bbb")).key()).isEqualTo(key("i-0bbb"));
        assertThat(store.getAll(List.of())).isEmpty();
    }

    @Test
    void putAll_newAndCurrentRows_allWrittenAtTheNextVersion() {
        StateStore store = store();
        store.put(row(List.of()), 0);

        Set<InstanceKey> conflicts = store.putAll(List.of(new StateStore.Write(row(List.of(entry("a-1"))), 1),
                new StateStore.Write(row(key("i-0new"), List.of()), 0)));

        assertThat(conflicts).isEmpty();
        assertThat(store.get(KEY).version()).isEqualTo(2);
        assertThat(store.get(KEY).outbox()).extracting(OutboxEntry::alertId).containsExactly("a-1");
        assertThat(store.get(key("i-0new")).version()).isEqualTo(1);
    }

    @Test
    void putAll_oneStaleAndOneAlreadyCreatedAmongSeveral_onlyThoseReportedAndUnchanged() {
        StateStore store = store();
        store.put(row(List.of()), 0);
        store.put(row(List.of(entry("a-1"))), 1);
        store.put(row(key("i-0taken"), List.of(entry("b-1"))), 0);

        Set<InstanceKey> conflicts = store.putAll(List.of(
                new StateStore.Write(row(key("i-0first"), List.of()), 0),
                new StateStore.Write(row(List.of(entry("stale"))), 1),
                new StateStore.Write(row(key("i-0taken"), List.of()), 0),
                new StateStore.Write(row(key("i-0last"), List.of(entry("c-1"))), 0)));

        assertThat(conflicts).containsExactlyInAnyOrder(KEY, key("i-0taken"));
        assertThat(store.get(KEY).version()).isEqualTo(2);
        assertThat(store.get(KEY).outbox()).extracting(OutboxEntry::alertId).containsExactly("a-1");
        assertThat(store.get(key("i-0taken")).outbox()).extracting(OutboxEntry::alertId).containsExactly("b-1");
        assertThat(store.get(key("i-0first")).version()).isEqualTo(1);
        assertThat(store.get(key("i-0last")).outbox()).extracting(OutboxEntry::alertId).containsExactly("c-1");
    }

    @Test
    void putAll_moreRowsThanOneBatchWithAConflictInTheSecond_allOthersWrittenAndReadBack() {
        StateStore store = store();
        List<InstanceKey> keys = IntStream.range(0, 150).mapToObj(i -> key(String.format("i-0%016d", i))).toList();
        store.put(row(keys.get(120), List.of()), 0);
        List<StateStore.Write> writes = new ArrayList<>();
        for (InstanceKey key : keys) {
            writes.add(new StateStore.Write(row(key, List.of(entry("a-" + key.instanceId()))), 0));
        }

        Set<InstanceKey> conflicts = store.putAll(writes);
        Map<InstanceKey, StoredState> read = store.getAll(keys);

        assertThat(conflicts).containsExactly(keys.get(120));
        assertThat(read).hasSize(150);
        assertThat(read.get(keys.get(120)).outbox()).isEmpty();
        assertThat(read.get(keys.get(149)).outbox()).extracting(OutboxEntry::alertId)
                .containsExactly("a-" + keys.get(149).instanceId());
        assertThat(read.values()).extracting(StoredState::version).containsOnly(1L);
    }

    @Test
    void putAll_twoWritesForOneKey_rejectedAndNothingWritten() {
        StateStore store = store();

        assertThatThrownBy(() -> store.putAll(List.of(new StateStore.Write(row(List.of()), 0),
                new StateStore.Write(row(List.of(entry("a-1"))), 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(KEY)).isNull();
    }

    @Test
    void confirmAll_claimedAlertsOfSeveralRows_allRecordedWithOneVersionStepPerRow() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"), entry("a-2"), entry("a-3"))), 0);
        store.put(row(key("i-0bbb"), List.of(entry("b-1"))), 0);
        for (String id : List.of("a-1", "a-2")) {
            store.claim(KEY, id, "token-1", T0, T0.plusSeconds(600));
        }
        store.claim(key("i-0bbb"), "b-1", "token-1", T0, T0.plusSeconds(600));

        Set<String> lost = store.confirmAll(List.of(new StateStore.Confirmation(KEY, "a-1", "m-1"),
                new StateStore.Confirmation(key("i-0bbb"), "b-1", "m-1"),
                new StateStore.Confirmation(KEY, "a-2", "m-2")), "token-1", T0.plusSeconds(5));

        assertThat(lost).isEmpty();
        StoredState a = store.get(KEY);
        assertThat(a.outbox()).extracting(OutboxEntry::alertId).containsExactly("a-3");
        assertThat(a.state().lastAlertAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(a.lastAlertMessageId()).isEqualTo("m-2");
        assertThat(a.version()).isEqualTo(4);
        StoredState b = store.get(key("i-0bbb"));
        assertThat(b.outbox()).isEmpty();
        assertThat(b.lastAlertMessageId()).isEqualTo("m-1");
        assertThat(b.version()).isEqualTo(3);
    }

    @Test
    void confirmAll_oneRowsClaimTakenOver_thatAlertLostTheOthersRecorded() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"))), 0);
        store.put(row(key("i-0bbb"), List.of(entry("b-1"))), 0);
        store.put(row(key("i-0ccc"), List.of(entry("c-1"))), 0);
        store.claim(KEY, "a-1", "token-1", T0, T0.plusSeconds(600));
        store.claim(key("i-0bbb"), "b-1", "token-1", T0, T0.plusSeconds(600));
        store.claim(key("i-0bbb"), "b-1", "token-2", T0.plusSeconds(601), T0.plusSeconds(1201));
        store.claim(key("i-0ccc"), "c-1", "token-1", T0, T0.plusSeconds(600));

        Set<String> lost = store.confirmAll(List.of(new StateStore.Confirmation(KEY, "a-1", "m-1"),
                new StateStore.Confirmation(key("i-0bbb"), "b-1", "m-2"),
                new StateStore.Confirmation(key("i-0ccc"), "c-1", "m-3")), "token-1", T0.plusSeconds(5));

        assertThat(lost).containsExactly("b-1");
        assertThat(store.get(KEY).outbox()).isEmpty();
        assertThat(store.get(key("i-0ccc")).lastAlertMessageId()).isEqualTo("m-3");
        StoredState taken = store.get(key("i-0bbb"));
        assertThat(taken.entry("b-1").claimToken()).isEqualTo("token-2");
        assertThat(taken.state().lastAlertAt()).isNull();
        assertThat(taken.lastAlertMessageId()).isNull();
    }

    @Test
    void confirmAll_twoAlertsOfARowOneTakenOver_theOtherRecorded() {
        StateStore store = store();
        store.put(row(List.of(entry("a-1"), entry("a-2"))), 0);
        store.claim(KEY, "a-1", "token-1", T0, T0.plusSeconds(600));
        store.claim(KEY, "a-2", "token-1", T0, T0.plusSeconds(600));
        store.claim(KEY, "a-1", "token-2", T0.plusSeconds(601), T0.plusSeconds(1201));

        Set<String> lost = store.confirmAll(List.of(new StateStore.Confirmation(KEY, "a-1", "m-1"),
                new StateStore.Confirmation(KEY, "a-2", "m-2")), "token-1", T0.plusSeconds(5));

        assertThat(lost).containsExactly("a-1");
        StoredState read = store.get(KEY);
        assertThat(read.outbox()).extracting(OutboxEntry::alertId).containsExactly("a-1");
        assertThat(read.entry("a-1").claimToken()).isEqualTo("token-2");
        assertThat(read.lastAlertMessageId()).isEqualTo("m-2");
    }

    static InstanceKey key(String instanceId) {
        return new InstanceKey(KEY.accountId(), KEY.region(), instanceId);
    }

    static StoredState row(InstanceKey key, List<OutboxEntry> outbox) {
        StoredState row = row(outbox);
        return new StoredState(key, row.state(), outbox, 0, row.lastTransition(), row.lastScanId(), null,
                row.expiresAt());
    }

    static StoredState row(List<OutboxEntry> outbox) {
        TransitionState state = new TransitionState(Verdict.UNHEALTHY, Verdict.UNHEALTHY,
                List.of(CheckId.SSM_PING, CheckId.VPC_DNS), List.of("SSM_PING: SSM ping lost: ConnectionLost"),
                List.of("OFFICE_PROFESSIONAL_PLUS"), T0.minusSeconds(3600), null, T0, T0);
        return new StoredState(KEY, state, outbox, 0, Transition.NEW, "scan-1", null,
                Instant.parse("2026-04-01T10:00:00Z"));
    }

    static OutboxEntry entry(String alertId) {
        return OutboxEntry.of(alertId, Transition.NEW, T0, "{\"alertId\":\"" + alertId + "\"}");
    }
}
