package dev.subsentinel.core.report;

import dev.subsentinel.core.model.UnknownFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of one run over a scope of instances (DESIGN section 7; field names are stable).
 *
 * @param scanId        a unique id for this run
 * @param accountId     the account
 * @param region        the region
 * @param startedAt     when the run started
 * @param durationMs    how long it took
 * @param awsApiCalls   how many AWS API calls it made (every attempt counted)
 * @param partial       whether some reported instance has a check UNKNOWN because a fact could not be read, or the
 *                      scope itself could be listed only in part; {@link #unknownFacts} says which
 * @param summary       counts by verdict
 * @param unknownFacts  what could not be read: the fact, the resources, the API action, the error and how many
 *                      instances it leaves UNKNOWN (empty when everything was read)
 * @param instances     one report per instance
 * @param fleetFindings the results of the account-wide checks ({@link CheckId#accountWide()}, e.g.
 *                      SERVICE_LINKED_ROLE), once for the report: the same result every instance carries; empty when
 *                      no instance was evaluated. Derived from the instances when null.
 */
public record ScanReport(String scanId, String accountId, String region, Instant startedAt, long durationMs,
        int awsApiCalls, boolean partial, Summary summary, List<MissingFact> unknownFacts,
        List<InstanceReport> instances, List<CheckResult> fleetFindings) {

    public ScanReport {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(startedAt, "startedAt");
        instances = instances == null ? List.of() : List.copyOf(instances);
        unknownFacts = unknownFacts == null ? List.of() : List.copyOf(unknownFacts);
        summary = summary == null ? Summary.of(instances) : summary;
        fleetFindings = fleetFindings == null ? fleetFindingsOf(instances) : List.copyOf(fleetFindings);
    }

    /** A report whose fleet findings are derived from its instances. */
    public ScanReport(String scanId, String accountId, String region, Instant startedAt, long durationMs,
            int awsApiCalls, boolean partial, Summary summary, List<MissingFact> unknownFacts,
            List<InstanceReport> instances) {
        this(scanId, accountId, region, startedAt, durationMs, awsApiCalls, partial, summary, unknownFacts, instances,
                null);
    }

    /**
     * The account-wide results among the instances' checks, in catalogue order: for each such check, the result of
     * the first instance that carries it.
     */
    public static List<CheckResult> fleetFindingsOf(List<InstanceReport> instances) {
        List<CheckResult> findings = new ArrayList<>();
        for (CheckId id : CheckId.values()) {
            if (!id.accountWide()) {
                continue;
            }
            instances.stream().map(instance -> instance.check(id)).filter(Objects::nonNull).findFirst()
                    .ifPresent(findings::add);
        }
        return findings;
    }

    /**
     * A report over evaluated instances.
     *
     * @param scanId       the run's id
     * @param accountId    the account
     * @param region       the region
     * @param startedAt    when the run started
     * @param durationMs   how long it took
     * @param awsApiCalls  how many AWS calls it made
     * @param partial      whether some instance depends on a missing fact, or the scope was read in part
     * @param unknownFacts what could not be read
     * @param instances    the instance reports
     */
    public static ScanReport of(String scanId, String accountId, String region, Instant startedAt, long durationMs,
            int awsApiCalls, boolean partial, List<MissingFact> unknownFacts, List<InstanceReport> instances) {
        return new ScanReport(scanId, accountId, region, startedAt, durationMs, awsApiCalls, partial,
                Summary.of(instances), unknownFacts, instances);
    }

    /** Whether at least one instance is UNHEALTHY (the CLI exits with 3). */
    public boolean anyUnhealthy() {
        return summary.unhealthy() > 0;
    }

    /** Whether the run stopped collecting before its deadline, so that some facts were never read. */
    public boolean cutByDeadline() {
        return unknownFacts.stream().anyMatch(f -> UnknownFact.DEADLINE_EXCEEDED.equals(f.errorCode()));
    }

    /** A copy with other instance reports (the summary is recounted). */
    public ScanReport withInstances(List<InstanceReport> reports) {
        return new ScanReport(scanId, accountId, region, startedAt, durationMs, awsApiCalls, partial,
                Summary.of(reports), unknownFacts, reports);
    }

    /** A copy with the duration and API calls of the whole run (collection, tracking and publishing). */
    public ScanReport withCost(long totalDurationMs, int totalApiCalls) {
        return new ScanReport(scanId, accountId, region, startedAt, totalDurationMs, totalApiCalls, partial, summary,
                unknownFacts, instances, fleetFindings);
    }
}
