package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.common.HostPort;
import io.tandem.common.IpLiteral;
import io.tandem.common.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigLoaderTest {
    private static final String KEEPALIVED_CONF =
            """
            ! Configuration File for keepalived
            global_defs {
               notification_email {
                 admin@example.com
                 ops@example.com
               }
               notification_email_from lb@example.com
               smtp_server 192.168.200.1
               smtp_connect_timeout 10
               router_id LVS_DEVEL
            }

            virtual_server 10.0.0.1 80 {
                delay_loop 6
                lb_algo rr
                lb_kind NAT
                persistence_timeout 50
                persistence_granularity 255.255.255.0
                protocol TCP
                sorry_server 192.168.200.200 1358

                real_server 192.168.200.2 1358 {
                    weight 1
                }
                real_server 192.168.200.3 1358 {
                    weight 2
                    inhibit_on_failure
                    uthreshold 100
                    lthreshold 50
                }
            }

            virtual_server 10.0.0.1 53 {
                protocol UDP
                lvs_sched sh
                persistence_timeout
                real_server 10.0.0.5 53
            }

            virtual_server 2001:db8::1 80
            {
                delay_loop 0.5
                lvs_method NAT
                persistence_timeout 600
                persistence_granularity 64
                quorum 2
                hysteresis 1
                alpha
                omega
                inhibit_on_failure
                real_server 2001:db8::2 8080 { weight 0 }
            }

            virtual_server group web {
                lb_algo wrr
                real_server 10.0.0.20 80
            }

            virtual_server_group web {
                10.0.0.10-12 80
                10.0.1.1 8080
            }
            """;

    @TempDir Path dir;

    private static HostPort hp(String ip, int port) {
        return new HostPort(IpLiteral.parse(ip).orElseThrow(), port);
    }

    @Test
    void aFullKeepalivedConfBecomesRecords() throws ConfigException {
        Path file = Path.of("keepalived.conf");
        TandemConfig config = ConfigLoader.parse(KEEPALIVED_CONF, file);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.globalDefs())
                .isEqualTo(
                        new GlobalDefs(
                                "LVS_DEVEL",
                                List.of("admin@example.com", "ops@example.com"),
                                "lb@example.com",
                                hp("192.168.200.1", 25),
                                Duration.ofSeconds(10),
                                false,
                                null,
                                GlobalDefs.DEFAULT_NOTIFY_WEBHOOK_TIMEOUT,
                                false,
                                null));
        assertThat(config.virtualServers())
                .extracting(VirtualServerConfig::name)
                .containsExactly("10.0.0.1:80", "10.0.0.1:53", "[2001:db8::1]:80", "group web");

        VirtualServerConfig web = config.virtualServers().get(0);
        assertThat(web)
                .isEqualTo(
                        new VirtualServerConfig(
                                "10.0.0.1:80",
                                List.of(hp("10.0.0.1", 80)),
                                Protocol.TCP,
                                SchedulerKind.RR,
                                ForwardingMethod.NAT,
                                Duration.ofSeconds(6),
                                Duration.ofSeconds(50),
                                24,
                                1,
                                0,
                                false,
                                false,
                                hp("192.168.200.200", 1358),
                                List.of(
                                        new RealServerConfig(
                                                hp("192.168.200.2", 1358),
                                                1,
                                                false,
                                                0,
                                                0,
                                                new SourcePosition(file, 22, 5),
                                                List.of(),
                                                null,
                                                null,
                                                false),
                                        new RealServerConfig(
                                                hp("192.168.200.3", 1358),
                                                2,
                                                true,
                                                100,
                                                50,
                                                new SourcePosition(file, 25, 5),
                                                List.of(),
                                                null,
                                                null,
                                                false)),
                                new SourcePosition(file, 13, 1),
                                null,
                                null,
                                false));
        assertThat(web.persistent()).isTrue();
    }

    @Test
    void udpServiceWithBarePersistenceTimeoutGetsKeepalivedDefaults() throws ConfigException {
        VirtualServerConfig dns =
                ConfigLoader.parse(KEEPALIVED_CONF, Path.of("k.conf")).virtualServers().get(1);

        assertThat(dns.protocol()).isEqualTo(Protocol.UDP);
        assertThat(dns.scheduler()).isEqualTo(SchedulerKind.SH);
        assertThat(dns.persistenceTimeout()).isEqualTo(Duration.ofMinutes(6));
        assertThat(dns.persistencePrefixLength()).isEqualTo(32);
        assertThat(dns.delayLoop()).isEqualTo(Duration.ofSeconds(60));
        assertThat(dns.quorum()).isEqualTo(1);
        assertThat(dns.hysteresis()).isZero();
        assertThat(dns.sorryServer()).isNull();
        assertThat(dns.realServers())
                .singleElement()
                .satisfies(
                        rs -> {
                            assertThat(rs.address()).isEqualTo(hp("10.0.0.5", 53));
                            assertThat(rs.weight()).isEqualTo(1);
                            assertThat(rs.inhibitOnFailure()).isFalse();
                        });
    }

    @Test
    void ipv6ServiceTakesAPrefixLengthAndFractionalDelayLoop() throws ConfigException {
        VirtualServerConfig v6 =
                ConfigLoader.parse(KEEPALIVED_CONF, Path.of("k.conf")).virtualServers().get(2);

        assertThat(v6.listenAddresses()).containsExactly(hp("2001:db8::1", 80));
        assertThat(v6.delayLoop()).isEqualTo(Duration.ofMillis(500));
        assertThat(v6.persistenceTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(v6.persistencePrefixLength()).isEqualTo(64);
        assertThat(v6.quorum()).isEqualTo(2);
        assertThat(v6.hysteresis()).isEqualTo(1);
        assertThat(v6.alpha()).isTrue();
        assertThat(v6.omega()).isTrue();
        assertThat(v6.scheduler()).isEqualTo(SchedulerKind.WLC);
        assertThat(v6.forwardingMethod()).isEqualTo(ForwardingMethod.NAT);
        assertThat(v6.realServers())
                .singleElement()
                .satisfies(
                        rs -> {
                            assertThat(rs.address()).isEqualTo(hp("2001:db8::2", 8080));
                            assertThat(rs.weight()).isZero();
                            // inherited from the virtual server's inhibit_on_failure
                            assertThat(rs.inhibitOnFailure()).isTrue();
                        });
    }

    @Test
    void aGroupDefinedLaterListsEveryAddressOfItsRanges() throws ConfigException {
        VirtualServerConfig group =
                ConfigLoader.parse(KEEPALIVED_CONF, Path.of("k.conf")).virtualServers().get(3);

        assertThat(group.name()).isEqualTo("group web");
        assertThat(group.listenAddresses())
                .containsExactly(
                        hp("10.0.0.10", 80),
                        hp("10.0.0.11", 80),
                        hp("10.0.0.12", 80),
                        hp("10.0.1.1", 8080));
        assertThat(group.scheduler()).isEqualTo(SchedulerKind.WRR);
        assertThat(group.persistent()).isFalse();
    }

    @Test
    void anIpv6GroupRangeCountsInHexInTheLastGroup() throws ConfigException {
        TandemConfig config =
                ConfigLoader.parse(
                        """
                        virtual_server_group v6 {
                            2001:db8::9-b 443
                        }
                        virtual_server group v6 {
                            real_server 2001:db8::100 443
                        }
                        """,
                        Path.of("k.conf"));
        assertThat(config.virtualServers().getFirst().listenAddresses())
                .containsExactly(
                        hp("2001:db8::9", 443), hp("2001:db8::a", 443), hp("2001:db8::b", 443));
    }

    @Test
    void anEmptyConfigurationHasDefaultsAndNoServices() throws ConfigException {
        TandemConfig config = ConfigLoader.parse("# nothing yet\n", Path.of("k.conf"));
        assertThat(config.globalDefs()).isEqualTo(GlobalDefs.defaults());
        assertThat(config.virtualServers()).isEmpty();
    }

    @Test
    void loadReadsTheFileAndItsIncludes() throws IOException, ConfigException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(
                dir.resolve("conf.d/web.conf"),
                "virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80\n}\n");
        Files.writeString(
                dir.resolve("conf.d/dns.conf"),
                "virtual_server 10.0.0.1 53 {\n  protocol UDP\n  real_server 10.0.0.2 53\n}\n");
        Path main =
                Files.writeString(
                        dir.resolve("keepalived.conf"),
                        "global_defs {\n  router_id lb1\n}\ninclude conf.d/*.conf\n");

        TandemConfig config = ConfigLoader.load(main);

        assertThat(config.source()).isEqualTo(main);
        assertThat(config.globalDefs().routerId()).isEqualTo("lb1");
        assertThat(config.virtualServers())
                .extracting(VirtualServerConfig::name, VirtualServerConfig::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "10.0.0.1:53",
                                new SourcePosition(dir.resolve("conf.d/dns.conf"), 1, 1)),
                        org.assertj.core.groups.Tuple.tuple(
                                "10.0.0.1:80",
                                new SourcePosition(dir.resolve("conf.d/web.conf"), 1, 1)));
    }

    @Test
    void packetForwardingSettingsComeTogetherAndTheProxyHasNone() throws ConfigException {
        TandemConfig config =
                ConfigLoader.parse(
                        """
                        virtual_server 10.0.0.100 80 {
                          lb_kind NAT
                          packet_mode
                          interface eth0
                          snat_clients 10.0.0.0/24
                          packet_busy_poll 0
                          real_server 10.0.0.2 80
                        }
                        virtual_server 10.0.0.101 80 {
                          lb_kind DR
                          interface eth1
                          sloppy_tcp
                          real_server 10.0.0.2 80
                        }
                        virtual_server 10.0.0.102 80 {
                          real_server 10.0.0.2 80
                        }
                        """,
                        Path.of("k.conf"));

        assertThat(config.virtualServers())
                .extracting(VirtualServerConfig::packet)
                .containsExactly(
                        new PacketConfig(
                                "eth0",
                                List.of(
                                        new ClientSubnet(
                                                (java.net.Inet4Address)
                                                        IpLiteral.parse("10.0.0.0").orElseThrow(),
                                                24)),
                                Duration.ZERO,
                                false),
                        new PacketConfig("eth1", List.of(), PacketConfig.DEFAULT_BUSY_POLL, true),
                        null);
    }

    @Test
    void loadFailsWithEveryErrorNotJustTheFirst() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.parse(
                                        "virtual_server 10.0.0.1 80 {\n  lb_algo foo\n  weight 1\n}\n",
                                        Path.of("k.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("k.conf:2:11: lb_algo: unknown scheduler 'foo'")
                .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(2));
    }
}
