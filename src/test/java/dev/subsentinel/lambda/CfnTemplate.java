package dev.subsentinel.lambda;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SAM template read as CloudFormation reads it: the short-form tags become their long forms ({@code !Ref X} is
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": "A.B"}}, {@code !Sub s} is
 * {@code {"Fn::Sub": s}}), so a reference is never mistaken for a literal. Gives each function's handler, memory,
 * timeout, SnapStart and its environment: the {@code Globals} variables merged with the function's (the function
 * wins, as SAM merges them), each value resolved locally.
 *
 * <p>Local resolution: a {@code Ref} to a parameter is its override or its {@code Default}; a {@code Ref} to a
 * resource is a local stand-in ({@link #localValue}) unless the env-vars file gives the variable a value; the pseudo
 * parameters are those of a local account; {@code Fn::Sub} substitutes the same; {@code Fn::If} takes the branch its
 * condition ({@code Fn::Equals}, {@code Fn::Not}, {@code Condition}) selects for those parameters. Anything else is
 * refused with the variable's name.
 */
public final class CfnTemplate {

    /** The account id local stand-ins use. */
    public static final String LOCAL_ACCOUNT = "123456789012";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final JsonNode root;

    private CfnTemplate(JsonNode root) {
        this.root = root;
    }

    /** Reads a template file. */
    public static CfnTemplate read(Path file) throws IOException {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            parser.nextToken();
            return new CfnTemplate(node(parser));
        }
    }

    /** The template as a tree, tags in long form. */
    public JsonNode root() {
        return root;
    }

    /**
     * A function of the template.
     *
     * @param logicalId     its logical id
     * @param handler       its {@code Handler}
     * @param memoryMb      {@code MemorySize} (function, else Globals, else 128 as Lambda's default)
     * @param timeoutSeconds {@code Timeout} (function, else Globals, else 3)
     * @param snapStart     whether {@code SnapStart.ApplyOn} is {@code PublishedVersions}
     * @param logGroup      the log group of its {@code LoggingConfig}, or {@code /aws/lambda/<logicalId>}
     */
    public record Function(String logicalId, String handler, int memoryMb, int timeoutSeconds, boolean snapStart,
            String logGroup) {
    }

    /** The logical ids of the {@code AWS::Serverless::Function} resources, in template order. */
    public List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /**
     * A function by logical id.
     *
     * @throws IllegalArgumentException when the template has no such function
     */
    public Function function(String logicalId) {
        JsonNode properties = functionProperties(logicalId);
        JsonNode globals = root.path("Globals").path("Function");
        String handler = first(properties, globals, "Handler").asText();
        int memory = first(properties, globals, "MemorySize").asInt(128);
        int timeout = first(properties, globals, "Timeout").asInt(3);
        boolean snapStart = "PublishedVersions".equals(first(properties, globals, "SnapStart").path("ApplyOn")
                .asText());
        JsonNode logGroup = properties.path("LoggingConfig").path("LogGroup");
        String group = logGroup.isMissingNode() ? "/aws/lambda/" + logicalId
                : resolve(logicalId + " LoggingConfig.LogGroup", logGroup, Map.of(), "us-east-1");
        return new Function(logicalId, handler, memory, timeout, snapStart, group);
    }

    /**
     * The function's environment variables (Globals merged with the function's), resolved locally.
     *
     * @param logicalId  the function
     * @param parameters parameter overrides (name to value)
     * @param envVars    the env-vars file's values for this function ({@code Parameters} merged under the
     *                   function's own, as {@code sam local invoke --env-vars} does): they replace the template's
     *                   value of a variable the template declares; other names are ignored, as SAM ignores them
     * @param region     the region pseudo parameter
     */
    public Map<String, String> environment(String logicalId, Map<String, String> parameters,
            Map<String, String> envVars, String region) {
        JsonNode properties = functionProperties(logicalId);
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> declared.put(e.getKey(), e.getValue()));
        properties.path("Environment").path("Variables").fields()
                .forEachRemaining(e -> declared.put(e.getKey(), e.getValue()));
        Map<String, String> env = new TreeMap<>();
        for (Map.Entry<String, JsonNode> variable : declared.entrySet()) {
            String name = variable.getKey();
            env.put(name, envVars.containsKey(name) ? envVars.get(name)
                    : resolve(name, variable.getValue(), parameters, region));
        }
        return env;
    }

    /**
     * The values of an env-vars file (the {@code sam local invoke --env-vars} format) for a function: its
     * {@code Parameters} object, overridden by the object named after the function.
     */
    public static Map<String, String> envVarsFor(JsonNode file, String logicalId) {
        Map<String, String> values = new TreeMap<>();
        if (file == null) {
            return values;
        }
        file.path("Parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        file.path(logicalId).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private JsonNode functionProperties(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (!"AWS::Serverless::Function".equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException("the template has no function '" + logicalId + "'; it defines "
                    + String.join(", ", functionIds()));
        }
        return resource.path("Properties");
    }

    private static JsonNode first(JsonNode properties, JsonNode globals, String name) {
        return properties.has(name) ? properties.get(name) : globals.path(name);
    }

    private String resolve(String variable, JsonNode value, Map<String, String> parameters, String region) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(variable, value.get("Ref").asText(), parameters, region);
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            Matcher matcher = SUB_VARIABLE.matcher(value.get("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String replacement = name.contains(".") ? localAttribute(name) : ref(variable, name, parameters,
                        region);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value.has("Fn::If")) {
            JsonNode arguments = value.get("Fn::If");
            return resolve(variable, condition(variable, arguments.get(0).asText(), parameters, region)
                    ? arguments.get(1) : arguments.get(2), parameters, region);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode target = value.get("Fn::GetAtt");
            return localAttribute(target.isArray() ? target.get(0).asText() + "." + target.get(1).asText()
                    : target.asText());
        }
        throw new IllegalArgumentException(variable + ": cannot resolve " + value + " locally; give it a value in"
                + " the env-vars file");
    }

    /** A condition of the template's {@code Conditions}, over the parameters as {@link #ref} resolves them. */
    private boolean condition(String variable, String name, Map<String, String> parameters, String region) {
        JsonNode definition = root.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new IllegalArgumentException(variable + ": condition " + name + " names nothing in the template");
        }
        return evaluate(variable, definition, parameters, region);
    }

    private boolean evaluate(String variable, JsonNode node, Map<String, String> parameters, String region) {
        if (node.has("Fn::Equals")) {
            return resolve(variable, node.get("Fn::Equals").get(0), parameters, region)
                    .equals(resolve(variable, node.get("Fn::Equals").get(1), parameters, region));
        }
        if (node.has("Fn::Not")) {
            return !evaluate(variable, node.get("Fn::Not").get(0), parameters, region);
        }
        if (node.has("Condition")) {
            return condition(variable, node.get("Condition").asText(), parameters, region);
        }
        throw new IllegalArgumentException(variable + ": cannot evaluate the condition " + node + " locally");
    }

    private String ref(String variable, String name, Map<String, String> parameters, String region) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return LOCAL_ACCOUNT;
            case "AWS::StackName":
                return "local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        JsonNode parameter = root.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            if (!parameter.has("Default")) {
                throw new IllegalArgumentException(variable + ": parameter " + name + " has no default; override"
                        + " it");
            }
            return parameter.get("Default").asText();
        }
        JsonNode resource = root.path("Resources").path(name);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException(variable + ": !Ref " + name + " names nothing in the template");
        }
        JsonNode logGroupName = resource.path("Properties").path("LogGroupName");
        if ("AWS::Logs::LogGroup".equals(resource.path("Type").asText()) && !logGroupName.isMissingNode()) {
            return resolve(variable, logGroupName, parameters, region);
        }
        return localValue(name, resource.path("Type").asText(), region);
    }

    /**
     * The local stand-in for {@code !Ref} of a resource: what the resource's Ref returns in CloudFormation, for a
     * resource in a local account ({@value #LOCAL_ACCOUNT}) named after its logical id. (SAM CLI gives the logical id
     * itself, which is not an ARN where an ARN is expected.)
     */
    static String localValue(String logicalId, String type, String region) {
        return switch (type) {
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + LOCAL_ACCOUNT + ":" + logicalId;
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + LOCAL_ACCOUNT + "/" + logicalId;
            default -> logicalId;
        };
    }

    private static String localAttribute(String target) {
        return "arn:aws:local:::" + target;
    }

    /** Reads the node at the parser's current token, short-form tags in long form. */
    private static JsonNode node(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode plain;
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.set(name, node(parser));
            }
            plain = object;
        } else if (token == JsonToken.START_ARRAY) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(node(parser));
            }
            plain = array;
        } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            plain = JsonNodeFactory.instance.textNode(parser.getText());
        } else if (token == JsonToken.VALUE_NULL) {
            plain = JsonNodeFactory.instance.nullNode();
        } else {
            plain = JsonNodeFactory.instance.textNode(parser.getText());
        }
        // The parser gives a tag without its "!" (and the standard YAML tags in full).
        if (tag == null || tag.isEmpty() || tag.startsWith("tag:yaml.org")) {
            return plain;
        }
        String name = tag;
        String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        ObjectNode longForm = JsonNodeFactory.instance.objectNode();
        longForm.set(key, plain);
        return longForm;
    }
}
