package io.tandem.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The live dashboard at {@code /}: three static files from the daemon's own jar (no build step). A
 * strict Content-Security-Policy allows only these files' own script and style, so even a bug that
 * let data reach markup could not run it.
 */
final class DashboardHandler implements HttpHandler {
    private static final String ROOT = "/dashboard/";
    private static final Map<String, String> FILES =
            Map.of(
                    "/", "index.html",
                    "/index.html", "index.html",
                    "/dashboard.css", "dashboard.css",
                    "/dashboard.js", "dashboard.js");
    private static final Map<String, String> TYPES =
            Map.of(
                    "html", "text/html; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "js", "text/javascript; charset=utf-8");
    private static final String POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                    + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors"
                    + " 'none'";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String file = FILES.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes;
            try (InputStream in = DashboardHandler.class.getResourceAsStream(ROOT + file)) {
                if (in == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                bytes = in.readAllBytes();
            }
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            headers.set("Content-Security-Policy", POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
