package io.tandem.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The demo's three real servers: tiny HTTP servers on loopback that say which one answered. The
 * JDK's built-in server is enough here; it is not part of the data plane.
 */
final class DemoBackends implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();

    static DemoBackends start(int count) throws IOException {
        DemoBackends backends = new DemoBackends();
        try {
            for (int i = 1; i <= count; i++) {
                backends.servers.add(startOne("backend-" + i));
            }
        } catch (IOException e) {
            backends.close();
            throw e;
        }
        return backends;
    }

    private static HttpServer startOne(String name) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/",
                exchange -> {
                    int port = server.getAddress().getPort();
                    byte[] body =
                            ("Hello from "
                                            + name
                                            + " (127.0.0.1:"
                                            + port
                                            + "), you asked for "
                                            + exchange.getRequestURI()
                                            + "\n")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.getResponseHeaders().set("X-Backend", name);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        return server;
    }

    List<InetSocketAddress> addresses() {
        return servers.stream().map(HttpServer::getAddress).toList();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
