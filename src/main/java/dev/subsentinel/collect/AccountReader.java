package dev.subsentinel.collect;

import software.amazon.awssdk.services.sts.StsClient;

/** The account of the credentials, for a scan that finds no instance whose reservation names it. */
final class AccountReader {

    private final StsClient sts;
    private final AwsCalls calls;

    AccountReader(StsClient sts, AwsCalls calls) {
        this.sts = sts;
        this.calls = calls;
    }

    /** STS GetCallerIdentity's account (it needs no IAM permission). */
    Fetched<String> accountId() {
        return calls.fetch("sts:GetCallerIdentity", () -> sts.getCallerIdentity().account());
    }
}
