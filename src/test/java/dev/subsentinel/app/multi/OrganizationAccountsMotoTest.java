package dev.subsentinel.app.multi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.testing.MotoExtension;
import dev.subsentinel.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;

/**
 * The coordinator's organization listing on moto's Organizations (issue 11): every page of ListAccounts (20 a page at
 * most), ACTIVE accounts kept, the others skipped with their state; and the coordinator's run over them sends one
 * target per account and region but the monitor's own account in its own region.
 */
@ExtendWith(MotoExtension.class)
class OrganizationAccountsMotoTest {

    private static final String MANAGEMENT = "123456789012";

    @Test
    void accounts_morePagesThanOneWithAClosedAccount_everyActiveOneAndTheClosedSkippedWithItsState(MotoServer moto) {
        try (OrganizationsClient organizations = OrganizationsClient.builder().endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing"))).build()) {
            organizations.createOrganization(b -> b.featureSet("ALL"));
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                CreateAccountStatus status = organizations.createAccount(b -> b.email("member" + n + "@example.com")
                        .accountName("member-" + n)).createAccountStatus();
                created.add(status.accountId());
            }
            String closed = created.get(7);
            organizations.closeAccount(b -> b.accountId(closed));

            AccountSource.Accounts accounts = new OrganizationAccounts(organizations).accounts();

            List<String> active = new ArrayList<>(created);
            active.remove(closed);
            active.add(MANAGEMENT);
            assertThat(accounts.active()).as("25 accounts: two pages of at most 20")
                    .containsExactlyInAnyOrderElementsOf(active);
            assertThat(accounts.skipped()).containsOnlyKeys(closed);
            assertThat(accounts.skipped().get(closed)).isIn("SUSPENDED", "PENDING_CLOSURE", "CLOSED");

            List<TargetMessage> sent = new ArrayList<>();
            CoordinatorOutcome outcome = new Coordinator(new OrganizationAccounts(organizations),
                    List.of("us-east-1", "eu-west-1"), messages -> {
                        sent.addAll(messages);
                        return Map.of();
                    }, () -> MANAGEMENT, "us-east-1", () -> "run-1", null).run();

            assertThat(outcome.queued()).hasSize(24 * 2 - 1);
            assertThat(outcome.covered()).containsExactly(new Target(MANAGEMENT, "us-east-1"));
            assertThat(sent).extracting(TargetMessage::target).doesNotHaveDuplicates()
                    .contains(new Target(MANAGEMENT, "eu-west-1")).doesNotContain(new Target(closed, "us-east-1"));
            assertThat(sent).allSatisfy(m -> assertThat(m.targets()).isEqualTo(47));
        }
    }
}
