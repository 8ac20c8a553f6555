package dev.subsentinel.core.report;

import dev.subsentinel.core.model.FactKind;
import dev.subsentinel.core.model.UnknownFact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run could not read, and what it cost: the unknown facts of one kind that failed the same way (same call,
 * same error), the resources they concern, and how many of the reported instances have a check UNKNOWN because of
 * them. The report lists these under {@code unknownFacts}, so that a partial report says exactly which part is missing
 * and why.
 *
 * @param fact      the kind of fact
 * @param resources the resources it concerns ({@code "*"}: every resource of the kind), sorted
 * @param action    the IAM action of the call that failed (null when no call is to blame)
 * @param errorCode the error in one word ({@code AccessDenied}, {@code RequestLimitExceeded}, {@code HTTP 503},
 *                  {@code Timeout}, {@code DeadlineExceeded}, ...); null when not known
 * @param message   the reason, as the unknown facts give it
 * @param instances how many reported instances have a check UNKNOWN because of it
 */
public record MissingFact(FactKind fact, List<String> resources, String action, String errorCode, String message,
        int instances) {

    public MissingFact {
        Objects.requireNonNull(fact, "fact");
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(message, "message");
    }

    /**
     * The missing facts of a snapshot, grouped by kind, action, error and reason, each with the number of distinct
     * instances that depend on one of its facts; in the order the snapshot first names them.
     *
     * @param unknownFacts the snapshot's unknown facts
     * @param dependents   for each unknown fact, the instances with a check UNKNOWN because of it
     */
    public static List<MissingFact> of(Collection<UnknownFact> unknownFacts,
            Map<UnknownFact, ? extends Collection<String>> dependents) {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (UnknownFact fact : unknownFacts) {
            Group group = groups.computeIfAbsent(List.of(fact.kind(), String.valueOf(fact.action()),
                    String.valueOf(fact.errorCode()), fact.reason()), k -> new Group(fact));
            group.resources.add(fact.resourceId());
            Collection<String> ids = dependents.get(fact);
            if (ids != null) {
                group.instances.addAll(ids);
            }
        }
        List<MissingFact> out = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            out.add(new MissingFact(group.first.kind(), List.copyOf(group.resources), group.first.action(),
                    group.first.errorCode(), group.first.reason(), group.instances.size()));
        }
        return out;
    }

    /** Sorted by the number of instances they affect, most first. */
    public static List<MissingFact> worstFirst(Collection<MissingFact> facts) {
        return facts.stream().sorted(Comparator.comparingInt(MissingFact::instances).reversed()).toList();
    }

    private static final class Group {
        private final UnknownFact first;
        private final Set<String> resources = new TreeSet<>();
        private final Set<String> instances = new TreeSet<>();

        Group(UnknownFact first) {
            this.first = first;
        }
    }
}
