package io.tandem.config;

import static io.tandem.config.RejectedConfig.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code dns_service} block: what it reads into, and the exact errors an admin sees. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DnsServiceConfigTest {
    private static final String SERVERS =
            """
            virtual_server 10.0.0.10 80 {
                real_server 10.0.1.1 80
            }
            virtual_server 10.0.0.10 80 {
                protocol UDP
                real_server 10.0.1.2 80
            }
            virtual_server_group web { 10.0.0.20 80 }
            virtual_server group web {
                real_server 10.0.1.3 80
            }
            """;

    @Test
    void aFullBlockReadsIntoTheRecord() throws ConfigException {
        TandemConfig config =
                ConfigLoader.parse(
                        SERVERS
                                + """
                                dns_service {
                                    listen 127.0.0.1 5353
                                    ttl 3
                                    max_answers 4
                                    record_ttl 600
                                    name www virtual_server 10.0.0.10 80
                                    name dns virtual_server 10.0.0.10 80 UDP
                                    name web.Example.COM. virtual_server group web
                                    record api CNAME www
                                    record @ TXT "v=spf1 -all"
                                    record _http._tcp SRV 10 5 80 www
                                    record @ NS ns1.example.net.
                                    soa ns1 hostmaster 7 3600 600 86400 30
                                    zone Example.com
                                }
                                """,
                        Path.of("t.conf"));

        DnsServiceConfig dns = config.dnsService();
        assertThat(dns).isNotNull();
        assertThat(dns.listen().toString()).isEqualTo("127.0.0.1:5353");
        assertThat(dns.zone()).isEqualTo("example.com.");
        assertThat(dns.ttl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(dns.maxAnswers()).isEqualTo(4);
        assertThat(dns.recordTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(dns.names())
                .extracting(
                        DnsNameConfig::owner, DnsNameConfig::virtualServer, DnsNameConfig::protocol)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "www.example.com.", "10.0.0.10:80", Protocol.TCP),
                        org.assertj.core.groups.Tuple.tuple(
                                "dns.example.com.", "10.0.0.10:80", Protocol.UDP),
                        org.assertj.core.groups.Tuple.tuple(
                                "web.example.com.", "group web", Protocol.TCP));
        assertThat(dns.records())
                .extracting(
                        StaticRecordConfig::owner,
                        StaticRecordConfig::type,
                        StaticRecordConfig::data)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "api.example.com.", StaticRecordType.CNAME, "www.example.com."),
                        org.assertj.core.groups.Tuple.tuple(
                                "example.com.", StaticRecordType.TXT, "\"v=spf1 -all\""),
                        org.assertj.core.groups.Tuple.tuple(
                                "_http._tcp.example.com.",
                                StaticRecordType.SRV,
                                "10 5 80 www.example.com."),
                        org.assertj.core.groups.Tuple.tuple(
                                "example.com.", StaticRecordType.NS, "ns1.example.net."));
        assertThat(dns.soa())
                .isEqualTo(
                        new DnsSoaConfig(
                                "ns1.example.com.",
                                "hostmaster.example.com.",
                                7,
                                3600,
                                600,
                                86400,
                                30));
    }

    @Test
    void defaultsAreShortTtlEightAnswersPort53AndAnSoaUnderTheApex() throws ConfigException {
        DnsServiceConfig dns =
                ConfigLoader.parse(
                                "dns_service {\n  listen 127.0.0.1\n  zone example.com\n}\n",
                                Path.of("t.conf"))
                        .dnsService();

        assertThat(dns).isNotNull();
        assertThat(dns.listen().port()).isEqualTo(53);
        assertThat(dns.ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dns.maxAnswers()).isEqualTo(8);
        assertThat(dns.soa()).isEqualTo(DnsSoaConfig.defaults("example.com."));
        assertThat(dns.soa().primary()).isEqualTo("ns.example.com.");
    }

    @Test
    void noBlockMeansNoDnsService() throws ConfigException {
        assertThat(ConfigLoader.parse(SERVERS, Path.of("t.conf")).dnsService()).isNull();
    }

    @Test
    void aNameForAVirtualServerThatDoesNotExistNamesItAndTheLine() {
        assertThat(
                        errors(
                                SERVERS
                                        + "dns_service {\n"
                                        + "  listen 127.0.0.1 53\n"
                                        + "  zone example.com\n"
                                        + "  name www virtual_server 10.0.0.11 80\n"
                                        + "  name ftp virtual_server 10.0.0.10 80 UDP\n"
                                        + "  name db virtual_server group nosuch\n"
                                        + "}\n"))
                .containsExactly(
                        "bad.conf:15:27: name www: no virtual_server 10.0.0.11:80 is configured",
                        "bad.conf:17:26: name db: no virtual_server group nosuch is configured");
    }

    @Test
    void missingListenAndZoneAreErrors() {
        assertThat(errors("dns_service {\n}\n"))
                .containsExactly(
                        "bad.conf:1:1: dns_service: 'listen IP [PORT]' is missing",
                        "bad.conf:1:1: dns_service: 'zone NAME' is missing");
    }

    @Test
    void badRecordsAreReportedWhereTheyStand() {
        assertThat(
                        errors(
                                """
                                dns_service {
                                  listen 127.0.0.1 53
                                  zone example.com
                                  record www A 10.0.0.300
                                  record www MX 10 mail
                                  record other.example.net. A 10.0.0.1
                                  record sub NS ns1.example.net.
                                  record @ SOA a b 1 2 3 4 5
                                  record api CNAME www
                                  record api TXT hello
                                  ttl 999999999
                                  max_answers 0
                                  frobnicate 1
                                }
                                """))
                .containsExactly(
                        "bad.conf:11:7: ttl: expected seconds in 0..604800, got '999999999'",
                        "bad.conf:12:15: max_answers: expected an integer in 1..64, got '0'",
                        "bad.conf:13:3: unknown keyword 'frobnicate' in dns_service",
                        "bad.conf:4:16: record A: bad data '10.0.0.300' (Invalid address: 10.0.0.300)",
                        "bad.conf:5:14: record: expected a record type (A, AAAA, CNAME, TXT, SRV,"
                                + " NS), got 'MX'",
                        "bad.conf:6:10: record: other.example.net. is outside the zone"
                                + " example.com. (write it relative to the zone, or @ for the"
                                + " apex)",
                        "bad.conf:7:10: record NS: only at the zone apex (@); Tandem does not"
                                + " delegate subdomains",
                        "bad.conf:8:12: record SOA: use the 'soa' keyword of dns_service",
                        "bad.conf:10:3: record TXT: api.example.com. already has a CNAME (at"
                                + " bad.conf:9:3), which allows no other record");
    }

    @Test
    void aSecondDnsServiceIsADuplicate() {
        assertThat(
                        errors(
                                """
                                dns_service {
                                  listen 127.0.0.1
                                  zone a.test
                                }
                                dns_service {
                                  listen 127.0.0.1
                                  zone b.test
                                }
                                """))
                .containsExactly(
                        "bad.conf:5:1: duplicate dns_service at top level (first at bad.conf:1:1)");
    }
}
