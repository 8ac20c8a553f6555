package dev.subsentinel.cli;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --instance-id}: the same for every command. A malformed id is a usage error before anything is read or
 * called; an id that is not in scope (not in the snapshot, or unknown to the account and region) is one too.
 */
final class InstanceOptions {

    /** An EC2 instance id: {@code i-} and 8 or 17 hexadecimal digits. */
    static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Only this instance (repeatable); an id that is not in scope is an error.")
    List<String> ids = List.of();

    /**
     * The ids, each checked and once.
     *
     * @throws UsageException naming the first malformed id
     */
    List<String> validated() {
        Set<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (!INSTANCE_ID.matcher(id).matches()) {
                throw new UsageException("--instance-id '" + id + "' is not an instance id (i- and 8 or 17"
                        + " hexadecimal digits, e.g. i-0123456789abcdef0)");
            }
            unique.add(id);
        }
        return List.copyOf(unique);
    }

    /**
     * Checks that every id is among {@code known}.
     *
     * @param where what was searched, e.g. "the snapshot"
     * @throws UsageException naming the first id that is not
     */
    static void requireIn(Collection<String> ids, Set<String> known, String where) {
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new UsageException("--instance-id " + id + ": not in " + where);
            }
        }
    }
}
