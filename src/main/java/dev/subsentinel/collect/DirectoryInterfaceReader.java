package dev.subsentinel.collect;

import dev.subsentinel.config.Clients;
import static dev.subsentinel.collect.Ec2InstanceReader.MAX_FILTER_VALUES;
import static dev.subsentinel.collect.Ec2InstanceReader.filter;

import dev.subsentinel.core.check.LmNetworkInterfacesCheck;
import dev.subsentinel.core.model.DirectoryInterface;
import dev.subsentinel.core.model.DirectoryInterfaces;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * The network interfaces License Manager created for the registered directories, found by their description (the
 * only documented identification, docs/aws-facts.md: "AWS created network interface for LicenseManager
 * &lt;directory id&gt;"; matched as {@code *LicenseManager*<directory id>*} so that a variation of the wording around
 * the two parts that identify them does not read as deleted interfaces): one DescribeNetworkInterfaces call for
 * every directory of the
 * scan (a {@code description} filter value per directory, up to 200 per call), whatever the number of instances.
 */
final class DirectoryInterfaceReader {

    private final Ec2Client ec2;
    private final AwsCalls calls;

    DirectoryInterfaceReader(Ec2Client ec2, AwsCalls calls) {
        this.ec2 = ec2;
        this.calls = calls;
    }

    /** The interfaces of each directory (every directory asked appears, with an empty list when it has none). */
    Fetched<List<DirectoryInterfaces>> interfaces(Collection<String> directoryIds) {
        return calls.fetch("ec2:DescribeNetworkInterfaces", () -> {
            Map<String, List<DirectoryInterface>> byDirectory = new LinkedHashMap<>();
            directoryIds.stream().sorted().forEach(id -> byDirectory.put(id, new ArrayList<>()));
            for (List<String> batch : Clients.batches(byDirectory.keySet(), MAX_FILTER_VALUES)) {
                List<String> values = batch.stream()
                        .map(id -> "*" + LmNetworkInterfacesCheck.DESCRIPTION_MARKER + "*" + id + "*")
                        .toList();
                ec2.describeNetworkInterfacesPaginator(DescribeNetworkInterfacesRequest.builder()
                        .filters(filter("description", values)).maxResults(Ec2NetworkReader.PAGE_SIZE).build())
                        .networkInterfaces().forEach(eni -> {
                            String directoryId = directoryOf(eni.description(), batch);
                            if (directoryId != null && eni.subnetId() != null && eni.privateIpAddress() != null) {
                                byDirectory.get(directoryId).add(directoryInterface(eni, directoryId));
                            }
                        });
            }
            List<DirectoryInterfaces> found = new ArrayList<>();
            byDirectory.forEach((id, enis) -> found.add(new DirectoryInterfaces(id, enis)));
            return found;
        });
    }

    private static String directoryOf(String description, List<String> directoryIds) {
        if (description == null) {
            return null;
        }
        for (String id : directoryIds) {
            if (description.contains(LmNetworkInterfacesCheck.DESCRIPTION_MARKER) && description.contains(id)) {
                return id;
            }
        }
        return null;
    }

    static DirectoryInterface directoryInterface(NetworkInterface eni, String directoryId) {
        return new DirectoryInterface(eni.networkInterfaceId(), directoryId, eni.description(),
                eni.statusAsString() == null ? "unknown" : eni.statusAsString(), eni.interfaceTypeAsString(),
                eni.requesterId(), eni.subnetId(), eni.vpcId(), eni.privateIpAddress(),
                eni.groups().stream().map(GroupIdentifier::groupId).sorted().toList(), Ec2Mapper.ipv6Addresses(eni));
    }
}
