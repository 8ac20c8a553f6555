package dev.subsentinel.app.multi;

import java.util.List;
import java.util.Map;

/** Which accounts a multi-account deployment scans: a configured list, or the organization's accounts. */
public interface AccountSource {

    /**
     * The accounts.
     *
     * @param active  the accounts to scan
     * @param skipped accounts left out, each with why (an organization's account that is not ACTIVE: its State)
     */
    record Accounts(List<String> active, Map<String, String> skipped) {

        public Accounts {
            active = List.copyOf(active);
            skipped = Map.copyOf(skipped);
        }
    }

    /**
     * The accounts now.
     *
     * @throws RuntimeException when they cannot be listed (the coordinator's run fails, loudly)
     */
    Accounts accounts();

    /** A fixed list (SENTINEL_TARGET_ACCOUNTS). */
    static AccountSource of(List<String> accounts) {
        Accounts fixed = new Accounts(accounts, Map.of());
        return () -> fixed;
    }
}
