package io.tandem.config;

import static io.tandem.config.RejectedConfig.SCHEDULERS;
import static io.tandem.config.RejectedConfig.errors;
import static io.tandem.config.RejectedConfig.realServerErrors;
import static io.tandem.config.RejectedConfig.virtualServerErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unknown and unsupported keywords, duplicates, groups, families and structure, each with the exact
 * text an admin reads.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigErrorsTest {
    @TempDir Path dir;

    @Test
    void anUnknownKeywordSuggestsTheClosestKnownOne() {
        assertThat(virtualServerErrors("  dealy_loop 6\n"))
                .containsExactly(
                        "bad.conf:2:3: unknown keyword 'dealy_loop' in virtual_server (did you"
                                + " mean 'delay_loop'?)");
        assertThat(errors("virtual_sever 10.0.0.1 80 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:1: unknown keyword 'virtual_sever' at top level (did you"
                                + " mean 'virtual_server'?)");
        assertThat(realServerErrors("    wieght 2\n"))
                .containsExactly(
                        "bad.conf:3:5: unknown keyword 'wieght' in real_server (did you mean"
                                + " 'weight'?)");
        assertThat(errors("global_defs {\n  routerid lb1\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: unknown keyword 'routerid' in global_defs (did you mean"
                                + " 'router_id'?)");
    }

    @Test
    void anUnknownKeywordFarFromEveryKnownOneHasNoSuggestion() {
        assertThat(virtualServerErrors("  frobnicate 1\n"))
                .containsExactly("bad.conf:2:3: unknown keyword 'frobnicate' in virtual_server");
    }

    @Test
    void checkersTandemDoesNotRunAreNotSupportedYet() {
        for (String checker :
                List.of("SMTP_CHECK", "DNS_CHECK", "BFD_CHECK", "UDP_CHECK", "FILE_CHECK")) {
            assertThat(realServerErrors("    " + checker + " {\n      connect_timeout 3\n    }\n"))
                    .containsExactly(
                            "bad.conf:3:5: '"
                                    + checker
                                    + "' in real_server: this checker is not supported yet");
        }
    }

    @Test
    void vrrpSectionsNotRunYetSayWhy() {
        for (String section :
                List.of("vrrp_track_file f", "static_ipaddress", "static_routes", "static_rules")) {
            String keyword = section.split(" ")[0];
            assertThat(errors(section + " {\n  state MASTER\n}\n"))
                    .containsExactly(
                            "bad.conf:1:1: '"
                                    + keyword
                                    + "' at top level: this VRRP feature is not supported yet");
        }
    }

    @Test
    void otherKnownKeepalivedKeywordsSayWhyTheyAreRejected() {
        assertThat(virtualServerErrors("  ha_suspend\n"))
                .containsExactly(
                        "bad.conf:2:3: 'ha_suspend' in virtual_server: suspending checks with VRRP"
                                + " is not supported yet");
        assertThat(errors("global_defs {\n  vrrp_strict\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: 'vrrp_strict' in global_defs: this VRRP option is not"
                                + " supported yet");
    }

    @Test
    void aRealServerListedTwiceInOneVirtualServerIsAnError() {
        assertThat(
                        virtualServerErrors(
                                """
                                  real_server 10.0.0.2 80
                                  real_server 10.0.0.3 80
                                  real_server 10.0.0.2 80 {
                                    weight 2
                                  }
                                """))
                .containsExactly(
                        "bad.conf:4:3: duplicate real_server 10.0.0.2:80 in virtual_server"
                                + " 10.0.0.1:80 (first at bad.conf:2:3)");
    }

    @Test
    void aVirtualServerListedTwiceIsAnErrorButTcpAndUdpAreTwoServices() {
        assertThat(
                        errors(
                                """
                                virtual_server 10.0.0.1 53 {
                                }
                                virtual_server 10.0.0.1 53 {
                                  protocol UDP
                                }
                                virtual_server 10.0.0.1 53 {
                                  protocol TCP
                                }
                                """))
                .containsExactly(
                        "bad.conf:6:1: duplicate virtual_server 10.0.0.1:53 TCP (first at"
                                + " bad.conf:1:1)");
    }

    @Test
    void aMissingIncludeFileIsAnErrorAtTheIncludeSite() throws IOException {
        Path main = Files.writeString(dir.resolve("keepalived.conf"), "include lvs.conf\n");
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(main));
        assertThat(e.errors())
                .extracting(ConfigError::toString)
                .containsExactly(main + ":1:9: include: no such file: " + dir.resolve("lvs.conf"));
    }

    @Test
    void aVirtualServerNamingAnUndefinedGroupIsAnError() {
        assertThat(
                        errors(
                                "virtual_server group web {\n}\nvirtual_server_group api {\n  10.0.0.1 80\n}\n"))
                .containsExactly(
                        "bad.conf:1:22: virtual_server group: no virtual_server_group named"
                                + " 'web'");
    }

    @Test
    void realAndSorryServersMustShareTheVirtualServersAddressFamily() {
        assertThat(
                        virtualServerErrors(
                                "  sorry_server 2001:db8::9 80\n  real_server 2001:db8::2 80\n"))
                .containsExactly(
                        "bad.conf:2:3: sorry_server [2001:db8::9]:80 is IPv6 but virtual_server"
                                + " 10.0.0.1:80 is IPv4 (lb_kind NAT needs one address family)",
                        "bad.conf:3:3: real_server [2001:db8::2]:80 is IPv6 but virtual_server"
                                + " 10.0.0.1:80 is IPv4 (lb_kind NAT needs one address family)");
        assertThat(errors("virtual_server 2001:db8::1 80 {\n  real_server 10.0.0.2 80\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: real_server 10.0.0.2:80 is IPv4 but virtual_server"
                                + " [2001:db8::1]:80 is IPv6 (lb_kind NAT needs one address"
                                + " family)");
    }

    @Test
    void firewallMarkServicesAreNotSupportedYet() {
        assertThat(errors("virtual_server fwmark 1 {\n}\n"))
                .containsExactly(
                        "bad.conf:1:16: virtual_server fwmark is not supported yet (it needs"
                                + " packet-level forwarding)");
        assertThat(errors("virtual_server_group web {\n  fwmark 1\n}\n"))
                .containsExactly(
                        "bad.conf:2:3: 'fwmark' in virtual_server_group: firewall-mark groups are"
                                + " not supported yet (they need packet-level forwarding)");
    }

    @Test
    void groupLinesAreAddressesOrRanges() {
        assertThat(
                        errors(
                                """
                                virtual_server_group web {
                                  10.0.0.5-3 80
                                  10.0.0.1
                                  10.0.0.1 80
                                  10.0.0.1 80
                                }
                                """))
                .containsExactly(
                        "bad.conf:2:3: virtual_server_group: expected an address range IP-LAST,"
                                + " LAST from the address's last part up to 255 (ffff in hex for"
                                + " IPv6), got '10.0.0.5-3'",
                        "bad.conf:3:3: virtual_server_group: expected 'IP PORT' or 'IP-LAST PORT'"
                                + " (such as 10.0.0.1-5 80), got '10.0.0.1'",
                        "bad.conf:5:3: virtual_server_group: duplicate address 10.0.0.1:80");
    }

    @Test
    void aGroupDefinedTwiceIsAnError() {
        assertThat(
                        errors(
                                """
                                virtual_server_group web {
                                  10.0.0.1 80
                                }
                                virtual_server_group web {
                                  10.0.0.2 80
                                }
                                """))
                .containsExactly(
                        "bad.conf:4:22: duplicate virtual_server_group web (first at"
                                + " bad.conf:1:1)");
    }

    @Test
    void aSingleValuedKeywordGivenTwiceIsAnError() {
        assertThat(virtualServerErrors("  delay_loop 6\n  delay_loop 10\n"))
                .containsExactly(
                        "bad.conf:3:3: duplicate delay_loop in virtual_server (first at"
                                + " bad.conf:2:3)");
    }

    @Test
    void blocksMustBeWhereTheyBelongAndOnlyThere() {
        assertThat(errors("virtual_server 10.0.0.1 80\n"))
                .containsExactly("bad.conf:1:1: virtual_server: the { ... } block is missing");
        assertThat(realServerErrors("    weight 1 {\n    }\n"))
                .containsExactly("bad.conf:3:14: weight: takes no { ... } block");
    }

    @Test
    void anUnclosedBraceIsReportedAloneBecauseWhatFollowsItCannotBeTrusted() {
        assertThat(
                        errors(
                                """
                                global_defs {
                                  router_id lb1
                                virtual_server 10.0.0.1 80 {
                                  lb_algo fastest
                                }
                                """))
                .containsExactly(
                        "bad.conf:1:13: unclosed '{': no matching '}' before the end of bad.conf");
    }

    @Test
    void aStrayClosingBraceIsReportedWhereItStands() {
        assertThat(errors("virtual_server 10.0.0.1 80 {\n}\n}\n"))
                .containsExactly("bad.conf:3:1: unmatched '}': no block is open here");
    }

    @Test
    void everyErrorOfAFileIsReportedInOnePass() {
        assertThat(
                        errors(
                                """
                                global_defs {
                                  router_id
                                }
                                virtual_server 10.0.0.1 80 {
                                  lb_algo fastest
                                  lb_kind DR
                                  real_server 10.0.0.2 0 {
                                    weight -3
                                    HTTP_GET {
                                      status_code 200
                                    }
                                  }
                                }
                                vrrp_instance VI_1 {
                                }
                                """))
                .containsExactly(
                        "bad.conf:2:3: router_id: expected 'router_id NAME', got no arguments",
                        "bad.conf:5:11: lb_algo: unknown scheduler 'fastest' (expected one of "
                                + SCHEDULERS
                                + ")",
                        "bad.conf:7:24: real_server: expected a port 1..65535, got '0'",
                        "bad.conf:8:12: weight: expected an integer in 0..65535, got '-3'",
                        "bad.conf:10:7: unknown keyword 'status_code' in HTTP_GET",
                        "bad.conf:6:3: lb_kind DR needs 'interface IFNAME' in virtual_server"
                                + " 10.0.0.1:80 (Tandem keyword): the interface the VIP's frames"
                                + " arrive on",
                        "bad.conf:14:1: vrrp_instance VI_1: interface is missing",
                        "bad.conf:14:1: vrrp_instance VI_1: virtual_router_id is missing");
    }
}
