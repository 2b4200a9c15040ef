package io.tandem.forward;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The packet tests' HTTP real servers: one per {@link DrLan} host, listening in that host's
 * namespace, answering {@code GET /} with the host's name so that a test sees which server a
 * request reached. Requests run on virtual threads, so a handler that waits (a paced download)
 * holds no other request up. {@link #close} stops them all.
 */
final class NamedHttpServers implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();

    /** Starts a server on {@code host}:{@code port} whose {@code /} answers the host's name. */
    HttpServer start(DrLan lan, String host, int port) throws Exception {
        return start(lan, host, port, false);
    }

    /**
     * As {@link #start}, answering {@code "NAME CLIENT"} with the address the request came from,
     * for the NAT tests that show which source address the server saw.
     */
    HttpServer startNamingTheClient(DrLan lan, String host, int port) throws Exception {
        return start(lan, host, port, true);
    }

    /** {@link #start} on each of {@code hosts}. */
    void startEach(DrLan lan, List<String> hosts, int port) throws Exception {
        for (String host : hosts) {
            start(lan, host, port);
        }
    }

    /** {@link #startNamingTheClient} on each of {@code hosts}. */
    void startEachNamingTheClient(DrLan lan, List<String> hosts, int port) throws Exception {
        for (String host : hosts) {
            startNamingTheClient(lan, host, port);
        }
    }

    private HttpServer start(DrLan lan, String host, int port, boolean namingTheClient)
            throws Exception {
        HttpServer server =
                lan.inside(host).call(() -> HttpServer.create(new InetSocketAddress(port), 50));
        server.createContext("/", exchange -> answer(exchange, host, namingTheClient));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        servers.add(server);
        return server;
    }

    private static void answer(HttpExchange exchange, String host, boolean namingTheClient)
            throws IOException {
        String text =
                namingTheClient
                        ? host + " " + exchange.getRemoteAddress().getAddress().getHostAddress()
                        : host;
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
