package io.tandem.proxy.http;

import static io.tandem.proxy.http.L7Harness.exchange;
import static io.tandem.proxy.http.L7Harness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tandem.testing.EventLoops;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every finished request is reported once, and {@code access_log} writes it as a line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // raw requests read better line by line
class RequestEventsIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final L7Harness l7 = new L7Harness(loops);

    @AfterEach
    void close() throws Exception {
        l7.close();
    }

    @Test
    void eachRequestIsReportedWithItsServerStatusAndBytes() throws Exception {
        HttpBackend b = l7.backend("a");
        HttpForwarder f = l7.start(L7Harness.config("", b.port()));
        Socket s = l7.connect(f);

        String answer = exchange(s, get("/one")).text();
        exchange(s, "POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(exchange(l7.connect(f), "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status())
                .isEqualTo(400);

        await().atMost(Duration.ofSeconds(10)).until(() -> l7.finished.size() == 3);
        // Each connection reports on its own event loop: find the records by path, not order.
        RequestRecord first = byPath("/one");
        assertThat(first.virtualServer()).isEqualTo("127.0.0.1:80");
        assertThat(first.realServer()).isEqualTo("127.0.0.1:" + b.port());
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/one");
        assertThat(first.protocol()).isEqualTo("HTTP/1.1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.bytesOut()).isEqualTo(answer.length());
        assertThat(first.client().getAddress().isLoopbackAddress()).isTrue();
        RequestRecord post = byPath("/up");
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.bytesIn()).isEqualTo(5);
        RequestRecord refused = byPath("/");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.realServer()).isNull();
    }

    @Test
    void aRequestNoServerCouldTakeIsReportedWithoutAServer() throws Exception {
        HttpForwarder f =
                l7.start(
                        "real_server_group empty {\n}\nvirtual_server 127.0.0.1 80 {\n"
                                + " protocol HTTP\n route r { real_server_group empty }\n}\n");
        assertThat(exchange(l7.connect(f), get("/")).status()).isEqualTo(503);
        int dead = L7Harness.deadPort();
        HttpForwarder g = l7.start(L7Harness.config("", dead));
        assertThat(exchange(l7.connect(g), get("/")).status()).isEqualTo(502);

        await().atMost(Duration.ofSeconds(10)).until(() -> l7.finished.size() == 2);
        assertThat(l7.finished)
                .extracting(RequestRecord::status, RequestRecord::realServer)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(503, null),
                        org.assertj.core.groups.Tuple.tuple(502, "127.0.0.1:" + dead));
    }

    @Test
    void theAccessLogHasOneLinePerRequest(@TempDir Path dir) throws Exception {
        HttpBackend b = l7.backend("a");
        Path file = dir.resolve("access.log");
        HttpForwarder f = l7.start(L7Harness.config(" access_log " + file, b.port()));
        Socket s = l7.connect(f);

        String answer = exchange(s, get("/hello?x=1")).text();
        exchange(l7.connect(f), "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");

        List<String> lines = awaitLines(file, 2);
        String hello = lines.stream().filter(l -> l.contains("/hello")).findFirst().orElseThrow();
        String refused = lines.stream().filter(l -> l.contains("/x")).findFirst().orElseThrow();
        assertThat(hello)
                .matches(
                        "127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\]"
                                + " \"GET /hello\\?x=1 HTTP/1\\.1\" 200 "
                                + answer.length()
                                + " \\d+ \"127\\.0\\.0\\.1:"
                                + b.port()
                                + "\" \"127\\.0\\.0\\.1:80\"");
        assertThat(refused)
                .contains("\"GET /x HTTP/1.1\" 400 0 ")
                .endsWith(" \"-\" \"127.0.0.1:80\"");
    }

    @Test
    void aRotatedAccessLogIsReopened(@TempDir Path dir) throws Exception {
        HttpBackend b = l7.backend("a");
        Path file = dir.resolve("access.log");
        HttpForwarder f = l7.start(L7Harness.config(" access_log " + file, b.port()));
        Socket s = l7.connect(f);
        exchange(s, get("/before"));
        awaitLines(file, 1);

        Files.move(file, dir.resolve("access.log.1")); // what logrotate does by default
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        exchange(s, get("/after"));

        assertThat(awaitLines(file, 1).getFirst()).contains("GET /after");
        assertThat(Files.readAllLines(dir.resolve("access.log.1")).getFirst()).contains("/before");
    }

    @Test
    void anAccessLogThatCannotBeOpenedStopsTheStartWithItsNameAndWhy(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("no-such-dir").resolve("access.log");
        HttpForwarder f = l7.build(L7Harness.config(" access_log " + file, 9));

        assertThatThrownBy(f::start)
                .isInstanceOf(IOException.class)
                .hasMessage("access_log " + file + ": cannot open: no such directory");
    }

    private RequestRecord byPath(String path) {
        return l7.finished.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    private static List<String> awaitLines(Path file, int n) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Files.exists(file) ? Files.readAllLines(file) : List.<String>of(),
                        l -> l.size() >= n);
    }
}
