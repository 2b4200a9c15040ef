package io.tandem.proxy.http;

import static io.tandem.proxy.http.L7Harness.closedByPeer;
import static io.tandem.proxy.http.L7Harness.line;
import static io.tandem.proxy.http.L7Harness.read;
import static io.tandem.proxy.http.L7Harness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.VirtualServerConfig;
import io.tandem.pool.PoolSnapshot;
import io.tandem.pool.RealServer;
import io.tandem.pool.TrafficCounters;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.http.L7Harness.Response;
import io.tandem.schedule.Balancer;
import io.tandem.schedule.Schedulers;
import io.tandem.testing.EventLoops;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP forwarder against real HTTP servers, driven by raw bytes over sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // raw requests read better line by line
class HttpForwarderIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private HttpBackend backend(String name) throws IOException {
        HttpBackend b = new HttpBackend(name);
        opened.add(b);
        return b;
    }

    private List<RealServer> realServers = List.of();
    private final HttpEvents events = HttpEvents.NONE;

    /** Starts the forwarder of the first virtual server of {@code config} on 127.0.0.1:0. */
    private HttpForwarder forwarder(String config) throws Exception {
        VirtualServerConfig vs =
                ConfigLoader.parse(config, Path.of("l7.conf")).virtualServers().getFirst();
        List<RealServer> servers =
                vs.realServers().stream()
                        .map(r -> new RealServer(r.address(), r.weight()))
                        .toList();
        realServers = servers;
        Balancer balancer = Balancer.of(Schedulers.byKind(vs.scheduler()));
        balancer.update(new PoolSnapshot(servers), null);
        HttpForwarder f =
                new HttpForwarder(
                        List.of(
                                new InetSocketAddress(
                                        java.net.InetAddress.getLoopbackAddress(), 0)),
                        balancer,
                        new TrafficCounters(),
                        loops.dataPlane(ProxySettings.DEFAULTS),
                        java.util.Objects.requireNonNull(vs.http()),
                        vs.name(),
                        events);
        f.start();
        opened.add(f);
        return f;
    }

    private static String simple(HttpBackend b, String extra) {
        return "virtual_server 127.0.0.1 80 {\n protocol HTTP\n lb_algo rr\n"
                + extra
                + "\n real_server 127.0.0.1 "
                + b.port()
                + "\n}\n";
    }

    private Socket connect(HttpForwarder f) throws IOException {
        Socket s = new Socket();
        s.connect(f.localAddresses().getFirst(), 5000);
        s.setSoTimeout(15000);
        opened.add(s);
        return s;
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    @Test
    void routesByExactHostThenWildcardThenLongestPathPrefix() throws Exception {
        HttpBackend www = backend("www");
        HttpBackend api = backend("api");
        HttpBackend wild = backend("wild");
        HttpBackend fallback = backend("default");
        String config =
                group("www", www)
                        + group("api", api)
                        + group("wild", wild)
                        + "virtual_server 127.0.0.1 80 {\n protocol HTTP\n"
                        + " route www { host www.example.com\n real_server_group www }\n"
                        + " route api { host www.example.com\n path_prefix /api\n"
                        + " real_server_group api }\n"
                        + " route wild { host *.example.com\n real_server_group wild }\n"
                        + " real_server 127.0.0.1 "
                        + fallback.port()
                        + "\n}\n";
        HttpForwarder f = forwarder(config);

        Socket s = connect(f);
        assertThat(exchange(s, "/", "www.example.com").text()).startsWith("www /");
        assertThat(exchange(s, "/api/v1", "WWW.example.com:80").text()).startsWith("api /api/v1");
        assertThat(exchange(s, "/api", "cdn.example.com").text()).startsWith("wild /api");
        assertThat(exchange(s, "/", "a.b.example.com").text()).startsWith("wild /");
        assertThat(exchange(s, "/", "example.com").text()).startsWith("default /");
        assertThat(exchange(s, "/", "other.org").text()).startsWith("default /");
    }

    private static String group(String name, HttpBackend b) {
        return "real_server_group "
                + name
                + " {\n lb_algo rr\n real_server 127.0.0.1 "
                + b.port()
                + "\n}\n";
    }

    private static Response exchange(Socket s, String path, String host) throws IOException {
        send(s, get(path, host));
        return read(s);
    }

    @Test
    void keepAliveRequestsReuseOneBackendConnection() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, ""));

        for (int c = 0; c < 3; c++) {
            Socket s = connect(f);
            for (int i = 0; i < 10; i++) {
                assertThat(exchange(s, "/n" + i, "h").status()).isEqualTo(200);
            }
            s.close();
        }

        assertThat(b.requests.get()).isEqualTo(30);
        // One event loop may serve all three clients or not; never one connection per request.
        assertThat(b.connections.size()).isLessThanOrEqualTo(loopCount());
    }

    @Test
    void aPooledBackendConnectionLivesAsLongAsItIsReusedAndClosesOnceIdleForTheTimeout()
            throws Exception {
        try (CountingBackend b = new CountingBackend()) {
            HttpForwarder f =
                    forwarder(
                            "virtual_server 127.0.0.1 80 {\n protocol HTTP\n lb_algo rr\n"
                                    + " keepalive_timeout 0.6\n real_server 127.0.0.1 "
                                    + b.port()
                                    + "\n}\n");
            Socket s = connect(f);
            // Requests 150 ms apart for three keep-alive timeouts: the backend connection is
            // never idle for long, so it is the same one throughout.
            long end = System.nanoTime() + java.time.Duration.ofMillis(1800).toNanos();
            int sent = 0;
            while (System.nanoTime() < end && sent < 40) {
                assertThat(exchange(s, "/n" + sent, "h").status()).isEqualTo(200);
                sent++;
                Thread.sleep(150);
            }
            assertThat(sent).isGreaterThan(5);
            assertThat(b.accepted.get()).isEqualTo(1);
            assertThat(b.closed.get()).isZero();
            // Then quiet: the idle connection is closed once the timeout has passed.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> b.closed.get() == 1);
        }
    }

    /**
     * A raw HTTP/1.1 backend that answers every request with "ok" and counts the connections it
     * accepted and saw closed by the proxy.
     */
    private static final class CountingBackend implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger accepted =
                new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closed =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.net.ServerSocket server =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());

        CountingBackend() throws IOException {
            Thread.ofVirtual()
                    .start(
                            () -> {
                                while (!server.isClosed()) {
                                    try {
                                        Socket c = server.accept();
                                        accepted.incrementAndGet();
                                        Thread.ofVirtual().start(() -> serve(c));
                                    } catch (IOException e) {
                                        return;
                                    }
                                }
                            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket c) {
            try (c) {
                InputStream in = c.getInputStream();
                while (true) {
                    String first = line(in);
                    if (first.isEmpty()) {
                        break; // end of input
                    }
                    while (!line(in).isEmpty()) {
                        // headers; the proxy sends GETs without bodies here
                    }
                    c.getOutputStream()
                            .write(
                                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                            .getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // reset counts as closed too
            }
            closed.incrementAndGet();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void finishedRequestsLeaveNoConnectionCountedOnTheServer() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, ""));
        Socket s = connect(f);
        for (int i = 0; i < 20; i++) {
            assertThat(exchange(s, "/n" + i, "h").status()).isEqualTo(200);
        }
        RealServer server = realServers.getFirst();
        // A keep-alive request is not a TCP connection: nothing lingers in TIME_WAIT after it,
        // or lc/wlc would see 20 inactive connections here (and millions under load).
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server.activeConnections() == 0);
        assertThat(server.inactiveConnections()).isZero();
        assertThat(server.traffic().connections()).isEqualTo(20);
    }

    private static int loopCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, ""));

        Socket s = connect(f);
        send(s, get("/1", "h") + get("/2", "h") + get("/3", "h"));

        assertThat(read(s).text()).startsWith("a /1");
        assertThat(read(s).text()).startsWith("a /2");
        assertThat(read(s).text()).startsWith("a /3");
    }

    @Test
    void addsForwardedHeadersAndStripsHopByHopOnes() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, " forwarded on"));

        Socket s = connect(f);
        send(
                s,
                "GET / HTTP/1.1\r\nHost: shop.example\r\nConnection: keep-alive, X-Secret\r\n"
                        + "X-Secret: 1\r\nKeep-Alive: timeout=5\r\nX-Forwarded-For: 10.1.1.1\r\n"
                        + "Proxy-Connection: keep-alive\r\n\r\n");
        assertThat(read(s).status()).isEqualTo(200);

        Map<String, List<String>> seen = b.headers.getFirst();
        assertThat(seen).doesNotContainKeys("X-secret", "Keep-alive", "Proxy-connection");
        assertThat(seen.get("X-forwarded-for")).containsExactly("10.1.1.1, 127.0.0.1");
        assertThat(seen.get("X-forwarded-proto")).containsExactly("http");
        assertThat(seen.get("X-forwarded-host")).containsExactly("shop.example");
        assertThat(seen.get("Forwarded"))
                .containsExactly("for=127.0.0.1;proto=http;host=\"shop.example\"");
    }

    @Test
    void answers503WhenTheGroupHasNoServer() throws Exception {
        HttpForwarder f =
                forwarder(
                        "real_server_group empty {\n}\nvirtual_server 127.0.0.1 80 {\n"
                                + " protocol HTTP\n route r { real_server_group empty }\n}\n");

        Socket s = connect(f);
        assertThat(exchange(s, "/", "h").status()).isEqualTo(503);
        assertThat(closedByPeer(s)).isTrue();
    }

    @Test
    void answers502WhenTheOnlyServerRefuses() throws Exception {
        int dead = deadPort();
        HttpForwarder f =
                forwarder(
                        "virtual_server 127.0.0.1 80 {\n protocol HTTP\n real_server 127.0.0.1 "
                                + dead
                                + "\n}\n");

        Socket s = connect(f);
        assertThat(exchange(s, "/", "h").status()).isEqualTo(502);
    }

    /** Round robin over a refusing real server and one named "live" that answers. */
    private HttpForwarder refusedThenLive() throws Exception {
        int dead = deadPort();
        return forwarder(
                "virtual_server 127.0.0.1 80 {\n protocol HTTP\n lb_algo rr\n"
                        + " real_server 127.0.0.1 "
                        + dead
                        + "\n real_server 127.0.0.1 "
                        + backend("live").port()
                        + "\n}\n");
    }

    @Test
    void retriesAnIdempotentRequestOnAnotherServerWhenTheFirstRefuses() throws Exception {
        HttpForwarder f = refusedThenLive();

        for (int i = 0; i < 4; i++) {
            Socket s = connect(f);
            assertThat(exchange(s, "/", "h").text()).startsWith("live");
            s.close();
        }
    }

    @Test
    void aRequestSentWithTheClientsFinIsStillAnswered() throws Exception {
        HttpForwarder f = refusedThenLive();

        // As `printf 'GET ...' | nc -N` sends it; the FIN arrives while Tandem is still
        // connecting (to the refused server first, then the live one).
        for (int i = 0; i < 2; i++) {
            Socket s = connect(f);
            send(s, get("/fin", "h"));
            s.shutdownOutput();
            assertThat(read(s).text()).startsWith("live /fin");
            assertThat(s.getInputStream().read()).as("closed once answered").isEqualTo(-1);
            s.close();
        }
        Socket pipelining = connect(f);
        send(pipelining, get("/one", "h") + get("/two", "h"));
        pipelining.shutdownOutput();
        assertThat(read(pipelining).text()).startsWith("live /one");
        assertThat(read(pipelining).text()).startsWith("live /two");
        assertThat(pipelining.getInputStream().read()).isEqualTo(-1);

        Socket cutShort = connect(forwarder(simple(backend("b"), "")));
        send(cutShort, "POST /body HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly ten..");
        cutShort.shutdownOutput();
        assertThat(cutShort.getInputStream().read()).as("a body that cannot end").isEqualTo(-1);
    }

    @Test
    void answers504WhenTheServerIsSlowerThanTheResponseTimeout() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, " backend_response_timeout 0.5"));

        Socket s = connect(f);
        assertThat(exchange(s, "/slow", "h").status()).isEqualTo(504);
    }

    @Test
    void answers408ToAClientThatStopsMidHead() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, " client_header_timeout 0.5"));

        Socket s = connect(f);
        send(s, "GET / HTTP/1.1\r\nHost: h\r\n");
        assertThat(read(s).status()).isEqualTo(408);
        assertThat(b.requests.get()).isZero();
    }

    @Test
    void streamsA100MegabyteResponseAndUploadThrough() throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, ""));
        int size = 100 * 1024 * 1024;

        Socket s = connect(f);
        send(s, get("/big/" + size, "h"));
        InputStream in = s.getInputStream();
        String status = line(in);
        while (!line(in).isEmpty()) {
            // headers
        }
        long got = 0;
        byte[] buf = new byte[1 << 16];
        while (got < size) {
            int n = in.read(buf);
            assertThat(n).isPositive();
            got += n;
        }
        assertThat(status).contains("200");

        send(s, "POST /sink HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[1 << 16];
        String head = Integer.toHexString(chunk.length) + "\r\n";
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write('\r');
            out.write('\n');
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(read(s).text()).isEqualTo("a /sink " + size);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "content-length and transfer-encoding|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Content-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
                        + "0\\r\\n\\r\\n",
                "two differing content-lengths|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Content-Length: 5\\r\\nContent-Length: 6\\r\\n\\r\\nhello!",
                "unknown transfer coding|501|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Transfer-Encoding: gzip\\r\\n\\r\\n",
                "chunked not last|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Transfer-Encoding: chunked, gzip\\r\\n\\r\\n",
                "chunked twice|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
                "malformed chunk size|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Transfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "obsolete line folding|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nX-A: 1\\r\\n"
                        + " folded\\r\\n\\r\\n",
                "space before colon|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nX-A : 1\\r\\n\\r\\n",
                "invalid character in a name|400|GET / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "X(A): 1\\r\\n\\r\\n",
                "control character in a value|400|GET / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "X-A: 1\\u0001\\r\\n\\r\\n",
                "bare CR|400|GET / HTTP/1.1\\r\\nHost: h\\rX-A: 1\\r\\n\\r\\n",
                "HTTP/2.0 request line|400|GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n",
                "not HTTP at all|400|GET / FTP/1.1\\r\\nHost: h\\r\\n\\r\\n",
                "two hosts|400|GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
                "non-numeric content-length|400|POST / HTTP/1.1\\r\\nHost: h\\r\\n"
                        + "Content-Length: +5\\r\\n\\r\\nhello",
            })
    void rejectsAmbiguousRequestsAndClosesBeforeTheServerSeesThem(
            String name, int status, String raw) throws Exception {
        HttpBackend b = backend("a");
        HttpForwarder f = forwarder(simple(b, ""));

        Socket s = connect(f);
        send(s, unescape(raw));

        assertThat(read(s).status()).as(name).isEqualTo(status);
        assertThat(closedByPeer(s)).isTrue();
        assertThat(b.requests.get()).as("requests the server saw").isZero();
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
