package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.common.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // config lines read better one per line
class HttpConfigTest {

    private static final String GROUP =
            "real_server_group api {\n"
                    + "  lb_algo sh\n"
                    + "  hash_key cookie session\n"
                    + "  real_server 10.0.1.1 8080 { TCP_CHECK { } }\n"
                    + "  real_server 10.0.1.2 8080\n"
                    + "}\n";

    @Test
    void readsRoutesGroupsAndLimits() throws Exception {
        TandemConfig config =
                ConfigLoader.parse(
                        GROUP
                                + "virtual_server 10.0.0.1 80 {\n"
                                + "  protocol HTTP\n"
                                + "  route api { host www.example.com *.example.org\n"
                                + "    path_prefix /api\n    real_server_group api }\n"
                                + "  backend_response_timeout 2.5\n"
                                + "  max_header_count 50\n"
                                + "  forwarded\n"
                                + "  real_server 10.0.2.1 8080\n"
                                + "}\n",
                        Path.of("l7.conf"));

        VirtualServerConfig vs = config.virtualServers().getFirst();
        HttpConfig http = vs.http();
        assertThat(vs.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(http).isNotNull();
        assertThat(http.routes()).hasSize(1);
        HttpRoute route = http.routes().getFirst();
        assertThat(route.hosts()).containsExactly("www.example.com", "*.example.org");
        assertThat(route.pathPrefix()).isEqualTo("/api");
        assertThat(route.position().toString()).isEqualTo("l7.conf:9:3");
        RealServerGroupConfig api = http.groups().get("api");
        assertThat(api.scheduler()).isEqualTo(SchedulerKind.SH);
        assertThat(api.hashKey()).isEqualTo(new HashKey(HashKey.Source.COOKIE, "session"));
        assertThat(api.members()).hasSize(2);
        assertThat(http.defaultGroup().members().stream().map(HostPort::toString))
                .containsExactly("10.0.2.1:8080");
        // Every group's servers are the virtual server's, so health checking watches them all.
        assertThat(vs.realServers()).hasSize(3);
        assertThat(http.limits().backendResponseTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(http.limits().maxHeaderCount()).isEqualTo(50);
        assertThat(http.forwarded()).isTrue();
        assertThat(http.xForwarded()).isTrue();
    }

    @Test
    void l7KeywordsNeedProtocolHttp() {
        assertThat(RejectedConfig.virtualServerErrors("  max_connections 5\n"))
                .containsExactly(
                        "bad.conf:2:3: 'max_connections' needs protocol HTTP (virtual_server"
                                + " 10.0.0.1:80 is TCP)");
    }

    @Test
    void explainsEachMistakeInRoutesAndGroups() {
        assertThat(
                        RejectedConfig.errors(
                                GROUP
                                        + "virtual_server 10.0.0.1 80 {\n"
                                        + "  protocol HTTP\n"
                                        + "  route a { real_server_group nope }\n"
                                        + "  route b { host Bad_Host real_server_group api }\n"
                                        + "  route c { path_prefix api }\n"
                                        + "  route d { real_server_group api }\n"
                                        + "  route e { real_server_group api }\n"
                                        + "  real_server 10.0.1.1 8080\n"
                                        + "}\n"))
                .contains(
                        "bad.conf:9:31: route a: no real_server_group named 'nope'",
                        "bad.conf:10:18: host: expected a host name such as www.example.com or a"
                                + " wildcard such as *.example.com, got 'Bad_Host'",
                        "bad.conf:11:25: path_prefix: expected a path starting with / (no query,"
                                + " no %-escapes), got 'api'",
                        "bad.conf:11:3: route c: real_server_group NAME is missing",
                        "bad.conf:12:9: route d matches the same requests as route a (host *,"
                                + " path_prefix /)",
                        "bad.conf:4:3: real_server 10.0.1.1:8080 of real_server_group api is"
                                + " already in the virtual server's own real servers of"
                                + " virtual_server 10.0.0.1:80 (a real server may be in one group"
                                + " per virtual server)");
    }

    @Test
    void rejectsHttpsWithoutCertificateAndHashKeyWithoutSh() {
        assertThat(RejectedConfig.virtualServerErrors("  protocol HTTPS\n"))
                .containsExactly(
                        "bad.conf:2:12: protocol HTTPS needs a tls_certificate (virtual_server"
                                + " 10.0.0.1:80)");
        assertThat(
                        RejectedConfig.virtualServerErrors(
                                "  protocol HTTP\n  hash_key header X-User\n"))
                .containsExactly(
                        "bad.conf:3:3: hash_key needs lb_algo sh (virtual_server"
                                + " 10.0.0.1:80 uses wlc)");
    }

    @Test
    void readsTheAccessLogPathAndExplainsItsMistakes() throws Exception {
        String vs = "virtual_server 10.0.0.1 80 {\n  protocol HTTP\n  access_log %s\n}\n";
        HttpConfig on =
                ConfigLoader.parse(vs.formatted("/var/log/tandem/web.log"), Path.of("l7.conf"))
                        .virtualServers()
                        .getFirst()
                        .http();
        HttpConfig off =
                ConfigLoader.parse(vs.formatted("off"), Path.of("l7.conf"))
                        .virtualServers()
                        .getFirst()
                        .http();
        assertThat(on.accessLog()).isEqualTo(Path.of("/var/log/tandem/web.log"));
        assertThat(off.accessLog()).isNull();
        assertThat(RejectedConfig.virtualServerErrors("  access_log /tmp/a.log\n"))
                .containsExactly(
                        "bad.conf:2:3: 'access_log' needs protocol HTTP (virtual_server"
                                + " 10.0.0.1:80 is TCP)");
    }
}
