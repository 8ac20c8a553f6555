package dev.subsentinel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as a tree. CloudFormation tags (!Ref, !Sub, !GetAtt) are read as their plain values, so
 * {@code !Ref AlertTopic} reads as "AlertTopic" and a {@code !Sub} body as its text.
 */
public final class TemplateYaml {

    /** A ${...} variable of a !Sub string. */
    public static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private static JsonNode template;

    private TemplateYaml() {
    }

    /** The whole template. */
    public static synchronized JsonNode template() {
        if (template == null) {
            try {
                template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template;
    }

    /** One resource, or null. */
    public static JsonNode resource(String logicalId) {
        return template().get("Resources").get(logicalId);
    }

    /** The dashboard body with its !Sub variables replaced by plausible values, parsed as JSON. */
    public static JsonNode dashboard() throws IOException {
        String raw = resource("Dashboard").get("Properties").get("DashboardBody").asText();
        Matcher matcher = SUB_VARIABLE.matcher(raw);
        StringBuilder body = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value = switch (variable) {
                case "MetricsNamespace" -> "TestNamespace";
                case "AWS::Region" -> "us-east-1";
                default -> variable.endsWith(".Arn")
                        ? "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + variable.replace(".Arn", "") : "10";
            };
            matcher.appendReplacement(body, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(body);
        return Json.mapper().readTree(body.toString());
    }

    /** Every metric line of every metric widget, without its trailing options object. */
    public static List<List<String>> dashboardMetrics() throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode widget : dashboard().get("widgets")) {
            if (!"metric".equals(widget.get("type").asText())) {
                continue;
            }
            for (JsonNode line : widget.get("properties").get("metrics")) {
                List<String> parts = new ArrayList<>();
                line.forEach(part -> {
                    if (part.isTextual()) {
                        parts.add(part.asText());
                    }
                });
                out.add(parts);
            }
        }
        return out;
    }
}
