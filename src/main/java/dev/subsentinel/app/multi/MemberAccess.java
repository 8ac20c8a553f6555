package dev.subsentinel.app.multi;

import dev.subsentinel.config.AppConfig;
import dev.subsentinel.config.Clients;
import dev.subsentinel.config.MultiAccountConfig;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The clients of a target account and region. The monitor's own account (any region) is read with the function's own
 * credentials; another account through its read-only member role (member-role.yaml): STS AssumeRole with the external
 * id, through the monitor's STS client, one session of an hour at most (assuming a role from a Lambda function is
 * role chaining, which AWS caps at an hour; a scan lasts minutes), refreshed by the SDK when it nears its end.
 *
 * <p>The role is assumed once before anything else is read, so that a role that cannot be assumed fails the target
 * at once, with STS's reason, instead of turning every fact of the account into an unknown one. Credentials are never
 * kept beyond the clients' life: each target's clients are built when it is scanned and closed after it (the change
 * function keeps a few, see {@link MemberChanges}), never at initialisation (a SnapStart snapshot holds no member
 * credentials).
 */
public final class MemberAccess {

    /** The IAM action that reaches a member account (granted on the member role's ARN in every account only). */
    public static final List<String> REQUIRED_ACTIONS = List.of("sts:AssumeRole");

    /** The longest session asked for: the cap of role chaining (docs/aws-facts.md). */
    static final int SESSION_SECONDS = 3600;

    private final AppConfig config;
    private final MultiAccountConfig multi;
    private final Clients own;
    private final Supplier<String> ownAccount;

    /**
     * Access through the monitor's clients.
     *
     * @param config     the settings every target's clients share
     * @param multi      the member role's name and external id
     * @param own        the monitor's clients (their STS client assumes the member roles)
     * @param ownAccount the monitor's account
     */
    public MemberAccess(AppConfig config, MultiAccountConfig multi, Clients own, Supplier<String> ownAccount) {
        this.config = Objects.requireNonNull(config, "config");
        this.multi = Objects.requireNonNull(multi, "multi");
        this.own = Objects.requireNonNull(own, "own");
        this.ownAccount = Objects.requireNonNull(ownAccount, "ownAccount");
    }

    /** The monitor's own account. */
    public String ownAccount() {
        return ownAccount.get();
    }

    /** The monitor's own region. */
    public String ownRegion() {
        return own.region().id();
    }

    /** Whether a target is the monitor's own account (read with its own credentials). */
    public boolean own(Target target) {
        return target.accountId().equals(ownAccount.get());
    }

    /**
     * New clients for the target; the caller closes them.
     *
     * @throws MemberAccessException when the member role cannot be assumed
     */
    public Clients clients(Target target) {
        if (own(target)) {
            return Clients.forAccount(config, target.region(), DefaultCredentialsProvider.builder().build());
        }
        String roleArn = multi.memberRoleArn(Clients.partition(own.region().id()), target.accountId());
        if (multi.externalId() == null) {
            throw new MemberAccessException(target, "cannot assume " + roleArn + ": SENTINEL_EXTERNAL_ID is not set");
        }
        String session = "subscription-sentinel-" + UUID.randomUUID().toString().substring(0, 8);
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(own.sts())
                .refreshRequest(r -> r.roleArn(roleArn).externalId(multi.externalId()).roleSessionName(session)
                        .durationSeconds(SESSION_SECONDS))
                .build();
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            credentials.close();
            throw new MemberAccessException(target, "the member role " + roleArn + " cannot be assumed: "
                    + reason(e) + " (deploy member-role.yaml in " + target.accountId()
                    + " trusting this account and with this deployment's external id)");
        }
        return Clients.forAccount(config, target.region(), credentials);
    }

    private static String reason(SdkException e) {
        Throwable cause = e.getCause() instanceof SdkException sdk ? sdk : e;
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
