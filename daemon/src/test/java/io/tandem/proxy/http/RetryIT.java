package io.tandem.proxy.http;

import static io.tandem.proxy.http.L7Harness.exchange;
import static io.tandem.proxy.http.L7Harness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testing.EventLoops;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pooled backend connection that the server resets after the request was written, before any
 * response byte: an idempotent request goes once more to another server; a POST gets a 502.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // raw requests read better line by line
class RetryIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private final L7Harness l7 = new L7Harness(loops);

    @AfterEach
    void close() throws Exception {
        l7.close();
    }

    private static final String OK_A = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA";

    /** Answers the first request of each connection, then resets it on the next one. */
    private static RawBackend answersOnceThenResets() throws IOException {
        return new RawBackend(
                b ->
                        (s, n) -> {
                            if (!b.readHead(s)) {
                                return;
                            }
                            s.getOutputStream().write(OK_A.getBytes(StandardCharsets.US_ASCII));
                            s.getOutputStream().flush();
                            if (b.readHead(s)) {
                                s.setSoLinger(true, 0); // close with RST
                            }
                        });
    }

    /**
     * Three requests on one client connection, rr over A then B: the first leaves a pooled
     * connection to A, the second one to B, the third goes to A's pooled connection, which A
     * resets.
     */
    private Socket twoRequestsThenThePooledOne(HttpForwarder f) throws IOException {
        Socket s = l7.connect(f);
        assertThat(exchange(s, get("/1")).text()).isEqualTo("A");
        assertThat(exchange(s, get("/2")).text()).startsWith("b /2");
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "OPTIONS"})
    void anIdempotentRequestOnAResetPooledConnectionIsRetriedOnAnotherServer(String method)
            throws Exception {
        RawBackend a = l7.closing(answersOnceThenResets());
        HttpBackend b = l7.backend("b");
        HttpForwarder f = l7.start(L7Harness.config("", a.port(), b.port()));
        Socket s = twoRequestsThenThePooledOne(f);

        String length = method.equals("PUT") ? "Content-Length: 0\r\n" : "";
        var response = exchange(s, method + " /3 HTTP/1.1\r\nHost: h\r\n" + length + "\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).startsWith("b /3");
        assertThat(a.requests.get()).as("requests A saw, the reset one included").isEqualTo(2);
        assertThat(b.requests.get()).isEqualTo(2);
    }

    @Test
    void aPostOnAResetPooledConnectionIsNotRetried() throws Exception {
        RawBackend a = l7.closing(answersOnceThenResets());
        HttpBackend b = l7.backend("b");
        HttpForwarder f = l7.start(L7Harness.config("", a.port(), b.port()));
        Socket s = twoRequestsThenThePooledOne(f);

        var response = exchange(s, "POST /3 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(response.status()).isEqualTo(502);
        assertThat(b.requests.get()).as("requests B saw").isEqualTo(1);
    }
}
