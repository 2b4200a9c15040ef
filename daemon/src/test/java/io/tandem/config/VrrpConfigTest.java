package io.tandem.config;

import static io.tandem.config.RejectedConfig.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** keepalived's VRRP blocks read into records, and their mistakes reported with positions. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VrrpConfigTest {

    private static final String KEEPALIVED_STYLE =
            """
            global_defs {
              vrrp_version 3
              vrrp_garp_master_refresh 60
            }
            vrrp_script chk_proxy {
              script "/usr/bin/pgrep -x tandem"
              interval 2
              weight -20
              fall 2
              rise 3
            }
            vrrp_instance VI_1 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 150
              advert_int 0.1
              nopreempt
              preempt_delay 30
              garp_master_delay 2
              garp_master_repeat 3
              virtual_ipaddress {
                192.168.1.10/24 dev eth0 label eth0:vip
                192.168.1.11
              }
              virtual_ipaddress_excluded {
                192.168.1.12/32
              }
              unicast_src_ip 192.168.1.2
              unicast_peer {
                192.168.1.3
              }
              track_interface {
                eth1
                eth2 weight -10
              }
              track_script {
                chk_proxy
              }
              notify_master "/etc/tandem/master.sh up"
              notify /etc/tandem/notify.sh
              smtp_alert
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 52
              version 2
              authentication {
                auth_type PASS
                auth_pass secret
              }
              virtual_ipaddress {
                10.0.0.1
              }
            }
            vrrp_sync_group G1 {
              group {
                VI_1 VI_2
              }
              notify_backup /bin/true
            }
            """;

    @Test
    void aKeepalivedStyleVrrpConfigurationIsReadWithItsDefaults() throws Exception {
        TandemConfig config = ConfigLoader.parse(KEEPALIVED_STYLE, Path.of("k.conf"));
        assertThat(config.virtualServers()).isEmpty();
        VrrpConfig vrrp = config.vrrp();
        assertThat(vrrp.instances()).hasSize(2);

        VrrpInstanceConfig vi1 = vrrp.instances().get(0);
        assertThat(vi1.name()).isEqualTo("VI_1");
        assertThat(vi1.initialStateMaster()).isTrue();
        assertThat(vi1.interfaceName()).isEqualTo("eth0");
        assertThat(vi1.virtualRouterId()).isEqualTo(51);
        assertThat(vi1.priority()).isEqualTo(150);
        assertThat(vi1.advertInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(vi1.version()).isEqualTo(3);
        assertThat(vi1.nopreempt()).isTrue();
        assertThat(vi1.preemptDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(vi1.garpMasterDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(vi1.garpMasterRepeat()).isEqualTo(3);
        assertThat(vi1.garpMasterRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(vi1.garpMasterRefreshRepeat()).isEqualTo(1);
        assertThat(vi1.virtualIpAddresses())
                .extracting(
                        VirtualIpAddress::address,
                        VirtualIpAddress::prefixLength,
                        VirtualIpAddress::device,
                        VirtualIpAddress::label)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                InetAddress.getByName("192.168.1.10"), 24, "eth0", "eth0:vip"),
                        org.assertj.core.groups.Tuple.tuple(
                                InetAddress.getByName("192.168.1.11"), 32, null, null));
        assertThat(vi1.excludedIpAddresses()).hasSize(1);
        assertThat(vi1.sourceAddress()).isEqualTo(InetAddress.getByName("192.168.1.2"));
        assertThat(vi1.unicastPeers()).containsExactly(InetAddress.getByName("192.168.1.3"));
        assertThat(vi1.trackInterfaces())
                .extracting(VrrpTrack::name, VrrpTrack::weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eth1", null),
                        org.assertj.core.groups.Tuple.tuple("eth2", -10));
        assertThat(vi1.trackScripts()).extracting(VrrpTrack::name).containsExactly("chk_proxy");
        assertThat(vi1.notifyScripts().master()).isEqualTo("/etc/tandem/master.sh up");
        assertThat(vi1.notifyScripts().any()).isEqualTo("/etc/tandem/notify.sh");
        assertThat(vi1.smtpAlert()).isTrue();

        VrrpInstanceConfig vi2 = vrrp.instances().get(1);
        assertThat(vi2.version()).isEqualTo(2);
        assertThat(vi2.priority()).isEqualTo(100);
        assertThat(vi2.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(vi2.authPass()).isEqualTo("secret");
        assertThat(vi2.garpMasterDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(vi2.garpMasterRepeat()).isEqualTo(5);

        VrrpScriptConfig script = vrrp.scripts().getFirst();
        assertThat(script.script()).isEqualTo("/usr/bin/pgrep -x tandem");
        assertThat(script.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(script.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(script.weight()).isEqualTo(-20);
        assertThat(script.rise()).isEqualTo(3);
        assertThat(script.fall()).isEqualTo(2);

        assertThat(vrrp.syncGroups().getFirst().instances()).containsExactly("VI_1", "VI_2");
        assertThat(vrrp.syncGroups().getFirst().notifyScripts().backup()).isEqualTo("/bin/true");
    }

    @Test
    void outOfRangeNumbersSayTheRange() {
        assertThat(
                        errors(
                                """
                                vrrp_instance V {
                                  interface eth0
                                  virtual_router_id 0
                                  priority 300
                                }
                                """))
                .containsExactly(
                        "bad.conf:3:21: virtual_router_id 0 out of range (expected 1..255)",
                        "bad.conf:4:12: priority 300 out of range (expected 1..255)",
                        "bad.conf:1:1: vrrp_instance V: virtual_router_id is missing");
    }

    @Test
    void aFractionalAdvertIntervalNeedsVersionThree() {
        assertThat(
                        errors(
                                """
                                vrrp_instance V {
                                  interface eth0
                                  virtual_router_id 1
                                  advert_int 0.5
                                }
                                """))
                .containsExactly(
                        "bad.conf:4:14: vrrp_instance V: advert_int 0.5 invalid for VRRP version 2"
                                + " (expected whole seconds 1..255; fractions need version 3)");
    }

    @Test
    void anIpv6VirtualAddressIsRefusedRatherThanLeftUnannounced() {
        assertThat(
                        errors(
                                """
                                vrrp_instance V {
                                  interface eth0
                                  virtual_router_id 1
                                  virtual_ipaddress {
                                    10.0.0.10/24
                                  }
                                  virtual_ipaddress_excluded {
                                    2001:db8::10/64 dev eth0
                                  }
                                }
                                """))
                .containsExactly(
                        "bad.conf:8:5: virtual_ipaddress_excluded: IPv6 virtual addresses are not"
                                + " supported yet (no unsolicited neighbour advertisements yet)");
    }

    @Test
    void missingInterfaceUnknownScriptsAndSyncMembersAreReported() {
        assertThat(
                        errors(
                                """
                                vrrp_instance V {
                                  virtual_router_id 1
                                  track_script {
                                    nosuch
                                  }
                                }
                                vrrp_sync_group G {
                                  group {
                                    V W
                                  }
                                }
                                """))
                .containsExactly(
                        "bad.conf:1:1: vrrp_instance V: interface is missing",
                        "bad.conf:9:5: vrrp_sync_group G: no vrrp_instance named 'V'",
                        "bad.conf:9:7: vrrp_sync_group G: no vrrp_instance named 'W'");
    }

    @Test
    void twoInstancesCannotShareARouterIdOnOneInterface() {
        assertThat(
                        errors(
                                """
                                vrrp_instance A {
                                  interface eth0
                                  virtual_router_id 7
                                }
                                vrrp_instance B {
                                  interface eth0
                                  virtual_router_id 7
                                }
                                """))
                .containsExactly(
                        "bad.conf:5:1: vrrp_instance B: virtual_router_id 7 on eth0 is already used"
                                + " by vrrp_instance A (bad.conf:1:1)");
    }

    @Test
    void authenticationIsRefusedWithVersionThreeAndUnsupportedOptionsSayWhy() {
        assertThat(
                        errors(
                                """
                                vrrp_instance A {
                                  interface eth0
                                  virtual_router_id 7
                                  version 3
                                  use_vmac
                                  authentication {
                                    auth_type PASS
                                    auth_pass x
                                  }
                                  virtual_ipaddress {
                                    10.0.0.1/33
                                  }
                                }
                                """))
                .containsExactly(
                        "bad.conf:5:3: 'use_vmac' in vrrp_instance: this VRRP option is not"
                                + " supported yet",
                        "bad.conf:11:5: virtual_ipaddress: prefix /33 out of range (expected"
                                + " 0..32)",
                        "bad.conf:6:3: vrrp_instance A: authentication is not allowed with VRRP"
                                + " version 3");
    }
}
