package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.admin.api.AdminCommand;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.NamedTcpServer;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running daemon feeds its event metrics: TCP_CHECK latency (run on the selector loop), health
 * transitions, reloads and L7 requests show up in a real {@code /metrics} scrape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonMetricsIT {
    private Daemon daemon;
    private NamedTcpServer backend;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void checkLatencyTransitionsAndReloadsAreCounted(@TempDir Path dir) throws Exception {
        backend = NamedTcpServer.start("a");
        int port = FreePorts.tcp();
        int http = FreePorts.tcp();
        Path file = dir.resolve("tandem.conf");
        Files.writeString(
                file,
                """
                global_defs {
                  admin_socket %s
                  admin_http 127.0.0.1:%d
                }
                virtual_server 127.0.0.1 %d {
                  lb_algo rr
                  delay_loop 1
                  real_server 127.0.0.1 %d {
                    TCP_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                """
                        .formatted(dir.resolve("t.sock"), http, port, backend.port()));
        DaemonOptions options = new DaemonOptions();
        options.threads = 1;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.load(file), options);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest scrape =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build();
        String rs = "127.0.0.1:" + backend.port();
        String checks =
                "tandem_health_check_duration_seconds_count{check=\"TCP_CHECK\",real_server=\""
                        + rs
                        + "\",result=\"up\"}";

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                client.send(scrape, HttpResponse.BodyHandlers.ofString())
                                        .body()
                                        .contains(checks));

        daemon.admin().execute(new AdminCommand.Reload());
        String after = client.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
        assertThat(sample(after, "tandem_reloads_total{result=\"success\"}")).isEqualTo(1.0);

        backend.close();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                client.send(scrape, HttpResponse.BodyHandlers.ofString())
                                        .body()
                                        .contains("tandem_health_transitions_total{"));
    }

    @Test
    void l7RequestsAreCountedByServerAndStatusAndTimed(@TempDir Path dir) throws Exception {
        HttpServer web =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        web.createContext(
                "/",
                x -> {
                    byte[] body = "hi".getBytes(StandardCharsets.US_ASCII);
                    x.sendResponseHeaders(
                            x.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
                    try (var out = x.getResponseBody()) {
                        out.write(body);
                    }
                });
        web.start();
        try {
            int port = FreePorts.tcp();
            int http = FreePorts.tcp();
            Path file = dir.resolve("tandem.conf");
            Files.writeString(
                    file,
                    """
                    global_defs {
                      admin_socket %s
                      admin_http 127.0.0.1:%d
                    }
                    virtual_server 127.0.0.1 %d {
                      protocol HTTP
                      real_server 127.0.0.1 %d
                    }
                    """
                            .formatted(
                                    dir.resolve("t.sock"), http, port, web.getAddress().getPort()));
            DaemonOptions options = new DaemonOptions();
            options.threads = 1;
            options.drainSeconds = 1;
            daemon = Daemon.start(ConfigLoader.load(file), options);
            HttpClient client = HttpClient.newHttpClient();
            String proxy = "http://127.0.0.1:" + port;
            for (String path : new String[] {"/", "/", "/missing"}) {
                client.send(
                        HttpRequest.newBuilder(URI.create(proxy + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }

            HttpRequest scrape =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics"))
                            .build();
            String labels =
                    "real_server=\"127.0.0.1:"
                            + web.getAddress().getPort()
                            + "\",virtual_server=\"127.0.0.1:"
                            + port
                            + "\"";
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> {
                                String text =
                                        client.send(scrape, HttpResponse.BodyHandlers.ofString())
                                                .body();
                                return sample(
                                                        text,
                                                        "tandem_http_requests_total{code=\"200\","
                                                                + labels
                                                                + "}")
                                                == 2.0
                                        && sample(
                                                        text,
                                                        "tandem_http_requests_total{code=\"404\","
                                                                + labels
                                                                + "}")
                                                == 1.0
                                        && sample(
                                                        text,
                                                        "tandem_http_request_duration_seconds_count{"
                                                                + labels
                                                                + "}")
                                                == 3.0;
                            });
        } finally {
            web.stop(0);
        }
    }
}
