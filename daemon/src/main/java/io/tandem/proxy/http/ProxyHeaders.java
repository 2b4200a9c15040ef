package io.tandem.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.tandem.config.HttpConfig;
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
    // AsciiString names: their hash is computed once, not on every request's removal.
    private static final List<AsciiString> HOP_BY_HOP =
            List.of(
                    HttpHeaderNames.CONNECTION,
                    AsciiString.cached("keep-alive"), // Netty's constants for these two are
                    AsciiString.cached("proxy-connection"), // deprecated (not HTTP/1.1 headers)
                    HttpHeaderNames.TE,
                    HttpHeaderNames.TRAILER,
                    HttpHeaderNames.UPGRADE);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");

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

    /**
     * Makes {@code request} what the real server gets: HTTP/1.1 without the client's hop-by-hop
     * headers (but for a WebSocket handshake's two), with the forwarding headers {@code config}
     * asks for.
     */
    static void forServer(
            HttpRequest request,
            boolean webSocket,
            InetAddress client,
            String host,
            String scheme,
            HttpConfig config) {
        stripHopByHop(request.headers());
        if (webSocket) {
            askForWebSocket(request.headers());
        }
        addForwarded(
                request.headers(), client, host, scheme, config.xForwarded(), config.forwarded());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /** Puts back, after {@link #stripHopByHop}, the two headers that ask the server to upgrade. */
    private static void askForWebSocket(HttpHeaders headers) {
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
        for (AsciiString name : HOP_BY_HOP) {
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
    private static void addForwarded(
            HttpHeaders headers,
            InetAddress client,
            String host,
            String scheme,
            boolean xForwarded,
            boolean forwarded) {
        String ip = client.getHostAddress();
        if (xForwarded) {
            String previous = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, previous == null ? ip : previous + ", " + ip);
            headers.set(X_FORWARDED_PROTO, scheme);
            if (!host.isEmpty()) {
                headers.set(X_FORWARDED_HOST, host);
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
            String previous = headers.get(FORWARDED);
            headers.set(FORWARDED, previous == null ? element : previous + ", " + element);
        }
    }
}
