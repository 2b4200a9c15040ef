package io.tandem.config;

import static io.tandem.config.RejectedConfig.realServerErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.IpLiteral;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** keepalived's checker blocks inside real_server, read into validated records. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HealthCheckConfigTest {

    private static VirtualServerConfig only(String text) throws ConfigException {
        return ConfigLoader.parse(text, Path.of("ok.conf")).virtualServers().getFirst();
    }

    @Test
    void everyCheckerIsReadWithItsOptions() throws ConfigException {
        VirtualServerConfig vs =
                only(
                        """
                        virtual_server 10.0.0.1 80 {
                          delay_loop 2
                          retry 3
                          rise 2
                          quorum_up "/usr/local/bin/quorum up"
                          quorum_down /usr/local/bin/down nobody
                          smtp_alert
                          real_server 10.0.0.2 80 {
                            weight 3
                            connect_timeout 4
                            notify_up /bin/up
                            notify_down "/bin/down now" root root
                            smtp_alert off
                            TCP_CHECK {
                              connect_port 8080
                              bind_to 10.0.0.9
                              connect_timeout 0.5
                            }
                            HTTP_GET {
                              url {
                                path /health
                                status_code 200-299 302
                                digest 9B3A0C85A887A256D6939DA88AABD8CD
                              }
                              url {
                                path /ready
                              }
                              virtualhost www.example.com
                              nb_get_retry 5
                              delay_before_retry 0.25
                            }
                            SSL_GET {
                              url {
                                path /
                              }
                              virtualhost secure.example.com
                              enable_sni
                              alpha
                            }
                            PING_CHECK {
                              connect_ip 10.0.0.7
                              delay_loop 1
                              warmup 3
                            }
                            MISC_CHECK {
                              misc_path "/bin/check 10.0.0.2"
                              misc_timeout 7
                              misc_dynamic
                              user nobody nogroup
                              rise 4
                            }
                          }
                        }
                        """);
        assertThat(vs.quorumUp().command()).isEqualTo("/usr/local/bin/quorum up");
        assertThat(vs.quorumDown().user()).isEqualTo("nobody");
        assertThat(vs.smtpAlert()).isTrue();
        RealServerConfig rs = vs.realServers().getFirst();
        assertThat(rs.notifyUp().command()).isEqualTo("/bin/up");
        assertThat(rs.notifyDown().group()).isEqualTo("root");
        assertThat(rs.smtpAlert()).isFalse();
        List<CheckConfig> checks = rs.checks();
        assertThat(checks)
                .extracting(CheckConfig::keyword)
                .containsExactly("TCP_CHECK", "HTTP_GET", "SSL_GET", "PING_CHECK", "MISC_CHECK");

        CheckSettings tcp = checks.get(0).settings();
        assertThat(tcp.connectPort()).isEqualTo(8080);
        assertThat(tcp.bindTo()).isEqualTo(IpLiteral.parse("10.0.0.9").orElseThrow());
        assertThat(tcp.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(tcp.retry()).as("from the virtual server").isEqualTo(3);
        assertThat(tcp.fall()).isEqualTo(4);
        assertThat(tcp.rise()).isEqualTo(2);
        assertThat(tcp.delayLoop()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tcp.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(1));

        HttpCheckConfig http = (HttpCheckConfig) checks.get(1);
        assertThat(http.tls()).isFalse();
        assertThat(http.virtualhost()).isEqualTo("www.example.com");
        assertThat(http.settings().retry()).isEqualTo(5);
        assertThat(http.settings().connectTimeout())
                .as("from the real server")
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(http.settings().delayBeforeRetry()).isEqualTo(Duration.ofMillis(250));
        UrlCheck health = http.urls().get(0);
        assertThat(health.path()).isEqualTo("/health");
        assertThat(health.statusCodes().toString()).isEqualTo("200-299 302");
        assertThat(health.statusCodes().accepts(302)).isTrue();
        assertThat(health.statusCodes().accepts(301)).isFalse();
        assertThat(health.digest()).isEqualTo("9b3a0c85a887a256d6939da88aabd8cd");
        assertThat(http.urls().get(1).statusCodes()).isEqualTo(StatusCodes.SUCCESS);
        assertThat(http.urls().get(1).digest()).isNull();

        HttpCheckConfig ssl = (HttpCheckConfig) checks.get(2);
        assertThat(ssl.tls()).isTrue();
        assertThat(ssl.sni()).isTrue();
        assertThat(ssl.settings().alpha()).isTrue();

        CheckSettings ping = checks.get(3).settings();
        assertThat(ping.connectIp()).isEqualTo(IpLiteral.parse("10.0.0.7").orElseThrow());
        assertThat(ping.delayLoop()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ping.warmup()).isEqualTo(Duration.ofSeconds(3));

        MiscCheckConfig misc = (MiscCheckConfig) checks.get(4);
        assertThat(misc.script().command()).isEqualTo("/bin/check 10.0.0.2");
        assertThat(misc.script().user()).isEqualTo("nobody");
        assertThat(misc.script().group()).isEqualTo("nogroup");
        assertThat(misc.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(misc.dynamic()).isTrue();
        assertThat(misc.settings().rise()).isEqualTo(4);
    }

    @Test
    void keepalivedsDefaultsApplyWhenNothingIsSet() throws ConfigException {
        VirtualServerConfig vs =
                only(
                        """
                        virtual_server 10.0.0.1 80 {
                          alpha
                          real_server 10.0.0.2 80 {
                            TCP_CHECK
                            MISC_CHECK {
                              misc_path /bin/true
                            }
                          }
                        }
                        """);
        CheckSettings s = vs.realServers().getFirst().checks().getFirst().settings();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.retry()).isEqualTo(1);
        assertThat(s.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.delayLoop()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.warmup()).isZero();
        assertThat(s.alpha()).as("the virtual server's alpha").isTrue();
        assertThat(s.rise()).isEqualTo(1);
        assertThat(s.connectIp()).isNull();
        assertThat(s.connectPort()).isZero();
        MiscCheckConfig misc = (MiscCheckConfig) vs.realServers().getFirst().checks().get(1);
        assertThat(misc.timeout())
                .as("misc_timeout defaults to delay_loop")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anUnknownKeywordInACheckerIsAnErrorWithASuggestion() {
        assertThat(realServerErrors("    TCP_CHECK {\n      conect_port 80\n    }\n"))
                .containsExactly(
                        "bad.conf:4:7: unknown keyword 'conect_port' in TCP_CHECK (did you mean"
                                + " 'connect_port'?)");
    }

    @Test
    void statusCodesMustBeHttpStatusesOrRanges() {
        assertThat(
                        realServerErrors(
                                """
                                    HTTP_GET {
                                      url {
                                        path /
                                        status_code 200 999 300-299
                                      }
                                    }
                                """))
                .containsExactly(
                        "bad.conf:6:25: status_code: expected an HTTP status 100..599 or a range"
                                + " such as 200-299, got '999'",
                        "bad.conf:6:29: status_code: expected an HTTP status 100..599 or a range"
                                + " such as 200-299, got '300-299'");
    }

    @Test
    void connectTimeoutMustBeMoreThanZero() {
        assertThat(realServerErrors("    TCP_CHECK {\n      connect_timeout 0\n    }\n"))
                .containsExactly(
                        "bad.conf:4:23: connect_timeout: expected seconds greater than 0 (such as"
                                + " 6 or 0.5), got '0'");
    }

    @Test
    void incompleteCheckersSayWhatIsMissing() {
        assertThat(realServerErrors("    HTTP_GET {\n      virtualhost x\n    }\n"))
                .containsExactly(
                        "bad.conf:3:5: HTTP_GET: needs at least one url { path ... } block");
        assertThat(
                        realServerErrors(
                                "    HTTP_GET {\n      url {\n        digest 00\n      }\n    }\n"))
                .containsExactly(
                        "bad.conf:5:16: digest: expected an MD5 digest of 32 hex digits (see"
                                + " tandem genhash), got '00'",
                        "bad.conf:4:7: url: path is missing",
                        "bad.conf:3:5: HTTP_GET: needs at least one url { path ... } block");
        assertThat(realServerErrors("    MISC_CHECK {\n      misc_dynamic\n    }\n"))
                .containsExactly("bad.conf:3:5: MISC_CHECK: misc_path is missing");
    }

    @Test
    void riseIsOneToAThousand() {
        assertThat(realServerErrors("    rise 0\n"))
                .containsExactly("bad.conf:3:10: rise: expected an integer in 1..1000, got '0'");
    }

    @Test
    void sniIsOnlyForSslGet() {
        assertThat(
                        realServerErrors(
                                """
                                    HTTP_GET {
                                      enable_sni
                                      url {
                                        path /
                                      }
                                    }
                                """))
                .containsExactly("bad.conf:4:7: unknown keyword 'enable_sni' in HTTP_GET");
    }
}
