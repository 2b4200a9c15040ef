package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.testing.FreePorts;
import io.tandem.testing.WebhookServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The webhook against a real JDK HTTP server on loopback. */
@Timeout(60)
class WebhookSenderIT {

    private static final Instant AT = Instant.parse("2026-12-01T19:02:11Z");
    private static final Notice DOWN =
            new Notice(
                    Alert.realServerDown("lb1", "10.0.0.1:80", "10.0.0.3:80", "refused \"x\"", AT),
                    4,
                    AT.minusSeconds(60),
                    false);

    private WebhookServer server;

    @BeforeEach
    void start() throws IOException {
        server = new WebhookServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebhookSender sender(URI url, Duration timeout) {
        return new WebhookSender(url, timeout, 3, Duration.ofMillis(100), ZoneOffset.UTC);
    }

    @Test
    void postsTheEventAsJson() throws Exception {
        try (WebhookSender sender =
                sender(server.url("/hooks/tandem?token=s3cret"), Duration.ofSeconds(5))) {
            sender.deliver(DOWN);
        }

        assertThat(server.requests())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.method()).isEqualTo("POST");
                            assertThat(r.contentType())
                                    .isEqualTo("application/json; charset=utf-8");
                            assertThat(r.body())
                                    .startsWith(
                                            "{\"event\":\"REAL_SERVER_DOWN\",\"router_id\":\"lb1\"")
                                    .contains("\"subject\":\"10.0.0.1:80\"")
                                    .contains("\"real_server\":\"10.0.0.3:80\"")
                                    .contains("\"status\":\"DOWN\"")
                                    .contains("\"reason\":\"refused \\\"x\\\"\"")
                                    .contains("\"time\":\"2026-12-01T19:02:11Z\"")
                                    .contains("\"suppressed\":4")
                                    .contains("\"suppressed_since\":\"2026-12-01T19:01:11Z\"")
                                    .contains(
                                            "\"rate_limit_note\":\"4 alerts suppressed since 19:01:11\"");
                        });
    }

    @Test
    void aServerErrorIsRetriedUntilItSucceeds() throws Exception {
        server.answering(500);
        try (WebhookSender sender = sender(server.url("/"), Duration.ofSeconds(5))) {
            sender.deliver(DOWN);
        }

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
    }

    @Test
    void threeFailuresGiveUpWithEveryReason() {
        server.answering(500, 503, 404);
        try (WebhookSender sender = sender(server.url("/"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> sender.deliver(DOWN))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "webhook http://127.0.0.1:"
                                    + server.url("/").getPort()
                                    + ": 3 attempts failed: HTTP 500; HTTP 503; HTTP 404");
        }
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aServerThatNeverAnswersTimesOutEachAttempt() {
        server.hanging();
        long started = System.nanoTime();
        try (WebhookSender sender = sender(server.url("/"), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> sender.deliver(DOWN))
                    .isInstanceOf(IOException.class)
                    .hasMessageEndingWith(
                            "3 attempts failed: no answer within 300 ms; no answer within 300 ms;"
                                    + " no answer within 300 ms");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aClosedPortFailsWithTheConnectError() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.tcp() + "/");
        try (WebhookSender sender = sender(nowhere, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> sender.deliver(DOWN))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("3 attempts failed: ConnectException");
        }
    }

    @Test
    void itsNameLeavesOutThePathWhereASecretMayBe() {
        try (WebhookSender sender =
                new WebhookSender(
                        URI.create("https://hooks.example.com/T0/s3cret?x=1"),
                        Duration.ofSeconds(1),
                        ZoneOffset.UTC)) {
            assertThat(sender.name()).isEqualTo("webhook https://hooks.example.com");
        }
    }
}
