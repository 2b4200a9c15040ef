package io.tandem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.admin.AdminDispatcher;
import io.tandem.admin.AdminHttpServer;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.config.VirtualServerConfig;
import io.tandem.health.ProbeResult;
import io.tandem.proxy.http.RequestRecord;
import io.tandem.testing.HostSupport;
import io.tandem.testing.StubAdminBackend;
import io.tandem.testing.StubBackend;
import io.tandem.vrrp.TransitionReason;
import io.tandem.vrrp.VrrpState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scrapes {@code /metrics} over real HTTP and parses it with the Prometheus project's own Python
 * client parser (Debian's python3-prometheus-client), run as a separate process.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MetricsScrapeIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    // Prints one line per sample, "name{k=v,...} value", sorted labels, after a full parse.
    private static final String PARSER =
            """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
                    print(family.type, s.name + "{" + labels + "}", s.value)
            """;

    @BeforeAll
    static void needsThePrometheusParser() throws Exception {
        boolean present = Files.isExecutable(PYTHON);
        if (present) {
            Process p =
                    new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client")
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        HostSupport.require(
                present, "needs /usr/bin/python3 with apt package python3-prometheus-client");
    }

    private static List<String> parse(String exposition) throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", PARSER).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("parser said: %s", err).isZero();
        return out.lines().toList();
    }

    private static String scrape(URI metrics) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response =
                    client.send(
                            HttpRequest.newBuilder(metrics).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            return response.body();
        }
    }

    @Test
    void everySeriesParsesAndShowsLiveStateAndEvents() throws Exception {
        try (StubBackend up = StubBackend.start("up", StubBackend.IDENTITY)) {
            var down = StubBackend.refusingAddress();
            var backend = new StubAdminBackend(List.of(up.address(), down));
            var metrics = new TandemMetrics(ListingSource.of(backend));
            metrics.failoverEvents()
                    .instanceChangedState(
                            "VI_1",
                            VrrpState.BACKUP,
                            VrrpState.MASTER,
                            TransitionReason.MASTER_DOWN_TIMER_EXPIRED,
                            100);
            metrics.reloadEvents().reloadFinished(false);
            TandemConfig config =
                    ConfigLoader.parse(
                            "virtual_server 127.0.0.1 8080 {\n  real_server 127.0.0.2 80 {\n  }\n}\n",
                            Path.of("t.conf"));
            VirtualServerConfig vsConfig = config.virtualServers().getFirst();
            metrics.healthEvents()
                    .realServerWentDown(vsConfig, vsConfig.realServers().getFirst(), "refused");
            InetSocketAddress client =
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
            metrics.httpEvents()
                    .requestFinished(
                            new RequestRecord(
                                    "web",
                                    "127.0.0.2:80",
                                    client,
                                    Instant.now(),
                                    "GET",
                                    "/",
                                    "HTTP/1.1",
                                    200,
                                    0,
                                    12,
                                    Duration.ofMillis(4)));
            metrics.httpEvents()
                    .requestFinished(
                            new RequestRecord(
                                    "web",
                                    null,
                                    client,
                                    Instant.now(),
                                    "GET",
                                    "/",
                                    "HTTP/1.1",
                                    503,
                                    0,
                                    0,
                                    Duration.ZERO));
            metrics.probeEvents()
                    .probed(
                            up.address(),
                            "TCP_CHECK",
                            ProbeResult.passed("connected"),
                            Duration.ofMillis(3));
            try (AdminHttpServer server =
                    AdminHttpServer.start(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                            null,
                            new AdminDispatcher(backend),
                            new MetricsHandler(metrics))) {
                URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
                List<String> samples = parse(scrape(uri));
                String vs = "protocol=tcp,virtual_server=web";
                assertThat(samples)
                        .contains(
                                "gauge tandem_real_server_up{protocol=tcp,real_server="
                                        + up.address()
                                        + ",virtual_server=web} 1.0",
                                "gauge tandem_real_server_up{protocol=tcp,real_server="
                                        + down
                                        + ",virtual_server=web} 0.0",
                                "gauge tandem_virtual_server_real_servers_up{" + vs + "} 1.0",
                                "gauge tandem_virtual_server_connections_active{" + vs + "} 6.0",
                                "counter tandem_virtual_server_connections_total{" + vs + "} 7.0",
                                "counter tandem_real_server_received_bytes_total{protocol=tcp,real_server="
                                        + down
                                        + ",virtual_server=web} 300.0",
                                "gauge tandem_vrrp_state{instance=VI_1,state=MASTER} 1.0",
                                "gauge tandem_vrrp_state{instance=VI_1,state=BACKUP} 0.0",
                                "counter tandem_vrrp_transitions_total{instance=VI_1,state=MASTER} 1.0",
                                "counter tandem_reloads_total{result=failure} 1.0",
                                "counter tandem_health_transitions_total{protocol=tcp,real_server=127.0.0.2:80,state=down,virtual_server="
                                        + vsConfig.name()
                                        + "} 1.0",
                                "gauge tandem_last_reload_success{} 0.0",
                                "counter tandem_http_requests_total{code=200,real_server=127.0.0.2:80,virtual_server=web} 1.0",
                                "counter tandem_http_requests_total{code=503,real_server=none,virtual_server=web} 1.0",
                                "histogram tandem_http_request_duration_seconds_bucket{le=0.005,real_server=127.0.0.2:80,virtual_server=web} 1.0",
                                "histogram tandem_http_request_duration_seconds_count{real_server=none,virtual_server=web} 1.0",
                                "histogram tandem_health_check_duration_seconds_count{check=TCP_CHECK,real_server="
                                        + up.address()
                                        + ",result=up} 1.0");
                assertThat(samples).anyMatch(s -> s.startsWith("gauge jvm_threads_current{}"));
                assertThat(samples)
                        .allMatch(s -> s.split(" ")[1].matches("[a-z_:][a-z0-9_:]*\\{.*"));
            }
        }
    }

    @Test
    void aRealServerRemovedAtRunTimeLeavesTheNextScrape() throws Exception {
        try (StubBackend a = StubBackend.start("a", StubBackend.IDENTITY);
                StubBackend b = StubBackend.start("b", StubBackend.IDENTITY)) {
            var backend = new StubAdminBackend(List.of(a.address(), b.address()));
            var metrics = new TandemMetrics(ListingSource.of(backend));
            var out = new java.io.ByteArrayOutputStream();
            metrics.scrape(out);
            assertThat(parse(out.toString(StandardCharsets.UTF_8)))
                    .anyMatch(s -> s.contains("real_server=" + b.address() + ","));
            backend.remove(b.address());
            out.reset();
            metrics.scrape(out);
            List<String> after = parse(out.toString(StandardCharsets.UTF_8));
            assertThat(after).anyMatch(s -> s.contains("real_server=" + a.address() + ","));
            assertThat(after).noneMatch(s -> s.contains("real_server=" + b.address() + ","));
        }
    }
}
