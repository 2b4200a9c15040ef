package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.tandem.testing.EventLoops;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket through the L7 proxy: the JDK's WebSocket client, Netty's WebSocket server, and the
 * upgrade passed on between them; after the 101 the proxy relays raw bytes both ways.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // raw HTTP reads better line by line
class WebSocketIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final L7Harness l7 = new L7Harness(loops);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        http.close();
        l7.close();
    }

    /** Collects whole messages (text as String, binary as byte[]) and the close. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return m;
        }
    }

    private URI uri(HttpForwarder f, String path) {
        return URI.create("ws://127.0.0.1:" + f.localAddresses().getFirst().getPort() + path);
    }

    @Test
    void textBinaryAndAMegabyteMessageEchoThroughTheProxyAndCloseCleanly() throws Exception {
        WebSocketEchoServer server = l7.closing(new WebSocketEchoServer());
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));
        Collector c = new Collector();

        WebSocket ws =
                http.newWebSocketBuilder().buildAsync(uri(f, "/ws"), c).get(30, TimeUnit.SECONDS);

        ws.sendText("hello through tandem", true).get(30, TimeUnit.SECONDS);
        assertThat(c.next()).isEqualTo("hello through tandem");

        byte[] small = {0, 1, 2, (byte) 0xff, 10, 13};
        ws.sendBinary(ByteBuffer.wrap(small), true).get(30, TimeUnit.SECONDS);
        assertThat((byte[]) c.next()).containsExactly(small);

        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
        assertThat(Arrays.equals((byte[]) c.next(), big)).as("1 MiB echoed intact").isTrue();

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
        assertThat(c.closed.get(30, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);

        assertThat(server.handshakes.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> l7.finished.size() == 1);
        RequestRecord r = l7.finished.getFirst();
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.path()).isEqualTo("/ws");
        assertThat(r.bytesIn()).as("bytes relayed to the server").isGreaterThan(1 << 20);
        assertThat(r.bytesOut()).as("bytes relayed to the client").isGreaterThan(1 << 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.openConnections() == 0);
    }

    @Test
    void aServerRefusingTheUpgradeGivesItsStatusToTheClient() throws Exception {
        WebSocketEchoServer server = l7.closing(new WebSocketEchoServer());
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));

        Throwable failure =
                catchThrowable(
                        () ->
                                http.newWebSocketBuilder()
                                        .buildAsync(uri(f, "/elsewhere"), new Collector())
                                        .get(30, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        WebSocketHandshakeException refused = (WebSocketHandshakeException) failure.getCause();
        assertThat(refused.getResponse().statusCode()).isEqualTo(403);
        assertThat(server.handshakes.get()).isZero();
    }

    @Test
    void anH2cUpgradeIsNotPassedOn() throws Exception {
        HttpBackend b = l7.backend("plain");
        HttpForwarder f = l7.start(L7Harness.config("", b.port()));

        var s = l7.connect(f);
        var response =
                L7Harness.exchange(
                        s,
                        "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(b.headers.getFirst()).doesNotContainKeys("Upgrade", "Http2-settings");
    }

    private static final String SWITCHED =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    private static final String HANDSHAKE =
            "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** A raw server: 101 with bytes right behind it, then echo until EOF, then "bye" and close. */
    private static RawBackend rawUpgrader() throws java.io.IOException {
        return new RawBackend(
                b ->
                        (s, n) -> {
                            if (!b.readHead(s)) {
                                return;
                            }
                            var out = s.getOutputStream();
                            out.write((SWITCHED + "early").getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            s.getInputStream().transferTo(out);
                            out.write("bye".getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        });
    }

    @Test
    void bytesBehindThe101ArriveAndAHalfCloseIsPassedOnBothWays() throws Exception {
        RawBackend server = l7.closing(rawUpgrader());
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));

        var s = l7.connect(f);
        L7Harness.send(s, HANDSHAKE);
        var in = s.getInputStream();
        assertThat(L7Harness.line(in)).isEqualTo("HTTP/1.1 101 Switching Protocols");
        String header;
        do {
            header = L7Harness.line(in);
        } while (!header.isEmpty());
        assertThat(new String(in.readNBytes(5), StandardCharsets.ISO_8859_1)).isEqualTo("early");

        L7Harness.send(s, "ping");
        assertThat(new String(in.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("ping");
        s.shutdownOutput(); // the server's transferTo ends only if the FIN reaches it
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("bye");
    }

    @Test
    void anUpgradedConnectionIdleForTheTimeoutIsClosed() throws Exception {
        RawBackend server = l7.closing(rawUpgrader());
        HttpForwarder f =
                l7.start(L7Harness.config(" backend_response_timeout 0.5", server.port()));

        var s = l7.connect(f);
        L7Harness.send(s, HANDSHAKE);
        long start = System.nanoTime();
        var in = s.getInputStream();
        assertThat(L7Harness.line(in)).contains("101");
        in.readAllBytes(); // returns at EOF: the tunnel closed both sides
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThan(Duration.ofMillis(400));
        await().atMost(Duration.ofSeconds(10)).until(() -> l7.finished.size() == 1);
        assertThat(l7.finished.getFirst().status()).isEqualTo(101);
    }
}
