package io.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.common.HostPort;
import io.tandem.config.CheckSettings;
import io.tandem.config.HttpCheckConfig;
import io.tandem.config.SourcePosition;
import io.tandem.config.StatusCodes;
import io.tandem.config.UrlCheck;
import io.tandem.testing.NamedTcpServer;
import io.tandem.testing.StubBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TCP_CHECK, HTTP_GET and SSL_GET against real servers on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkCheckersIT {
    private static final SourcePosition HERE = new SourcePosition(Path.of("t.conf"), 1, 1);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    static CheckSettings settings() {
        return new CheckSettings(
                null,
                0,
                null,
                TIMEOUT,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ZERO,
                false,
                1);
    }

    private static HttpGetChecker http(
            HostPort server, boolean tls, @Nullable String vhost, boolean sni, UrlCheck... urls) {
        return new HttpGetChecker(
                new HttpCheckConfig(settings(), tls, List.of(urls), vhost, sni, HERE), server);
    }

    private static UrlCheck url(String path, StatusCodes codes, @Nullable String digest) {
        return new UrlCheck(path, codes, digest, HERE);
    }

    private static String md5(String body) throws Exception {
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("MD5")
                                .digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tcpCheckPassesWhenTheServerAcceptsAndFailsWhenItRefuses() throws Exception {
        try (NamedTcpServer server = NamedTcpServer.start("a")) {
            HostPort address = HostPort.of(server.address());
            ProbeResult up = new TcpConnectChecker(settings(), address).probe(TIMEOUT);
            assertThat(up.up()).isTrue();
            assertThat(up.detail()).startsWith("TCP_CHECK " + address + " connected in ");
        }
        HostPort refusing = StubBackend.refusingAddress();
        ProbeResult down = new TcpConnectChecker(settings(), refusing).probe(TIMEOUT);
        assertThat(down.up()).isFalse();
        assertThat(down.detail()).isEqualTo("TCP_CHECK " + refusing + ": connection refused");
    }

    @Test
    void connectPortOverridesTheRealServersPort() throws Exception {
        try (NamedTcpServer server = NamedTcpServer.start("a")) {
            CheckSettings s =
                    new CheckSettings(
                            null,
                            server.port(),
                            null,
                            TIMEOUT,
                            1,
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(1),
                            Duration.ZERO,
                            false,
                            1);
            HostPort elsewhere = StubBackend.refusingAddress();
            assertThat(new TcpConnectChecker(s, elsewhere).probe(TIMEOUT).up()).isTrue();
        }
    }

    @Test
    void httpGetFailsOnAStatusOutOfRangeAndPassesInRange() throws Exception {
        try (HttpStub stub = new HttpStub()) {
            HttpGetChecker checker =
                    http(
                            stub.address(),
                            false,
                            null,
                            false,
                            url("/health", StatusCodes.SUCCESS, null));
            assertThat(checker.probe(TIMEOUT).up()).isTrue();
            assertThat(stub.lastHost).isEqualTo(stub.address().toString());
            stub.status = 503;
            ProbeResult down = checker.probe(TIMEOUT);
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).isEqualTo("HTTP_GET /health returned 503 (expected 200-299)");
        }
    }

    @Test
    void httpGetComparesTheMd5OfTheBody() throws Exception {
        try (HttpStub stub = new HttpStub()) {
            stub.body = "healthy page\n";
            String expected = md5("healthy page\n");
            HttpGetChecker checker =
                    http(
                            stub.address(),
                            false,
                            "www.example.com",
                            false,
                            url("/", StatusCodes.SUCCESS, expected));
            assertThat(checker.probe(TIMEOUT).up()).isTrue();
            assertThat(stub.lastHost).isEqualTo("www.example.com");
            stub.body = "error page\n";
            ProbeResult down = checker.probe(TIMEOUT);
            assertThat(down.up()).isFalse();
            assertThat(down.detail())
                    .isEqualTo(
                            "HTTP_GET / body digest "
                                    + md5("error page\n")
                                    + " (expected "
                                    + expected
                                    + ")");
        }
    }

    @Test
    void everyUrlMustPass() throws Exception {
        try (HttpStub stub = new HttpStub()) {
            HttpGetChecker checker =
                    http(
                            stub.address(),
                            false,
                            null,
                            false,
                            url("/a", StatusCodes.SUCCESS, null),
                            url(
                                    "/b",
                                    new StatusCodes(List.of(new StatusCodes.Range(500, 503))),
                                    null));
            ProbeResult r = checker.probe(TIMEOUT);
            assertThat(r.detail()).isEqualTo("HTTP_GET /b returned 200 (expected 500-503)");
        }
    }

    @Test
    void httpGetTimesOutOnAServerThatNeverAnswers() throws Exception {
        try (HttpStub stub = new HttpStub()) {
            stub.hang = true;
            HttpGetChecker checker =
                    http(stub.address(), false, null, false, url("/", StatusCodes.SUCCESS, null));
            long start = System.nanoTime();
            ProbeResult r = checker.probe(Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(r.detail()).isEqualTo("HTTP_GET /: timed out after 500 ms");
        }
    }

    @Test
    void httpGetReportsARefusedConnection() throws Exception {
        HostPort refusing = StubBackend.refusingAddress();
        ProbeResult r =
                http(refusing, false, null, false, url("/x", StatusCodes.SUCCESS, null))
                        .probe(TIMEOUT);
        assertThat(r.detail()).isEqualTo("HTTP_GET /x: connection refused");
    }

    @Test
    void sslGetSpeaksTlsWithoutVerifyingAndSendsSniWhenAsked(@TempDir Path dir) throws Exception {
        // Two servers: a second connection to the same one would resume the TLS session.
        try (TlsStub stub = new TlsStub(dir);
                TlsStub named = new TlsStub(dir)) {
            HttpGetChecker plain =
                    http(
                            stub.address(),
                            true,
                            "secure.example.com",
                            false,
                            url("/", StatusCodes.SUCCESS, md5(stub.body)));
            assertThat(plain.probe(TIMEOUT).up()).isTrue();
            assertThat(stub.lastServerNames).isEmpty();
            HttpGetChecker sni =
                    http(
                            named.address(),
                            true,
                            "secure.example.com",
                            true,
                            url("/", StatusCodes.SUCCESS, null));
            ProbeResult r = sni.probe(TIMEOUT);
            assertThat(r.up()).as(r.detail()).isTrue();
            assertThat(r.detail()).startsWith("SSL_GET ");
            assertThat(named.lastServerNames)
                    .containsExactly(new SNIHostName("secure.example.com"));
        }
    }
}
