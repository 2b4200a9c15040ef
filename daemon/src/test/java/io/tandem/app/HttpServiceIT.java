package io.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminResult;
import io.tandem.admin.api.ServiceKey;
import io.tandem.admin.api.ServiceProtocol;
import io.tandem.admin.api.ServiceSpec;
import io.tandem.admin.api.ServiceStatus;
import io.tandem.config.ConfigLoader;
import io.tandem.testing.FreePorts;
import io.tandem.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon running a protocol HTTP virtual server: requests are routed to a real_server_group,
 * and the group's real servers are health-checked like any others, so a dead one leaves the group's
 * rotation.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // config lines read better one per line
class HttpServiceIT {
    private final List<HttpServer> backends = new ArrayList<>();
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        backends.forEach(b -> b.stop(0));
    }

    private HttpServer backend(String name) throws IOException {
        HttpServer s =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.createContext(
                "/",
                x -> {
                    byte[] body = name.getBytes(StandardCharsets.US_ASCII);
                    x.sendResponseHeaders(200, body.length);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(body);
                    }
                });
        s.start();
        backends.add(s);
        return s;
    }

    private static String checked(HttpServer b) {
        return "  real_server 127.0.0.1 "
                + b.getAddress().getPort()
                + " {\n    TCP_CHECK {\n      delay_loop 0.2\n      connect_timeout 1\n"
                + "      retry 0\n    }\n  }\n";
    }

    @Test
    void routesToAGroupWhoseDeadServerLeavesTheRotation() throws Exception {
        HttpServer a = backend("a");
        HttpServer b = backend("b");
        HttpServer web = backend("web");
        int port = FreePorts.tcp();
        String config =
                "real_server_group api {\n  lb_algo rr\n"
                        + checked(a)
                        + checked(b)
                        + "}\n"
                        + "virtual_server 127.0.0.1 "
                        + port
                        + " {\n  protocol HTTP\n  lb_algo rr\n"
                        + "  route api {\n    path_prefix /api\n    real_server_group api\n  }\n"
                        + checked(web)
                        + "}\n";
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, Path.of("http-it.conf")), options);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://127.0.0.1:" + port);

        assertThat(body(client, base.resolve("/index.html"))).isEqualTo("web");
        List<String> api = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            api.add(body(client, base.resolve("/api/x")));
        }
        assertThat(api).containsOnly("a", "b").contains("a", "b");

        a.stop(0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> daemon.services().getFirst().balancer().pool().servers().size() == 2);
        for (int i = 0; i < 4; i++) {
            assertThat(body(client, base.resolve("/api/x"))).isEqualTo("b");
        }
    }

    @Test
    void changingTheSchedulerAtRunTimeKeepsTheRoutes() throws Exception {
        HttpServer a = backend("a");
        HttpServer web = backend("web");
        int port = FreePorts.tcp();
        String config =
                "real_server_group api {\n  lb_algo rr\n"
                        + checked(a)
                        + "}\n"
                        + "virtual_server 127.0.0.1 "
                        + port
                        + " {\n  protocol HTTP\n  lb_algo rr\n"
                        + "  route api {\n    path_prefix /api\n    real_server_group api\n  }\n"
                        + checked(web)
                        + "}\n";
        daemon =
                Daemon.start(
                        ConfigLoader.parse(config, Path.of("http-it.conf")), new DaemonOptions());
        ServiceKey key = new ServiceKey(ServiceProtocol.TCP, "127.0.0.1", port);

        daemon.admin().execute(new AdminCommand.EditService(new ServiceSpec(key, "wlc", 60, null)));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        assertThat(body(client, base.resolve("/api/x"))).isEqualTo("a");
        assertThat(body(client, base.resolve("/index.html"))).isEqualTo("web");
        var listed = (AdminResult.Services) daemon.admin().execute(new AdminCommand.ListServices());
        assertThat(listed.services().getFirst())
                .extracting(ServiceStatus::scheduler, ServiceStatus::persistenceSeconds)
                .containsExactly("wlc", 60);
    }

    @Test
    void servesHttpsAndHttp2ThroughTheDaemon(@TempDir Path dir) throws Exception {
        HttpServer web = backend("web");
        TestCertificates.Pem cert = TestCertificates.create(dir, "localhost", "localhost");
        int port = FreePorts.tcp();
        String config =
                "virtual_server 127.0.0.1 "
                        + port
                        + " {\n  protocol HTTPS\n  tls_certificate "
                        + cert.certificate()
                        + " "
                        + cert.key()
                        + "\n"
                        + checked(web)
                        + "}\n";
        DaemonOptions options = new DaemonOptions();
        options.threads = 2;
        options.drainSeconds = 1;
        daemon = Daemon.start(ConfigLoader.parse(config, dir.resolve("https-it.conf")), options);
        try (HttpClient client =
                HttpClient.newBuilder()
                        .sslContext(TestCertificates.trusting(cert.x509()))
                        .version(HttpClient.Version.HTTP_2)
                        .build()) {
            HttpResponse<String> r =
                    client.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).isEqualTo("web");
        }
    }

    private static String body(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> r =
                client.send(
                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
