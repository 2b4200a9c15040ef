package io.tandem.proxy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 port 0 that answers each connection with a script of raw bytes, to play a
 * broken or hostile HTTP server. Counts connections, requests read, and connections the proxy
 * closed (EOF seen while waiting for the next request).
 */
final class RawBackend implements AutoCloseable {
    /** What to do with one accepted connection; {@code n} counts connections from 1. */
    @FunctionalInterface
    interface Script {
        void run(Socket s, int n) throws IOException;
    }

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger closedByProxy = new AtomicInteger();
    private final ServerSocket server;
    private final Thread acceptor;

    /** {@code scriptOf} gets this backend, for {@link #readHead}. */
    RawBackend(java.util.function.Function<RawBackend, Script> scriptOf) throws IOException {
        Script script = scriptOf.apply(this);
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        acceptor =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    while (!server.isClosed()) {
                                        try {
                                            Socket s = server.accept();
                                            int n = connections.incrementAndGet();
                                            Thread.ofVirtual().start(() -> serve(s, script, n));
                                        } catch (IOException e) {
                                            return;
                                        }
                                    }
                                });
    }

    private void serve(Socket s, Script script, int n) {
        try (s) {
            script.run(s, n);
        } catch (IOException e) {
            // the proxy hung up
        }
    }

    /** A backend answering every request with {@code raw} (Latin-1 bytes). */
    static RawBackend answering(String raw) throws IOException {
        return new RawBackend(
                b ->
                        (s, n) -> {
                            while (b.readHead(s)) {
                                s.getOutputStream()
                                        .write(
                                                raw.getBytes(
                                                        java.nio.charset.StandardCharsets
                                                                .ISO_8859_1));
                                s.getOutputStream().flush();
                            }
                        });
    }

    /** Reads one request head (no body expected); false, counting it, when the proxy closed. */
    boolean readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            byte[] b = head.toByteArray();
            int l = b.length;
            if (l >= 4
                    && b[l - 4] == '\r'
                    && b[l - 3] == '\n'
                    && b[l - 2] == '\r'
                    && b[l - 1] == '\n') {
                requests.incrementAndGet();
                return true;
            }
        }
        closedByProxy.incrementAndGet();
        return false;
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
