package dev.subsentinel.cli;

import dev.subsentinel.app.Application;
import dev.subsentinel.collect.Prefetched;
import dev.subsentinel.config.Clients;
import dev.subsentinel.core.model.Ec2Instance;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.Filter;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.InstanceSummary;

/**
 * Checks the instances a command names against the account before it runs: each must be monitored (carry the
 * instance tag, or be listed by LM-US), so that tracking never starts on an instance the scheduled scan does not
 * cover. What it reads is handed to the collection, which does not read it again.
 */
final class InScope {

    /** Instance ids per DescribeInstances filter. */
    private static final int BATCH = 200;

    private InScope() {
    }

    /**
     * Describes the named instances and fails naming the first that is not monitored in this account and region.
     * When they cannot be described (a denied or failed call), or LM-US cannot be asked, nothing is decided here: the
     * collection reports the failure as usual.
     *
     * @return the descriptions for the collection to reuse
     * @throws UsageException naming an instance that is not in scope
     */
    static Prefetched check(Application app, List<String> ids) {
        Map<String, Ec2Instance> described = new TreeMap<>();
        String owner = null;
        try {
            for (List<String> batch : Clients.batches(ids, BATCH)) {
                for (var reservation : app.clients().ec2().describeInstancesPaginator(r -> r.filters(f -> f
                        .name("instance-id").values(batch))).reservations()) {
                    owner = owner == null ? reservation.ownerId() : owner;
                    reservation.instances().forEach(i -> described.put(i.instanceId(), Prefetched.describe(i)));
                }
            }
        } catch (SdkException e) {
            return Prefetched.NONE;
        }
        if (owner == null && described.size() < ids.size()) {
            owner = account(app);
        }
        String where = (owner != null ? "account " + owner + ", " : "") + app.clients().region().id()
                + (app.clients().endpointOverride() != null ? " (endpoint " + app.clients().endpointOverride() + ")"
                        : "");
        String tag = app.config().instanceTagKey() + "=" + app.config().instanceTagValue();
        for (String id : ids) {
            Ec2Instance instance = described.get(id);
            if (instance == null) {
                throw new UsageException("--instance-id " + id + ": EC2 does not know it in " + where);
            }
            if (!app.config().instanceTagValue().equals(instance.tags().get(app.config().instanceTagKey()))
                    && Boolean.FALSE.equals(listedByLmus(app, id))) {
                throw new UsageException("--instance-id " + id + ": not monitored in " + where + ": neither tagged "
                        + tag + " nor listed by LM-US");
            }
        }
        return new Prefetched(owner, List.copyOf(described.values()), null);
    }

    /** The account the credentials belong to (STS), or null when it cannot be read. */
    private static String account(Application app) {
        try {
            return app.clients().sts().getCallerIdentity().account();
        } catch (SdkException e) {
            return null;
        }
    }

    /** Whether LM-US lists the instance; null when it cannot tell (the call failed or ignored the filter). */
    private static Boolean listedByLmus(Application app, String id) {
        try {
            boolean listed = false;
            for (InstanceSummary summary : app.clients().licenseManagerUserSubscriptions().listInstancesPaginator(
                    r -> r.filters(Filter.builder().attribute("InstanceId").operation("eq").value(id).build()))
                    .instanceSummaries()) {
                if (!id.equals(summary.instanceId())) {
                    return null;
                }
                listed = true;
            }
            return listed;
        } catch (SdkException e) {
            return null;
        }
    }
}
