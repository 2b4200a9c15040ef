package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.proxy.ProxySettings;
import io.tandem.testing.EventLoops;
import io.tandem.testing.TestCertificates;
import io.tandem.testing.TestCertificates.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code protocol HTTPS} against real HTTP/1.1 servers: SNI, ALPN h2 and HTTP/1.1 over TLS. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpsForwarderIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();
    @TempDir static Path dir;
    static Pem local;
    static Pem other;
    static SSLContext trustBoth;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        local = TestCertificates.create(dir, "local", "localhost", "a.test");
        other = TestCertificates.create(dir, "other", "*.b.test");
        trustBoth = TestCertificates.trusting(local.x509(), other.x509());
    }

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

    private HttpForwarder https(HttpBackend b) throws Exception {
        String config =
                "virtual_server 127.0.0.1 443 {\n protocol HTTPS\n lb_algo rr\n"
                        + " tls_certificate "
                        + local.certificate()
                        + " "
                        + local.key()
                        + "\n tls_certificate "
                        + other.certificate()
                        + "\n tls_key "
                        + other.key()
                        + "\n real_server 127.0.0.1 "
                        + b.port()
                        + "\n}\n";
        HttpForwarder f =
                L7Forwarders.start(
                        config, dir.resolve("tls.conf"), loops.dataPlane(ProxySettings.DEFAULTS));
        opened.add(f);
        return f;
    }

    /** The certificate the forwarder shows a client that sends {@code sni} (none when null). */
    private X509Certificate certificateFor(HttpForwarder f, String sni) throws Exception {
        // A fresh context each time: no session from an earlier probe is resumed.
        SSLContext context = TestCertificates.trusting(local.x509(), other.x509());
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        opened.add(s);
        s.connect(f.localAddresses().getFirst(), 5000);
        s.setSoTimeout(15000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        s.setSSLParameters(p);
        s.startHandshake();
        return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }

    @Test
    void serverNameChoosesTheCertificateAndOthersGetTheFirst() throws Exception {
        HttpForwarder f = https(backend("a"));

        assertThat(certificateFor(f, "x.b.test")).isEqualTo(other.x509());
        assertThat(certificateFor(f, "a.test")).isEqualTo(local.x509());
        assertThat(certificateFor(f, "unknown.test")).isEqualTo(local.x509());
        assertThat(certificateFor(f, null)).isEqualTo(local.x509());
    }

    @Test
    void http1OverTlsReachesTheBackendAsHttps() throws Exception {
        HttpBackend a = backend("a");
        HttpForwarder f = https(a);
        SSLSocket s = (SSLSocket) trustBoth.getSocketFactory().createSocket();
        opened.add(s);
        s.connect(f.localAddresses().getFirst(), 5000);
        s.setSoTimeout(15000);
        s.getOutputStream()
                .write(
                        "GET /one HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("a /one 0");
        assertThat(a.headers.getFirst()).containsEntry("X-forwarded-proto", List.of("https"));
    }

    @Test
    void plainHttpOnTheTlsPortIsClosed() throws Exception {
        HttpBackend a = backend("a");
        HttpForwarder f = https(a);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(f.localAddresses().getFirst(), 5000);
            s.setSoTimeout(15000);
            s.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();

            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("a / 0");
        }
        assertThat(a.requests.get()).isZero();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> f.openConnections() == 0);
    }

    private HttpClient h2Client() {
        HttpClient c =
                HttpClient.newBuilder()
                        .sslContext(trustBoth)
                        .version(HttpClient.Version.HTTP_2)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        opened.add(c);
        return c;
    }

    @Test
    void h2ByAlpnIsRelayedAsHttp1WithForwardingHeaders() throws Exception {
        HttpBackend a = backend("a");
        HttpForwarder f = https(a);
        int port = f.localAddresses().getFirst().getPort();

        HttpResponse<String> r =
                h2Client()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("https://localhost:" + port + "/h2?q=1"))
                                        .header("x-test", "yes")
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("a /h2 0");
        assertThat(a.protocols).containsExactly("HTTP/1.1");
        Map<String, List<String>> seen = a.headers.getFirst();
        assertThat(seen)
                .containsEntry("Host", List.of("localhost:" + port))
                .containsEntry("X-test", List.of("yes"))
                .containsEntry("X-forwarded-proto", List.of("https"))
                .containsEntry("X-forwarded-host", List.of("localhost"))
                .containsEntry("X-forwarded-for", List.of("127.0.0.1"));
        assertThat(seen.keySet())
                .noneMatch(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("x-http2"));
    }

    @Test
    void severalMegabytesStreamUpAndDownOverH2() throws Exception {
        HttpBackend a = backend("a");
        HttpForwarder f = https(a);
        int port = f.localAddresses().getFirst().getPort();
        HttpClient client = h2Client();
        int size = 8 * 1024 * 1024;

        HttpResponse<String> up =
                client.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/sink"))
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ZeroStream(size)))
                                .timeout(Duration.ofSeconds(90))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        int uploaded = a.bodyBytesLast.get();
        HttpResponse<InputStream> down =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create("https://localhost:" + port + "/big/" + size))
                                .timeout(Duration.ofSeconds(90))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (InputStream in = down.body()) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                received += n;
            }
        }

        assertThat(up.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(up.body()).isEqualTo("a /sink " + size);
        assertThat(uploaded).isEqualTo(size);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(size);
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
