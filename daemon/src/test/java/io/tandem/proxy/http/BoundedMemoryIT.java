package io.tandem.proxy.http;

import static io.tandem.proxy.http.L7Harness.line;
import static io.tandem.proxy.http.L7Harness.read;
import static io.tandem.proxy.http.L7Harness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.tandem.testing.EventLoops;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100 MB bodies stream through the proxy in both directions (chunked and with a Content-Length)
 * while the buffer memory Netty's allocator holds is sampled: it stays a few MB above where it
 * started, so nothing is buffered whole. The clients and servers here are the JDK's, so the
 * allocator's memory is the proxy's alone.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BoundedMemoryIT {
    @RegisterExtension static final EventLoops loops = EventLoops.detected();

    private static final int SIZE = 100 * 1024 * 1024;
    private static final long ALLOWED_GROWTH = 16L * 1024 * 1024;

    private final L7Harness l7 = new L7Harness(loops);

    @AfterEach
    void close() throws Exception {
        l7.close();
    }

    /** Samples the allocator's direct and heap memory in use and keeps the highest. */
    private static final class Peak {
        private final AtomicLong highest = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        Peak() {
            sampler =
                    Thread.ofPlatform()
                            .daemon()
                            .start(
                                    () -> {
                                        while (running.get()) {
                                            highest.accumulateAndGet(used(), Math::max);
                                            try {
                                                Thread.sleep(2);
                                            } catch (InterruptedException e) {
                                                return;
                                            }
                                        }
                                    });
        }

        static long used() {
            var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }

        /** Stops sampling; the highest use seen. */
        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return highest.get();
        }
    }

    @Test
    void hundredMegabyteBodiesBothWaysKeepTheProxysBufferMemoryBounded() throws Exception {
        assertThat(ByteBufAllocator.DEFAULT).isInstanceOf(ByteBufAllocatorMetricProvider.class);
        HttpBackend b = l7.backend("a");
        HttpForwarder f = l7.start(L7Harness.config("", b.port()));
        Socket s = l7.connect(f);
        send(s, "GET /warm HTTP/1.1\r\nHost: h\r\n\r\n");
        read(s);
        long before = Peak.used();

        Peak peak = new Peak();
        download(s);
        uploadChunked(s);
        assertThat(read(s).text()).isEqualTo("a /sink " + SIZE);
        uploadWithLength(s);
        assertThat(read(s).text()).isEqualTo("a /sink " + SIZE);
        long highest = peak.stop();

        assertThat(highest - before)
                .as("allocator memory growth in bytes while 300 MB passed")
                .isLessThan(ALLOWED_GROWTH);
    }

    private static void download(Socket s) throws IOException {
        send(s, "GET /big/" + SIZE + " HTTP/1.1\r\nHost: h\r\n\r\n");
        InputStream in = s.getInputStream();
        assertThat(line(in)).contains("200");
        while (!line(in).isEmpty()) {
            // headers
        }
        long got = 0;
        byte[] buf = new byte[1 << 16];
        while (got < SIZE) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, SIZE - got));
            assertThat(n).isPositive();
            got += n;
        }
    }

    private static void uploadChunked(Socket s) throws IOException {
        send(s, "POST /sink HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[1 << 16];
        byte[] head =
                (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int sent = 0; sent < SIZE; sent += chunk.length) {
            out.write(head);
            out.write(chunk);
            out.write('\r');
            out.write('\n');
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void uploadWithLength(Socket s) throws IOException {
        send(s, "POST /sink HTTP/1.1\r\nHost: h\r\nContent-Length: " + SIZE + "\r\n\r\n");
        OutputStream out = s.getOutputStream();
        byte[] chunk = new byte[1 << 16];
        for (int sent = 0; sent < SIZE; sent += chunk.length) {
            out.write(chunk);
        }
        out.flush();
    }
}
