package dev.subsentinel.track;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import dev.subsentinel.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SDK clients against moto for the tracking and publishing tests, built the way the client factory will build them
 * (url-connection HTTP client, explicit region, endpoint override), with static test credentials.
 */
public final class TrackClients {

    /** The table name the tests use. */
    public static final String TABLE = "sentinel-state";

    private TrackClients() {
    }

    /** A DynamoDB client, with interceptors (e.g. to count calls or alter responses). */
    public static DynamoDbClient dynamo(MotoServer moto, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(List.of(interceptors)).build())
                .build();
    }

    /** An SNS client, with interceptors (e.g. to inject failures). */
    public static SnsClient sns(MotoServer moto, ExecutionInterceptor... interceptors) {
        return SnsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(List.of(interceptors)).build())
                .build();
    }

    /** An SQS client. */
    public static SqsClient sqs(MotoServer moto) {
        return SqsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * The SNS notifications a queue subscribed to a topic holds (each parsed), removed from it; moto delivers during
     * the publish call, so nothing is awaited.
     */
    public static List<JsonNode> drain(SqsClient sqs, String queueUrl) {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return out;
            }
            for (Message message : batch) {
                try {
                    out.add(Json.mapper().readTree(message.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** Creates the tracking table with the key schema of template.yaml. */
    public static void createTable(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(DynamoDbStateStore.PARTITION_KEY)
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(DynamoDbStateStore.SORT_KEY)
                                .attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(DynamoDbStateStore.PARTITION_KEY)
                                .keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(DynamoDbStateStore.SORT_KEY)
                                .keyType(KeyType.RANGE).build()));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }
}
