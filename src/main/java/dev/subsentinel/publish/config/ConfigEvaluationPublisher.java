package dev.subsentinel.publish.config;

import dev.subsentinel.config.Clients;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.Evaluation;
import software.amazon.awssdk.services.config.model.PutEvaluationsResponse;

/**
 * Sends evaluations to AWS Config with PutEvaluations: batches of at most 100, each with the invocation's result
 * token. Every batch is sent even when an earlier one had refusals; refusals ({@code FailedEvaluations}) then fail the
 * whole call, so the invocation fails and Config's retry sends them again (PutEvaluations is idempotent for the same
 * resource and ordering timestamp).
 */
public final class ConfigEvaluationPublisher {

    /** The IAM action the publisher needs (PutEvaluations has no resource-level permissions: Resource "*"). */
    public static final List<String> REQUIRED_ACTIONS = List.of("config:PutEvaluations");

    /** PutEvaluations' limit per request. */
    public static final int BATCH = 100;
    /** The result token that AWS Config rule tooling uses to ask for test mode. */
    public static final String TEST_MODE_TOKEN = "TESTMODE";

    private final ConfigClient config;

    /** A publisher that sends with this client. */
    public ConfigEvaluationPublisher(ConfigClient config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Sends the evaluations; test mode when the token is {@value #TEST_MODE_TOKEN}. */
    public PutEvaluationsResult put(String resultToken, List<ConfigEvaluation> evaluations) {
        return put(resultToken, evaluations, TEST_MODE_TOKEN.equals(resultToken));
    }

    /**
     * Sends the evaluations.
     *
     * @param resultToken the invocation's {@code resultToken}
     * @param evaluations what to send (nothing is sent for an empty list)
     * @param testMode    whether Config should only validate them
     * @throws ConfigEvaluationException when Config refused some of them
     */
    public PutEvaluationsResult put(String resultToken, List<ConfigEvaluation> evaluations, boolean testMode) {
        Objects.requireNonNull(resultToken, "resultToken");
        List<String> failed = new ArrayList<>();
        int calls = 0;
        for (List<ConfigEvaluation> entries : Clients.batches(evaluations, BATCH)) {
            List<Evaluation> batch = entries.stream().map(ConfigEvaluationPublisher::toSdk).toList();
            PutEvaluationsResponse response = config.putEvaluations(r -> r.resultToken(resultToken)
                    .evaluations(batch).testMode(testMode));
            calls++;
            response.failedEvaluations().forEach(f -> failed.add(f.complianceResourceId()));
        }
        if (!failed.isEmpty()) {
            throw new ConfigEvaluationException(failed, evaluations.size());
        }
        return new PutEvaluationsResult(evaluations.size(), calls, testMode);
    }

    private static Evaluation toSdk(ConfigEvaluation evaluation) {
        return Evaluation.builder()
                .complianceResourceType(evaluation.resourceType())
                .complianceResourceId(evaluation.resourceId())
                .complianceType(ComplianceType.fromValue(evaluation.compliance().name()))
                .annotation(evaluation.annotation())
                .orderingTimestamp(evaluation.orderingTimestamp())
                .build();
    }
}
