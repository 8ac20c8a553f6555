package dev.subsentinel.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.app.change.ChangeImpactMapper;
import dev.subsentinel.app.multi.MemberAccess;
import dev.subsentinel.app.multi.OrganizationAccounts;
import dev.subsentinel.app.multi.SqsTargetQueue;
import dev.subsentinel.core.check.CheckRegistry;
import dev.subsentinel.core.model.ServiceLinkedRole;
import dev.subsentinel.publish.SnsAlertPublisher;
import dev.subsentinel.publish.securityhub.SecurityHubFindings;
import dev.subsentinel.publish.securityhub.SecurityHubPublisher;
import dev.subsentinel.publish.config.ConfigEvaluationPublisher;
import dev.subsentinel.testing.TemplateYaml;
import dev.subsentinel.track.DynamoDbSplitStore;
import dev.subsentinel.track.DynamoDbStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proved against template.yaml as a whole (FunctionPoliciesTemplateTest and
 * ObservabilityTemplateTest compare single statements):
 * <ul>
 *   <li>each function's granted actions, over all its statements and the managed policies it references, equal the
 *       union of what its code declares: the checks, the change mapping, the state store, the publishers;</li>
 *   <li>no action is {@code *} or a wildcard;</li>
 *   <li>{@code Resource: "*"} only for the actions listed here, which are read-only and list or describe across the
 *       account (plus config:PutEvaluations, which has no resource types: its result token scopes it);</li>
 *   <li>a read-only action on a resource that is not this stack's names exactly one documented ARN, listed here
 *       (tighter than {@code "*"}: nothing else of its kind can be read);</li>
 *   <li>sts:AssumeRole names only the member role (member-role.yaml), alone;</li>
 *   <li>every other action (the writes) names a resource of this stack: the table, the topics, the key, the worker's
 *       queue; or, for securityhub:BatchImportFindings, exactly the account's own default product, for the account
 *       itself;</li>
 *   <li>a policy a function references under a condition ({@code !If [Condition, !Ref Policy, !Ref AWS::NoValue]},
 *       the optional channels of issue 14 and the multi-account policies of issue 11) is the policy resource of that
 *       same condition, and counted as granted (the functions' code declares the channels' actions: the test reads
 *       the template with every channel on);</li>
 *   <li>the asynchronous on-failure destination (for which SAM grants sqs:SendMessage) is this stack's queue.</li>
 * </ul>
 */
class LeastPrivilegeTest {

    /**
     * The actions granted on every resource, each read-only (Describe, List, Get) over what the functions read, and
     * config:PutEvaluations. A new action must be added here deliberately.
     */
    static final Set<String> ALL_RESOURCES = Set.of(
            "ds:DescribeDirectories",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeEgressOnlyInternetGateways",
            "ec2:DescribeIamInstanceProfileAssociations",
            "ec2:DescribeInstances",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeNatGateways",
            "ec2:DescribeNetworkAcls",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcAttribute",
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeVpcs",
            "ec2:GetManagedPrefixListEntries",
            "license-manager-user-subscriptions:ListIdentityProviders",
            "license-manager-user-subscriptions:ListInstances",
            // the licence server endpoints (the change function's mapping, issue 9; every collecting function for
            // LICENSE_SERVER, issue 10): its request names no resource
            "license-manager-user-subscriptions:ListLicenseServerEndpoints",
            "route53resolver:ListResolverRuleAssociations",
            "route53resolver:ListResolverRules",
            "ssm:DescribeInstanceInformation",
            "config:PutEvaluations",
            // the coordinator's listing of the organization's accounts (UseOrganizations): no resource types
            "organizations:ListAccounts");

    /**
     * The read-only actions granted on exactly one resource that is not this stack's, with that resource as
     * template.yaml writes it (!Sub read as text). A new entry must be added here deliberately, with the document
     * that names the ARN.
     */
    static final Map<String, String> EXACT_FOREIGN_READS = Map.of(
            // SERVICE_LINKED_ROLE: the LM-US service-linked role (LM user guide, user-based-subscription-role.html;
            // IAM keeps service-linked roles under /aws-service-role/<service principal>/), docs/aws-facts.md.
            "iam:GetRole", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
                    + "license-manager-user-subscriptions.amazonaws.com/" + ServiceLinkedRole.LMUS_ROLE_NAME);

    /** The resources of this stack that write actions may name (as !Ref / !GetAtt read as text). */
    static final Set<String> OWN_RESOURCES = Set.of("StateTable.Arn", "AlertTopic", "ChatTopic", "AlertKey.Arn",
            "TargetQueue.Arn");

    /**
     * The writes on a resource that is not this stack's, with that resource as template.yaml writes it: Security Hub
     * findings of the account's own default product (Service Authorization Reference for Security Hub: resource type
     * product; the condition key securityhub:TargetAccount pins the account the findings are for).
     */
    static final Map<String, String> EXACT_FOREIGN_WRITES = Map.of(
            "securityhub:BatchImportFindings",
            "arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:product/${AWS::AccountId}/default");

    /**
     * sts:AssumeRole, granted only on the member role of member-role.yaml, by its name in any account: the member
     * role's trust policy (the worker role's path and the external id) decides who gets in (issue 11).
     */
    static final String MEMBER_ROLE = "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}";

    @Test
    void everyFunction_grantedActions_exactlyTheUnionItsCodeDeclares() {
        Map<String, Set<String>> declared = Map.of(
                "ScanFunction", union(CheckRegistry.defaults().requiredActions(), DynamoDbStateStore.REQUIRED_ACTIONS,
                        DynamoDbSplitStore.REQUIRED_ACTIONS, SnsAlertPublisher.REQUIRED_ACTIONS,
                        SnsAlertPublisher.ENCRYPTED_TOPIC_KEY_ACTIONS, SqsTargetQueue.REQUIRED_ACTIONS,
                        SecurityHubPublisher.REQUIRED_ACTIONS),
                "ChangeFunction", union(CheckRegistry.defaults().requiredActions(),
                        ChangeImpactMapper.REQUIRED_ACTIONS, DynamoDbStateStore.REQUIRED_ACTIONS,
                        SnsAlertPublisher.REQUIRED_ACTIONS, SnsAlertPublisher.ENCRYPTED_TOPIC_KEY_ACTIONS,
                        SecurityHubPublisher.REQUIRED_ACTIONS),
                "ConfigRuleFunction", union(CheckRegistry.defaults().requiredActions(),
                        ConfigEvaluationPublisher.REQUIRED_ACTIONS),
                "CoordinatorFunction", union(SqsTargetQueue.REQUIRED_ACTIONS, OrganizationAccounts.REQUIRED_ACTIONS),
                "WorkerFunction", union(CheckRegistry.defaults().requiredActions(), ChangeImpactMapper.REQUIRED_ACTIONS,
                        DynamoDbStateStore.REQUIRED_ACTIONS, DynamoDbSplitStore.REQUIRED_ACTIONS,
                        SnsAlertPublisher.REQUIRED_ACTIONS, SnsAlertPublisher.ENCRYPTED_TOPIC_KEY_ACTIONS,
                        WorkerHandler.EVENT_SOURCE_ACTIONS, SqsTargetQueue.REQUIRED_ACTIONS,
                        MemberAccess.REQUIRED_ACTIONS, SecurityHubPublisher.REQUIRED_ACTIONS));

        assertThat(functions()).containsExactlyInAnyOrderElementsOf(declared.keySet());
        declared.forEach((function, actions) -> assertThat(granted(function)).as(function)
                .containsExactlyInAnyOrderElementsOf(actions));
    }

    @Test
    void everyFunctionStatement_noWildcardAndAllResourcesOnlyForTheListedActionsAndWritesOnOwnResources() {
        List<JsonNode> statements = new ArrayList<>();
        for (String function : functions()) {
            statements.addAll(statements(function));
        }
        assertThat(statements).isNotEmpty();
        for (JsonNode statement : statements) {
            String sid = statement.path("Sid").asText();
            assertThat(statement.get("Effect").asText()).as(sid).isEqualTo("Allow");
            List<String> actions = texts(statement.get("Action"));
            List<String> resources = texts(statement.get("Resource"));
            assertThat(actions).as(sid).allSatisfy(a -> assertThat(a).doesNotContain("*").contains(":"));
            if (resources.contains("*")) {
                assertThat(resources).as(sid).containsExactly("*");
                assertThat(ALL_RESOURCES).as(sid + ": granted on every resource").containsAll(actions);
            } else if (actions.stream().anyMatch(EXACT_FOREIGN_WRITES::containsKey)) {
                assertThat(actions).as(sid + ": a write on one resource not this stack's, alone").hasSize(1);
                assertThat(resources).as(sid + ": exactly the documented resource")
                        .containsExactly(EXACT_FOREIGN_WRITES.get(actions.getFirst()));
                assertThat(statement.path("Condition").path("StringEquals").path("securityhub:TargetAccount")
                        .asText()).as(sid + ": only for this account").isEqualTo("AWS::AccountId");
            } else if (actions.contains("sts:AssumeRole")) {
                assertThat(actions).as(sid + ": AssumeRole alone").containsExactly("sts:AssumeRole");
                assertThat(resources).as(sid + ": only the member role").containsExactly(MEMBER_ROLE);
            } else if (actions.stream().anyMatch(EXACT_FOREIGN_READS::containsKey)) {
                assertThat(actions).as(sid + ": a read of one resource not this stack's, alone").hasSize(1);
                assertThat(resources).as(sid + ": exactly the documented resource")
                        .containsExactly(EXACT_FOREIGN_READS.get(actions.getFirst()));
            } else {
                assertThat(OWN_RESOURCES).as(sid + ": this stack's resources").containsAll(resources);
            }
        }
        assertThat(ALL_RESOURCES).allSatisfy(action -> assertThat(action.substring(action.indexOf(':') + 1))
                .matches("(Describe|List|Get)[A-Za-z]+|PutEvaluations"));
        EXACT_FOREIGN_READS.forEach((action, resource) -> {
            assertThat(action.substring(action.indexOf(':') + 1)).as(action).matches("(Describe|List|Get)[A-Za-z]+");
            assertThat(resource).as(action).startsWith("arn:").doesNotContain("*").doesNotContain("?");
        });
    }

    @Test
    void securityHubProduct_templateArn_isTheArnTheFindingsName() {
        String template = EXACT_FOREIGN_WRITES.get("securityhub:BatchImportFindings")
                .replace("${AWS::Partition}", "aws").replace("${AWS::Region}", "eu-west-1")
                .replace("${AWS::AccountId}", "123456789012");

        assertThat(SecurityHubFindings.productArn("123456789012", "eu-west-1")).isEqualTo(template);
        assertThat(SecurityHubPublisher.REQUIRED_ACTIONS).containsExactlyElementsOf(EXACT_FOREIGN_WRITES.keySet());
    }

    @Test
    void conditionalPolicies_onlyUnderTheirOwnCondition_channelsAndMultiAccountGrantsOnly() {
        Map<String, String> conditional = new java.util.TreeMap<>();
        for (String function : functions()) {
            for (JsonNode policy : TemplateYaml.resource(function).get("Properties").get("Policies")) {
                if (policy.isArray()) {
                    assertThat(policy).as(function).hasSize(3);
                    assertThat(policy.get(2).asText()).as(function).isEqualTo("AWS::NoValue");
                    if (!policy.get(1).isTextual()) {
                        // an inline statement under a condition (issue 11's multi-account grants)
                        policy.get(1).get("Statement").forEach(statement -> conditional.put(
                                function + "." + statement.get("Sid").asText(), policy.get(0).asText()));
                        continue;
                    }
                    String name = policy.get(1).asText();
                    assertThat(TemplateYaml.resource(name).get("Condition").asText()).as(name)
                            .isEqualTo(policy.get(0).asText());
                    conditional.put(name, policy.get(0).asText());
                }
            }
        }

        assertThat(conditional).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ChatPublishPolicy", "ChatEnabled", "SecurityHubFindingsPolicy", "SecurityHubEnabled",
                "WorkerFunction.AssumeMemberRole", "MultiAccount",
                "CoordinatorFunction.ListOrganizationAccounts", "UseOrganizationAccounts"));
        assertThat(TemplateYaml.resource("ChatTopic").get("Condition").asText()).isEqualTo("ChatEnabled");
    }

    @Test
    void globals_asyncFailureDestination_thisStacksEncryptedQueue() {
        JsonNode destination = TemplateYaml.template().get("Globals").get("Function").get("EventInvokeConfig")
                .get("DestinationConfig").get("OnFailure");

        assertThat(destination.get("Type").asText()).isEqualTo("SQS");
        assertThat(destination.get("Destination").asText()).isEqualTo("AsyncFailureQueue.Arn");
    }

    private static List<String> functions() {
        List<String> out = new ArrayList<>();
        TemplateYaml.template().get("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().get("Type").asText())) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /**
     * Every statement that applies to a function: its inline ones and those of the managed policies it names; a
     * conditional policy ({@code !If [condition, policy, !Ref AWS::NoValue]}, read as that list) counts as granted.
     */
    static List<JsonNode> statements(String function) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode policy : TemplateYaml.resource(function).get("Properties").get("Policies")) {
            if (policy.isArray()) {
                // !If [Condition, !Ref Policy, !Ref AWS::NoValue] reads as [Condition, Policy, AWS::NoValue]
                assertThat(policy).as(function + ": a conditional policy").hasSize(3);
                assertThat(policy.get(2).asText()).isEqualTo("AWS::NoValue");
                assertThat(TemplateYaml.template().get("Conditions").has(policy.get(0).asText())).isTrue();
                policy = policy.get(1);
            }
            JsonNode document = policy.isTextual()
                    ? TemplateYaml.resource(policy.asText()).get("Properties").get("PolicyDocument") : policy;
            document.get("Statement").forEach(out::add);
        }
        return out;
    }

    private static Set<String> granted(String function) {
        Set<String> actions = new TreeSet<>();
        statements(function).forEach(s -> actions.addAll(texts(s.get("Action"))));
        return actions;
    }

    @SafeVarargs
    private static Set<String> union(java.util.Collection<String>... lists) {
        Set<String> out = new TreeSet<>();
        for (java.util.Collection<String> list : lists) {
            out.addAll(list);
        }
        return out;
    }

    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
