package io.tandem.health;

import com.sun.net.httpserver.HttpServer;
import io.tandem.common.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on a loopback port (the JDK's), whose answer a test changes while it runs: status,
 * body, or no answer at all. Records the last Host header.
 */
final class HttpStub implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    volatile int status = 200;
    volatile String body = "ok\n";
    volatile boolean hang;
    volatile String lastHost = "";

    HttpStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/",
                exchange -> {
                    lastHost = String.valueOf(exchange.getRequestHeaders().getFirst("Host"));
                    if (hang) {
                        try {
                            var unused = released.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
    }

    HostPort address() {
        return HostPort.of(server.getAddress());
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
