package io.tandem.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.tandem.config.HttpLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random mutations of valid request heads through the strict decoder and the request checks,
 * for a bounded time: nothing throws, and every head that comes out either passes the checks or
 * gets a rejection status. The seed is printed so a failure can be replayed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestHeadFuzzTest {
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final String[] SEEDS = {
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "GET /p?q=1 HTTP/1.0\r\nHost: a:80\r\nCookie: s=1; t=2\r\nX-A: b\r\n\r\n",
    };
    private static final byte[] INTERESTING =
            " \t\r\n:,;\"\u0000\u007f\u00ff0-9aA/".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedHeadsNeverThrowAndAlwaysGetAVerdict() {
        long seed = System.nanoTime();
        System.out.println("RequestHeadFuzzTest seed " + seed);
        Random random = new Random(seed);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int runs = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
            EmbeddedChannel channel =
                    new EmbeddedChannel(new StrictRequestDecoder(HttpLimits.DEFAULTS));
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            Object m;
            while ((m = channel.readInbound()) != null) {
                if (m instanceof HttpRequest request) {
                    HttpResponseStatus verdict = RequestChecks.reject(request, HttpLimits.DEFAULTS);
                    if (request.decoderResult().isFailure()) {
                        assertThat(verdict).isNotNull();
                    }
                }
                ReferenceCountUtil.release(m);
            }
            channel.finishAndReleaseAll();
            runs++;
        }
        assertThat(runs).isPositive();
    }

    private static byte[] mutate(Random random, String seed) {
        byte[] b = seed.getBytes(StandardCharsets.ISO_8859_1);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            byte value =
                    random.nextBoolean()
                            ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (byte) random.nextInt(256);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = value;
                case 1 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> {
                    if (b.length > 1) {
                        byte[] shorter = new byte[b.length - 1];
                        System.arraycopy(b, 0, shorter, 0, at);
                        System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                        b = shorter;
                    }
                }
            }
        }
        return b;
    }
}
