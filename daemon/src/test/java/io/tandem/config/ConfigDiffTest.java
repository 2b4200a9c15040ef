package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a reload would change, keyed by address and blind to where blocks sit in the file. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigDiffTest {

    private static TandemConfig parse(String text) throws ConfigException {
        return ConfigLoader.parse(text, Path.of("diff.conf"));
    }

    private static final String BASE =
            """
            virtual_server 10.0.0.1 80 {
                lb_algo rr
                real_server 10.0.0.2 80 {
                    weight 1
                    TCP_CHECK { connect_timeout 2 }
                }
                real_server 10.0.0.3 80 { weight 2 }
            }
            virtual_server 10.0.0.1 53 {
                protocol UDP
                real_server 10.0.0.4 53 { weight 1 }
            }
            """;

    @Test
    void theSameConfigMovedDownTheFileChangesNothing() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse("\n\n# moved\n\n" + BASE));

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void virtualServersAreKeyedByProtocolAndAddress() throws Exception {
        ConfigDiff diff =
                ConfigDiff.between(
                        parse(BASE),
                        parse(
                                BASE.replace("10.0.0.1 53 {", "10.0.0.1 54 {")
                                        .replace("protocol UDP", "protocol UDP")));

        assertThat(diff.addedVirtualServers())
                .extracting(VirtualServerConfig::name)
                .containsExactly("10.0.0.1:54");
        assertThat(diff.removedVirtualServers())
                .extracting(VirtualServerConfig::name)
                .containsExactly("10.0.0.1:53");
        assertThat(diff.changedVirtualServers()).isEmpty();
    }

    @Test
    void aSchedulerChangeIsASettingsChangeWithNoRealServerChange() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("rr", "wlc")));

        assertThat(diff.changedVirtualServers()).hasSize(1);
        VirtualServerChange change = diff.changedVirtualServers().getFirst();
        assertThat(change.settingsChanged()).isTrue();
        assertThat(change.after().scheduler()).isEqualTo(SchedulerKind.WLC);
        assertThat(change.addedRealServers()).isEmpty();
        assertThat(change.removedRealServers()).isEmpty();
        assertThat(change.changedRealServers()).isEmpty();
    }

    @Test
    void aWeightChangeKeepsTheChecksAndACheckChangeSaysSo() throws Exception {
        ConfigDiff diff =
                ConfigDiff.between(
                        parse(BASE),
                        parse(
                                BASE.replace("weight 2", "weight 5")
                                        .replace("connect_timeout 2", "connect_timeout 3")));

        VirtualServerChange change = diff.changedVirtualServers().getFirst();
        assertThat(change.settingsChanged()).isFalse();
        assertThat(change.changedRealServers())
                .extracting(c -> c.after().address().toString(), RealServerChange::checksChanged)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("10.0.0.2:80", true),
                        org.assertj.core.groups.Tuple.tuple("10.0.0.3:80", false));
    }

    @Test
    void realServersAddedAndRemovedAreListedByAddress() throws Exception {
        ConfigDiff diff =
                ConfigDiff.between(
                        parse(BASE),
                        parse(
                                BASE.replace(
                                        "real_server 10.0.0.3 80 { weight 2 }",
                                        "real_server 10.0.0.9 80 { weight 2 }")));

        VirtualServerChange change = diff.changedVirtualServers().getFirst();
        assertThat(change.addedRealServers())
                .extracting(r -> r.address().toString())
                .containsExactly("10.0.0.9:80");
        assertThat(change.removedRealServers())
                .extracting(r -> r.address().toString())
                .containsExactly("10.0.0.3:80");
    }

    @Test
    void vrrpInstancesAreKeyedByInterfaceAndVirtualRouterId() throws Exception {
        String vrrp =
                """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress { 10.0.0.100 }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress { 10.0.0.101 }
                }
                """;
        ConfigDiff diff =
                ConfigDiff.between(
                        parse(vrrp),
                        parse(
                                vrrp.replace("priority 100", "priority 150")
                                        .replace("virtual_router_id 52", "virtual_router_id 53")));

        assertThat(diff.changedVrrpInstances()).hasSize(1);
        assertThat(diff.changedVrrpInstances().getFirst().get(1).priority()).isEqualTo(150);
        assertThat(diff.addedVrrpInstances())
                .extracting(VrrpInstanceConfig::virtualRouterId)
                .containsExactly(53);
        assertThat(diff.removedVrrpInstances())
                .extracting(VrrpInstanceConfig::virtualRouterId)
                .containsExactly(52);
        assertThat(diff.vrrpScriptsOrGroupsChanged()).isFalse();
    }

    @Test
    void globalDefsChangesAreReportedAsNotAppliedUntilRestart() throws Exception {
        ConfigDiff diff =
                ConfigDiff.between(parse(BASE), parse("global_defs { router_id lb2 }\n" + BASE));

        assertThat(diff.notApplied()).containsExactly("global_defs");
        assertThat(diff.changedVirtualServers()).isEmpty();
    }
}
