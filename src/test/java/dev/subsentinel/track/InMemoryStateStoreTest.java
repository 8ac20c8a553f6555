package dev.subsentinel.track;

class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    StateStore store() {
        return new InMemoryStateStore();
    }
}
