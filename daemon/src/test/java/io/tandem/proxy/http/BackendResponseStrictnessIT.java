package io.tandem.proxy.http;

import static io.tandem.proxy.http.L7Harness.closedByPeer;
import static io.tandem.proxy.http.L7Harness.exchange;
import static io.tandem.proxy.http.L7Harness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.testing.EventLoops;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Responses a real server could mean two ways never reach the client as they are: raw-byte servers
 * send them, the client gets a 502, and the server's connection is closed, never pooled.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // raw responses read better line by line
class BackendResponseStrictnessIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final L7Harness l7 = new L7Harness(loops);

    @AfterEach
    void close() throws Exception {
        l7.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "content-length and transfer-encoding|HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n"
                        + "Transfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "two differing content-lengths|HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n"
                        + "Content-Length: 6\\r\\n\\r\\nhello!",
                "malformed chunk size|HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                        + "zz\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "invalid character in a header name|HTTP/1.1 200 OK\\r\\nX(A): 1\\r\\n"
                        + "Content-Length: 0\\r\\n\\r\\n",
                "control character in a header value|HTTP/1.1 200 OK\\r\\nX-A: 1\\u0001\\r\\n"
                        + "Content-Length: 0\\r\\n\\r\\n",
                "bare CR|HTTP/1.1 200 OK\\r\\nX-A: 1\\rX-B: 2\\r\\nContent-Length: 0\\r\\n\\r\\n",
                "HTTP/2.0 status line|HTTP/2.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n",
                "not HTTP at all|ICY 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n",
                "101 to a request that asked for no upgrade|HTTP/1.1 101 Switching Protocols\\r\\n"
                        + "Upgrade: h2c\\r\\nConnection: Upgrade\\r\\n\\r\\n",
            })
    void anAmbiguousResponseIsA502AndItsConnectionIsClosed(String name, String raw)
            throws Exception {
        RawBackend server = l7.closing(RawBackend.answering(unescape(raw)));
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));

        Socket s = l7.connect(f);
        assertThat(exchange(s, get("/")).status()).as(name).isEqualTo(502);
        assertThat(closedByPeer(s)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.closedByProxy.get() == 1);
        Socket again = l7.connect(f);
        assertThat(exchange(again, get("/")).status()).isEqualTo(502);
        assertThat(server.connections.get()).as("connections (none reused)").isEqualTo(2);
        assertThat(l7.finished).extracting(RequestRecord::status).containsExactly(502, 502);
    }

    @Test
    void aWellFramedResponseKeepsItsConnectionForTheNextRequest() throws Exception {
        RawBackend server =
                l7.closing(
                        RawBackend.answering(
                                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        + "5\r\nhello\r\n0\r\n\r\n"));
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));

        Socket s = l7.connect(f);
        send(s, get("/a"));
        assertThat(L7Harness.line(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
        Socket t = l7.connect(f);
        for (int i = 0; i < 3; i++) {
            send(t, get("/b"));
            assertThat(L7Harness.line(t.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
            skipToEndOfChunkedBody(t);
        }
        assertThat(server.connections.get()).isLessThanOrEqualTo(2);
        assertThat(server.closedByProxy.get()).isZero();
    }

    @Test
    void aHeadResponseHasNoBodyEvenWithAContentLength() throws Exception {
        RawBackend server =
                l7.closing(RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
        HttpForwarder f = l7.start(L7Harness.config("", server.port()));

        Socket s = l7.connect(f);
        for (int i = 0; i < 3; i++) {
            send(s, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(L7Harness.line(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
            String header;
            do {
                header = L7Harness.line(s.getInputStream());
            } while (!header.isEmpty());
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests.get()).isEqualTo(3);
    }

    private static void send(Socket s, String raw) throws java.io.IOException {
        L7Harness.send(s, raw);
    }

    private static void skipToEndOfChunkedBody(Socket s) throws java.io.IOException {
        String l;
        do {
            l = L7Harness.line(s.getInputStream());
        } while (!l.equals("0"));
        assertThat(L7Harness.line(s.getInputStream())).isEmpty();
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
    }
}
