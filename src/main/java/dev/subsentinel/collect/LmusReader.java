package dev.subsentinel.collect;

import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LicenseServerEndpoint;
import dev.subsentinel.core.model.LmusInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.LicenseManagerUserSubscriptionsClient;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.Filter;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.InstanceSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListIdentityProvidersRequest;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListInstancesRequest;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ListLicenseServerEndpointsRequest;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ValidationException;

/**
 * License Manager user-based subscriptions: its instances, identity providers and licence server endpoints.
 *
 * <p><b>Page size.</b> ListInstances pages chain on NextToken, so a fleet's listing is as many sequential requests as
 * it has pages. The API documents no range for MaxResults (docs/aws-facts.md), so the listing asks for
 * {@value #PAGE_SIZE} a page and lets LM-US return fewer; if LM-US rejects that MaxResults (a validation error on the
 * first page), the listing is read again without it, at LM-US's own page size, for this run and every later one of the
 * process. ListIdentityProviders (a few providers) sends none. ListLicenseServerEndpoints documents 1-100 and is asked
 * for 100.
 *
 * <p>A run narrowed to a few instances (a change event) asks for each with the documented {@code InstanceId} filter
 * instead of listing every page. The filter's operator is not documented (the API reference gives "eq" as an
 * example), so the reader checks what comes back: when LM-US rejects the filter (a validation error) or ignores it
 * (returns other instances), it lists everything instead, for this run and every later one of the process.
 */
final class LmusReader {

    /** Up to this many named instances are asked for one by one; more are listed. */
    static final int MAX_FILTERED = 10;
    /** The MaxResults of the instance listing (LM-US may return fewer a page). */
    static final int PAGE_SIZE = 1000;
    /** The filter operator, from the API reference's example ("eq, geq, leq"). */
    static final String EQUALS = "eq";

    /**
     * ListLicenseServerEndpoints MaxResults: "Valid Range: Minimum value of 1. Maximum value of 100" (API reference).
     */
    static final int ENDPOINT_PAGE = 100;

    /** What an instance or provider without a status is recorded as (the API marks Status required). */
    static final String NO_STATUS = "UNKNOWN";

    private final LicenseManagerUserSubscriptionsClient lmus;
    private final AwsCalls calls;
    private final AtomicBoolean filterUnusable = new AtomicBoolean();
    private final AtomicBoolean pageSizeRejected = new AtomicBoolean();

    LmusReader(LicenseManagerUserSubscriptionsClient lmus, AwsCalls calls) {
        this.lmus = lmus;
        this.calls = calls;
    }

    /** Every instance LM-US lists, whatever its status (all pages). */
    Fetched<List<LmusInstance>> instances() {
        return calls.fetch("license-manager-user-subscriptions:ListInstances", this::listAll);
    }

    /**
     * The LM-US records of the named instances: one filtered call each when there are at most {@link #MAX_FILTERED}
     * and the filter works, else the full listing. Instances LM-US does not list are simply absent.
     */
    Fetched<List<LmusInstance>> instances(Collection<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_FILTERED || filterUnusable.get()) {
            return instances();
        }
        return calls.fetch("license-manager-user-subscriptions:ListInstances", () -> {
            List<LmusInstance> found = new ArrayList<>();
            for (String id : new TreeSet<>(ids)) {
                List<LmusInstance> page;
                try {
                    page = filtered(id);
                } catch (ValidationException e) {
                    page = null;
                }
                if (page == null) {
                    filterUnusable.set(true);
                    return listAll();
                }
                found.addAll(page);
            }
            return found;
        });
    }

    /** The instance's record through the InstanceId filter; null when LM-US ignored the filter. */
    private List<LmusInstance> filtered(String id) {
        List<LmusInstance> records = new ArrayList<>();
        ListInstancesRequest request = ListInstancesRequest.builder()
                .filters(Filter.builder().attribute("InstanceId").operation(EQUALS).value(id).build())
                .build();
        for (InstanceSummary summary : lmus.listInstancesPaginator(request).instanceSummaries()) {
            if (!id.equals(summary.instanceId())) {
                return null;
            }
            records.add(instance(summary));
        }
        return records;
    }

    private List<LmusInstance> listAll() {
        if (!pageSizeRejected.get()) {
            try {
                return listAll(ListInstancesRequest.builder().maxResults(PAGE_SIZE).build());
            } catch (ValidationException e) {
                pageSizeRejected.set(true);
            }
        }
        return listAll(ListInstancesRequest.builder().build());
    }

    private List<LmusInstance> listAll(ListInstancesRequest request) {
        List<LmusInstance> instances = new ArrayList<>();
        for (InstanceSummary summary : lmus.listInstancesPaginator(request).instanceSummaries()) {
            if (summary.instanceId() != null) {
                instances.add(instance(summary));
            }
        }
        return instances;
    }

    /** Every registered identity provider (all pages). */
    Fetched<List<IdentityProvider>> identityProviders() {
        return calls.fetch("license-manager-user-subscriptions:ListIdentityProviders", () -> {
            List<IdentityProvider> providers = new ArrayList<>();
            for (IdentityProviderSummary summary : lmus.listIdentityProvidersPaginator(
                    ListIdentityProvidersRequest.builder().build()).identityProviderSummaries()) {
                if (summary.product() != null) {
                    providers.add(identityProvider(summary));
                }
            }
            return providers;
        });
    }

    /**
     * Every licence server endpoint of the account and region (all pages of up to {@value #ENDPOINT_PAGE}, the API's
     * documented maximum); endpoints without an ARN or an identity provider ARN cannot be matched and are left out.
     */
    Fetched<List<LicenseServerEndpoint>> licenseServerEndpoints() {
        return calls.fetch("license-manager-user-subscriptions:ListLicenseServerEndpoints", () -> {
            List<LicenseServerEndpoint> endpoints = new ArrayList<>();
            for (var endpoint : lmus.listLicenseServerEndpointsPaginator(ListLicenseServerEndpointsRequest.builder()
                    .maxResults(ENDPOINT_PAGE).build()).licenseServerEndpoints()) {
                if (endpoint.licenseServerEndpointArn() != null && endpoint.identityProviderArn() != null) {
                    endpoints.add(LmusMapping.licenseServerEndpoint(endpoint));
                }
            }
            return endpoints;
        });
    }

    static LmusInstance instance(InstanceSummary summary) {
        return LmusMapping.instance(summary);
    }

    static IdentityProvider identityProvider(IdentityProviderSummary summary) {
        return LmusMapping.identityProvider(summary);
    }
}
