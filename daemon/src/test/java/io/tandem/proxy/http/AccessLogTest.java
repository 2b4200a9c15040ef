package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The access log's line format: a request line cannot forge a field or a line of its own. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AccessLogTest {

    private static String line(String path, String realServer) throws Exception {
        RequestRecord r =
                new RequestRecord(
                        "group web",
                        realServer,
                        new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5000),
                        Instant.parse("2026-12-02T01:02:03Z"),
                        "GET",
                        path,
                        "HTTP/1.1",
                        404,
                        0,
                        17,
                        Duration.ofMillis(12));
        StringBuilder b = new StringBuilder();
        AccessLog.format(r, b);
        return b.toString();
    }

    @Test
    void writesTheCommonFormatWithDurationAndBothServers() throws Exception {
        assertThat(line("/a?b=1", "[2001:db8::2]:80"))
                .isEqualTo(
                        "2001:db8:0:0:0:0:0:1 - - [02/Dec/2026:01:02:03 +0000] \"GET /a?b=1"
                                + " HTTP/1.1\" 404 17 12 \"[2001:db8::2]:80\" \"group web\"\n");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersSoNoFieldOrLineCanBeForged() throws Exception {
        assertThat(line("/x\" 200 \\\n1.2.3.4 - -", null))
                .contains("\"GET /x\\\" 200 \\\\\\x0a1.2.3.4 - - HTTP/1.1\" 404 17 12 \"-\"")
                .hasLineCount(1);
    }
}
