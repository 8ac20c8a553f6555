package dev.subsentinel.event;

import java.util.List;

/**
 * A direct invocation: {@code {"instanceIds": [...], "dryRun": true}}.
 *
 * @param instanceIds the instances to evaluate; empty means the whole monitored fleet
 * @param dryRun      whether to publish nothing (the default when the field is absent)
 */
public record ManualRun(List<String> instanceIds, boolean dryRun) implements Trigger {

    public ManualRun {
        instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
    }

    @Override
    public String describe() {
        return "manual run of " + (instanceIds.isEmpty() ? "every monitored instance" : String.join(", ", instanceIds))
                + (dryRun ? " (dry run)" : "");
    }
}
