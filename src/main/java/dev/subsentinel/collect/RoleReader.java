package dev.subsentinel.collect;

import dev.subsentinel.core.model.ServiceLinkedRole;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/** IAM roles the checks need, by exact name: one GetRole per role per scan. */
final class RoleReader {

    private final IamClient iam;
    private final AwsCalls calls;

    RoleReader(IamClient iam, AwsCalls calls) {
        this.iam = iam;
        this.calls = calls;
    }

    /** Whether the role exists: NoSuchEntity is an answer (it does not), any other error a failure. */
    Fetched<ServiceLinkedRole> role(String roleName) {
        return calls.fetch("iam:GetRole", () -> {
            try {
                Role role = iam.getRole(r -> r.roleName(roleName)).role();
                return new ServiceLinkedRole(roleName, true, role == null ? null : role.arn());
            } catch (NoSuchEntityException e) {
                return new ServiceLinkedRole(roleName, false, null);
            }
        });
    }
}
