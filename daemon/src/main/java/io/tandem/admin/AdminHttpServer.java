package io.tandem.admin;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint ({@code admin_http} in global_defs): {@code /api/v1} (JSON admin
 * requests; changes need {@code admin_token} as a bearer token), {@code /metrics} when a handler is
 * given, and the dashboard at {@code /}. The JDK's own HTTP server, one virtual thread per
 * exchange: the endpoint is low-traffic and a library would add nothing here.
 *
 * <p>Timeouts: a request must arrive within 30 s and a response go out within 30 s, and idle
 * connections close after 30 s (the JDK server's {@code sun.net.httpserver.*} properties, set here
 * unless the operator set them). Nothing a client sends can stop the daemon: every handler turns
 * bad input into an error status.
 */
public final class AdminHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpServer.class);

    static {
        // Read once by the JDK server's configuration class, hence before the first create().
        setUnlessSet("sun.net.httpserver.maxReqTime", "30");
        setUnlessSet("sun.net.httpserver.maxRspTime", "30");
        setUnlessSet("sun.net.httpserver.idleInterval", "30");
        setUnlessSet("sun.net.httpserver.maxReqHeaders", "100");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param token the {@code admin_token}; null means no change is allowed over HTTP
     * @param metrics serves {@code /metrics}, or null for none (404)
     * @throws IOException when the address cannot be bound
     */
    public static AdminHttpServer start(
            InetSocketAddress address,
            @Nullable String token,
            AdminDispatcher dispatcher,
            @Nullable HttpHandler metrics)
            throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext(ApiHandler.PATH, new ApiHandler(dispatcher, new BearerToken(token)));
        if (metrics != null) {
            server.createContext("/metrics", metrics);
        }
        server.createContext("/", new DashboardHandler());
        server.start();
        AdminHttpServer started = new AdminHttpServer(server, executor);
        log.info(
                "admin HTTP on http://{}/ ({})",
                started.address(),
                token == null ? "read-only: no admin_token" : "changes need admin_token");
        return started;
    }

    /** The bound address (the real port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting and gives exchanges in flight up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
