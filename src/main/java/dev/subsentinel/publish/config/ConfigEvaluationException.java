package dev.subsentinel.publish.config;

import java.util.List;

/** AWS Config refused some evaluations (PutEvaluations answered with FailedEvaluations). */
public final class ConfigEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> failedResourceIds;

    /** The resources whose evaluations Config refused. */
    public ConfigEvaluationException(List<String> failedResourceIds, int sent) {
        super("AWS Config refused " + failedResourceIds.size() + " of " + sent + " evaluations: "
                + String.join(", ", failedResourceIds.subList(0, Math.min(10, failedResourceIds.size())))
                + (failedResourceIds.size() > 10 ? ", ..." : ""));
        this.failedResourceIds = List.copyOf(failedResourceIds);
    }

    /** The resources whose evaluations Config refused. */
    public List<String> failedResourceIds() {
        return failedResourceIds;
    }
}
