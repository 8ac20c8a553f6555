package dev.subsentinel.core.model;

import java.util.List;

/**
 * A managed prefix list with its entries.
 *
 * @param prefixListId {@code pl-...}
 * @param name         its name (may be null)
 * @param cidrs        its entries
 */
public record PrefixList(String prefixListId, String name, List<String> cidrs) {

    public PrefixList {
        Fields.requiredText(prefixListId, "prefixListId");
        cidrs = Fields.cidrs(cidrs, "cidrs");
    }
}
