package io.tandem.proxy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server (the JDK's) on 127.0.0.1 port 0 that answers {@code NAME PATH} and records
 * what it saw: request count, the client ports it was reached from (one per backend connection) and
 * each request's headers. {@code /big/N} answers N bytes; {@code /slow} never answers in time;
 * {@code /sink} counts the request body's bytes without keeping them.
 */
final class HttpBackend implements AutoCloseable {
    final String name;
    final AtomicInteger requests = new AtomicInteger();
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    final AtomicInteger bodyBytesLast = new AtomicInteger();
    final List<String> protocols = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    HttpBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        connections.add(x.getRemoteAddress().getPort());
        headers.add(Map.copyOf(x.getRequestHeaders()));
        protocols.add(x.getProtocol());
        String path = x.getRequestURI().getPath();
        long body = 0;
        try (InputStream in = x.getRequestBody()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                body += n;
            }
        }
        bodyBytesLast.set((int) Math.min(Integer.MAX_VALUE, body));
        if (path.equals("/slow")) {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] answer;
        if (path.startsWith("/big/")) {
            int size = Integer.parseInt(path.substring(5));
            x.sendResponseHeaders(200, size);
            try (OutputStream out = x.getResponseBody()) {
                byte[] chunk = new byte[65536];
                for (int left = size; left > 0; left -= Math.min(left, chunk.length)) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
            }
            return;
        }
        answer = (name + " " + path + " " + body).getBytes(StandardCharsets.US_ASCII);
        x.sendResponseHeaders(200, answer.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
