package io.tandem.forward;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long download for the packet lifecycle tests: {@link #SIZE} bytes of pseudo-random data (the
 * first line names the real server), written slowly until {@link #release} and at full speed after,
 * so a test can change the balancer while the connection is busy. Each server keeps the SHA-256 of
 * what it sent, for the client to compare with what it received. It never holds more than {@link
 * #HELD_BACK} bytes back, so an unreleased download still ends within a bounded time.
 */
final class PacedBody {
    static final long SIZE = 24L * 1024 * 1024;
    static final String PATH = "/stream";
    private static final int CHUNK = 32 * 1024;
    private static final long HELD_BACK = 1024 * 1024;
    private static final long PACE_MILLIS = 25; // about 1.3 MB/s before the release

    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, CompletableFuture<String>> sent = new ConcurrentHashMap<>();

    /** The handler for one real server, labelled {@code name}. */
    HttpHandler of(String name) {
        return exchange -> send(name, exchange);
    }

    /** From now on every download runs at full speed. */
    void release() {
        released.countDown();
    }

    /** The digest of the body {@code name} sent, once it sent all of it. */
    CompletableFuture<String> sentBy(String name) {
        return sent.computeIfAbsent(name, k -> new CompletableFuture<>());
    }

    private void send(String name, HttpExchange exchange) throws IOException {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(name.hashCode());
        exchange.sendResponseHeaders(200, SIZE);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] chunk = new byte[CHUNK];
            byte[] label = (name + "\n").getBytes(StandardCharsets.US_ASCII);
            long written = 0;
            while (written < SIZE) {
                random.nextBytes(chunk);
                if (written == 0) {
                    System.arraycopy(label, 0, chunk, 0, label.length);
                }
                int n = (int) Math.min(CHUNK, SIZE - written);
                if (released.getCount() > 0) {
                    out.flush();
                    if (SIZE - written <= HELD_BACK) {
                        released.await(90, TimeUnit.SECONDS);
                    } else {
                        released.await(PACE_MILLIS, TimeUnit.MILLISECONDS);
                    }
                }
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
                written += n;
            }
            out.flush();
            sentBy(name).complete(HexFormat.of().formatHex(digest.digest()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
