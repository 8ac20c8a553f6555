package dev.subsentinel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.subsentinel.core.model.Directory;
import dev.subsentinel.core.model.IdentityProvider;
import dev.subsentinel.core.model.LmusInstance;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.directory.model.DirectoryConnectSettingsDescription;
import software.amazon.awssdk.services.directory.model.DirectoryDescription;
import software.amazon.awssdk.services.directory.model.DirectoryVpcSettingsDescription;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ActiveDirectoryIdentityProvider;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.ActiveDirectorySettings;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.DomainNetworkSettings;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.IdentityProviderSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.InstanceSummary;
import software.amazon.awssdk.services.licensemanagerusersubscriptions.model.Settings;

/** LM-US and Directory Service responses as the snapshot records them. */
class ServiceMappingTest {

    @Test
    void lmusInstance_withIdentityProvider_keepsStatusTextAndDirectory() {
        InstanceSummary summary = InstanceSummary.builder().instanceId("i-0a1").status("Failed")
                .statusMessage("Domain join failed").products("OFFICE_PROFESSIONAL_PLUS")
                .lastStatusCheckDate("2026-11-25T08:00:00Z")
                .identityProvider(software.amazon.awssdk.services.licensemanagerusersubscriptions.model
                        .IdentityProvider.builder().activeDirectoryIdentityProvider(
                                ActiveDirectoryIdentityProvider.builder().directoryId("d-0a1").build()).build())
                .build();

        assertThat(LmusReader.instance(summary)).isEqualTo(new LmusInstance("i-0a1", "Failed", "Domain join failed",
                List.of("OFFICE_PROFESSIONAL_PLUS"), "2026-11-25T08:00:00Z", "d-0a1"));
    }

    @Test
    void lmusInstance_withoutStatus_recordedAsUnknownRatherThanDropped() {
        LmusInstance instance = LmusReader.instance(InstanceSummary.builder().instanceId("i-0a1").build());

        assertThat(instance.status()).isEqualTo("UNKNOWN");
        assertThat(instance.directoryId()).isNull();
    }

    @Test
    void identityProvider_selfManaged_keepsSettingsDomainAndItsSubnets() {
        IdentityProviderSummary summary = IdentityProviderSummary.builder().product("REMOTE_DESKTOP_SERVICES")
                .status("REGISTERED")
                .settings(Settings.builder().subnets("subnet-0a1", "subnet-0b2").securityGroupId("sg-0kms").build())
                .identityProvider(software.amazon.awssdk.services.licensemanagerusersubscriptions.model
                        .IdentityProvider.builder().activeDirectoryIdentityProvider(ActiveDirectoryIdentityProvider
                                .builder().activeDirectoryType("SELF_MANAGED").activeDirectorySettings(
                                        ActiveDirectorySettings.builder().domainName("corp.example.com")
                                                .domainIpv4List("10.5.0.10", "10.5.0.11")
                                                .domainNetworkSettings(DomainNetworkSettings.builder()
                                                        .subnets("subnet-0dc").build())
                                                .build())
                                .build())
                        .build())
                .build();

        IdentityProvider provider = LmusReader.identityProvider(summary);

        assertThat(provider).isEqualTo(new IdentityProvider(null, "REMOTE_DESKTOP_SERVICES", "REGISTERED",
                List.of("subnet-0a1", "subnet-0b2"), "sg-0kms", "SELF_MANAGED", "corp.example.com",
                List.of("10.5.0.10", "10.5.0.11"), List.of("subnet-0dc")));
    }

    @Test
    void directory_managedOrConnector_takesTheVpcFromWhicheverSettingsItHas() {
        DirectoryDescription managed = DirectoryDescription.builder().directoryId("d-0a1").name("corp.example.com")
                .dnsIpAddrs("10.1.1.10", "10.1.2.10")
                .vpcSettings(DirectoryVpcSettingsDescription.builder().vpcId("vpc-0dir")
                        .subnetIds("subnet-0a1", "subnet-0b2").build())
                .build();
        DirectoryDescription connector = DirectoryDescription.builder().directoryId("d-0c3").name("onprem.example")
                .connectSettings(DirectoryConnectSettingsDescription.builder().vpcId("vpc-0con")
                        .subnetIds("subnet-0c3").build())
                .build();

        assertThat(DirectoryReader.directory(managed)).isEqualTo(new Directory("d-0a1", "corp.example.com",
                "vpc-0dir", List.of("subnet-0a1", "subnet-0b2"), List.of("10.1.1.10",
                        "10.1.2.10")));
        assertThat(DirectoryReader.directory(connector).vpcId()).isEqualTo("vpc-0con");
    }
}
