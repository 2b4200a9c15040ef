package io.tandem.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tandem.admin.api.AdminCommand;
import io.tandem.admin.api.AdminException;
import io.tandem.admin.api.AdminJson;
import io.tandem.admin.api.AdminReply;
import io.tandem.admin.api.AdminRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/v1}: {@code POST /api/v1} with an {@link AdminRequest} body, and the read-only {@code
 * GET /api/v1/services} and {@code GET /api/v1/vrrp}. Status codes: 200 done, 400 malformed request
 * or other protocol version, 401 a change without the bearer token, 404/405 wrong route, 413 body
 * over {@value #BODY_LIMIT} bytes, 422 a command the daemon refused (the reply says why). Every
 * error body is an {@link AdminReply} with its {@code error} set. Runs on virtual threads.
 */
final class ApiHandler implements HttpHandler {
    static final int BODY_LIMIT = 64 * 1024;
    static final String PATH = "/api/v1";

    private final AdminDispatcher dispatcher;
    private final BearerToken token;

    ApiHandler(AdminDispatcher dispatcher, BearerToken token) {
        this.dispatcher = dispatcher;
        this.token = token;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case PATH, PATH + "/" -> {
                    if (method.equals("POST")) {
                        post(exchange);
                    } else {
                        refuse(exchange, 405, "POST " + PATH + " takes an admin request", "POST");
                    }
                }
                case PATH + "/services" -> get(exchange, new AdminCommand.ListServices());
                case PATH + "/vrrp" -> get(exchange, new AdminCommand.ListVrrp());
                default -> refuse(exchange, 404, "no such admin route: " + path, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void get(HttpExchange exchange, AdminCommand command)
            throws IOException, InterruptedException {
        if (!exchange.getRequestMethod().equals("GET")) {
            refuse(exchange, 405, "this route answers GET", "GET");
            return;
        }
        reply(exchange, dispatcher.handle(AdminJson.write(AdminRequest.of(command))));
    }

    private void post(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(BODY_LIMIT + 1);
        }
        if (bytes.length > BODY_LIMIT) {
            refuse(exchange, 413, "request body over " + BODY_LIMIT + " bytes", null);
            return;
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        AdminRequest request;
        try {
            request = AdminJson.read(body, AdminRequest.class);
        } catch (AdminException e) {
            refuse(exchange, 400, e.getMessage(), null);
            return;
        }
        if (request.version() != AdminRequest.VERSION) {
            send(exchange, 400, dispatcher.handle(body));
            return;
        }
        if (request.command().changes() && !allowed(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tandem\"");
            String why =
                    token.configured()
                            ? "not allowed: changing anything needs the admin_token as a bearer"
                                    + " token"
                            : "not allowed: no admin_token is configured, so nothing can be"
                                    + " changed over HTTP";
            refuse(exchange, 401, why, null);
            return;
        }
        reply(exchange, dispatcher.handle(body));
    }

    private boolean allowed(HttpExchange exchange) {
        return token.accepts(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /** 200 for a result, 422 for a refusal: the dispatcher's reply says which. */
    private static void reply(HttpExchange exchange, String json) throws IOException {
        int status;
        try {
            status = AdminJson.read(json, AdminReply.class).error() == null ? 200 : 422;
        } catch (AdminException e) {
            status = 500; // the dispatcher wrote something it cannot read back: a bug
        }
        send(exchange, status, json);
    }

    private static void refuse(
            HttpExchange exchange,
            int status,
            String why,
            @org.jspecify.annotations.Nullable String allow)
            throws IOException {
        if (allow != null) {
            exchange.getResponseHeaders().set("Allow", allow);
        }
        send(exchange, status, AdminJson.write(AdminReply.failed(why)));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
