package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.Http2Headers;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.http.H2Client.Answer;
import io.tandem.testing.EventLoops;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP/2 with prior knowledge on a {@code protocol HTTP} port, to real HTTP/1.1 servers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2cForwarderIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();
    private static final EventLoopGroup clientLoop =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @AfterAll
    static void stopClientLoop() {
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HttpBackend backend(String name) throws IOException {
        HttpBackend b = new HttpBackend(name);
        opened.add(b);
        return b;
    }

    private HttpForwarder forwarder(String config) throws Exception {
        HttpForwarder f =
                L7Forwarders.start(
                        config, Path.of("h2c.conf"), loops.dataPlane(ProxySettings.DEFAULTS));
        opened.add(f);
        return f;
    }

    private H2Client client(HttpForwarder f) throws InterruptedException {
        H2Client c = new H2Client(clientLoop, f.localAddresses().getFirst());
        opened.add(c);
        return c;
    }

    private static String simple(HttpBackend b) {
        return "virtual_server 127.0.0.1 80 {\n protocol HTTP\n lb_algo rr\n real_server 127.0.0.1 "
                + b.port()
                + "\n}\n";
    }

    private static Answer await(CompletableFuture<Answer> answer) throws Exception {
        return answer.get(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentStreamsOfOneConnectionAreRoutedByHostAndPath() throws Exception {
        HttpBackend web = backend("web");
        HttpBackend api = backend("api");
        HttpBackend shop = backend("shop");
        HttpForwarder f =
                forwarder(
                        "real_server_group api { real_server 127.0.0.1 "
                                + api.port()
                                + " }\nreal_server_group shop { real_server 127.0.0.1 "
                                + shop.port()
                                + " }\nvirtual_server 127.0.0.1 80 {\n protocol HTTP\n"
                                + " route api {\n  path_prefix /api\n  real_server_group api\n }\n"
                                + " route shop {\n  host shop.test\n  real_server_group shop\n }\n"
                                + " real_server 127.0.0.1 "
                                + web.port()
                                + "\n}\n");
        H2Client c = client(f);

        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(c.send(H2Client.request("GET", "www.test", "/api/" + i), null));
            answers.add(c.send(H2Client.request("GET", "shop.test", "/cart/" + i), null));
            answers.add(c.send(H2Client.request("GET", "www.test", "/page/" + i), null));
        }

        for (int i = 0; i < 10; i++) {
            assertThat(await(answers.get(3 * i)))
                    .isEqualTo(new Answer(200, "api /api/" + i + " 0", null));
            assertThat(await(answers.get(3 * i + 1)))
                    .isEqualTo(new Answer(200, "shop /cart/" + i + " 0", null));
            assertThat(await(answers.get(3 * i + 2)))
                    .isEqualTo(new Answer(200, "web /page/" + i + " 0", null));
        }
        assertThat(c.isOpen()).isTrue();
        assertThat(web.headers.getFirst()).containsEntry("X-forwarded-proto", List.of("http"));
        assertThat(shop.headers.getFirst()).containsEntry("Host", List.of("shop.test"));
    }

    @Test
    void aRequestBodyIsRelayedWithChunkedFramingWhenItHasNoLength() throws Exception {
        HttpBackend b = backend("b");
        H2Client c = client(forwarder(simple(b)));
        byte[] body = new byte[100_000];

        Answer answer = await(c.send(H2Client.request("POST", "www.test", "/sink"), body));

        assertThat(answer).isEqualTo(new Answer(200, "b /sink 100000", null));
        assertThat(b.headers.getFirst()).containsEntry("Transfer-encoding", List.of("chunked"));
    }

    @Test
    void aStreamGetsTheProxysErrorStatusesAndTheConnectionGoesOn() throws Exception {
        H2Client c = client(forwarder("virtual_server 127.0.0.1 80 {\n protocol HTTP\n}\n"));

        assertThat(await(c.send(H2Client.request("GET", "www.test", "/"), null)).status())
                .isEqualTo(503);
        assertThat(await(c.send(H2Client.request("GET", "www.test", "/"), null)).status())
                .isEqualTo(503);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheKeepaliveTimeout() throws Exception {
        HttpBackend b = backend("b");
        H2Client c =
                client(
                        forwarder(
                                "virtual_server 127.0.0.1 80 {\n protocol HTTP\n"
                                        + " keepalive_timeout 1\n real_server 127.0.0.1 "
                                        + b.port()
                                        + "\n}\n"));
        assertThat(await(c.send(H2Client.request("GET", "www.test", "/"), null)).status())
                .isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !c.isOpen());
    }

    @Test
    void drainingClosesAnIdleHttp2ConnectionWithoutWaitingForTheGrace() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        H2Client c = client(f);
        assertThat(await(c.send(H2Client.request("GET", "www.test", "/"), null)).status())
                .isEqualTo(200);

        CompletableFuture<Void> drained = f.drain(Duration.ofSeconds(60));

        drained.get(20, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !c.isOpen());
    }

    @Test
    void http1StillWorksOnTheSamePort() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        try (Socket s = new Socket()) {
            s.connect(f.localAddresses().getFirst(), 5000);
            s.setSoTimeout(15000);
            s.getOutputStream()
                    .write(
                            "GET /one HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
            String answer =
                    new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("b /one 0");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "X-Upper      | yes",
                "connection   | keep-alive",
                "keep-alive   | 5",
                "transfer-encoding | chunked",
                "upgrade      | websocket",
                "te           | gzip",
                "x-injected   | 'a\r\nevil: yes'",
                "x-nul        | 'a\0b'",
                "x-space      | ' padded'",
                ":protocol    | websocket",
                "host         | other.test",
                "content-length | 1x",
            })
    void aMalformedRequestNeverReachesTheBackend(String name, String value) throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        H2Client c = client(f);
        Http2Headers headers = H2Client.request("GET", "www.test", "/x").add(name, value);

        Answer answer = await(c.send(headers, null));

        // Netty's decoder resets some streams itself; the rest get Tandem's 400. Either way
        // only the stream is refused: the connection goes on.
        assertThat(answer.status() == 400 || answer.reset() != null)
                .as("refused: %s", answer)
                .isTrue();
        Answer fine = await(c.send(H2Client.request("GET", "www.test", "/ok"), null));
        assertThat(fine).isEqualTo(new Answer(200, "b /ok 0", null));
        assertThat(b.requests.get()).isEqualTo(1);
    }

    @Test
    void missingPseudoHeadersAreRefused() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        Http2Headers noPath =
                new io.netty.handler.codec.http2.DefaultHttp2Headers(false)
                        .method("GET")
                        .scheme("http")
                        .authority("www.test");

        Answer answer = await(client(f).send(noPath, null));

        assertThat(answer.status() == 400 || answer.reset() != null).isTrue();
        assertThat(b.requests.get()).isZero();
    }

    @Test
    void aBodyShorterThanItsContentLengthNeverCompletesAtTheBackend() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        Http2Headers headers =
                H2Client.request("POST", "www.test", "/sink").add("content-length", "500");

        Answer answer = await(client(f).send(headers, new byte[50]));

        assertThat(answer.reset()).isNotNull();
        assertThat(b.bodyBytesLast.get()).isZero();
    }

    @Test
    void headersBeyondMaxHeaderSizeAreRefused() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f =
                forwarder(
                        "virtual_server 127.0.0.1 80 {\n protocol HTTP\n max_header_size 1024\n"
                                + " real_server 127.0.0.1 "
                                + b.port()
                                + "\n}\n");
        Http2Headers headers =
                H2Client.request("GET", "www.test", "/").add("x-big", "v".repeat(4000));

        Answer answer = await(client(f).send(headers, null));

        assertThat(answer.status() == 431 || answer.reset() != null)
                .as("refused: %s", answer)
                .isTrue();
        assertThat(b.requests.get()).isZero();
    }

    @Test
    void aBodyLongerThanItsContentLengthResetsTheStream() throws Exception {
        HttpBackend b = backend("b");
        HttpForwarder f = forwarder(simple(b));
        Http2Headers headers =
                H2Client.request("POST", "www.test", "/sink").add("content-length", "5");

        Answer answer = await(client(f).send(headers, new byte[50]));

        assertThat(answer.reset()).isNotNull();
        assertThat(b.bodyBytesLast.get()).isZero();
    }
}
