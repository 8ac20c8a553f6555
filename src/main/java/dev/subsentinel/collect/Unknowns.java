package dev.subsentinel.collect;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.UnknownFact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The unknown facts of one collection, gathered as the results of its calls are read. Thread-safe. */
final class Unknowns {

    private final List<UnknownFact> facts = new ArrayList<>();

    /** Records an unknown fact caused by a failed call. */
    synchronized void add(FactKind kind, String resourceId, Fetched.Failed<?> failure) {
        facts.add(new UnknownFact(kind, resourceId, failure.reason(), failure.action(), failure.code()));
    }

    /**
     * The value of a call, or {@code fallback} after recording its failure as unknown for each of {@code resourceIds}
     * (for every resource of the kind, {@code "*"}, when there are none).
     */
    <T> T known(Fetched<T> fetched, FactKind kind, Collection<String> resourceIds, T fallback) {
        if (fetched instanceof Fetched.Ok<T> ok) {
            return ok.value();
        }
        Fetched.Failed<T> failure = fetched.failed();
        if (resourceIds.isEmpty()) {
            add(kind, UnknownFact.ALL, failure);
        } else {
            resourceIds.forEach(id -> add(kind, id, failure));
        }
        return fallback;
    }

    /** Everything recorded, in order. */
    synchronized List<UnknownFact> all() {
        return List.copyOf(facts);
    }
}
