package dev.subsentinel.publish.securityhub;

import dev.subsentinel.publish.Alert;
import dev.subsentinel.publish.AlertSink;
import dev.subsentinel.publish.Sanitizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsRequest;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;

/**
 * Imports the findings of alerts into Security Hub with {@code BatchImportFindings} ({@link SecurityHubFindings}
 * builds them): at most {@value #MAX_FINDINGS} findings per request (the API's limit), each at most
 * {@link SecurityHubFindings#MAX_FINDING_BYTES} bytes, so a request stays far below its 6 MB; a finding id appears at
 * most once per request, so two updates of one finding are applied in order, oldest first.
 *
 * <p>An alert counts as delivered only when every one of its findings was imported: the request succeeded and
 * {@code FailedFindings} does not name any of them (Security Hub answers HTTP 200 with the failed findings listed, for
 * example {@code InvalidAccess} when Security Hub is not enabled in the account). A failed request (after the SDK's
 * retries; the API allows 10 requests a second, burst 30) fails its alerts. Failures are reported in the alerts'
 * {@link AlertSink.Delivery} and never thrown: the tracker keeps them in the outbox for the next run, counts them in
 * the {@code DeliveryFailures} metric and logs them. Re-importing a finding that did import is harmless (same
 * {@code Id}, same {@code UpdatedAt}). An alert without findings (an instance gone while healthy) is delivered at
 * once.
 */
public final class SecurityHubPublisher implements AlertSink {

    /** The IAM action (granted on the account's default product ARN, with securityhub:TargetAccount). */
    public static final List<String> REQUIRED_ACTIONS = List.of("securityhub:BatchImportFindings");
    /** Most findings in one BatchImportFindings request. */
    public static final int MAX_FINDINGS = 100;
    /** Most bytes of findings in one request, below the API's 6 MB. */
    public static final long MAX_REQUEST_BYTES = 5_000_000;

    private final Function<BatchImportFindingsRequest, BatchImportFindingsResponse> transport;

    /** A publisher through the client (from the client factory). */
    public SecurityHubPublisher(SecurityHubClient securityHub) {
        this(Objects.requireNonNull(securityHub, "securityHub")::batchImportFindings);
    }

    SecurityHubPublisher(Function<BatchImportFindingsRequest, BatchImportFindingsResponse> transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** A publisher that prints the findings it would import and imports nothing. */
    public static SecurityHubPublisher dryRun(PrintStream out) {
        AtomicInteger requests = new AtomicInteger();
        return new SecurityHubPublisher(request -> {
            out.print(describe(request, requests.incrementAndGet()));
            out.flush();
            return BatchImportFindingsResponse.builder().successCount(request.findings().size()).failedCount(0)
                    .build();
        });
    }

    @Override
    public List<Delivery> send(List<Alert> alerts) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> requestOf = new LinkedHashMap<>();
        List<AwsSecurityFinding> findings = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Alert alert : alerts) {
            for (AwsSecurityFinding finding : SecurityHubFindings.of(alert)) {
                findings.add(finding);
                owners.add(alert.alertId());
            }
        }
        int request = 0;
        for (List<Integer> batch : batches(findings)) {
            request++;
            Map<String, List<String>> owned = new LinkedHashMap<>();
            List<AwsSecurityFinding> sent = new ArrayList<>(batch.size());
            for (int index : batch) {
                sent.add(findings.get(index));
                owned.computeIfAbsent(findings.get(index).id(), id -> new ArrayList<>()).add(owners.get(index));
                requestOf.putIfAbsent(owners.get(index), "BatchImportFindings#" + request);
            }
            try {
                BatchImportFindingsResponse response = transport.apply(BatchImportFindingsRequest.builder()
                        .findings(sent).build());
                for (ImportFindingsError failed : response.failedFindings()) {
                    // Without the finding id, so that one cause (InvalidAccess: not enabled) is one error per run.
                    String error = Sanitizer.line(failed.errorCode() + ": " + failed.errorMessage(), 300);
                    owned.getOrDefault(failed.id(), List.of()).forEach(alertId -> errors.putIfAbsent(alertId,
                            error));
                }
                int answered = response.successCount() == null || response.failedCount() == null ? -1
                        : response.successCount() + response.failedCount();
                if (answered >= 0 && answered < sent.size() && response.failedFindings().isEmpty()) {
                    String error = "Security Hub answered for " + answered + " of " + sent.size() + " findings";
                    owned.values().forEach(ids -> ids.forEach(alertId -> errors.putIfAbsent(alertId, error)));
                }
            } catch (SdkException e) {
                String error = Sanitizer.line(e.getClass().getSimpleName() + ": " + e.getMessage(), 300);
                owned.values().forEach(ids -> ids.forEach(alertId -> errors.putIfAbsent(alertId, error)));
            }
        }
        List<Delivery> deliveries = new ArrayList<>(alerts.size());
        Set<String> done = new HashSet<>();
        for (Alert alert : alerts) {
            if (!done.add(alert.alertId())) {
                continue;
            }
            String error = errors.get(alert.alertId());
            deliveries.add(error != null ? Delivery.failed(alert.alertId(), error)
                    : Delivery.accepted(alert.alertId(), requestOf.getOrDefault(alert.alertId(), "no-findings")));
        }
        return deliveries;
    }

    /**
     * The findings' indexes in requests, in order: at most {@value #MAX_FINDINGS} and {@value #MAX_REQUEST_BYTES}
     * bytes each, and a finding id at most once per request (a second update of the same finding waits for the next
     * one, so Security Hub applies them in order).
     */
    static List<List<Integer>> batches(List<AwsSecurityFinding> findings) {
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> batch = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long bytes = 0;
        for (int i = 0; i < findings.size(); i++) {
            String id = findings.get(i).id();
            if (!batch.isEmpty() && (batch.size() == MAX_FINDINGS || ids.contains(id)
                    || bytes + SecurityHubFindings.MAX_FINDING_BYTES > MAX_REQUEST_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                ids.clear();
                bytes = 0;
            }
            batch.add(i);
            ids.add(id);
            bytes += SecurityHubFindings.MAX_FINDING_BYTES;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static String describe(BatchImportFindingsRequest request, int number) {
        StringBuilder out = new StringBuilder(1024);
        out.append("=== DRY RUN: would import ").append(request.findings().size())
                .append(" finding(s) into Security Hub (BatchImportFindings #").append(number).append(")\n");
        for (AwsSecurityFinding finding : request.findings()) {
            out.append(finding.compliance().statusAsString()).append(' ').append(finding.recordStateAsString())
                    .append(' ').append(finding.findingProviderFields().severity().labelAsString()).append(' ')
                    .append(finding.id()).append('\n');
            out.append("    ").append(finding.title()).append('\n');
            finding.resources().forEach(r -> out.append("    resource ").append(r.type()).append(' ')
                    .append(r.id()).append('\n'));
        }
        return out.toString();
    }
}
