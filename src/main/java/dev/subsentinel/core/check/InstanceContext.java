package dev.subsentinel.core.check;

import dev.subsentinel.core.EvaluationSettings;
import dev.subsentinel.core.FleetIndex;
import dev.subsentinel.core.IdentityProviderResolver;
import dev.subsentinel.core.model.Ec2Instance;
import dev.subsentinel.core.model.LmusInstance;
import dev.subsentinel.core.net.PathAnalyzer;
import java.time.Instant;
import java.util.List;

/**
 * What a check sees of one instance: its description, the indexed snapshot, the analyzers built once per snapshot,
 * the settings and the evaluation time.
 *
 * @param instanceId  the instance
 * @param instance    its EC2 description, or null when DescribeInstances did not return it
 * @param lmus        its LM-US record, or null
 * @param products    the products it provides
 * @param index       the indexed snapshot
 * @param paths       the path analyzer over the snapshot
 * @param directories the identity-provider resolver over the snapshot
 * @param settings    thresholds and lists
 * @param now         the evaluation time
 */
public record InstanceContext(String instanceId, Ec2Instance instance, LmusInstance lmus, List<String> products,
        FleetIndex index, PathAnalyzer paths, IdentityProviderResolver directories, EvaluationSettings settings,
        Instant now) {

    /** The region of the snapshot. */
    public String region() {
        return index.snapshot().region();
    }
}
