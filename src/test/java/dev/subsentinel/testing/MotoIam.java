package dev.subsentinel.testing;

import dev.subsentinel.core.model.ServiceLinkedRole;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;

/**
 * The few IAM resources the fixtures need in moto: instance profiles (sent to moto's IAM query API directly; moto
 * routes the request by the service named in the credential scope and checks no signature) and the LM-US
 * service-linked role (with the IAM client the product itself uses for GetRole).
 */
public final class MotoIam {

    private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");

    private MotoIam() {
    }

    /**
     * The LM-US service-linked role, as IAM names it and where IAM keeps it ({@code /aws-service-role/<service
     * principal>/}); nothing when it exists already (one per account, and moto keeps it until reset).
     */
    public static void createLmusServiceLinkedRole(IamClient iam) {
        try {
            iam.createRole(r -> r.roleName(ServiceLinkedRole.LMUS_ROLE_NAME)
                    .path("/aws-service-role/license-manager-user-subscriptions.amazonaws.com/")
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"license-manager-user-subscriptions.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}"));
        } catch (EntityAlreadyExistsException e) {
            // seeded before in this moto
        }
    }

    /** Creates an instance profile and returns its ARN. */
    public static String createInstanceProfile(MotoServer moto, String name) {
        String body = "Action=CreateInstanceProfile&Version=2010-05-08&InstanceProfileName="
                + URLEncoder.encode(name, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = moto.http().send(HttpRequest.newBuilder(moto.endpoint())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request,"
                            + " SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher arn = ARN.matcher(response.body());
            if (response.statusCode() != 200 || !arn.find()) {
                throw new IllegalStateException("CreateInstanceProfile failed: HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return arn.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("CreateInstanceProfile failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
