package dev.subsentinel.collect;

import dev.subsentinel.core.model.SsmInstance;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/** Systems Manager managed-node information. */
final class SsmReader {

    /** DescribeInstanceInformation takes at most 100 values per filter. */
    static final int MAX_IDS = 100;
    /** ... and returns at most 50 nodes a page. */
    static final int PAGE_SIZE = 50;

    private final SsmClient ssm;
    private final AwsCalls calls;

    SsmReader(SsmClient ssm, AwsCalls calls) {
        this.ssm = ssm;
        this.calls = calls;
    }

    /**
     * The managed nodes among these instances (at most {@value #MAX_IDS}), all pages. An instance SSM does not manage
     * is simply absent.
     */
    Fetched<List<SsmInstance>> managedNodes(List<String> instanceIds) {
        if (instanceIds.isEmpty() || instanceIds.size() > MAX_IDS) {
            throw new IllegalArgumentException("between 1 and " + MAX_IDS + " instance ids, not "
                    + instanceIds.size());
        }
        DescribeInstanceInformationRequest request = DescribeInstanceInformationRequest.builder()
                .filters(InstanceInformationStringFilter.builder().key("InstanceIds").values(instanceIds).build())
                .maxResults(PAGE_SIZE)
                .build();
        return calls.fetch("ssm:DescribeInstanceInformation", () -> {
            List<SsmInstance> nodes = new ArrayList<>();
            ssm.describeInstanceInformationPaginator(request).instanceInformationList().forEach(info -> {
                if (info.instanceId() != null && info.pingStatusAsString() != null) {
                    nodes.add(new SsmInstance(info.instanceId(), info.pingStatusAsString(), info.lastPingDateTime(),
                            info.agentVersion(), info.platformName(), info.computerName()));
                }
            });
            return nodes;
        });
    }
}
