package dev.subsentinel.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the build's {@code shrink-aws-sdk} step (src/build/ShrinkAwsSdk.java) puts in the functions' {@code lib/}:
 * the service modules the functions call, cut to the operations they send, instead of the whole modules. That the
 * result works is what {@link LambdaRuntimeEventsTest} shows (every event file through the real runtime client on
 * this layout, against the emulator); that it lacks nothing the code refers to, the step's own check.
 */
class ShrunkSdkTest {

    private static final Path SHRUNK = SamBuildLayout.DEPENDENCIES.resolve(
            "software.amazon.awssdk.services-shrunk-2.40.2.jar");
    private static final Pattern MARSHALLER = Pattern.compile(
            "software/amazon/awssdk/services/(\\w+)/transform/(\\w+)RequestMarshaller\\.class");

    /**
     * The operations whose request marshallers the shrunk modules keep: the functions' calls (reads only: the command
     * line's {@code fix --apply} writes are not in the artifact) and two the SDK sends on its own, EC2's CopySnapshot
     * pre-signing interceptor and DynamoDB's endpoint discovery (DescribeEndpoints). A new call in the code shows up
     * here.
     */
    private static final Map<String, Set<String>> OPERATIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("config", Set.of("PutEvaluations")),
            Map.entry("directory", Set.of("DescribeDirectories")),
            Map.entry("dynamodb", Set.of("BatchGetItem", "DescribeEndpoints", "GetItem", "PutItem", "Query",
                    "TransactWriteItems", "UpdateItem")),
            Map.entry("ec2", Set.of("CopySnapshot", "DescribeDhcpOptions", "DescribeEgressOnlyInternetGateways",
                    "DescribeIamInstanceProfileAssociations", "DescribeInstances", "DescribeInternetGateways",
                    "DescribeNatGateways", "DescribeNetworkAcls", "DescribeNetworkInterfaces", "DescribeRouteTables",
                    "DescribeSecurityGroups", "DescribeSubnets", "DescribeVpcAttribute", "DescribeVpcEndpoints",
                    "DescribeVpcPeeringConnections", "DescribeVpcs", "GetManagedPrefixListEntries")),
            Map.entry("iam", Set.of("GetRole")),
            Map.entry("licensemanagerusersubscriptions", Set.of("ListIdentityProviders", "ListInstances",
                    "ListLicenseServerEndpoints")),
            Map.entry("organizations", Set.of("ListAccounts")),
            Map.entry("route53resolver", Set.of("ListResolverRuleAssociations", "ListResolverRules")),
            Map.entry("securityhub", Set.of("BatchImportFindings")),
            Map.entry("sns", Set.of("PublishBatch")),
            Map.entry("sqs", Set.of("SendMessageBatch")),
            Map.entry("ssm", Set.of("DescribeInstanceInformation"))));

    @Test
    void lib_holdsTheShrunkModulesInsteadOfTheWholeOnes() throws IOException {
        List<String> jars;
        try (var files = Files.list(SamBuildLayout.DEPENDENCIES)) {
            jars = files.map(path -> path.getFileName().toString()).sorted().toList();
        }

        assertThat(jars).contains(SHRUNK.getFileName().toString());
        for (String service : OPERATIONS.keySet()) {
            assertThat(jars).as("the whole %s module is not copied", service)
                    .noneMatch(jar -> jar.equals("software.amazon.awssdk." + service + "-2.40.2.jar"));
        }
        assertThat(jars).as("STS stays whole: the SDK's credential providers load it by name")
                .contains("software.amazon.awssdk.sts-2.40.2.jar");
    }

    @Test
    void shrunkModules_keepExactlyTheOperationsTheCodeSends() throws IOException {
        Map<String, Set<String>> kept = new TreeMap<>();
        try (ZipFile zip = new ZipFile(SHRUNK.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(name -> {
                Matcher matcher = MARSHALLER.matcher(name);
                if (matcher.matches()) {
                    kept.computeIfAbsent(matcher.group(1), s -> new TreeSet<>()).add(matcher.group(2));
                }
            });
            assertThat(zip.getEntry("META-INF/LICENSE.txt")).as("the SDK's licence travels with it").isNotNull();
            assertThat(zip.getEntry("META-INF/NOTICE.txt")).isNotNull();
        }

        assertThat(kept).isEqualTo(OPERATIONS);
    }

    @Test
    void function_layout_staysWithinItsSizeBudget() throws IOException {
        Path folder = SamBuildLayout.layOut("SizeBudgetFunction");

        // Issue 16's goal. 74.4 MB before the shrinking, 24.7 MB after: a whole service module or a heavy library
        // coming back fails this, and so does a slow growth past the goal.
        assertThat(SamBuildLayout.size(folder)).isLessThan(25_000_000L);
        assertThat(Files.size(SHRUNK)).isLessThan(11_000_000L);
    }
}
