package dev.subsentinel.testing;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few IAM calls the fixtures need, sent to moto's IAM query API directly (the product uses no IAM client, so the
 * build carries none). moto routes the request by the service named in the credential scope; it checks no signature.
 */
public final class MotoIam {

    private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");

    private MotoIam() {
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
