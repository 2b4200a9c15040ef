package io.tandem.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The header rewriting a proxy owes both sides (RFC 9110 section 7.6). Pure, event loop. */
final class ProxyHeaders {
    // RFC 9110 section 7.6.1, plus Proxy-Connection, which old clients still send.
    // Transfer-Encoding
    // stays: the encoder re-frames the body from it, and RequestChecks allows only "chunked".
    private static final List<String> HOP_BY_HOP =
            List.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    private ProxyHeaders() {}

    /**
     * A WebSocket opening handshake (RFC 6455 section 4.1): a GET whose Connection header names
     * {@code upgrade} and whose Upgrade header names {@code websocket}. Other upgrades (h2c) are
     * not passed on.
     */
    static boolean isWebSocketUpgrade(HttpRequest request) {
        return request.method().equals(HttpMethod.GET)
                && hasToken(request.headers(), HttpHeaderNames.CONNECTION, "upgrade")
                && hasToken(request.headers(), HttpHeaderNames.UPGRADE, "websocket");
    }

    /** Puts back, after {@link #stripHopByHop}, the two headers that ask the server to upgrade. */
    static void askForWebSocket(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    }

    private static boolean hasToken(HttpHeaders headers, CharSequence name, String token) {
        for (String value : headers.getAll(name)) {
            for (String t : value.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes hop-by-hop headers and every header the Connection header names. */
    static void stripHopByHop(HttpHeaders headers) {
        List<String> named = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
        for (String name : named) {
            if (!name.equals("transfer-encoding") && !name.equals("content-length")) {
                headers.remove(name);
            }
        }
    }

    /**
     * X-Forwarded-For (appended), -Proto and -Host (replaced), and optionally an RFC 7239 Forwarded
     * element appended; {@code scheme} is what the client spoke, {@code http} or {@code https}.
     */
    static void addForwarded(
            HttpHeaders headers,
            InetAddress client,
            String host,
            String scheme,
            boolean xForwarded,
            boolean forwarded) {
        String ip = client.getHostAddress();
        if (xForwarded) {
            String previous = headers.get("x-forwarded-for");
            headers.set("x-forwarded-for", previous == null ? ip : previous + ", " + ip);
            headers.set("x-forwarded-proto", scheme);
            if (!host.isEmpty()) {
                headers.set("x-forwarded-host", host);
            }
        }
        if (forwarded) {
            String node = client instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
            String element =
                    "for="
                            + node
                            + ";proto="
                            + scheme
                            + (host.isEmpty() ? "" : ";host=\"" + host + "\"");
            String previous = headers.get("forwarded");
            headers.set("forwarded", previous == null ? element : previous + ", " + element);
        }
    }
}
