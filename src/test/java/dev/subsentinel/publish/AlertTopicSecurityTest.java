package dev.subsentinel.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.testing.TemplateYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The topics and queues of template.yaml at rest and in transit, derived from the template itself so that a topic,
 * alarm or rule added later is held to the same rules:
 * <ul>
 *   <li>every SNS topic is encrypted with a customer managed key of the stack, every SQS queue is encrypted;</li>
 *   <li>the services that publish to a topic are exactly those the template makes publish (CloudWatch for alarms
 *       whose actions name it, EventBridge for rules that target it); the topic's policy allows exactly them, from
 *       this account, and denies publishing without TLS ({@code aws:SecureTransport});</li>
 *   <li>the key's policy lets exactly the services that publish to its topics use it (kms:Decrypt and
 *       kms:GenerateDataKey*, from this account); its only other statement delegates the key to IAM in this account,
 *       where the functions' own policies grant them the key on its ARN (LeastPrivilegeTest).</li>
 * </ul>
 */
class AlertTopicSecurityTest {

    private static final Map<String, String> PRINCIPALS = Map.of("AWS::CloudWatch::Alarm", "cloudwatch.amazonaws.com",
            "AWS::Events::Rule", "events.amazonaws.com");

    @Test
    void everyTopic_encryptedWithAKeyOfTheStack_andEveryQueueEncrypted() {
        List<String> topics = resources("AWS::SNS::Topic");
        assertThat(topics).contains("AlertTopic");
        for (String topic : topics) {
            String key = properties(topic).path("KmsMasterKeyId").asText();
            assertThat(resource(key)).as(topic + " key " + key).isNotNull();
            assertThat(resource(key).get("Type").asText()).isEqualTo("AWS::KMS::Key");
            assertThat(properties(key).get("EnableKeyRotation").asBoolean()).as(key).isTrue();
        }
        List<String> queues = resources("AWS::SQS::Queue");
        assertThat(queues).isNotEmpty().allSatisfy(queue -> assertThat(
                properties(queue).path("SqsManagedSseEnabled").asBoolean()
                        || properties(queue).has("KmsMasterKeyId")).as(queue).isTrue());
    }

    @Test
    void everyTopicPolicy_allowsExactlyItsPublishersFromThisAccountAndDeniesPlainHttp() {
        for (String topic : resources("AWS::SNS::Topic")) {
            JsonNode policy = topicPolicy(topic);
            Set<String> allowed = new TreeSet<>();
            boolean tlsOnly = false;
            for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                List<String> actions = texts(statement.get("Action"));
                if ("Deny".equals(statement.get("Effect").asText())) {
                    tlsOnly |= statement.get("Principal").asText().equals("*") && actions.contains("sns:Publish")
                            && "false".equals(statement.path("Condition").path("Bool").path("aws:SecureTransport")
                            .asText());
                    continue;
                }
                assertThat(actions).as(topic).containsExactly("sns:Publish");
                assertThat(statement.get("Resource").asText()).isEqualTo(topic);
                assertThat(statement.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
                        .as(topic + " confused deputy").isEqualTo("AWS::AccountId");
                allowed.add(statement.get("Principal").get("Service").asText());
            }
            assertThat(allowed).as(topic + " publishers").isEqualTo(publishers(topic));
            assertThat(tlsOnly).as(topic + " denies publishing without TLS").isTrue();
        }
    }

    @Test
    void everyTopicKey_usableByExactlyTheServicesThatPublishToItsTopics() {
        Map<String, Set<String>> publishersByKey = new TreeMap<>();
        for (String topic : resources("AWS::SNS::Topic")) {
            publishersByKey.computeIfAbsent(properties(topic).get("KmsMasterKeyId").asText(), k -> new TreeSet<>())
                    .addAll(publishers(topic));
        }
        assertThat(publishersByKey.get("AlertKey")).contains("cloudwatch.amazonaws.com");
        publishersByKey.forEach((key, publishers) -> {
            Set<String> services = new TreeSet<>();
            int delegations = 0;
            for (JsonNode statement : properties(key).get("KeyPolicy").get("Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                JsonNode principal = statement.get("Principal");
                if (principal.has("AWS")) {
                    assertThat(principal.get("AWS").asText()).as(key + ": only this account's IAM")
                            .isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:root");
                    delegations++;
                    continue;
                }
                assertThat(texts(statement.get("Action"))).as(key).containsExactlyInAnyOrder("kms:Decrypt",
                        "kms:GenerateDataKey*");
                assertThat(statement.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
                        .as(key + " confused deputy").isEqualTo("AWS::AccountId");
                services.add(principal.get("Service").asText());
            }
            assertThat(delegations).as(key).isEqualTo(1);
            assertThat(services).as(key + ": the services publishing to its topics").isEqualTo(publishers);
        });
    }

    /** The service principals the template makes publish to the topic. */
    private static Set<String> publishers(String topic) {
        Set<String> out = new TreeSet<>();
        TemplateYaml.template().get("Resources").properties().forEach(e -> {
            String type = e.getValue().get("Type").asText();
            JsonNode p = e.getValue().path("Properties");
            boolean publishes = switch (type) {
                case "AWS::CloudWatch::Alarm" -> List.of("AlarmActions", "OKActions", "InsufficientDataActions")
                        .stream().anyMatch(a -> texts(p.path(a)).contains(topic));
                case "AWS::Events::Rule" -> targets(p).contains(topic);
                default -> false;
            };
            if (publishes) {
                out.add(PRINCIPALS.get(type));
            }
        });
        return out;
    }

    private static List<String> targets(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.path("Targets").forEach(t -> out.add(t.path("Arn").asText()));
        return out;
    }

    private static JsonNode topicPolicy(String topic) {
        List<JsonNode> policies = new ArrayList<>();
        for (String name : resources("AWS::SNS::TopicPolicy")) {
            if (texts(properties(name).get("Topics")).contains(topic)) {
                policies.add(properties(name));
            }
        }
        assertThat(policies).as(topic + " has one topic policy").hasSize(1);
        return policies.get(0);
    }

    private static List<String> resources(String type) {
        List<String> out = new ArrayList<>();
        TemplateYaml.template().get("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().get("Type").asText())) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    private static JsonNode resource(String logicalId) {
        return TemplateYaml.resource(logicalId);
    }

    private static JsonNode properties(String logicalId) {
        return TemplateYaml.resource(logicalId).get("Properties");
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
