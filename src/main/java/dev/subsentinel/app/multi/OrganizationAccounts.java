package dev.subsentinel.app.multi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;

/**
 * The accounts of the organization: AWS Organizations ListAccounts (pages of {@value #PAGE_SIZE}, its maximum; callable
 * from the management account or a delegated administrator), keeping those whose {@code State} is ACTIVE. The others
 * (PENDING_ACTIVATION, SUSPENDED, PENDING_CLOSURE, CLOSED) are skipped, with their state. {@code Status} is read only
 * when an account has no {@code State} (AWS retires {@code Status} on 9 September 2026: docs/aws-facts.md).
 */
public final class OrganizationAccounts implements AccountSource {

    /** ListAccounts' largest page. */
    static final int PAGE_SIZE = 20;
    /** The IAM action. */
    public static final List<String> REQUIRED_ACTIONS = List.of("organizations:ListAccounts");

    private final OrganizationsClient organizations;

    /** The accounts of the caller's organization. */
    public OrganizationAccounts(OrganizationsClient organizations) {
        this.organizations = Objects.requireNonNull(organizations, "organizations");
    }

    @Override
    public Accounts accounts() {
        List<String> active = new ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        for (Account account : organizations.listAccountsPaginator(ListAccountsRequest.builder().maxResults(PAGE_SIZE)
                .build()).stream().flatMap(page -> page.accounts().stream()).toList()) {
            String state = account.stateAsString() != null ? account.stateAsString() : account.statusAsString();
            if ("ACTIVE".equals(state == null ? null : state.toUpperCase(Locale.ROOT))) {
                active.add(account.id());
            } else {
                skipped.put(account.id(), state == null ? "no State" : state);
            }
        }
        return new Accounts(active, skipped);
    }
}
