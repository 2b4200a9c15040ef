package io.tandem.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.tandem.config.HashKey;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What routing and hashing read from a request head: host, path, hash key. Pure. */
final class RequestTarget {
    private RequestTarget() {}

    /** The Host header without its port, lower case; "" when absent. */
    static String host(HttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return "";
        }
        host = host.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The path of an origin-form or absolute-form target, without the query. */
    static String path(String uri) {
        String path = uri;
        if (!uri.startsWith("/")) {
            try {
                String p = URI.create(uri).getRawPath();
                path = p == null || p.isEmpty() ? "/" : p;
            } catch (IllegalArgumentException e) {
                path = "/";
            }
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static @Nullable String hashKey(@Nullable HashKey key, HttpRequest request) {
        if (key == null) {
            return null;
        }
        if (key.source() == HashKey.Source.HEADER) {
            return request.headers().get(key.name());
        }
        for (String cookies : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (String pair : cookies.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(key.name())) {
                    return pair.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }
}
