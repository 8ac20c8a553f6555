package dev.subsentinel.core.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change that makes a check pass: an AWS API operation with its exact parameters, the same change as a
 * ready-to-run AWS CLI command, and why it is the least permissive one.
 *
 * @param operation  the IAM action of the call, e.g. {@code ec2:AuthorizeSecurityGroupEgress}
 * @param parameters the call's request parameters by their API names, in the order the command gives them
 * @param command    the AWS CLI command that makes the same call
 * @param why        one line: what it fixes and why nothing wider is needed
 */
public record FixAction(String operation, Map<String, Object> parameters, String command, String why) {

    public FixAction {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(why, "why");
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(parameters));
    }
}
