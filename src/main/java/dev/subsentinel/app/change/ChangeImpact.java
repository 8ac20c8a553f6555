package dev.subsentinel.app.change;

import dev.subsentinel.collect.Prefetched;
import java.util.List;
import java.util.Objects;

/**
 * The monitored instances a change affects.
 *
 * @param instanceIds the affected monitored instances, sorted
 * @param explanation one line saying why (what the change touches and how it reaches them)
 * @param apiCalls    the AWS API requests it took to find them (SDK retries not counted)
 * @param widened     whether the change could not be traced (its subject is gone and the event names no VPC), so
 *                    every monitored instance is included
 * @param prefetched  what the mapping read that the collection can reuse (the affected instances' descriptions, the
 *                    identity providers)
 */
public record ChangeImpact(List<String> instanceIds, String explanation, int apiCalls, boolean widened,
        Prefetched prefetched) {

    /** An impact whose reads are not offered for reuse. */
    public ChangeImpact(List<String> instanceIds, String explanation, int apiCalls, boolean widened) {
        this(instanceIds, explanation, apiCalls, widened, Prefetched.NONE);
    }

    public ChangeImpact {
        instanceIds = instanceIds == null ? List.of() : instanceIds.stream().sorted().distinct().toList();
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(prefetched, "prefetched");
    }

    /** Whether no monitored instance is affected. */
    public boolean none() {
        return instanceIds.isEmpty();
    }
}
