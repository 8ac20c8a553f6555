package dev.subsentinel.collect;

import dev.subsentinel.core.model.Directory;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.DescribeDirectoriesRequest;
import software.amazon.awssdk.services.directory.model.DirectoryDescription;

/**
 * Directory Service directories. All of the account's directories are listed (usually one page) rather than asked
 * for by id: an id that does not exist (a directory shared from another account) would fail the whole call.
 */
public final class DirectoryReader {

    private final DirectoryClient directory;
    private final AwsCalls calls;

    DirectoryReader(DirectoryClient directory, AwsCalls calls) {
        this.directory = directory;
        this.calls = calls;
    }

    /** Every directory of the account and region (all pages). */
    Fetched<List<Directory>> directories() {
        return calls.fetch("ds:DescribeDirectories", () -> {
            List<Directory> directories = new ArrayList<>();
            for (DirectoryDescription description : directory.describeDirectoriesPaginator(
                    DescribeDirectoriesRequest.builder().build()).directoryDescriptions()) {
                if (description.directoryId() != null && description.name() != null) {
                    directories.add(directory(description));
                }
            }
            return directories;
        });
    }

    /**
     * The snapshot's record of a directory: its VPC, subnets, domain controllers, stage and the domain controllers'
     * group (of the owner's settings for a directory shared with this account).
     */
    public static Directory directory(DirectoryDescription description) {
        String vpcId = null;
        String groupId = null;
        List<String> subnets = List.of();
        List<String> dnsIps = description.dnsIpAddrs();
        if (description.vpcSettings() != null) {
            vpcId = description.vpcSettings().vpcId();
            subnets = description.vpcSettings().subnetIds();
            groupId = description.vpcSettings().securityGroupId();
        } else if (description.connectSettings() != null) {
            vpcId = description.connectSettings().vpcId();
            subnets = description.connectSettings().subnetIds();
            groupId = description.connectSettings().securityGroupId();
        } else if (description.ownerDirectoryDescription() != null) {
            var owner = description.ownerDirectoryDescription();
            if (owner.vpcSettings() != null) {
                vpcId = owner.vpcSettings().vpcId();
                subnets = owner.vpcSettings().subnetIds();
                groupId = owner.vpcSettings().securityGroupId();
            }
            if (dnsIps.isEmpty()) {
                dnsIps = owner.dnsIpAddrs();
            }
        }
        List<String> dnsIpv6s = description.dnsIpv6Addrs();
        if (dnsIpv6s.isEmpty() && description.ownerDirectoryDescription() != null) {
            dnsIpv6s = description.ownerDirectoryDescription().dnsIpv6Addrs();
        }
        return new Directory(description.directoryId(), description.name(), vpcId, subnets, dnsIps,
                description.stageAsString(), description.stageReason(), groupId, description.typeAsString(),
                dnsIpv6s);
    }
}
